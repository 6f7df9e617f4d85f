/**
 * Streams a response body to a file under the output directory: written to a temporary name, hashed
 * on the way, and renamed into place only when complete, so nobody ever sees half a file.
 * @module
 */
import { call, type Effect } from "../loop/mod.ts";
import type { HttpResponse } from "../http/mod.ts";
import {
  AtomicFile,
  createSha256,
  renderPathTemplate,
  resolveInside,
  templateNeedsDigest,
} from "../sinks/mod.ts";

/** What saving a body produced. */
export interface SavedBody {
  /** Path relative to the output directory, or null when the body was only counted. */
  savedPath: string | null;
  bytes: number;
  sha256: string;
  /** Milliseconds spent in file writes. */
  writeMs: number;
  /** Milliseconds from the first body read to the last. */
  bodyMs: number;
}

/** Where and how to save. */
export interface SaveTarget {
  /** Path template, or undefined to read and hash the body without saving it. */
  template: string | undefined;
  outDir: string;
  taskName: string;
  /** The URL as declared (placeholders such as `{host}` and `{path}` come from it). */
  url: string;
  runDate: Date;
}

/**
 * Reads `response.body` to its end into the file `target.template` names.
 *
 * @param response A response whose body has not been read.
 * @param target Template and directories.
 * @returns Where it went, size, digest and timings.
 * @throws ConfinementError / TemplateError when the path would leave the output directory; body errors.
 */
export function* saveBody(
  response: HttpResponse,
  target: SaveTarget,
): Generator<Effect, SavedBody> {
  const now = () => performance.now();
  const vars = {
    url: target.url,
    name: target.taskName,
    date: target.runDate,
    contentType: response.headers.get("content-type"),
    uuid: crypto.randomUUID(),
  };
  const hash = createSha256();
  const bodyStart = now();
  if (target.template === undefined) {
    let bytes = 0;
    for (let chunk = yield* response.body.read(); chunk; chunk = yield* response.body.read()) {
      hash.update(chunk);
      bytes += chunk.byteLength;
    }
    return { savedPath: null, bytes, sha256: hash.hex(), writeMs: 0, bodyMs: now() - bodyStart };
  }
  const needsDigest = templateNeedsDigest(target.template);
  let relative = needsDigest ? undefined : renderPathTemplate(target.template, vars);
  const firstPath = resolveInside(target.outDir, relative ?? `.corun-${vars.uuid}`);
  const file = yield* call(() => AtomicFile.create(firstPath), "create file");
  let committed = false;
  let writeMs = 0;
  try {
    for (let chunk = yield* response.body.read(); chunk; chunk = yield* response.body.read()) {
      hash.update(chunk);
      const writeStart = now();
      yield* call(() => file.write(chunk), "write file");
      writeMs += now() - writeStart;
    }
    const bodyMs = now() - bodyStart;
    const sha256 = hash.hex();
    relative ??= renderPathTemplate(target.template, { ...vars, sha256 });
    const finalPath = resolveInside(target.outDir, relative);
    const commitStart = now();
    yield* call(() => file.commit(finalPath), "rename file");
    committed = true;
    writeMs += now() - commitStart;
    return { savedPath: relative, bytes: file.bytesWritten, sha256, writeMs, bodyMs };
  } finally {
    if (!committed) yield* call(() => file.abort(), "remove partial file");
  }
}
