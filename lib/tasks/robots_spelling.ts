/**
 * The one spelling robots.txt rules and links are matched in (RFC 9309 §2.2.2): `/%70rivate` is
 * `/private`, `Disallow: /%7Etilde` holds for `/~tilde`, and a character one side escapes and the
 * other writes as it is (`|`, `[`, a query's `'`) is escaped on both. robots-parser alone compares
 * a link as the URL parser wrote it with a rule as `encodeURI` escaped it.
 * @module
 */
import { escapesOneWay } from "./url_origin.ts";

/**
 * Characters written as they are: unreserved ones, `%` (escapes are rewritten one way), and the
 * reserved ones a path or query uses as written, which the URL parser and `encodeURI` both leave
 * (`/ ? : @ ! $ & ( ) * + , ; =`; `*` and `$` are also a rule's wildcard and end). Every other is
 * escaped: `[` and `]` (the URL parser leaves them, `encodeURI` escapes them), `'` (the URL parser
 * escapes it in a query), space, controls, `"`, `#`, `<`, `>`, `\`, `^`, a backquote, `{`, `|`, `}`,
 * and non-ASCII as UTF-8.
 */
const ESCAPED = /[^A-Za-z0-9\-._~%/?:@!$&()*+,;=]+/g;

/** A robots.txt line break, as robots-parser splits the file. */
const LINE_BREAK = /\r\n|\r|\n/;

/**
 * A rule's path, or a link's path and query, in the one spelling both are matched in.
 *
 * @param path The path (a rule's `*` and `$` stay what they are).
 * @returns It, escapes written one way and the same characters escaped on either side.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { robotsSpelling } from "./robots_spelling.ts";
 * assertEquals(robotsSpelling("/foo/bar/%62%61%7A"), "/foo/bar/baz");
 * assertEquals(robotsSpelling("/foo/bar/ツ"), "/foo/bar/%E3%83%84");
 * assertEquals(robotsSpelling("/a|b?q='x"), "/a%7Cb?q=%27x");
 * ```
 */
export function robotsSpelling(path: string): string {
  return escapesOneWay(path.replace(ESCAPED, percentEncoded));
}

/**
 * A link as its origin's rules match it: its origin, then its path and query in
 * {@linkcode robotsSpelling}.
 *
 * @param link An absolute URL.
 * @returns The link to match (as given when it is no URL).
 */
export function robotsLink(link: string): string {
  const url = URL.parse(link);
  return url === null ? link : url.origin + robotsSpelling(url.pathname + url.search);
}

/**
 * A robots.txt whose `Allow` and `Disallow` values are in {@linkcode robotsSpelling}, read line by
 * line as robots-parser reads it (a comment from `#`, the field name before the first `:`, trimmed
 * and in any case). Other lines are kept, so line numbers stay.
 *
 * @param text The file's text.
 * @returns The text to parse.
 */
export function rulesSpelledOneWay(text: string): string {
  return text.split(LINE_BREAK).map(ruleLine).join("\n");
}

function ruleLine(line: string): string {
  const comment = line.indexOf("#");
  const content = comment < 0 ? line : line.slice(0, comment);
  const colon = content.indexOf(":");
  if (colon < 0) return line;
  const field = content.slice(0, colon);
  const name = field.trim().toLowerCase();
  if (name !== "allow" && name !== "disallow") return line;
  return `${field}:${robotsSpelling(content.slice(colon + 1).trim())}`;
}

/** Characters as UTF-8 escapes in upper case (a lone surrogate as U+FFFD, as the URL parser does). */
function percentEncoded(text: string): string {
  let escaped = "";
  for (const byte of encoder.encode(text)) {
    escaped += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return escaped;
}

const encoder = new TextEncoder();
