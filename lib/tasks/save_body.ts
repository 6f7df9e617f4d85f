/**
 * Streams a response body to a file under the output directory: written to a temporary name, hashed
 * on the way when a digest is wanted, and renamed into place only when complete, so nobody ever sees
 * half a file. Small bodies of known length are gathered in memory and written in one step.
 * @module
 */
import { call, type Effect, throwIfCancelled } from "../loop/mod.ts";
import { BULK_READ_BYTES, type HttpResponse } from "../http/mod.ts";
import {
  AtomicFile,
  createSha256,
  type OutputDir,
  renderPathTemplate,
  type Sha256,
  templateNeedsDigest,
} from "../sinks/mod.ts";

/**
 * Bodies up to this size (by Content-Length, uncompressed) are gathered in memory and written in one
 * synchronous step; larger ones stream through the connection's read buffer. One read buffer's worth:
 * a fresh buffer per larger body is garbage the collector frees late (64 bodies of 1 MiB at
 * concurrency 16 peaked at 128 MB with 4 MiB here, 76 MB with this, no slower).
 */
export const SMALL_BODY_BYTES = BULK_READ_BYTES;

/** What saving a body produced. */
export interface SavedBody {
  /** Path relative to the output directory, or null when the body was only counted. */
  savedPath: string | null;
  bytes: number;
  /** Hex SHA-256, or null when nobody asked for it. */
  sha256: string | null;
  /** Milliseconds spent in file writes. */
  writeMs: number;
  /** Milliseconds from the first body read to the last. */
  bodyMs: number;
}

/** Where and how to save. */
export interface SaveTarget {
  /** Path template, or undefined to read the body without saving it. */
  template: string | undefined;
  /** The path `template` renders, when the caller rendered it already (no `{uuid}` or `{sha256}`). */
  path?: string;
  outDir: OutputDir;
  taskName: string;
  /** The URL as declared (placeholders such as `{host}` and `{path}` come from it). */
  url: string;
  /** The texts a URL pattern's globs matched: `{1}`, `{2}`, ... */
  parts?: string[];
  runDate: Date;
  /** Compute the body's SHA-256 even if the template does not use it (for the metadata log). */
  digest: boolean;
  /** Method of the request answered (a response to HEAD has no body, whatever its head says). */
  requestMethod: string;
}

/**
 * Reads `response.body` to its end into the file `target.template` names.
 *
 * @param response A response whose body has not been read.
 * @param target Template and directories.
 * @returns Where it went, size, digest and timings; also when the task was cancelled once the file
 *   was renamed into place (the file is there, whole: the fetch is done).
 * @throws ConfinementError / TemplateError when the path would leave the output directory; body errors;
 *   CancelledError when the task was cancelled before the commit (its partial file is gone).
 */
export function* saveBody(
  response: HttpResponse,
  target: SaveTarget,
): Generator<Effect, SavedBody> {
  const template = target.template;
  const needsDigest = template !== undefined && templateNeedsDigest(template);
  const hash = needsDigest || target.digest ? createSha256() : undefined;
  const bodyStart = performance.now();
  if (template === undefined) {
    let bytes = 0;
    for (let chunk = yield* readBulk(response); chunk; chunk = yield* readBulk(response)) {
      hash?.update(chunk);
      bytes += chunk.byteLength;
    }
    const bodyMs = performance.now() - bodyStart;
    return { savedPath: null, bytes, sha256: hash?.hex() ?? null, writeMs: 0, bodyMs };
  }
  // Rendered once, so one `{uuid}` (made only when the template has one) serves every render.
  const uuid = template.includes("{uuid}") ? crypto.randomUUID() : undefined;
  const render = (sha256: string | undefined) =>
    target.path ?? renderPathTemplate(template, {
      url: target.url,
      name: target.taskName,
      date: target.runDate,
      contentType: response.headers.get("content-type"),
      uuid,
      parts: target.parts,
      sha256,
    });
  const length = smallBodyLength(response, target.requestMethod);
  if (length !== undefined) {
    let writeMs = 0;
    const write = (body: Uint8Array) => {
      const bodyMs = performance.now() - bodyStart;
      hash?.update(body);
      const sha256 = hash?.hex();
      const relative = render(sha256);
      const writeStart = performance.now();
      target.outDir.writeSmallFileSync(relative, body);
      writeMs = performance.now() - writeStart;
      return {
        savedPath: relative,
        bytes: body.byteLength,
        sha256: sha256 ?? null,
        writeMs,
        bodyMs,
      };
    };
    const first = yield* readBulk(response);
    if (first !== null && first.byteLength === length) {
      // The whole body in one piece (most small bodies): written from the read buffer, no copy.
      // Framing delivers no byte past Content-Length, so it is complete; the read below only ends
      // it (nothing is read off the wire) and hands the connection back.
      const saved = write(first);
      yield* readBulk(response);
      return saved;
    }
    return write(yield* gather(response, length, first));
  }
  return yield* streamToFile(response, target.outDir, needsDigest ? undefined : render(undefined), {
    hash,
    render,
    bodyStart,
  });
}

/**
 * The body's length when it is small and arrives as is (not compressed), else undefined. Responses
 * that have no body (RFC 9112 §6.3: to HEAD, 1xx, 204, 304) have length 0, whatever their
 * Content-Length says: there it describes the body a GET would have had.
 */
function smallBodyLength(response: HttpResponse, requestMethod: string): number | undefined {
  const status = response.status;
  const hasBody = requestMethod.toUpperCase() !== "HEAD" && status >= 200 && status !== 204 &&
    status !== 304;
  if (!hasBody) return 0;
  const length = Number(response.headers.get("content-length") ?? NaN);
  const plain = response.headers.get("content-encoding") === null;
  return plain && length <= SMALL_BODY_BYTES ? length : undefined;
}

/**
 * Reads a body of known length into one buffer of that size (one copy per chunk). A body that ends
 * short fails in `read()` (EARLY_EOF); only the bytes received are returned all the same.
 */
function* gather(
  response: HttpResponse,
  length: number,
  first: Uint8Array | null,
): Generator<Effect, Uint8Array> {
  const body = new Uint8Array(length);
  let offset = 0;
  for (let chunk = first; chunk; chunk = yield* readBulk(response)) {
    body.set(chunk, offset); // framing never delivers more than Content-Length
    offset += chunk.byteLength;
  }
  return body.subarray(0, offset);
}

interface StreamState {
  hash: Sha256 | undefined;
  render: (sha256: string | undefined) => string;
  bodyStart: number;
}

function* streamToFile(
  response: HttpResponse,
  outDir: OutputDir,
  knownPath: string | undefined,
  state: StreamState,
): Generator<Effect, SavedBody> {
  // The temporary goes beside its final path, or (a name known only from the digest) at the top.
  const file = AtomicFile.createSync(knownPath ?? ".corun-stream", { within: outDir.confined });
  let saved: SavedBody | undefined;
  let committing: Promise<string> | undefined;
  let committed = false;
  try {
    let writeMs = 0;
    for (let chunk = yield* readBulk(response); chunk; chunk = yield* readBulk(response)) {
      state.hash?.update(chunk);
      const writeStart = performance.now();
      yield* call(() => file.write(chunk), "write file");
      writeMs += performance.now() - writeStart;
    }
    const bodyMs = performance.now() - state.bodyStart;
    const sha256 = state.hash?.hex();
    const relative = knownPath ?? state.render(sha256);
    const bytes = file.bytesWritten;
    saved = { savedPath: relative, bytes, sha256: sha256 ?? null, writeMs, bodyMs };
    const commitStart = performance.now();
    yield* call(() => committing = file.commit(relative), "rename file");
    committed = true;
    saved.writeMs += performance.now() - commitStart;
    return saved;
  } finally {
    if (!committed) {
      // Cancelled during the rename, abort() waits for it: once this task ends, the file is either
      // in place, whole, or gone; nothing appears later.
      const landed = yield* call(() => abortCommit(file, committing), "remove partial file");
      // The file is in place: the fetch is done, as the disk says. (The wait above has turned the
      // cancellation into a normal return for the callers, so they receive this.)
      // deno-lint-ignore no-unsafe-finally
      if (landed) return saved!;
      throwIfCancelled(); // the callers unwind instead of carrying on without a body
    }
  }
}

/** Aborts `file`; during a commit, waits for it and tells whether the file was renamed into place. */
async function abortCommit(
  file: AtomicFile,
  committing: Promise<string> | undefined,
): Promise<boolean> {
  await file.abort();
  return committing !== undefined && await committing.then(() => true, () => false);
}

/** The next chunk, gathered for throughput: these loops write or hash, nobody waits on each byte. */
function readBulk(response: HttpResponse): Generator<Effect, Uint8Array | null> {
  return response.body.read(BULK_READ_BYTES);
}
