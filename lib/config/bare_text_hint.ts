/**
 * A hint for a value written unquoted by mistake in a TOML or JSON config. corun reads durations,
 * rates, sizes, bandwidths and URLs from text, which both formats quote: `sleep = 1s` and `"sleep": 1s` are
 * numbers cut short to their parsers, whose own words ("illegal character in numeric literal",
 * "unexpected character") do not say so. A value that may be a credential (`credential_place.ts`)
 * is shown as "…".
 * @module
 */
import { quoteReceived } from "../http/mod.ts";
import { CREDENTIAL_NOT_SHOWN, HIDDEN_VALUE, mayHoldCredential } from "./credential_place.ts";
import { BANDWIDTH_PATTERN } from "./bandwidth.ts";
import { DURATION_PATTERN } from "./duration.ts";
import { RATE_PATTERN } from "./rate.ts";
import { SIZE_PATTERN } from "./size.ts";

/** What corun reads from text that a config may hold bare: `1s`, `30/min`, `10MiB`, `2MiB/s`, a URL. */
const TEXT_VALUES = [
  DURATION_PATTERN,
  RATE_PATTERN,
  SIZE_PATTERN,
  BANDWIDTH_PATTERN,
  "^https?://\\S+$",
]
  .map((pattern) => new RegExp(pattern, "i"));

/** A word that can only be text (`name = a`, `method = POST`), not a value either format has bare. */
const BARE_WORD = /^[A-Za-z][\w./-]*$/;
const BARE_VALUES = /^(true|false|null|inf|nan|yes|no|on|off)$/i;

/** Whether a value written bare is text that both formats quote. */
function isText(value: string): boolean {
  return TEXT_VALUES.some((re) => re.test(value)) ||
    (BARE_WORD.test(value) && !BARE_VALUES.test(value));
}

/**
 * `key = value` (TOML, a bare or quoted key) or `"key": value` (JSON), the value unquoted and not a
 * table or array, ending at a `,`, `}`, `]`, a TOML comment or the line's end: alone on its line or
 * inside an inline table.
 */
const BARE_PAIRS = {
  TOML: /([A-Za-z0-9_-]+|"[^"\n]*")[ \t]*=[ \t]*([^\s"'{[#,}\]][^#,}\]]*?)[ \t]*(?=[#,}\]]|$)/g,
  JSON: /"((?:[^"\\\n]|\\.)*)"[ \t]*:[ \t]*([^\s"{[,}\]][^,}\]]*?)[ \t]*(?=[,}\]]|$)/g,
};

/**
 * The hint for the syntax error at a column, when the pair written there holds a duration, rate,
 * size or URL unquoted.
 *
 * @param lineText The text of the error's line.
 * @param column The error's 1-based column.
 * @param format The config's format, whose quoting the hint shows.
 * @param keysAt The keys that lead to a 1-based column of the line (`open_keys.ts`), the key just
 *   written before it included.
 * @returns The hint, starting with a space, or "" when no such value is at the column.
 */
export function bareTextHint(
  lineText: string,
  column: number,
  format: "TOML" | "JSON",
  keysAt: (column: number) => readonly string[],
): string {
  for (const pair of lineText.matchAll(BARE_PAIRS[format])) {
    const end = pair.index + pair[0].length;
    if (column - 1 < pair.index || column - 1 > end) continue;
    const [whole, key, value] = pair;
    // A plain number is one to both parsers: the error is elsewhere.
    if (/^\d+(\.\d+)?$/.test(value) || !isText(value)) return "";
    const secret = mayHoldCredential(keysAt(pair.index + whole.lastIndexOf(value) + 1));
    const quoted = secret ? `"${HIDDEN_VALUE}"` : quoteReceived(value);
    const why = secret ? `; ${CREDENTIAL_NOT_SHOWN}` : "";
    return format === "TOML"
      ? ` (text is quoted in TOML: ${key} = ${quoted}${why})`
      : ` (text is quoted in JSON: "${key}": ${quoted}${why})`;
  }
  return "";
}
