/**
 * Partial bodies kept across runs (`resume: true`): the first bytes of a file live under a name
 * derived from its final path and its URL, `<dir>/.<name>.<hash of the URL>.corun-partial`, beside
 * a small record of what they are, `<dir>/.<name>.<hash>.corun-partial.json` (the URL, the
 * validator a resumed request sends as `If-Range`, the response's Content-Type, the file's length
 * and the `{filename}` it gave), so the next run finds them, checks them and asks only for the
 * missing bytes. Neither name is one of corun's swept temporaries: they outlive the run and a kill.
 * Every file goes through the output directory's `ConfinedDir`.
 * @module
 */
import { AtomicFile } from "./atomic_file.ts";
import { cutToChars } from "./cut_name.ts";
import type { ConfinedDir } from "./confined_dir.ts";
import { basename, dirname, join } from "./deps.ts";
import { readCappedSync } from "../loop/mod.ts";
import { PARTIAL_SUFFIX } from "../http/temp_name.ts";

/** What a partial body is: written whole and at once beside it, before its first byte. */
export interface PartialRecord {
  /** The URL asked for (as the task gives it). */
  url: string;
  /** A strong ETag, else a Last-Modified date, as the server sent it: the resumed `If-Range`. */
  validator: string;
  /** The weak ETag the response named beside a Last-Modified `validator`, if any. */
  etag?: string;
  /**
   * The Content-Encoding the bytes have, kept as sent (a `.tar.gz` under `gzip`), if any: the
   * resumed request asks for that representation, and a 206 of another coding is refused (absent
   * in records of earlier versions, which kept only bytes without one).
   */
  encoding?: string;
  /**
   * The response's Content-Type, when it named one: the `{ext}` of the saved file should the
   * partial turn out to be all of it (absent in records of earlier versions: `{ext}` then comes
   * from the URL alone).
   */
  contentType?: string;
  /** The whole file's length, as that response said (absent when it did not, and in older records). */
  total?: number;
  /**
   * The `{filename}` that response gave (its Content-Disposition's, else its URL's), when the save
   * uses one: the continued file is saved under it, whatever a 206 names.
   */
  fileName?: string;
}

const RECORD_SUFFIX = ".json";
/**
 * The largest record written or read: a URL, a validator and a few short fields, so a URL of up
 * to about a megabyte (servers refuse request lines far shorter: 8 to 64 KiB). A download whose
 * record would be larger resumes within its run only; a larger file is no record.
 */
export const MAX_PARTIAL_RECORD_BYTES = 1024 * 1024;
/** A Content-Type longer than this (a media type is at most 255) is not kept in the record. */
const MAX_CONTENT_TYPE_CHARS = 1024;
/** Names longer than this (code points) are cut, and a hash of the whole name keeps them apart. */
const MAX_NAME_CHARS = 50;

/**
 * The partial file of a fetch: `.<name>.<16 hex digits>.corun-partial` beside its final path, the
 * digits a hash of its URL. The path is often rendered before the response (its `{filename}` and
 * `{ext}` then guessed from the URL), and two URLs may render the same one (`/a/file.bin` and
 * `/b/file.bin` under `{filename}`, `get?id=1` and `get?id=2` under `{path}`): each keeps a partial
 * of its own, and none continues another's bytes.
 *
 * @example
 * ```ts
 * import { partialPathFor } from "./partial_file.ts";
 * partialPathFor("isos/big.iso", "https://a.test/big.iso"); // "isos/.big.iso.<16 hex>.corun-partial"
 * ```
 * @param finalPath The final path, relative to the output directory.
 * @param url The URL the partial's bytes come from (as the task gives it).
 * @returns The partial file's path, relative to the output directory.
 */
export function partialPathFor(finalPath: string, url: string): string {
  const cut = cutToChars(basename(finalPath), MAX_NAME_CHARS);
  const name = `.${cut}.${fnv1a64(url)}${PARTIAL_SUFFIX}`;
  const dir = dirname(finalPath);
  return dir === "." ? name : join(dir, name);
}

/**
 * The record beside a partial file.
 *
 * @param partialPath From {@linkcode partialPathFor}.
 * @returns `<partialPath>.json`.
 */
function partialRecordPathFor(partialPath: string): string {
  return partialPath + RECORD_SUFFIX;
}

/**
 * Reads the record of a partial file, when there is a well-formed one.
 *
 * @param dir The output directory.
 * @param partialPath The partial file, relative to it.
 * @returns The record; undefined when missing, unreadable or not a record.
 */
export function readPartialRecord(
  dir: ConfinedDir,
  partialPath: string,
): PartialRecord | undefined {
  let file: Deno.FsFile;
  try {
    file = dir.openFileSync(partialRecordPathFor(partialPath), { read: true, create: false });
  } catch {
    return undefined; // missing (the usual case), or a link: nothing to continue
  }
  try {
    const bytes = readCappedSync(file, MAX_PARTIAL_RECORD_BYTES);
    if (bytes === undefined) return undefined;
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof value !== "object" || value === null) return undefined;
    const { url, validator, etag, encoding, contentType, total, fileName } = value as Record<
      string,
      unknown
    >;
    if (typeof url !== "string" || typeof validator !== "string" || validator === "") {
      return undefined;
    }
    const record: PartialRecord = { url, validator };
    if (typeof etag === "string" && etag !== "") record.etag = etag;
    if (typeof encoding === "string" && encoding !== "") record.encoding = encoding;
    if (typeof contentType === "string") record.contentType = contentType;
    if (Number.isSafeInteger(total) && (total as number) >= 0) record.total = total as number;
    if (typeof fileName === "string" && fileName !== "") record.fileName = fileName;
    return record;
  } catch {
    return undefined; // half a record cannot be: it is written atomically; but never trust it
  } finally {
    file.close();
  }
}

/**
 * Writes the record of a partial file, atomically (a temporary, then a rename), unless it would be
 * larger than {@linkcode MAX_PARTIAL_RECORD_BYTES}.
 *
 * @param dir The output directory.
 * @param partialPath The partial file, relative to it.
 * @param record What the partial body is.
 * @returns False when the record is too large to be read back: nothing was written.
 */
export function writePartialRecord(
  dir: ConfinedDir,
  partialPath: string,
  record: PartialRecord,
): boolean {
  const { url, validator, etag, encoding, total } = record;
  // An undefined one is left out, and so is a long one: a media type is at most 255 characters.
  const contentType = (record.contentType?.length ?? 0) <= MAX_CONTENT_TYPE_CHARS
    ? record.contentType
    : undefined;
  const { fileName } = record; // made safe, so at most 199 bytes
  const text = JSON.stringify({ url, validator, etag, encoding, contentType, total, fileName });
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > MAX_PARTIAL_RECORD_BYTES) return false;
  AtomicFile.writeWholeSync(partialRecordPathFor(partialPath), bytes, { within: dir });
  return true;
}

/**
 * Removes a partial file's record. The partial itself goes with its `AtomicFile`, or, when another
 * process may be writing it, with `ConfinedDir.removeUnheldSync`: never by name alone.
 *
 * @param dir The output directory.
 * @param partialPath The partial file, relative to it.
 */
export function removePartialRecord(dir: ConfinedDir, partialPath: string): void {
  dir.removeFileSync(partialRecordPathFor(partialPath));
}

/**
 * A hash of a text that tells many apart (FNV-1a, 64 bits, over its UTF-16 code units, hex): two
 * URLs whose partials would share a name otherwise.
 *
 * @param text The text.
 * @returns 16 lower-case hex digits.
 */
export function fnv1a64(text: string): string {
  // The 64-bit product by the FNV prime 2^40 + 0x1b3, on two 32-bit halves.
  let high = 0xcbf29ce4;
  let low = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    low = (low ^ text.charCodeAt(i)) >>> 0;
    const lowProduct = low * 0x1b3;
    const carry = Math.floor(lowProduct / 2 ** 32);
    high = (high * 0x1b3 + carry + (low << 8)) >>> 0;
    low = lowProduct >>> 0;
  }
  return high.toString(16).padStart(8, "0") + low.toString(16).padStart(8, "0");
}
