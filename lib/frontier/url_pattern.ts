/**
 * URL patterns as curl globs them: `https://x.org/page/[1-100].html`, `[001-100]`, `[a-z]`,
 * `[1-100:10]`, `{en,de,fr}`. One pattern stands for many URLs, expanded lazily in curl's order.
 *
 * Differences from curl, all stricter: a letter range stays within one case (`[Z-a]` is refused),
 * there are at most 99 globs (the `{1}`..`{99}` a save template can name) and 100,000,000 URLs, and
 * curl's named globs (`{<name>a,b}`) are refused.
 * @module
 */
import {
  CREDENTIALS_NOT_ENCODED,
  CREDENTIALS_NOT_SENT,
  hasCredentials,
  hasUnencodedCredentials,
  urlTextWithoutCredentials,
} from "../net/mod.ts";
import { quoteReceived, urlLengthProblem, urlRefusalReason } from "../http/mod.ts";
import { headOf } from "../loop/mod.ts";

/** Most URLs one pattern may expand to. */
export const MAX_PATTERN_URLS = 100_000_000;

/** Most globs one pattern may have: a save template names them `{1}`..`{99}`. */
const MAX_PATTERN_GLOBS = 99;

/**
 * A URL pattern that cannot be parsed.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { parseUrlPattern, UrlPatternError } from "@corun/corun";
 * // A pattern typed by a user: say where it is wrong rather than fail.
 * function problemOf(pattern: string): string | undefined {
 *   try {
 *     parseUrlPattern(pattern);
 *     return undefined;
 *   } catch (error) {
 *     if (!(error instanceof UrlPatternError)) throw error;
 *     return `${" ".repeat(error.column - 1)}^ ${error.message}`;
 *   }
 * }
 * assertEquals(problemOf("https://x.org/page/[1-20].html"), undefined);
 * assertEquals(
 *   problemOf("https://x.org/page/[20-1].html"),
 *   `${" ".repeat(19)}^ Cannot use URL pattern "https://x.org/page/[20-1].html" (column 20): ` +
 *     '"[20-1]" goes down; write the smaller end first',
 * );
 * ```
 */
export class UrlPatternError extends SyntaxError {
  /** The pattern as written. */
  readonly pattern: string;
  /** 1-based column of the problem within the pattern. */
  readonly column: number;

  /**
   * Creates the error; the message names the pattern without its credentials, and the column
   * within the pattern as shown.
   * @param pattern The pattern as written.
   * @param column 1-based column of the problem.
   * @param problem What is wrong, without the pattern (it is added to the message).
   */
  constructor(pattern: string, column: number, problem: string) {
    const shown = urlTextWithoutCredentials(pattern);
    super(
      `Cannot use URL pattern ${JSON.stringify(shown)} (column ${
        shownColumn(pattern, shown, column)
      }): ${problem}`,
    );
    this.name = "UrlPatternError";
    this.pattern = pattern;
    this.column = column;
  }
}

/**
 * Where a column of a pattern is in it as shown, its `user:password@` replaced by `***@`: past the
 * credentials, the same character; within them, the `***`.
 */
function shownColumn(pattern: string, shown: string, column: number): number {
  let same = 0; // characters the two end with alike
  while (
    same < shown.length && same < pattern.length &&
    shown[shown.length - 1 - same] === pattern[pattern.length - 1 - same]
  ) same++;
  const fromEnd = pattern.length - (column - 1);
  if (fromEnd <= same) return shown.length - fromEnd + 1;
  return shown.length - same - 2; // the `*` that starts `***@`
}

/** A parsed URL pattern: how many URLs it stands for, and the URLs themselves on demand. */
export interface UrlPattern {
  /** The pattern as written. */
  readonly pattern: string;
  /** How many URLs it expands to (product of each glob's size). */
  readonly count: number;
  /** How many globs (matched parts) it has: the `{1}`..`{n}` a save template may use. */
  readonly globs: number;
  /** The URLs, lazily, in curl's order (the last glob varies fastest). `parts[i]` is the text glob i+1 matched. */
  items(): Generator<{ url: string; parts: string[] }>;
  /**
   * Every URL has the first one's scheme and authority: no glob comes before the path. Then what
   * can make a URL unfetchable (its scheme, host, port, credentials) is the same in all of them.
   */
  readonly authorityFixed: boolean;
}

/** What a task's URL must be, as a problem with one says. */
export const HTTP_URL_EXPECTED = "an http: or https: URL";

/** Credentials in a task's URL, and where they belong instead. */
export const URL_CREDENTIALS = `${CREDENTIALS_NOT_SENT}; use auth: { username, password }`;

/**
 * Credentials in a task's URL that a raw `#`, `?` or `/` cut: the URL parser reads none, and would
 * take the user name for the host.
 */
export const URL_CREDENTIALS_NOT_ENCODED =
  `${CREDENTIALS_NOT_SENT}, and ${CREDENTIALS_NOT_ENCODED}; use auth: { username, password }`;

/** A host (no credentials), perhaps a port, then a path or nothing: a URL whose scheme was left out. */
const SCHEMELESS_URL = /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)+)(:\d{1,5})?([/?#]|$)/i;

/** Most characters of a URL a problem quotes, as a config's values are shown. */
const QUOTED_URL_CHARS = 40;

/**
 * What is wrong with a URL a task would fetch: it is longer than `MAX_URL_BYTES`, it is no http:
 * or https: URL (another scheme, a port past 65535, a host that is none: why, when
 * `urlRefusalReason` knows), or it carries credentials, also ones that a raw `#`, `?` or `/` cut
 * (`http://me:#pw@host`, which the parser reads as host `me`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { httpUrlProblem } from "./url_pattern.ts";
 * assertEquals(httpUrlProblem("https://x.org/a"), undefined);
 * assertEquals(
 *   httpUrlProblem("https://x.org:70000/a"),
 *   'expected an http: or https: URL, got "https://x.org:70000/a": its port 70000 is past 65535',
 * );
 * ```
 * @param text The URL.
 * @returns The problem, or undefined for a URL corun can fetch.
 */
export function httpUrlProblem(text: string): string | undefined {
  // Before any scan of the text: a URL of megabytes would be quoted, parsed and sent.
  const tooLong = urlLengthProblem(text);
  if (tooLong !== undefined) return tooLong;
  // Then: a password a raw `#` cut may leave no URL at all (`me:pa#ss@`: port "pa"), and the
  // text a parse failure would show hides it.
  if (hasUnencodedCredentials(text)) return URL_CREDENTIALS_NOT_ENCODED;
  const url = URL.parse(text);
  if (url === null || (url.protocol !== "http:" && url.protocol !== "https:")) {
    const safe = urlTextWithoutCredentials(text);
    const shown = safe.length > QUOTED_URL_CHARS ? `${headOf(safe, QUOTED_URL_CHARS)}…` : safe;
    // An invisible character (a zero-width space pasted with the URL) shows, escaped.
    const problem = `expected ${HTTP_URL_EXPECTED}, got ${quoteReceived(shown)}`;
    const reason = url === null ? urlRefusalReason(text) : undefined;
    if (reason !== undefined) return `${problem}: ${reason}`;
    if (!SCHEMELESS_URL.test(text)) return problem;
    return `${problem} (write its scheme first, as in ${quoteReceived(`https://${shown}`)})`;
  }
  return hasCredentials(url) ? URL_CREDENTIALS : undefined;
}

/**
 * What is wrong with the `number`-th URL of a pattern, naming it and the pattern (without
 * credentials). Loading a config
 * asks it of a pattern's first URLs, and a run of each URL as it reaches it, so a URL past those
 * checked at load fails with the same words.
 *
 * @param pattern The pattern.
 * @param url Its `number`-th URL.
 * @param number The URL's 1-based position in the pattern's order.
 * @returns The problem, or undefined for a URL corun can fetch.
 */
export function patternUrlProblem(
  pattern: UrlPattern,
  url: string,
  number: number,
): string | undefined {
  // A URL's length is its own (`{a,<long>}`); its pattern, as long, is not quoted with it.
  const tooLong = urlLengthProblem(url);
  const where = `URL ${number.toLocaleString("en-US")} of the pattern`;
  if (tooLong !== undefined) return pattern.globs === 0 ? tooLong : `${tooLong} (${where})`;
  // The first URL speaks for the others when only their paths and queries differ.
  if (number > 1 && pattern.authorityFixed) return undefined;
  const problem = httpUrlProblem(url);
  if (problem === undefined || pattern.globs === 0) return problem;
  return `${problem} (${where} ${JSON.stringify(urlTextWithoutCredentials(pattern.pattern))})`;
}

/** One glob: its values are computed from an index, so `[1-100000000]` holds no list. */
type Glob =
  | { kind: "set"; size: number; values: string[] }
  | { kind: "number"; size: number; first: number; step: number; width: number }
  | { kind: "letter"; size: number; first: number; step: number };

/**
 * Tells whether text must go through `parseUrlPattern`: it has a `[`, `]`, `{` or `}` (a glob, an
 * escaped literal, or a stray bracket that parsing reports) outside an IPv6 address literal such as
 * `http://[::1]:8080/`. A plain URL returns `false` and is used as written.
 *
 * @example
 * ```ts
 * import { hasUrlGlob } from "./url_pattern.ts";
 * hasUrlGlob("https://x.org/[1-3].html"); // true
 * hasUrlGlob("http://[::1]:8080/a"); // false
 * ```
 * @param text A URL or URL pattern.
 * @returns `true` when the text has glob syntax.
 */
export function hasUrlGlob(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "{" || ch === "}" || ch === "]") return true;
    if (ch === "[") {
      const end = ipv6LiteralEnd(text, i);
      if (end === -1) return true;
      i = end - 1;
    }
  }
  return false;
}

/**
 * Parses a URL pattern with curl's glob syntax.
 *
 * - `[1-100]`: numbers; `[001-100]` pads to the first number's width when it has leading zeros.
 * - `[a-z]`, `[A-Z]`: letters of one case.
 * - `[1-100:10]`, `[a-z:2]`: every step-th value, from the first.
 * - `{a,b,c}`: the items as written (`{,a}` has an empty item); `\` escapes any character inside.
 * - `\[`, `\]`, `\{`, `\}`: literal brackets; `[]` is literal too, as in curl.
 * - `[::1]`, `[fe80::1%25eth0]`: an IPv6 address literal is not a glob.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { parseUrlPattern } from "@corun/corun";
 * const pattern = parseUrlPattern("https://x.org/{a,b}/[1-2].html");
 * assertEquals(pattern.count, 4);
 * assertEquals([...pattern.items()].map((item) => item.url), [
 *   "https://x.org/a/1.html",
 *   "https://x.org/a/2.html",
 *   "https://x.org/b/1.html",
 *   "https://x.org/b/2.html",
 * ]);
 * ```
 * @param pattern The pattern as written.
 * @returns The parsed pattern; its URLs are not validated (the caller checks each as a URL).
 * @throws {UrlPatternError} On bad syntax: an unclosed `[` or `{`, a stray `]` or `}`, nested globs,
 * a named glob (`{<name>a,b}`), an empty `{}`, a range that is not two numbers or two letters of
 * one case, a step below 1 or larger than the range, a descending range, more than 99 globs, or
 * more than 100,000,000 URLs.
 */
export function parseUrlPattern(pattern: string): UrlPattern {
  const fail = (column: number, problem: string): never => {
    throw new UrlPatternError(pattern, column, problem);
  };
  const literals: string[] = [];
  const globs: Glob[] = [];
  let count = 1;
  let literal = "";
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "\\" && i + 1 < pattern.length && "[]{}".includes(pattern[i + 1])) {
      literal += pattern[i + 1];
      i += 2;
    } else if (ch === "]" || ch === "}") {
      fail(
        i + 1,
        `"${ch}" has no matching "${ch === "]" ? "[" : "{"}" (write "\\${ch}" for a literal one)`,
      );
    } else if (ch === "[" && pattern[i + 1] === "]") {
      literal += "[]"; // curl copies an empty pair as it is
      i += 2;
    } else if (ch === "[" && ipv6LiteralEnd(pattern, i) !== -1) {
      const end = ipv6LiteralEnd(pattern, i);
      literal += pattern.slice(i, end);
      i = end;
    } else if (ch === "[" || ch === "{") {
      if (globs.length === MAX_PATTERN_GLOBS) {
        fail(
          i + 1,
          `a pattern may have at most ${MAX_PATTERN_GLOBS} globs, a fixed limit: a save ` +
            `template names them {1} to {${MAX_PATTERN_GLOBS}}`,
        );
      }
      // Read as a literal part, `{<lang>en,de}` would fetch `%3Clang%3Een`: curl reads a name.
      const name = GLOB_NAME.exec(pattern.slice(i + 1, i + 2 + MAX_GLOB_NAME_CHARS + 1));
      if (name !== null) {
        fail(
          i + 1,
          `"${ch}${name[0]}" names its glob, as curl allows; named globs are not supported: ` +
            `leave the name out and write {${globs.length + 1}} in the save`,
        );
      }
      const { glob, end } = ch === "[" ? parseRange(pattern, i, fail) : parseSet(pattern, i, fail);
      count *= glob.size;
      if (count > MAX_PATTERN_URLS) {
        fail(
          i + 1,
          `the pattern expands to more than ${MAX_PATTERN_URLS.toLocaleString("en")} URLs, a ` +
            "fixed limit against a mistyped range (split a larger one over several tasks)",
        );
      }
      literals.push(literal);
      literal = "";
      globs.push(glob);
      i = end;
    } else {
      // Plain text up to the next bracket or backslash at once: a character at a time, a long
      // literal grew a rope of as many strings (10 MB of text, 1.4 GB).
      PATTERN_SYNTAX.lastIndex = i + 1;
      const end = PATTERN_SYNTAX.exec(pattern)?.index ?? pattern.length;
      literal += pattern.slice(i, end);
      i = end;
    }
  }
  literals.push(literal);
  return new ParsedPattern(pattern, count, literals, globs);
}

/** The characters that end a pattern's plain text (`lastIndex` set before each search). */
const PATTERN_SYNTAX = /[\\[\]{}]/g;

/** Longest name curl reads in a glob's `<name>`. */
const MAX_GLOB_NAME_CHARS = 64;

/** A glob's name as curl reads one right after its `[` or `{`: `<`, up to 64 characters, `>`. */
const GLOB_NAME = new RegExp(`^<[^>]{1,${MAX_GLOB_NAME_CHARS}}>`);

/** `scheme://authority` and the start of a path, query or fragment: the text before the first glob. */
const AUTHORITY_THEN_MORE = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]*[/?#]/i;

class ParsedPattern implements UrlPattern {
  readonly pattern: string;
  readonly count: number;
  readonly authorityFixed: boolean;
  readonly #literals: string[];
  readonly #globs: Glob[];

  constructor(pattern: string, count: number, literals: string[], globs: Glob[]) {
    this.pattern = pattern;
    this.count = count;
    this.#literals = literals;
    this.#globs = globs;
    this.authorityFixed = AUTHORITY_THEN_MORE.test(literals[0]);
  }

  get globs(): number {
    return this.#globs.length;
  }

  *items(): Generator<{ url: string; parts: string[] }> {
    const globs = this.#globs;
    const literals = this.#literals;
    const indexes = globs.map(() => 0);
    const parts = globs.map((glob) => valueAt(glob, 0));
    while (true) {
      let url = literals[0];
      for (let k = 0; k < parts.length; k++) url += parts[k] + literals[k + 1];
      yield { url, parts: parts.slice() };
      // An odometer: the last glob turns fastest and carries into the one before it.
      let k = globs.length - 1;
      for (; k >= 0; k--) {
        const next = indexes[k] + 1;
        if (next < globs[k].size) {
          indexes[k] = next;
          parts[k] = valueAt(globs[k], next);
          break;
        }
        indexes[k] = 0;
        parts[k] = valueAt(globs[k], 0);
      }
      if (k < 0) return;
    }
  }
}

function valueAt(glob: Glob, index: number): string {
  switch (glob.kind) {
    case "set":
      return glob.values[index];
    case "number":
      return String(glob.first + index * glob.step).padStart(glob.width, "0");
    case "letter":
      return String.fromCharCode(glob.first + index * glob.step);
  }
}

type Fail = (column: number, problem: string) => never;

const RANGE_FORMS = "a range is [first-last] or [first-last:step] with two numbers or two " +
  "letters of one case, like [1-100], [001-100], [a-z] or [0-100:10]";

/**
 * The way out for a URL whose `[` or `{` was meant as itself (`?q=[1]`): escape it, or take the
 * whole URL as written.
 */
function literalHint(char: "[" | "{"): string {
  return `write "\\${char}" for a literal one, or glob: false to take the URL as written`;
}

/** Parses `[first-last]` or `[first-last:step]` starting at the `[` at `open`. */
function parseRange(pattern: string, open: number, fail: Fail): { glob: Glob; end: number } {
  let close = open + 1;
  while (close < pattern.length && pattern[close] !== "]") {
    if ("[{}".includes(pattern[close])) {
      fail(close + 1, `globs cannot be nested (a range started at column ${open + 1})`);
    }
    close++;
  }
  if (close === pattern.length) {
    fail(open + 1, `"[" is never closed (${literalHint("[")})`);
  }
  const body = pattern.slice(open + 1, close);
  // curl skips blanks after the "-" of a number range.
  const match = /^(?:(\d+)- *(\d+)|([A-Za-z])-([A-Za-z]))(?::(\d+))?$/.exec(body);
  if (match === null) {
    fail(open + 1, `"[${body}]" is not a range: ${RANGE_FORMS} (${literalHint("[")})`);
  }
  const [, firstDigits, lastDigits, firstLetter, lastLetter, stepDigits] = match!;
  const column = open + 1;
  const step = stepDigits === undefined ? 1 : toNumber(stepDigits, column, fail);
  let first: number;
  let last: number;
  if (firstDigits !== undefined) {
    first = toNumber(firstDigits, column, fail);
    last = toNumber(lastDigits, column, fail);
  } else {
    if (isLower(firstLetter) !== isLower(lastLetter)) {
      fail(column, `"[${body}]" mixes cases: ${RANGE_FORMS}`);
    }
    first = firstLetter.charCodeAt(0);
    last = lastLetter.charCodeAt(0);
  }
  if (first > last) {
    fail(column, `"[${body}]" goes down; write the smaller end first`);
  }
  if (step < 1) fail(column, `"[${body}]" has step ${step}; the step must be at least 1`);
  if (step > 1 && step > last - first) {
    // curl refuses a step that could never be taken.
    fail(column, `"[${body}]" has step ${step}, larger than the range it steps over`);
  }
  const size = Math.floor((last - first) / step) + 1;
  const glob: Glob = firstDigits !== undefined
    ? {
      kind: "number",
      size,
      first,
      step,
      width: firstDigits.startsWith("0") ? firstDigits.length : 0,
    }
    : { kind: "letter", size, first, step };
  return { glob, end: close + 1 };
}

function isLower(letter: string): boolean {
  return letter >= "a" && letter <= "z";
}

function toNumber(digits: string, column: number, fail: Fail): number {
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) {
    fail(column, `${digits} is too large for a range (at most ${Number.MAX_SAFE_INTEGER})`);
  }
  return value;
}

/** Parses `{a,b,c}` starting at the `{` at `open`; `\` makes the next character literal. */
function parseSet(pattern: string, open: number, fail: Fail): { glob: Glob; end: number } {
  const values: string[] = [];
  let value = "";
  for (let i = open + 1; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\" && i + 1 < pattern.length) {
      value += pattern[++i];
    } else if (ch === ",") {
      values.push(value);
      value = "";
    } else if (ch === "}") {
      if (i === open + 1) fail(open + 1, `"{}" is an empty set; write "\\{\\}" for literal braces`);
      values.push(value);
      return { glob: { kind: "set", size: values.length, values }, end: i + 1 };
    } else if (ch === "[" || ch === "{") {
      fail(i + 1, `globs cannot be nested (a set started at column ${open + 1})`);
    } else if (ch === "]") {
      fail(i + 1, `"]" inside a set (write "\\]" for a literal one)`);
    } else {
      value += ch;
    }
  }
  return fail(open + 1, `"{" is never closed (${literalHint("{")})`);
}

// An IPv6 address as curl accepts it in brackets: hex, colons, dots, and an optional zone id.
const IPV6_LITERAL = /^\[([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)(%(?:25)?[A-Za-z0-9._~-]+)?\]/;

/**
 * When `text` has an IPv6 address literal such as `[::1]` at `open`, the index just after its `]`;
 * else -1. As curl, wherever the brackets are: a range never holds a colon, so nothing is lost.
 */
function ipv6LiteralEnd(text: string, open: number): number {
  const match = IPV6_LITERAL.exec(text.slice(open, text.indexOf("]", open) + 1));
  if (match === null) return -1;
  try {
    new URL(`http://[${match[1]}]/`);
  } catch {
    return -1;
  }
  return open + match[0].length;
}

/**
 * Where a pattern's authority ends: at the first `/`, `?`, `#` or `\` after its `://` that is in
 * no glob (a set may hold a `/`: `https://{a.org/x,b.org}/`). What follows cannot change the
 * origin of what comes before, however the globs expand.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { patternHostEnd } from "./url_pattern.ts";
 * const pattern = "https://{a.org/x,b.org}/page/[1-3]";
 * assertEquals(pattern.slice(0, patternHostEnd(pattern)), "https://{a.org/x,b.org}");
 * ```
 *
 * @param pattern A URL pattern.
 * @returns The index of the authority's end.
 */
export function patternHostEnd(pattern: string): number {
  const scheme = pattern.indexOf("://");
  let i = scheme === -1 ? 0 : scheme + 3;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "\\" && "[]{}".includes(pattern[i + 1])) i += 2; // an escaped bracket
    else if (ch === "[") i = closing(pattern, i, "]");
    else if (ch === "{") i = closing(pattern, i, "}");
    else if ("/?#\\".includes(ch)) return i;
    else i++;
  }
  return pattern.length;
}

/**
 * Hosts of a pattern looked at (`https://h[1-100000000].x.org/`) where its origins are wanted ahead
 * of its URLs (`corun plan`, a crawl's allowed origins): past them, its URLs' origins are not known
 * ahead. Enough for any number of hosts a config names, at a few milliseconds.
 */
export const MAX_PATTERN_HOSTS = 100_000;

/**
 * The hosts a URL pattern reaches: its part up to the authority's end (`https://{a,b}.example.org`),
 * expanded; every URL of the pattern has the origin of one of them. Globs multiply: each has the
 * whole pattern's `count` / this `count` of its URLs.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { patternHosts } from "./url_pattern.ts";
 * const hosts = patternHosts("https://{a,b}.example.org/page/[1-3]");
 * assertEquals([...hosts!.items()].map(({ url }) => url), [
 *   "https://a.example.org",
 *   "https://b.example.org",
 * ]);
 * ```
 *
 * @param pattern A URL pattern (one that parses whole).
 * @returns The hosts' pattern; undefined when that part does not parse alone (a glob whose
 *   expansion alone is refused), which the caller leaves unseen.
 */
export function patternHosts(pattern: string): UrlPattern | undefined {
  try {
    return parseUrlPattern(pattern.slice(0, patternHostEnd(pattern)));
  } catch {
    return undefined;
  }
}

/** Just past the `close` that ends the glob opened at `open` (`\` escapes inside a set). */
function closing(pattern: string, open: number, close: string): number {
  for (let i = open + 1; i < pattern.length; i++) {
    if (pattern[i] === "\\" && close === "}") i++;
    else if (pattern[i] === close) return i + 1;
  }
  return pattern.length; // unclosed: a loaded config has none
}
