/**
 * Reading a config file with a size cap. The file is read in pieces and reading stops one byte past
 * the cap, so a link to `/dev/zero`, a FIFO that never ends or a file that grows while it is read
 * costs at most the cap, never the whole stream.
 * @module
 */
import { ConfigError } from "./config_error.ts";
import { hasUtf16Bom, UTF16_TEXT } from "../frontier/url_list.ts";
import { type ByteSource, messageOf, readCapped, refusedAccessText } from "../loop/mod.ts";
import { resolve } from "./deps.ts";
import { formatSize } from "./size.ts";

/**
 * The largest config read by default: 64 MiB. A generated config of 100,000 fetch tasks is ~10 MB
 * of YAML or JSON, so this leaves room for six times that, while the parsed values of a file at the
 * cap still fit in a default V8 heap.
 */
export const DEFAULT_MAX_CONFIG_SIZE = 64 * 2 ** 20;

/**
 * The largest `maxConfigSize` (`--max-config-size`) the command line takes: 500 MiB, the state
 * file's own limit. A config is decoded into one string, and V8 holds at most 2^29 − 24 characters
 * (about 512 MiB) in one: past it the read fails with the runtime's "buffer exceeds maximum length".
 */
export const MAX_CONFIG_SIZE_CEILING = 500 * 2 ** 20;

/**
 * Reads a text config, refusing it when it has more than `maxBytes` bytes.
 *
 * @param filePath The file to read.
 * @param shown The file as the user gave it, for messages.
 * @param maxBytes The cap, in bytes.
 * @returns The text, decoded as UTF-8 (invalid bytes become U+FFFD, as `Deno.readTextFile` does).
 * @throws {ConfigError} When the file cannot be read or is larger than the cap.
 */
export async function readConfigText(
  filePath: string,
  shown: string,
  maxBytes: number,
): Promise<string> {
  try {
    using file = await Deno.open(filePath, { read: true });
    return await readConfigStream(file, shown, maxBytes);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const refused = refusedAccessText(error, "read", resolve(filePath));
    throw refused === undefined
      ? unreadable(shown, error)
      : unreadableConfig(shown, refused, error);
  }
}

/** What a config is read from: a file, or standard input (`Deno.stdin`). */
export type ConfigStream = ByteSource;

/**
 * Reads a text config from a stream to its end, refusing it when it has more than `maxBytes` bytes
 * (reading stops one byte past the cap). The stream is left open.
 *
 * @param stream Where the config's bytes come from.
 * @param shown The config as the user gave it, for messages (`<stdin>`).
 * @param maxBytes The cap, in bytes.
 * @returns The text (see {@linkcode decodeConfigText}).
 * @throws {ConfigError} When the stream cannot be read, is larger than the cap, or is no UTF-8 text.
 */
export async function readConfigStream(
  stream: ConfigStream,
  shown: string,
  maxBytes: number,
): Promise<string> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readCapped(stream, maxBytes);
  } catch (error) {
    throw unreadable(shown, error);
  }
  if (bytes === undefined) throw configTooLarge(shown, maxBytes);
  return decodeConfigText(bytes, shown);
}

/**
 * Decodes a config's bytes as UTF-8. Refuses UTF-16 text, which Windows PowerShell 5's `>` and
 * `Out-File` write: read as UTF-8 it is only a syntax error at its first character. Refuses bytes
 * that are not UTF-8 (Latin-1 or Windows-1252 text) at the first one: decoded as U+FFFD, a `ü` in a
 * header or a save path would be sent or written changed, and nothing would say so.
 *
 * @param bytes The config's bytes.
 * @param shown The config as the user gave it.
 * @returns The text.
 * @throws {ConfigError} When the bytes are UTF-16 text or not UTF-8.
 */
export function decodeConfigText(bytes: Uint8Array, shown: string): string {
  if (hasUtf16Bom(bytes)) throw unreadableConfig(shown, UTF16_TEXT);
  // No YAML, JSON or TOML text holds a NUL byte; UTF-16 without a byte order mark has one in every
  // ASCII character, its first or second byte included.
  const nul = bytes.indexOf(0);
  if (nul !== -1 && nul <= 1) {
    throw unreadableConfig(shown, "it holds NUL bytes (is it UTF-16? save it as UTF-8)");
  }
  if (nul !== -1) throw nulByte(shown, bytes, nul);
  const text = new TextDecoder().decode(bytes);
  // Only a text with U+FFFD can have had invalid bytes (the file may also hold U+FFFD itself).
  if (text.includes("\uFFFD")) {
    const bad = firstInvalidUtf8(bytes);
    if (bad !== undefined) throw notUtf8(shown, bad);
  }
  return text;
}

/** Where the first byte that is not UTF-8 is: 1-based line and column (in characters). */
interface InvalidByte {
  line: number;
  column: number;
  byte: number;
}

/**
 * Finds the first byte of `bytes` that is not part of valid UTF-8. A line feed is never inside a
 * multi-byte character, so lines are decoded one at a time; only the bad line byte by byte.
 */
function firstInvalidUtf8(bytes: Uint8Array): InvalidByte | undefined {
  const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    const lineBytes = bytes.subarray(start, end);
    try {
      strict.decode(lineBytes);
    } catch {
      return invalidByteInLine(lineBytes, line);
    }
    start = end + 1;
  }
  return undefined;
}

function invalidByteInLine(lineBytes: Uint8Array, line: number): InvalidByte {
  const text = new TextDecoder().decode(lineBytes);
  const encoder = new TextEncoder();
  // What decodes before the first U+FFFD that stands for bad bytes encodes back to the same bytes:
  // its length is where they start. (A U+FFFD the file itself holds is its three valid bytes.)
  for (let i = text.indexOf("\uFFFD"); i !== -1; i = text.indexOf("\uFFFD", i + 1)) {
    const at = encoder.encode(text.slice(0, i)).length;
    if (lineBytes[at] !== 0xef || lineBytes[at + 1] !== 0xbf || lineBytes[at + 2] !== 0xbd) {
      return { line, column: [...text.slice(0, i)].length + 1, byte: lineBytes[at] };
    }
  }
  return { line, column: 1, byte: lineBytes[0] }; // not reached: the strict decoder refused the line
}

function notUtf8(shown: string, bad: InvalidByte): ConfigError {
  const hex = bad.byte.toString(16).toUpperCase().padStart(2, "0");
  return new ConfigError(shown, [{
    file: shown,
    line: bad.line,
    column: bad.column,
    path: "",
    message: `cannot read the config: it is not UTF-8 text (byte 0x${hex} here; is it Latin-1 or ` +
      "Windows-1252?); save it as UTF-8",
  }]);
}

/**
 * A NUL byte past the start: the parsers would stop at it with a syntax error of their own ("end
 * of the stream or a document separator is expected"), which does not say what is there.
 */
function nulByte(shown: string, bytes: Uint8Array, at: number): ConfigError {
  const lineStart = bytes.lastIndexOf(0x0a, at - 1) + 1;
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < lineStart; i = bytes.indexOf(0x0a, i + 1)) {
    line++;
  }
  const before = new TextDecoder().decode(bytes.subarray(lineStart, at));
  return new ConfigError(shown, [{
    file: shown,
    line,
    column: [...before].length + 1,
    path: "",
    message: "cannot read the config: it holds a NUL byte here (no YAML, JSON or TOML text has " +
      "one); remove it",
  }]);
}

/**
 * The error for a config past the size cap, wherever it is read from.
 *
 * @param shown The config as the user gave it.
 * @param maxBytes The cap, in bytes.
 * @returns The error.
 */
export function configTooLarge(shown: string, maxBytes: number): ConfigError {
  const size = formatSize(maxBytes);
  return new ConfigError(shown, [{
    file: shown,
    path: "",
    message: `the config is larger than ${size} (--max-config-size; maxConfigSize in loadConfig)`,
  }]);
}

/**
 * The error for a config that cannot be read, wherever it is read from.
 *
 * @param shown The config as the user gave it.
 * @param reason Why, as a clause.
 * @param cause The error behind it, if any.
 * @returns The error.
 */
export function unreadableConfig(shown: string, reason: string, cause?: unknown): ConfigError {
  return new ConfigError(shown, [{
    file: shown,
    path: "",
    message: `cannot read the config: ${reason}`,
  }], { cause });
}

function unreadable(shown: string, error: unknown): ConfigError {
  const reason = error instanceof Deno.errors.NotFound
    ? "the file does not exist"
    : messageOf(error);
  return unreadableConfig(shown, reason, error);
}
