/**
 * Sinks: what writes a task's results to disk. Path templates say where a body goes, `ConfinedDir`
 * keeps every file corun opens under the output directory inside it (links and swapped directories
 * included), `AtomicFile` makes a file appear whole or not at all (streamed, or whole in one step), and `JsonLinesLog` records one
 * whole metadata line per fetch.
 *
 * Exports: `renderPathTemplate`, `templateNeedsDigest`, `templateNeedsFileName`,
 * `templateCouldRender`, `validatePathTemplate`, `TemplateError`,
 * `PLACEHOLDERS`, `NameTooLongError`, `relativeInside`, `ConfinementError`, `ConfinedDir`, `registerOwnRunLock`,
 * `OutputDir`, `LineFile`, `openLocked` (the exclusive lock of the file a path names now),
 * `openToLock` (a file replaced whole on each save, opened for it),
 * `AtomicFile`, `WRITE_BUFFER_BYTES`, `createDigest`, `JsonLinesLog`, `JsonText`, `jsonTextOf`,
 * `parseChecksum`, `parseChecksumsFile`, `checksumFor`, `readChecksumsText`, `writeAll`, `writeAllSync`,
 * `appendWholeSync` (bytes appended whole, or cut back),
 * `openStateStore` (the state kept between runs), `STATE_FILE_NAME`, `STDOUT_SAVE` and `isStdoutSave` (`save: "-"`),
 * `sanitizeSegment`, `fnv1a` (a short hash that keeps cut names apart),
 * `downloadFileName`,
 * `urlPathSegments`, and the types `TemplateVars`, `Placeholder`, `ConfinementErrorCode`,
 * `ConfinedOpenOptions`, `FilledTempOptions`, `TempFile`, `TempName`, `LineFileOptions`,
 * `LockableFile`, `FileToLock`, `AtomicFileOptions`, `Sha256`, `Checksum`, `FetchRecord`, `FetchTimings`,
 * `JsonLine`, `JsonOut`,
 * `ByteWriter`, `ByteWriterSync`, `WholeAppendOptions`, `StateEntry`, `StateStore`, `OpenStateOptions`.
 * @module
 */
export {
  NameTooLongError,
  PLACEHOLDERS,
  renderPathTemplate,
  templateCouldRender,
  TemplateError,
  templateNeedsDigest,
  templateNeedsFileName,
  UUID_MARK,
  validatePathTemplate,
} from "./path_template.ts";
export type { Placeholder, TemplateVars } from "./path_template.ts";
export {
  BIDI_CONTROL_RANGES,
  downloadFileName,
  sanitizeSegment,
  urlPathSegments,
} from "./sanitize.ts";
export { ConfinementError, relativeInside } from "./confine.ts";
export type { ConfinementErrorCode } from "./confine.ts";
export { AtomicFile, WRITE_BUFFER_BYTES } from "./atomic_file.ts";
export type { AtomicFileOptions } from "./atomic_file.ts";
export { createDigest, digestWhole, loadSha256 } from "./digest.ts";
export {
  type Checksum,
  CHECKSUM_PATTERN,
  checksumFor,
  parseChecksum,
  parseChecksumsFile,
} from "./checksum.ts";
export {
  DEFAULT_MAX_CHECKSUMS_BYTES,
  readChecksumsText,
  readChecksumsTextSync,
} from "./checksums_read.ts";
export { brokenLinkProblem, OutputDir } from "./output_dir.ts";
export { ConfinedDir, registerOwnRunLock } from "./confined_dir.ts";
export type { ConfinedOpenOptions, FilledTempOptions, TempFile, TempName } from "./confined_dir.ts";
export { LineFile, type LineFileOptions } from "./line_file.ts";
export {
  type FileToLock,
  isFileAtSync,
  isLink,
  type LockableFile,
  openLocked,
  openToLock,
} from "./open_locked.ts";
export { isLockUnsupported, lockOrUnsupportedSync } from "./file_lock.ts";
export type { Sha256 } from "./digest.ts";
export { JsonLinesLog } from "./jsonl_log.ts";
export { type JsonLine, type JsonOut, JsonText, jsonTextOf } from "./json_out.ts";
export { type ByteWriter, type ByteWriterSync, writeAll, writeAllSync } from "./write_all.ts";
export { appendWholeSync, type WholeAppendOptions } from "./whole_append.ts";
export {
  type OpenStateOptions,
  openStateStore,
  STATE_FILE_NAME,
  type StateEntry,
  type StateStore,
} from "./state_store.ts";
export { NotStateFileError } from "./state_entries.ts";
export type { ChecksumRecord, FetchRecord, FetchTimings } from "./fetch_record.ts";
export { isBrokenPipe, isStdoutSave, STDOUT_SAVE, stdoutFailureReason } from "./stdout_body.ts";
export { fnv1a } from "./cut_name.ts";
