/**
 * The one naming scheme of corun's temporary files, `.<basename>.<12 hex>.part`: made beside the file
 * they become, and recognised by the sweep that removes those a killed run left behind. Kept
 * partials (`resume: true`) are `.<basename>.<hash>.corun-partial`. A saved file never takes one of these
 * names (a later run would sweep it, or take it for a partial). In the HTTP layer, the lowest that
 * makes one: the cookie jar's save (cookie_file.ts).
 * @module
 */
import { basename } from "./deps.ts";

/** A temporary file name corun made: a dot, up to 50 code points of the final name, 12 hex digits. */
const TEMP_NAME = /^\..*\.[0-9a-f]{12}\.part$/s;

/** What ends the name of a kept partial body, `.<basename>.<hash>.corun-partial` (partial_file.ts). */
export const PARTIAL_SUFFIX = ".corun-partial";

/** A kept partial's name, or its record's (`.json` after it). */
const PARTIAL_NAME = /^\..*\.corun-partial(\.json)?$/s;

/**
 * A fresh temporary name for `finalPath`, with its basename cut so the name stays under 255 bytes.
 *
 * @param finalPath The path (or name) of the file the temporary will become.
 * @returns `.<basename>.<12 random hex digits>.part`.
 */
export function tempNameFor(finalPath: string): string {
  // A random start per process, then a counter: as unique as 12 random digits per file (and a taken
  // name is refused by createNew anyway), without asking for randomness at every file.
  const suffix = ((tempBase + tempCount++) % 2 ** 48).toString(16).padStart(12, "0");
  const whole = basename(finalPath);
  // 50 code points are at most 200 UTF-8 bytes.
  const name = whole.length <= 50 ? whole : Array.from(whole).slice(0, 50).join("");
  return `.${name}.${suffix}.part`;
}

const tempBase = crypto.getRandomValues(new Uint32Array(2)).reduce((high, low) =>
  (high % 2 ** 16) * 2 ** 32 + low
);
let tempCount = 0;

/**
 * Says whether a file name is one of corun's temporary names.
 *
 * @param name A bare file name.
 * @returns True for `.<anything>.<12 hex>.part`.
 */
export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/**
 * Says whether a file name is one corun gives its own working files: a temporary, or a kept
 * partial body or its record.
 *
 * @param name A bare file name.
 * @returns True when a saved file must not take it.
 */
export function isWorkingName(name: string): boolean {
  return name.startsWith(".") && (TEMP_NAME.test(name) || PARTIAL_NAME.test(name));
}
