/**
 * A key given twice in one mapping, in the same words for every format: both places, so the one to
 * keep can be chosen without searching the file for the other.
 * @module
 */
import { quoteReceived } from "../http/mod.ts";
import { urlTextWithoutCredentials } from "../net/mod.ts";
import type { Position } from "./locate.ts";

/**
 * The problem of a key given again: `duplicate key "x" at line 7; first at line 3` (on one line,
 * the columns tell the two apart).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { duplicateKeyMessage } from "./duplicate_key.ts";
 * assertEquals(
 *   duplicateKeyMessage("x", { line: 7, column: 3 }, { line: 3, column: 3 }),
 *   'duplicate key "x" at line 7; first at line 3',
 * );
 * ```
 *
 * @param key The key.
 * @param again Where it is given again.
 * @param first Where it is given first.
 * @returns The message.
 */
export function duplicateKeyMessage(key: string, again: Position, first: Position): string {
  // A key is a config's text: an `origins:` key may hold a `user:password@`.
  const named = `duplicate key ${quoteReceived(urlTextWithoutCredentials(key))}`;
  return again.line === first.line
    ? `${named} at line ${again.line}, column ${again.column}; first at column ${first.column}`
    : `${named} at line ${again.line}; first at line ${first.line}`;
}
