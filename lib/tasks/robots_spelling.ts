/**
 * The one spelling robots.txt rules and links are matched in (RFC 9309 §2.2.2–2.2.3): `/%70rivate`
 * is `/private`, `Disallow: /%7Etilde` holds for `/~tilde`, a character neither side may write as
 * it is (`|`, `[`, non-ASCII) is escaped on both, a reserved one (`'`, `%27`) stays as written, and
 * a link's own `*` and `$` are escaped, so that only a rule's `%2A` and `%24` match them and no
 * link is read as a rule's wildcard or end. robots-parser alone compares a link as the URL parser
 * wrote it with a rule as `encodeURI` escaped it.
 * @module
 */
import { escapesOneWay } from "./url_origin.ts";

/**
 * Characters written as they are: unreserved ones, `%` (escapes are rewritten one way), and the
 * reserved ones (RFC 3986) a path or query uses as written, which the URL parser and `encodeURI`
 * both leave (`/ ? : @ ! $ & ' ( ) * + , ; =`): a reserved character and its escape are two
 * octets apart, as Google's parser keeps them (the URL parser writes a query's `'` as `%27`, as it
 * is sent). Every other is escaped: `[` and `]` (the URL parser leaves them, `encodeURI` escapes
 * them; a URI may hold them only escaped in a path), space, controls, `"`, `#`, `<`, `>`, `\`, `^`,
 * a backquote, `{`, `|`, `}`, and non-ASCII as UTF-8.
 */
const ESCAPED = /[^A-Za-z0-9\-._~%/?:@!$&'()*+,;=]+/g;

/** A link's `*` and `$`, which a rule can match only escaped (RFC 9309 §2.2.3). */
const LINK_SPECIALS = /[*$]/g;

/** A rule's `$` before its last character: a `$` Google's parser takes as it is, not as the end. */
const RULE_INNER_END = /\$(?=.)/g;

/** A robots.txt line break, as robots-parser splits the file. */
const LINE_BREAK = /\r\n|\r|\n/;

/**
 * A link's path and query in the one spelling rules are matched in: its `*` and `$` escaped, as
 * RFC 9309 §2.2.3 has a rule write them (`/path/file-with-a-%2A.html`, `/path/foo-%24`).
 *
 * @param path The path and query, as the URL parser wrote them.
 * @returns It, escapes written one way and the same characters escaped as in a rule.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { linkSpelling } from "./robots_spelling.ts";
 * assertEquals(linkSpelling("/foo/bar/%62%61%7A"), "/foo/bar/baz");
 * assertEquals(linkSpelling("/foo/bar/ツ"), "/foo/bar/%E3%83%84");
 * assertEquals(linkSpelling("/a|b/it's?q=%27x"), "/a%7Cb/it's?q=%27x");
 * assertEquals(linkSpelling("/file-with-a-*.html$"), "/file-with-a-%2A.html%24");
 * ```
 */
export function linkSpelling(path: string): string {
  return spelledOneWay(path).replace(LINK_SPECIALS, percentEncoded);
}

/**
 * A rule's path in the one spelling links are matched in: its `*` a wildcard and a last `$` the
 * end, as they are; a `$` before its end is Google's literal `$`, escaped as a link's is.
 *
 * @param rule An `Allow` or `Disallow` value.
 * @returns It, escapes written one way and the same characters escaped as in a link.
 */
function ruleSpelling(rule: string): string {
  return spelledOneWay(rule).replace(RULE_INNER_END, percentEncoded);
}

/**
 * A link as its origin's rules match it: its origin, then its path and query in
 * {@linkcode linkSpelling}.
 *
 * @param link An absolute URL.
 * @returns The link to match (as given when it is no URL).
 */
export function robotsLink(link: string): string {
  const url = URL.parse(link);
  return url === null ? link : url.origin + linkSpelling(url.pathname + url.search);
}

/**
 * A robots.txt whose `Allow` and `Disallow` values are in {@linkcode ruleSpelling}, read line by
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
  return `${field}:${ruleSpelling(content.slice(colon + 1).trim())}`;
}

/** Escapes written one way, and what neither side may write as it is escaped on both. */
function spelledOneWay(path: string): string {
  return escapesOneWay(path.replace(ESCAPED, percentEncoded));
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
