/**
 * The cookie jar file: versioned JSON, one cookie object per line, written beside its path and
 * renamed over it. Cookie values are credentials: no message here ever quotes one.
 *
 *     {"format":"corun-cookie-jar","version":2,"cookies":[
 *     {"name":"sid","value":"…","domain":"example.com","hostOnly":true,"path":"/","expiresMs":null,…},
 *     …
 *     ]}
 *
 * A name and a value are the bytes a server sent, one character per byte (`"\u00e9"` is the byte
 * 0xE9), so a cookie goes back as those bytes. Version 1 held them as text, sent as UTF-8: it is
 * read as those UTF-8 bytes, what it sent.
 * @module
 */
import { jsonErrorOffset } from "./json_error_offset.ts";
import type { Cookie } from "./cookie_jar.ts";
import { canonicalDomain, isIpAddress } from "./cookie_match.ts";
import { HEADER_VALUE_CONTROL } from "./headers.ts";
import { headerBytes } from "./request_head.ts";
import { tempNameFor } from "./temp_name.ts";
import {
  brandClass,
  type ByteSource,
  formatSize,
  isJsonObject,
  messageOf,
  readCapped,
  readCappedSync,
  type SyncByteSource,
} from "../loop/mod.ts";

/**
 * Why a jar file that is a symbolic link is refused: its save, renamed over the link, would leave
 * the file it leads to as it was, and corun never writes through a link (see `ConfinedDir`).
 */
export const LINKED_JAR = "it is a symbolic link, and corun never reads or writes a cookie jar " +
  "through one: name the file it leads to";

/** The `format` field of a jar file. */
export const COOKIE_FILE_FORMAT = "corun-cookie-jar";

/** The version written, and the newest one read (version 1 is read too). */
export const COOKIE_FILE_VERSION = 2;

/**
 * The largest jar file read by default (a config's `maxCookieJarSize`): 16 MiB. A full jar (3,000
 * cookies, the most a jar keeps) of 300-byte cookies is about 1 MB; a path to something else (a
 * disk image, a log) is refused instead of read into memory. A jar is written within the same cap
 * (see {@linkcode writeCookieFile}), so corun never writes a jar it refuses.
 */
export const MAX_COOKIE_FILE_BYTES = 16 * 2 ** 20;

/** The config key of the cap, for messages. */
export const COOKIE_FILE_CAP_KEY = "maxCookieJarSize";

/** Why a jar file past `maxBytes` is not read. */
function tooLarge(maxBytes: number): string {
  return `it is larger than ${formatSize(maxBytes)} (${COOKIE_FILE_CAP_KEY}), the most a cookie ` +
    "jar is read (3000 cookies of 300 bytes, a full jar, are about 1MB); is it the right file?";
}

/**
 * A jar file that cannot be read: names the file, and the line or field at fault.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { CookieFileError, CookieJar } from "@corun/corun";
 * const path = await Deno.makeTempFile({ suffix: ".json" });
 * await Deno.writeTextFile(path, "# Netscape HTTP Cookie File\n"); // curl's jar, not corun's
 * let jar: CookieJar;
 * try {
 *   jar = await CookieJar.load(path);
 * } catch (error) {
 *   if (!(error instanceof CookieFileError)) throw error;
 *   console.warn(`${error.message}; starting with no cookies`);
 *   assertEquals([error.path, error.line], [path, 1]);
 *   jar = await CookieJar.create();
 * } finally {
 *   await Deno.remove(path);
 * }
 * assertEquals(jar.size, 0);
 * ```
 */
export class CookieFileError extends Error {
  static {
    brandClass(this, "CookieFileError");
  }

  /** The jar file. */
  readonly path: string;
  /** The 1-based line at fault, when known. */
  readonly line?: number;
  /** The field at fault (`cookies[3].domain`), when it is one field. */
  readonly field?: string;
  /** What is wrong, after the path: `line 1: not a cookie jar (…)`. */
  readonly reason: string;

  /**
   * Makes the error of one jar file that cannot be read.
   *
   * @param path The jar file.
   * @param problem What is wrong, without any value from the file.
   * @param where Line and field.
   */
  constructor(path: string, problem: string, where: { line?: number; field?: string } = {}) {
    const place = [
      where.line === undefined ? "" : `line ${where.line}`,
      where.field ?? "",
    ].filter((part) => part !== "").join(", ");
    const reason = `${place === "" ? "" : place + ": "}${problem}`;
    super(`Cannot read the cookie jar "${path}": ${reason}`);
    this.name = "CookieFileError";
    this.path = path;
    this.reason = reason;
    if (where.line !== undefined) this.line = where.line;
    if (where.field !== undefined) this.field = where.field;
  }
}

/**
 * Reads a jar file.
 *
 * @param path The jar file.
 * @param maxBytes The largest file read. @default {@linkcode MAX_COOKIE_FILE_BYTES}
 * @returns Its cookies (expired ones included), or `null` when the file does not exist.
 * @throws {CookieFileError} When it cannot be read, is a symbolic link, is larger than `maxBytes`,
 *   or is not a jar file of a known version.
 */
export async function readCookieFile(
  path: string,
  maxBytes: number = MAX_COOKIE_FILE_BYTES,
): Promise<Cookie[] | null> {
  let text: string;
  try {
    if ((await Deno.lstat(path)).isSymlink) throw new CookieFileError(path, LINKED_JAR);
    using file = await Deno.open(path, { read: true });
    text = await readCookieText(path, file, maxBytes);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    if (error instanceof CookieFileError) throw error;
    throw new CookieFileError(path, messageOf(error));
  }
  return parseCookieFile(path, text);
}

/**
 * Reads a jar file's text from where it is open, at most `maxBytes`.
 *
 * @param path The jar file, for messages.
 * @param file The file, open (left open).
 * @param maxBytes The largest file read. @default {@linkcode MAX_COOKIE_FILE_BYTES}
 * @returns Its text (invalid UTF-8 as U+FFFD, as `Deno.readTextFile` gives it).
 * @throws {CookieFileError} When it is larger; the file's own errors when it cannot be read.
 */
export async function readCookieText(
  path: string,
  file: ByteSource,
  maxBytes: number = MAX_COOKIE_FILE_BYTES,
): Promise<string> {
  return cookieText(path, await readCapped(file, maxBytes), maxBytes);
}

/**
 * {@linkcode readCookieText}, synchronously.
 *
 * @param path The jar file, for messages.
 * @param file The file, open (left open).
 * @param maxBytes The largest file read. @default {@linkcode MAX_COOKIE_FILE_BYTES}
 * @returns Its text.
 * @throws {CookieFileError} When it is larger than the cap.
 */
export function readCookieTextSync(
  path: string,
  file: SyncByteSource,
  maxBytes: number = MAX_COOKIE_FILE_BYTES,
): string {
  return cookieText(path, readCappedSync(file, maxBytes), maxBytes);
}

function cookieText(path: string, bytes: Uint8Array | undefined, maxBytes: number): string {
  if (bytes === undefined) throw new CookieFileError(path, tooLarge(maxBytes));
  return new TextDecoder().decode(bytes);
}

/**
 * Parses the text of a jar file.
 *
 * @param path The jar file, for messages.
 * @param text Its text.
 * @returns Its cookies; none for an empty file.
 * @throws {CookieFileError} When it is not a jar file of a known version.
 */
export function parseCookieFile(path: string, text: string): Cookie[] {
  // An empty file is a jar not yet written, as curl reads it: made beforehand (`touch`, or
  // `install -m 600 /dev/null`) to give the jar its place and permissions.
  if (text.trim() === "") return [];
  const foreign = notJsonObject(path, text);
  if (foreign !== undefined) throw foreign;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // V8's message quotes the text around the fault, which may be a cookie value, and names its
    // place for some faults only: the place is found by reading the text.
    const fault = jsonErrorOffset(text);
    throw new CookieFileError(path, "not valid JSON", {
      line: fault === undefined ? undefined : lineAt(text, fault),
    });
  }
  if (!isJsonObject(data) || data.format !== COOKIE_FILE_FORMAT) {
    throw new CookieFileError(path, `not a cookie jar (no "format": "${COOKIE_FILE_FORMAT}")`, {
      line: 1,
    });
  }
  if (data.version !== COOKIE_FILE_VERSION && data.version !== 1) {
    throw new CookieFileError(
      path,
      typeof data.version === "number" && data.version > COOKIE_FILE_VERSION
        ? `version ${data.version} is newer than this corun reads (${COOKIE_FILE_VERSION})`
        : `expected version ${COOKIE_FILE_VERSION} (or 1)`,
      { field: "version" },
    );
  }
  const asText = data.version === 1;
  if (!Array.isArray(data.cookies)) {
    throw new CookieFileError(path, "expected an array", { field: "cookies" });
  }
  return data.cookies.map((entry, index) => {
    try {
      return cookieOf(entry, asText);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      throw new CookieFileError(path, error.message, {
        line: elementLine(text, index),
        field: `cookies[${index}]${error.field === "" ? "" : "." + error.field}`,
      });
    }
  });
}

const FILE_START =
  `{"format":"${COOKIE_FILE_FORMAT}","version":${COOKIE_FILE_VERSION},"cookies":[\n`;
const FILE_END = "]}\n";

/**
 * The lines of a jar file that fit `maxBytes`: all of them, unless a jar of large cookies would
 * pass it (3,000 cookies of 4 KiB whose bytes past 0x7F or quotes take two bytes each in JSON).
 * Then the least recently set or sent go, as when a jar passes its count: a jar corun writes is one
 * it reads.
 *
 * @returns The lines kept, in the order given, and how many were left out.
 */
function withinCap(
  cookies: { lastAccessMs: number; line: string }[],
  maxBytes: number,
): { lines: string[]; leftOut: number } {
  const encoder = new TextEncoder();
  const sizes = cookies.map(({ line }) => encoder.encode(line).length + 2); // and ",\n"
  let total = FILE_START.length + FILE_END.length + sizes.reduce((sum, size) => sum + size, 0);
  if (total <= maxBytes) return { lines: cookies.map(({ line }) => line), leftOut: 0 };
  const dropped = new Set<number>();
  const oldestFirst = cookies.map((_, index) => index)
    .sort((a, b) => cookies[a].lastAccessMs - cookies[b].lastAccessMs);
  for (const index of oldestFirst) {
    if (total <= maxBytes) break;
    dropped.add(index);
    total -= sizes[index];
  }
  const lines = cookies.filter((_, index) => !dropped.has(index)).map(({ line }) => line);
  return { lines, leftOut: dropped.size };
}

/**
 * Writes a jar file: to a temporary file beside `path` (owner-only permissions: cookies are
 * credentials), flushed to the disk and renamed over `path` once whole, so neither a reader nor a
 * power loss leaves half a jar. Cookies that would take it past `maxBytes` are left out, least
 * recently set or sent first; the caller says so (it knows the knob's words).
 *
 * @param path The jar file; its folder is made when missing.
 * @param cookies The cookies to write.
 * @param maxBytes The largest file written. @default {@linkcode MAX_COOKIE_FILE_BYTES}
 * @returns How many cookies were left out to keep within `maxBytes` (0 when all fit).
 */
export async function writeCookieFile(
  path: string,
  cookies: readonly Cookie[],
  maxBytes: number = MAX_COOKIE_FILE_BYTES,
): Promise<number> {
  const { lines, leftOut } = withinCap(
    cookies.map((cookie) => ({
      lastAccessMs: cookie.lastAccessMs,
      line: JSON.stringify({
        name: cookie.name,
        value: cookie.value,
        domain: cookie.domain,
        hostOnly: cookie.hostOnly,
        path: cookie.path,
        expiresMs: cookie.expiresMs ?? null,
        secure: cookie.secure,
        httpOnly: cookie.httpOnly,
        sameSite: cookie.sameSite ?? null,
        createdMs: cookie.createdMs,
        lastAccessMs: cookie.lastAccessMs,
      }),
    })),
    maxBytes,
  );
  const text = `${FILE_START}${lines.join(",\n")}${lines.length === 0 ? "" : "\n"}${FILE_END}`;
  const bytes = new TextEncoder().encode(text);
  const slash = path.lastIndexOf("/");
  const dir = slash === -1 ? "." : path.slice(0, slash) || "/";
  await Deno.mkdir(dir, { recursive: true });
  // Named as corun's other temporaries: a run's sweep of the jar's folder knows a killed save's.
  const temp = `${dir}/${tempNameFor(path)}`;
  try {
    {
      using file = await Deno.open(temp, { write: true, createNew: true, mode: 0o600 });
      for (let at = 0; at < bytes.length;) at += await file.write(bytes.subarray(at));
      // On the disk before the rename: else a power loss may leave the jar empty (all logins gone).
      await file.syncData();
    }
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
  return leftOut;
}

/** A field of one cookie that is missing or of the wrong kind. */
class FieldError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/** A character that is no byte: a version 2 name or value holds none. */
const NOT_BYTE = /[\u0100-\uffff]/;
const NOT_BYTES = "holds a character past U+00FF: a jar holds the bytes a server sent, one " +
  "character per byte";

/**
 * One cookie of the file.
 *
 * @param entry The element of `cookies`.
 * @param text Names and values are text (version 1): taken as the UTF-8 bytes it sent them as.
 */
function cookieOf(entry: unknown, text: boolean): Cookie {
  if (!isJsonObject(entry)) throw new FieldError("", "expected an object");
  const name = bytesOf(field(entry, "name", "string"), "name", text);
  if (name === "" || /[=;]/.test(name) || HEADER_VALUE_CONTROL.test(name)) {
    throw new FieldError("name", "not a cookie name (empty, or holds =, ; or a control character)");
  }
  const value = bytesOf(field(entry, "value", "string"), "value", text);
  if (/;/.test(value) || HEADER_VALUE_CONTROL.test(value)) {
    throw new FieldError("value", "holds ; or a control character");
  }
  const { domain, hostOnly } = domainOf(entry);
  const path = field(entry, "path", "string");
  if (!path.startsWith("/") || HEADER_VALUE_CONTROL.test(path)) {
    throw new FieldError("path", "expected a path starting with /");
  }
  const cookie: Cookie = {
    name,
    value,
    domain,
    hostOnly,
    path,
    secure: field(entry, "secure", "boolean"),
    httpOnly: field(entry, "httpOnly", "boolean"),
    createdMs: field(entry, "createdMs", "number"),
    lastAccessMs: field(entry, "lastAccessMs", "number"),
  };
  if (entry.expiresMs !== null) cookie.expiresMs = field(entry, "expiresMs", "number");
  if (entry.sameSite !== null && entry.sameSite !== undefined) {
    cookie.sameSite = field(entry, "sameSite", "string");
  }
  return cookie;
}

/**
 * A cookie's domain and whether it is host-only. A leading dot is read as curl and browsers write a
 * domain cookie (`.example.com`, sent to example.com and its subdomains): a jar converted from a
 * Netscape file works as it did there. A domain with an empty label would match no host: refused,
 * not kept as a cookie never sent.
 */
function domainOf(entry: Record<string, unknown>): { domain: string; hostOnly: boolean } {
  const written = field(entry, "domain", "string");
  const hostOnly = field(entry, "hostOnly", "boolean");
  const dotted = written.startsWith(".");
  const domain = dotted ? written.slice(1) : written;
  if (dotted && hostOnly) {
    throw new FieldError(
      "domain",
      'starts with "." (a domain cookie, as curl writes one) but hostOnly is true: drop the dot ' +
        "for a host-only cookie, or set hostOnly to false",
    );
  }
  if (domain === "") throw new FieldError("domain", "empty: a cookie needs the host it goes to");
  if (isIpAddress(domain)) return { domain, hostOnly };
  const canonical = canonicalDomain(domain);
  if (canonical === null && (domain.startsWith(".") || domain.includes(".."))) {
    throw new FieldError(
      "domain",
      'has an empty label (two dots in a row, or a second "." at its start), so it matches no host',
    );
  }
  if (canonical !== domain) throw new FieldError("domain", "not a lower-case host name");
  return { domain, hostOnly };
}

/** A name or value of the file as bytes, one character per byte. */
function bytesOf(written: string, name: string, text: boolean): string {
  if (text) return headerBytes(written);
  if (NOT_BYTE.test(written)) throw new FieldError(name, NOT_BYTES);
  return written;
}

type Kinds = { string: string; boolean: boolean; number: number };

function field<K extends keyof Kinds>(
  entry: Record<string, unknown>,
  name: string,
  kind: K,
): Kinds[K] {
  const value = entry[name];
  if (value === undefined) throw new FieldError(name, "missing");
  if (typeof value !== kind || (kind === "number" && !Number.isFinite(value))) {
    throw new FieldError(
      name,
      kind === "number" ? "expected a finite number" : `expected a ${kind}`,
    );
  }
  return value as Kinds[K];
}

/**
 * The error for a file that does not even start as a JSON object (curl's cookies.txt, a YAML or
 * text file): V8's message for it names no position, so the place is found here.
 */
function notJsonObject(path: string, text: string): CookieFileError | undefined {
  const start = text.search(/\S/);
  if (text[start] === "{") return undefined;
  const line = lineAt(text, start);
  const firstLine = text.slice(start).split(/\r?\n/, 1)[0];
  if (NETSCAPE_HEAD.test(firstLine) || isNetscapeEntry(firstLine)) {
    return new CookieFileError(
      path,
      "a Netscape cookie file (curl's --cookie-jar), not a corun jar: corun reads only the JSON " +
        "jar it writes",
      { line },
    );
  }
  return new CookieFileError(path, "not a cookie jar (not a JSON object)", { line });
}

/** The first line curl, wget and browsers' exports write in a Netscape cookie file. */
const NETSCAPE_HEAD = /^# (?:Netscape )?HTTP Cookie File/i;

/**
 * Whether a line is one cookie of a Netscape file, as some exporters write it without the header:
 * seven tab-separated fields (domain, subdomains, path, secure, expiry, name, value), or curl's
 * `#HttpOnly_` mark before the domain.
 */
function isNetscapeEntry(line: string): boolean {
  return line.startsWith("#HttpOnly_") || line.split("\t").length === 7;
}

/** The 1-based line of the `index`-th element of the top object's array (`cookies`). */
function elementLine(text: string, index: number): number | undefined {
  let depth = 0;
  let inString = false;
  let inArray = false;
  let expectingElement = false;
  let seen = -1;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (inString) {
      if (char === "\\") at++;
      else if (char === '"') inString = false;
      continue;
    }
    if (expectingElement && !/[\s\]]/.test(char)) {
      if (++seen === index) return lineAt(text, at);
      expectingElement = false;
    }
    if (char === '"') inString = true;
    else if (char === "{" || char === "[") {
      if (char === "[" && depth === 1) inArray = expectingElement = true;
      depth++;
    } else if (char === "}" || char === "]") {
      depth--;
      if (depth === 1) inArray = false;
    } else if (char === "," && inArray && depth === 2) expectingElement = true;
  }
  return undefined;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = 0; at < offset && at < text.length; at++) if (text[at] === "\n") line++;
  return line;
}
