/**
 * corun's version, in the lowest layer that needs it: the User-Agent the HTTP client sends names it,
 * and `corun --version` prints it (`lib/cli/version.ts` passes it on).
 * @module
 */

/**
 * corun's version, kept in step with `deno.json`.
 *
 * @example
 * ```ts
 * import { assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { VERSION } from "@corun/corun";
 * // A script that needs what corun 0.1 brought says so, rather than failing on a missing option.
 * const [major, minor] = VERSION.split(".").map(Number);
 * if (major === 0 && minor < 1) {
 *   throw new Error(`This script needs corun 0.1 or later, got ${VERSION}`);
 * }
 * assertMatch(VERSION, /^\d+\.\d+\.\d+$/);
 * ```
 */
export const VERSION = "0.1.0";
