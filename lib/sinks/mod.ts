/**
 * Sinks: what writes a task's results to disk. Path templates say where a body goes, `resolveInside`
 * keeps it inside the output directory, `AtomicFile` makes it appear whole or not at all, and
 * `JsonLinesLog` records one metadata line per fetch.
 *
 * Exports: `renderPathTemplate`, `templateNeedsDigest`, `validatePathTemplate`, `TemplateError`,
 * `PLACEHOLDERS`, `resolveInside`, `ConfinementError`, `ConfinedDir` (the one way files under the
 * output directory are opened, made and replaced), `registerOwnRunLock`, `LineFile`, `AtomicFile`, `writeFileAtomic`,
 * `WRITE_BUFFER_BYTES`, `createSha256`, `JsonLinesLog`, `writeAll`, `writeAllSync`, `openStateStore` (the state kept between
 * runs), `STATE_FILE_NAME`, `sanitizeSegment`, `urlPathSegments`, and the types `TemplateVars`,
 * `Placeholder`, `ConfinementErrorCode`, `AtomicFileOptions`, `Sha256`, `FetchRecord`,
 * `FetchTimings`, `ByteWriter`, `ByteWriterSync`, `StateEntry`, `StateStore`, `OpenStateOptions`.
 * @module
 */
export {
  PLACEHOLDERS,
  renderPathTemplate,
  TemplateError,
  templateNeedsDigest,
  validatePathTemplate,
} from "./path_template.ts";
export type { Placeholder, TemplateVars } from "./path_template.ts";
export { sanitizeSegment, urlPathSegments } from "./sanitize.ts";
export { ConfinementError, relativeInside, resolveInside } from "./confine.ts";
export type { ConfinementErrorCode } from "./confine.ts";
export { AtomicFile, WRITE_BUFFER_BYTES, writeFileAtomic } from "./atomic_file.ts";
export type { AtomicFileOptions } from "./atomic_file.ts";
export { createSha256, loadSha256 } from "./digest.ts";
export { OutputDir } from "./output_dir.ts";
export { ConfinedDir, registerOwnRunLock } from "./confined_dir.ts";
export type { ConfinedOpenOptions, TempFile } from "./confined_dir.ts";
export { LineFile, type LineFileOptions } from "./line_file.ts";
export type { Sha256 } from "./digest.ts";
export { JsonLinesLog } from "./jsonl_log.ts";
export { type ByteWriter, type ByteWriterSync, writeAll, writeAllSync } from "./write_all.ts";
export {
  type OpenStateOptions,
  openStateStore,
  STATE_FILE_NAME,
  type StateEntry,
  type StateStore,
} from "./state_store.ts";
export type { FetchRecord, FetchTimings } from "./fetch_record.ts";
