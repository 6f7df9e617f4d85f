/**
 * Streams a response body to a file under the output directory: written to a temporary name, hashed
 * on the way when a digest is wanted, checked against an expected checksum, and renamed into place
 * only when complete and right, so nobody ever sees half a file or a wrong one. Small bodies of
 * known length are gathered in memory and written in one step. A body that breaks off may leave its
 * first bytes for a later attempt to continue (resume.ts); `save: "-"` writes to standard output.
 * @module
 */
import {
  call,
  codeOf,
  type Effect,
  letOthersRun,
  type Operation,
  throwIfCancelled,
} from "../loop/mod.ts";
import { BULK_READ_BYTES, type HttpResponse } from "../http/mod.ts";
import {
  AtomicFile,
  type Checksum,
  type OutputDir,
  renderPathTemplate,
  type Sha256,
  templateNeedsDigest,
} from "../sinks/mod.ts";
import { PartialBusyError } from "../sinks/atomic_file.ts";
import { createDigest, digestWhole, isDigestLoaded, loadSha256 } from "../sinks/digest.ts";
import { errnoOf, isOsError, problemOf } from "../sinks/os_error.ts";
import { removePartialRecord, writePartialRecord } from "../sinks/partial_file.ts";
import { type BodyWriter, isStdoutSave, STDOUT_SAVE, writeStdout } from "../sinks/stdout_body.ts";
import type { SavedPaths } from "./saved_paths.ts";
import { resolve } from "./deps.ts";
import {
  BROKEN_BODY_CODES,
  checkFilled,
  type ContentRange,
  fileLengthOf,
  type PartialBody,
  ResumeRefusedError,
} from "./resume.ts";

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
  /**
   * `performance.now()` as the save ended (its last write, or read when not saved): a fetch done
   * with it ends there, nothing measurable after. Absent when the save ended cut short.
   */
  endMs?: number;
  /** The body continued a kept partial of this many bytes (a 206 to `Range: bytes=N-`). */
  resumedFrom?: number;
  /** How the body's digest compared with the expected one. */
  checksum?: ChecksumResult;
}

/** An expected digest and the body's actual one. */
export interface ChecksumResult {
  algorithm: Checksum["algorithm"];
  /** Lower-case hex, as expected. */
  expected: string;
  /** Lower-case hex, as computed over the whole body. */
  actual: string;
}

/** A body whose digest is not the expected one: nothing is left at its path. */
export class ChecksumMismatchError extends Error {
  /** Stable code. */
  readonly code = "CHECKSUM_MISMATCH";
  /** Expected and actual digests. */
  readonly checksum: ChecksumResult;
  /**
   * The body's SHA-256, when it was computed (a sha256 checksum, `sha256: true`, `{sha256}`): the
   * metadata line records which bytes the server sent, above all when they were not the expected.
   */
  readonly sha256: string | null;

  /**
   * @param url The URL the body came from.
   * @param savedPath Where it would have been saved, or null for a body not saved.
   * @param checksum Expected and actual digests.
   * @param body `stdout`: the body went to standard output (`save: "-"`). `decodedFrom`: the
   *   Content-Encoding it was decoded from, if it was: the digest is the decoded bytes', and the
   *   message says how to check the bytes as sent. `sha256`: the body's SHA-256, when computed.
   */
  constructor(
    url: string,
    savedPath: string | null,
    checksum: ChecksumResult,
    body: { stdout?: boolean; decodedFrom?: string; sha256?: string | null } = {},
  ) {
    const { stdout, decodedFrom } = body;
    const which = `its ${checksum.algorithm} is ${checksum.actual}, but the checksum expected ` +
      checksum.expected;
    const decoded = decodedFrom === undefined
      ? ""
      : ` (the body was decoded from its Content-Encoding ${decodedFrom}; to check and save the ` +
        "bytes as sent, set decompress: false)";
    super(
      stdout
        ? `The body of ${url} is not the expected one: ${which}; it was written to standard ` +
          `output already${decoded}`
        : savedPath === null
        ? `The body of ${url} is not the expected one: ${which}${decoded}`
        : `Cannot save ${url} as "${savedPath}": ${which}; nothing was saved${decoded}`,
    );
    this.name = "ChecksumMismatchError";
    this.checksum = checksum;
    this.sha256 = body.sha256 ?? null;
  }
}

/**
 * The file system failed while a body was saved (a full disk, a quota, a read-only disk): said with
 * the URL and the path it was saved as, the file system's code (`ENOSPC`, ...) kept, so retries and
 * exit codes treat it as they treat that code. The path is left as it was, and no temporary stays,
 * but for a named partial (`resume: true`) whose write failed: it keeps the bytes known written,
 * and the message says where and how many.
 */
export class SaveFileError extends Error {
  /** The file system's code (`ENOSPC`, `EDQUOT`, `EACCES`, ...). */
  readonly code: string | undefined;

  /**
   * @param url The URL the body came from.
   * @param savedPath The path it was being saved as (its template while the path waits for the
   *   body's digest).
   * @param cause The file system's error.
   * @param kept The named partial a failed write (or rename) left, relative to the output
   *   directory, and the bytes it keeps.
   */
  constructor(
    url: string,
    savedPath: string,
    cause: Error,
    kept?: { path: string; bytes: number; renaming?: boolean },
  ) {
    // The system's words without the call and file Deno appends (`: writefile '.a.bin.1f2e.part'`):
    // that file is a temporary, and the message names the final path instead.
    const problem = `Cannot save ${url} as "${savedPath}": ${problemOf(cause)}`;
    super(
      kept === undefined
        ? problem
        : kept.renaming
        ? `${problem}, renaming "${kept.path}" into place; the partial is kept whole (${kept.bytes} ` +
          "bytes), and the next run finishes from it once the path is free"
        : `${problem}, writing "${kept.path}"; the partial is kept with the ${kept.bytes} bytes ` +
          "known written, and the next run continues from there",
      { cause },
    );
    this.name = "SaveFileError";
    this.code = errnoOf(cause);
  }
}

/**
 * An error of the operating system (`ENOSPC`, `EIO`, `EACCES`; also one Deno gives no code, such
 * as EFBIG or EDQUOT), said as the failure to save `target.url` as `savedPath`; but a file or
 * folder of the run met on the way (`ENOTDIR`, `EISDIR`) is a `SAVE_COLLISION` naming the other
 * save (`SavedPaths.collisionOf`). Any other error (the body's, a refused path, a checksum) says
 * what and where already, and is returned as it is.
 */
function asSaveError(error: unknown, target: SaveTarget, savedPath: string): unknown {
  if (!isOsError(error)) return error;
  return target.savedPaths.collisionOf(error, savedPath, target.taskName) ??
    new SaveFileError(target.url, savedPath, error);
}

/** Continuing a kept partial, and keeping one when the body breaks off. */
export interface ResumeTarget {
  /** The kept bytes this response continues (a 206 whose Content-Range was checked). */
  from?: PartialBody;
  /** That 206's range: the file must end at its total once the body is in. */
  fromRange?: ContentRange;
  /**
   * `from` holds every byte of the file (a 416 said the file ends where it does, see
   * `holdsWholeFile`): saved as it is. The response's own body and Content-Type are the 416's, not
   * the file's: neither is used (`{ext}` comes from the Content-Type `from` came with).
   */
  whole?: boolean;
  /**
   * The validator a later attempt resumes with; undefined: the body cannot be continued, and a
   * broken one leaves nothing.
   */
  readonly validator?: string;
  /** The weak ETag beside a Last-Modified `validator`, kept with the partial (`PartialBody.etag`). */
  readonly etag?: string;
  /** The Content-Encoding the body is saved with, as sent (`PartialBody.encoding`), if any. */
  readonly encoding?: string;
  /** The named partial (`resume: true`) the body streams to, outliving the run; relative path. */
  namedPath?: string;
  /** Told what was kept when the body broke off. */
  onKept(partial: PartialBody): void;
}

/** Where and how to save. */
export interface SaveTarget {
  /** Path template, or undefined to read the body without saving it. */
  template: string | undefined;
  /** The path `template` renders, when the caller rendered it already (no `{uuid}` or `{sha256}`). */
  path?: string;
  outDir: OutputDir;
  /**
   * The run's saved paths: a path rendered here (`{uuid}`, `{sha256}`: never claimed) is checked
   * against corun's own files by it, and a file or folder of the run the save meets is named by it.
   */
  savedPaths: SavedPaths;
  taskName: string;
  /** The URL as declared, which the save's messages and kept partial name. */
  url: string;
  /**
   * The URL `{host}`, `{path}` and `{ext}` come from: `url`, or where a redirect that only added a
   * `/` landed (save_url.ts). @default url
   */
  pathUrl?: string;
  /** The texts a URL pattern's globs matched: `{1}`, `{2}`, ... */
  parts?: string[];
  runDate: Date;
  /**
   * Compute the body's SHA-256 even if neither the template nor a checksum needs it (`sha256:
   * true`, for the metadata log).
   */
  digest: boolean;
  /**
   * The Content-Type the path is rendered with (`{ext}`), as the fetch decided it when it claimed
   * the path (`savedContentType`: a continued body's is its first response's), or null for none.
   */
  contentType: string | null;
  /**
   * The `{filename}` the path is rendered with, as the fetch decided it (`savedFileName`: a
   * continued body's is its first response's); undefined when the template has none.
   */
  filename?: string;
  /** Continuing and keeping partial bodies; undefined: a broken body leaves nothing. */
  resume?: ResumeTarget;
  /** The digest the saved body must have, by its path; undefined: none is expected. */
  expected?: (savedPath: string) => Checksum | undefined;
  /** Where `save: "-"` writes. @default the process's standard output */
  stdout?: BodyWriter;
}

/**
 * Reads `response.body` to its end into the file `target.template` names. The body's time runs from
 * this call. A plain function that hands over the operation of the body's way (a small one, the
 * usual, is then one generator, not two): a streamed body's path is rendered, and may fail, when
 * the operation runs.
 *
 * @param response A response whose body has not been read.
 * @param target Template and directories.
 * @returns The save: where it went, size, digest and timings; also when the task was cancelled once
 *   the file was renamed into place (the file is there, whole: the fetch is done).
 * @throws ConfinementError / TemplateError when the path would leave the output directory; body errors;
 *   CancelledError when the task was cancelled before the commit (its partial file is gone).
 */
export function saveBody(response: HttpResponse, target: SaveTarget): Operation<SavedBody> {
  const template = target.template;
  const stdout = isStdoutSave(template);
  const needsDigest = template !== undefined && !stdout &&
    templateNeedsDigest(template);
  // The path, when known before the body ("" for a body not saved): so is the expected checksum.
  const knownPath = template === undefined
    ? ""
    : stdout
    ? STDOUT_SAVE
    : needsDigest
    ? undefined
    : target.path;
  const expectedAhead = knownPath === undefined ? undefined : target.expected?.(knownPath);
  // A path known only later: its expected checksum may be either.
  const expectedLater = knownPath === undefined && target.expected !== undefined;
  const digests = new BodyDigests(
    needsDigest || target.digest || expectedAhead?.algorithm === "sha256" || expectedLater,
    expectedAhead?.algorithm === "sha512" || expectedLater,
  );
  const toFile = template !== undefined && !stdout;
  // A small body is read whole when it is saved to a file, or only counted but hashed (standard
  // output streams); a continued body always streams: its Content-Length counts only the rest.
  const readWhole = (toFile || (template === undefined && digests.any)) && !target.resume?.from;
  const length = readWhole ? smallBodyLength(response) : undefined;
  // A small body is hashed whole once read; a streamed one as it comes, by the hashing module.
  if (length === undefined && digests.any) {
    if (!isDigestLoaded()) return afterLoadingDigests(response, target);
    digests.start();
  }
  const bodyStart = performance.now();
  if (!toFile) {
    if (length !== undefined) return readSmallUnsaved(response, target, digests, bodyStart, length);
    const write = stdout ? target.stdout ?? writeStdout : undefined;
    return readUnsaved(response, target, write, digests, bodyStart);
  }
  // Made once, so one `{uuid}` (made only when the template has one) serves every render.
  const uuid = template.includes("{uuid}") ? crypto.randomUUID() : undefined;
  if (length !== undefined) {
    return saveSmallBody(response, target, template, uuid, digests, bodyStart, length);
  }
  return streamToFile(response, target, needsDigest, {
    digests,
    uuid,
    bodyStart,
    kept: {
      contentType: target.contentType ?? undefined,
      total: fileLengthOf(response, target.resume?.from, target.resume?.fromRange),
      fileName: target.filename,
    },
  });
}

/** Loads the hashing module (once a process: the first streamed body to hash waits), then saves. */
function* afterLoadingDigests(
  response: HttpResponse,
  target: SaveTarget,
): Generator<Effect, SavedBody> {
  yield* call(loadSha256, "load SHA-256");
  return yield* saveBody(response, target);
}

/**
 * Reads a small body that is not saved, whole, and hashes it at once (as a saved one is: no hashing
 * module to wait for in a short run).
 */
function* readSmallUnsaved(
  response: HttpResponse,
  target: SaveTarget,
  digests: BodyDigests,
  bodyStart: number,
  length: number,
): Generator<Effect, SavedBody> {
  const first = yield* readBulk(response);
  const inOnePiece = first !== null && first.byteLength === length;
  const body = inOnePiece ? first : yield* gather(response, length, first);
  yield* digests.whole(body);
  // In one piece, the body is not ended yet: this read only ends it and hands the connection back.
  if (inOnePiece) yield* readBulk(response);
  const endMs = performance.now();
  const saved: SavedBody = {
    savedPath: null,
    bytes: body.byteLength,
    sha256: digests.sha256(),
    writeMs: 0,
    bodyMs: endMs - bodyStart,
    endMs,
  };
  verify(digests, target, response, null, saved); // not kept: a mismatch can only fail the fetch
  return saved;
}

/**
 * Reads a body that is not saved: to standard output through `write`, or nowhere. (A generator of
 * its own: `saveBody`'s frame, made for every fetch, keeps no slots for this path.)
 */
function* readUnsaved(
  response: HttpResponse,
  target: SaveTarget,
  write: BodyWriter | undefined,
  digests: BodyDigests,
  bodyStart: number,
): Generator<Effect, SavedBody> {
  let bytes = 0;
  let writeMs = 0;
  for (let chunk = yield* readBulk(response); chunk; chunk = yield* readBulk(response)) {
    digests.update(chunk);
    bytes += chunk.byteLength;
    if (write) {
      const writeStart = performance.now();
      yield* call(() => write(chunk), "write standard output");
      writeMs += performance.now() - writeStart;
    }
  }
  const endMs = performance.now();
  const saved: SavedBody = {
    savedPath: write ? STDOUT_SAVE : null,
    bytes,
    sha256: digests.sha256(),
    writeMs,
    bodyMs: endMs - bodyStart,
    endMs,
  };
  // Written to stdout already, or not kept: a mismatch can only fail the fetch, and say so.
  verify(digests, target, response, write ? STDOUT_SAVE : null, saved);
  return saved;
}

/**
 * Where a body is saved: the path the caller rendered, else the template rendered here, with the
 * save's one `uuid` and the body's digest (for `{sha256}`).
 */
function savePathOf(
  target: SaveTarget,
  template: string,
  uuid: string | undefined,
  sha256: string | undefined,
): string {
  return target.path ?? target.savedPaths.check(
    renderPathTemplate(template, {
      url: target.pathUrl ?? target.url,
      name: target.taskName,
      date: target.runDate,
      contentType: target.contentType,
      filename: target.filename,
      uuid,
      parts: target.parts,
      sha256,
    }),
    target.taskName,
    target.url,
  );
}

/**
 * Reads a small body of known length whole, hashes, names and checks it, then writes it in one
 * synchronous step.
 */
function* saveSmallBody(
  response: HttpResponse,
  target: SaveTarget,
  template: string,
  uuid: string | undefined,
  digests: BodyDigests,
  bodyStart: number,
  length: number,
): Generator<Effect, SavedBody> {
  const first = yield* readBulk(response);
  // The whole body in one piece (most small bodies): written from the read buffer, no copy.
  // Framing delivers no byte past Content-Length, so it is complete.
  const inOnePiece = first !== null && first.byteLength === length;
  const body = inOnePiece ? first : yield* gather(response, length, first);
  const bodyMs = performance.now() - bodyStart;
  yield* digests.whole(body);
  const sha256 = digests.sha256() ?? undefined;
  const relative = savePathOf(target, template, uuid, sha256);
  const saved: SavedBody = {
    savedPath: relative,
    bytes: body.byteLength,
    sha256: sha256 ?? null,
    writeMs: 0,
    bodyMs,
    endMs: 0, // set once written
  };
  verify(digests, target, response, relative, saved); // before anything is written
  // The other workers hash and name their bodies first: then the run writes files together.
  yield* letOthersRun();
  writeSmallFile(body, target, relative, saved);
  // A body in one piece is not ended yet: this read only ends it (nothing is read off the wire)
  // and hands the connection back.
  if (inOnePiece) yield* readBulk(response);
  return saved;
}

/** Writes a small body's file in one synchronous step, and times it: the save ends there. */
function writeSmallFile(
  body: Uint8Array,
  target: SaveTarget,
  relative: string,
  saved: SavedBody,
): void {
  const writeStart = performance.now();
  try {
    target.outDir.writeSmallFileSync(relative, body);
  } catch (error) {
    throw asSaveError(error, target, relative);
  }
  const endMs = performance.now();
  saved.writeMs = endMs - writeStart;
  saved.endMs = endMs;
}

/**
 * Compares the body's digest with the expected one, and records the comparison on `saved`.
 *
 * @throws {ChecksumMismatchError} When they differ.
 */
function verify(
  digests: BodyDigests,
  target: SaveTarget,
  response: HttpResponse,
  savedPath: string | null,
  saved: SavedBody,
): void {
  const expected = target.expected?.(savedPath ?? "");
  if (expected === undefined) return;
  const actual = digests.hex(expected.algorithm);
  const checksum = { algorithm: expected.algorithm, expected: expected.hex, actual };
  saved.checksum = checksum;
  if (actual !== expected.hex) {
    // A whole kept partial is the file: a 416's body (decoded or not) is none of it.
    const decodedFrom = target.resume?.whole ? undefined : response.body.decodedFrom;
    throw new ChecksumMismatchError(target.url, savedPath, checksum, {
      stdout: isStdoutSave(target.template),
      decodedFrom,
      sha256: saved.sha256,
    });
  }
}

/**
 * The digests one body needs: SHA-256 (`sha256: true`, `{sha256}`, a sha256 checksum), SHA-512 (a
 * sha512 checksum). Either computed as the body streams (`start`, `update`), or of the whole body
 * at once (`whole`).
 */
class BodyDigests {
  readonly any: boolean;
  readonly #want256: boolean;
  readonly #want512: boolean;
  #sha256: Sha256 | undefined;
  #sha512: Sha256 | undefined;
  /** The digests of a body hashed whole, by algorithm. */
  #whole: Partial<Record<Checksum["algorithm"], string>> | undefined;

  constructor(want256: boolean, want512: boolean) {
    this.#want256 = want256;
    this.#want512 = want512;
    this.any = want256 || want512;
  }

  /** Makes the streaming digests (once the hashing module is loaded), fresh. */
  start(): void {
    this.#sha256 = this.#want256 ? createDigest("sha256") : undefined;
    this.#sha512 = this.#want512 ? createDigest("sha512") : undefined;
  }

  update(chunk: Uint8Array): void {
    this.#sha256?.update(chunk);
    this.#sha512?.update(chunk);
  }

  /** Hashes a whole body (a small one, in memory) instead of streaming it through `update`. */
  *whole(body: Uint8Array): Generator<Effect, void> {
    // Both asked for before either is waited for: WebCrypto computes them side by side.
    const sha256 = this.#want256 ? digestWhole(body, "sha256") : undefined;
    const sha512 = this.#want512 ? digestWhole(body, "sha512") : undefined;
    const whole: Partial<Record<Checksum["algorithm"], string>> = {};
    if (sha256 !== undefined) whole.sha256 = yield* hexOf(sha256);
    if (sha512 !== undefined) whole.sha512 = yield* hexOf(sha512);
    this.#whole = whole;
  }

  sha256(): string | null {
    return this.#whole?.sha256 ?? this.#sha256?.hex() ?? null;
  }

  /** The digest of `algorithm`; a SHA-512 nobody foresaw is refused rather than made up. */
  hex(algorithm: Checksum["algorithm"]): string {
    const hex = this.#whole?.[algorithm] ??
      (algorithm === "sha256" ? this.#sha256 : this.#sha512)?.hex();
    if (hex === undefined) {
      throw new TypeError(`Cannot check the ${algorithm} of a body whose path needs its digest`);
    }
    return hex;
  }
}

/** A digest `digestWhole` computed at once, or waited for. */
function* hexOf(digest: string | Promise<string>): Generator<Effect, string> {
  return typeof digest === "string" ? digest : yield* call(() => digest, "hash the body");
}

/**
 * The body's length when it is small and arrives as is (not compressed), else undefined. The
 * framing owns what "no body" means (RFC 9112 §6.3: to HEAD, 1xx, 204, 304, whatever their
 * Content-Length says): such a response, like an empty body, has length 0, with nothing to decode
 * whatever its Content-Encoding. A small body saved to a file is read whole, in one step: one that
 * breaks off is never continued.
 *
 * @param response The response whose body is saved.
 * @returns Its length, or undefined when it is not small.
 */
export function smallBodyLength(response: HttpResponse): number | undefined {
  const length = response.body.declaredLength;
  if (length === 0) return 0;
  const plain = response.headers.get("content-encoding") === null;
  return plain && length !== null && length <= SMALL_BODY_BYTES ? length : undefined;
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
  digests: BodyDigests;
  /** The save's `{uuid}`, when its template has one. */
  uuid: string | undefined;
  bodyStart: number;
  /** What a partial kept of the body records of the response it came with. */
  kept: KeptFacts;
}

/** What a partial records of the response its bytes came with. */
interface KeptFacts {
  /** The body's Content-Type (the one its path is rendered with). */
  contentType: string | undefined;
  /** The whole file's length, as the response said (`fileLengthOf`). */
  total: number | undefined;
  /** The `{filename}` the path is rendered with. */
  fileName: string | undefined;
}

/**
 * Streams a body to a temporary file, renamed into place once whole and checked.
 *
 * @param needsDigest The path is known only from the body's digest (`{sha256}`).
 */
function* streamToFile(
  response: HttpResponse,
  target: SaveTarget,
  needsDigest: boolean,
  state: StreamState,
): Generator<Effect, SavedBody> {
  const knownPath = needsDigest
    ? undefined
    : savePathOf(target, target.template!, state.uuid, undefined);
  const outDir = target.outDir;
  const resume = target.resume;
  /** What a file system error names: the final path, or the template until the digest names it. */
  let savingAs = knownPath ?? target.template!;
  let opened: ReturnType<typeof openTemp>;
  try {
    if (knownPath !== undefined) refuseFolderAt(knownPath, target.outDir.path);
    // The temporary goes beside its final path, or (a name known only from the digest) at the top.
    opened = openTemp(target, knownPath ?? ".corun-stream", state.kept);
  } catch (error) {
    throw asSaveError(error, target, savingAs);
  }
  const file = opened.file;
  const named = opened.named;
  let saved: SavedBody | undefined;
  let committing: Promise<string> | undefined;
  let committed = false;
  let kept = false;
  let failed = false;
  /** The read-back of kept bytes while it runs: a cancel does not stop it at once. */
  let readingBack: Promise<void> | undefined;
  try {
    const from = resume?.from;
    if (from && state.digests.any) {
      // The whole file's digest: the kept bytes are read back before the rest is appended.
      yield* call(
        (signal) =>
          readingBack = file.readBack((chunk) => state.digests.update(chunk), signal)
            .finally(() => readingBack = undefined),
        "read kept bytes",
      );
    }
    let writeMs = 0;
    const first = resume?.whole ? null : yield* readBulk(response); // a whole partial: nothing to add
    for (let chunk = first; chunk; chunk = yield* readBulk(response)) {
      state.digests.update(chunk);
      const writeStart = performance.now();
      file.write(chunk);
      writeMs += performance.now() - writeStart;
    }
    const bytes = file.bytesWritten;
    if (from && resume.fromRange) checkFilled(bytes, resume.fromRange, from);
    const bodyMs = performance.now() - state.bodyStart;
    const sha256 = state.digests.sha256() ?? undefined;
    const relative = savingAs = knownPath ??
      savePathOf(target, target.template!, state.uuid, sha256);
    saved = { savedPath: relative, bytes, sha256: sha256 ?? null, writeMs, bodyMs };
    if (from) saved.resumedFrom = from.bytes;
    verify(state.digests, target, response, relative, saved);
    const commitStart = performance.now();
    yield* call(() => committing = file.commit(relative), "rename file");
    committed = true;
    if (named) removePartialRecord(outDir.confined, file.tempRelativePath);
    const endMs = performance.now();
    saved.writeMs += endMs - commitStart;
    saved.endMs = endMs;
    return saved;
  } catch (caught) {
    failed = true;
    if (file.kept) {
      // A write of a named partial failed (what it confirmed stays for the next run), or its
      // rename (the whole file stays).
      kept = true;
      throw keptAfterWriteError(
        caught,
        file,
        target,
        savingAs,
        state.kept,
        committing !== undefined,
      );
    }
    // Said once, here: a write, the read-back of kept bytes, the rename (a body's error passes).
    const error = asSaveError(caught, target, savingAs);
    const code = codeOf(error);
    if (
      committing === undefined && resume?.validator !== undefined && file.bytesWritten > 0 &&
      code !== undefined && BROKEN_BODY_CODES.has(code)
    ) {
      // Kept for the next attempt (or, named, the next run): it asks only for the rest.
      let path: string;
      try {
        path = file.keep();
      } catch (keepError) {
        kept = file.kept;
        if (kept) throw keptAfterWriteError(keepError, file, target, savingAs, state.kept);
        throw asSaveError(keepError, target, savingAs);
      }
      kept = true;
      tellKept(target, path, file.bytesWritten, named, state.kept);
    }
    throw error;
  } finally {
    if (!committed && !kept) {
      // Cancelled during the read-back: the file is the read's until it stops (at its next piece),
      // and only then kept (closed, its lock let go) or removed.
      const stopping = readingBack;
      if (stopping) yield* call(() => stopping.catch(() => {}), "stop reading kept bytes");
      if (named && !failed && committing === undefined) {
        // Cancelled (an interrupted run): a named partial is there for the next run to continue,
        // and the fetch is told so, for its line to say.
        const path = file.keep();
        tellKept(target, path, file.bytesWritten, true, state.kept);
      } else {
        // Cancelled during the rename, abort() waits for it: once this task ends, the file is
        // either in place, whole, or gone; nothing appears later.
        const landed = yield* call(() => abortCommit(file, committing), "remove partial file");
        // A rename refused meanwhile keeps a named partial whole (`AtomicFile.kept`): so its record.
        if (named && !landed && !file.kept) {
          removePartialRecord(outDir.confined, file.tempRelativePath);
        }
        // The file is in place: the fetch is done, as the disk says. (The wait above has turned
        // the cancellation into a normal return for the callers, so they receive this.)
        // deno-lint-ignore no-unsafe-finally
        if (landed) return saved!;
      }
      throwIfCancelled(); // the callers unwind instead of carrying on without a body
    }
  }
}

/**
 * Fails a streamed save whose final path is a folder before a byte of its body is read, as curl and
 * wget fail at once: the rename would find out only once the whole body had arrived. One `lstat`,
 * on the streamed path only (a small body is in memory by then, and its write fails as fast).
 *
 * @throws The system's `EISDIR`, in words for the user.
 */
function refuseFolderAt(path: string, outDir: string): void {
  let folder: boolean;
  try {
    folder = Deno.lstatSync(resolve(outDir, path)).isDirectory;
  } catch {
    return; // nothing there (the usual), or out of reach: the save's own steps say why
  }
  if (!folder) return;
  // Said as the rename would say it (`asSaveError`, by the caller): the run's own folder by name.
  throw Object.assign(
    new Deno.errors.IsADirectory(
      "a folder is there; remove it or save under another name (its body was not read)",
    ),
    { code: "EISDIR" },
  );
}

/**
 * A failed write left a named partial (`resume: true`) holding the bytes known written, or a failed
 * rename left it whole: the fetch is told so, as of any partial kept, and the error says where and
 * how many. Its record, written
 * before its first byte, names the response they came with: the next run asks for the rest.
 */
function keptAfterWriteError(
  caught: unknown,
  file: AtomicFile,
  target: SaveTarget,
  savingAs: string,
  facts: KeptFacts,
  renaming = false,
): unknown {
  const path = file.tempRelativePath;
  const bytes = file.bytesWritten;
  tellKept(target, path, bytes, true, facts);
  return isOsError(caught)
    ? new SaveFileError(target.url, savingAs, caught, { path, bytes, renaming })
    : caught;
}

/** Tells the fetch a partial was kept: its next attempt (or, named, the next run) asks for the rest. */
function tellKept(
  target: SaveTarget,
  path: string,
  bytes: number,
  named: boolean,
  facts: KeptFacts,
): void {
  const resume = target.resume;
  if (resume?.validator === undefined) return;
  const { etag, encoding } = resume;
  resume.onKept({
    path,
    bytes,
    validator: resume.validator,
    ...(etag === undefined ? {} : { etag }),
    ...(encoding === undefined ? {} : { encoding }),
    url: target.url,
    named,
    ...definedOf(facts),
  });
}

/**
 * The temporary a streamed body goes to: the kept partial it continues; the named partial of
 * `resume: true` (with its record written before the first byte); else a fresh temporary. Only a
 * named partial keeps what reached the disk when a write fails (a full disk): the next run
 * continues it once there is room. A run's own temporaries go.
 */
function openTemp(
  target: SaveTarget,
  finalPath: string,
  kept: KeptFacts,
): { file: AtomicFile; named: boolean } {
  const within = target.outDir.confined;
  const resume = target.resume;
  const from = resume?.from;
  if (from) {
    const file = continueKept(target, finalPath, from);
    if (file.bytesWritten < from.bytes) {
      file.abort().catch(() => {});
      if (from.named) removePartialRecord(within, from.path);
      throw new ResumeRefusedError(
        target.url,
        `bytes=${from.bytes}-`,
        `the kept file holds only ${file.bytesWritten} bytes`,
      );
    }
    file.truncate(from.bytes);
    return { file, named: from.named };
  }
  if (resume?.namedPath !== undefined && resume.validator !== undefined) {
    try {
      const file = AtomicFile.continueSync(finalPath, resume.namedPath, {
        within,
        create: true,
        lock: true,
        keepOnWriteError: true,
      });
      let recorded: boolean;
      try {
        file.truncate(0);
        const { etag, encoding } = resume;
        recorded = writePartialRecord(within, resume.namedPath, {
          url: target.url,
          validator: resume.validator,
          ...(etag === undefined ? {} : { etag }),
          ...(encoding === undefined ? {} : { encoding }),
          ...definedOf(kept),
        });
      } catch (error) {
        // No record (a full disk): no partial either, and the file is not left open.
        file.abort().catch(() => {});
        throw error;
      }
      if (recorded) return { file, named: true };
      // A record too large to be read back (a URL of a megabyte): kept within the run only, and no
      // record an earlier run left at the name stays without its partial.
      file.abort().catch(() => {});
      removePartialRecord(within, resume.namedPath);
    } catch (error) {
      // Another process saves the same path: this one goes without a named partial.
      if (!(error instanceof PartialBusyError)) throw error;
    }
  }
  return { file: AtomicFile.createSync(finalPath, { within }), named: false };
}

/** The facts a partial keeps that are known: a plain object without undefined fields. */
function definedOf(kept: KeptFacts): { contentType?: string; total?: number; fileName?: string } {
  return {
    ...(kept.contentType === undefined ? {} : { contentType: kept.contentType }),
    ...(kept.total === undefined ? {} : { total: kept.total }),
    ...(kept.fileName === undefined ? {} : { fileName: kept.fileName }),
  };
}

/**
 * Opens the kept partial a 206 continues. One that is gone (another run's sweep took it while the
 * retry waited, or a run that continued it saved it) or that another process holds cannot take this
 * response: the resume is refused, and the next attempt starts over from byte 0.
 */
function continueKept(target: SaveTarget, finalPath: string, from: PartialBody): AtomicFile {
  try {
    return AtomicFile.continueSync(finalPath, from.path, {
      within: target.outDir.confined,
      lock: from.named,
      keepOnWriteError: from.named,
    });
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound
      ? "was removed meanwhile"
      : error instanceof PartialBusyError
      ? "is held by another process"
      : undefined;
    if (why === undefined) throw error;
    throw new ResumeRefusedError(
      target.url,
      `bytes=${from.bytes}-`,
      `the file that kept the first bytes, "${from.path}", ${why}`,
    );
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
