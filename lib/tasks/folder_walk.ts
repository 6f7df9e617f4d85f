/**
 * The folders on a normalised path's way, walked from the deepest up to the first one already known:
 * the one walk of the load check (lib/config/save_tree.ts) and the run's (saved_folders.ts), so a
 * path costs a few lookups, never a comparison with every other.
 * @module
 */
import { SEPARATOR } from "./deps.ts";

/** What a step of {@linkcode newFoldersOf} returns for a folder already known: the walk ends there. */
export const KNOWN: unique symbol = Symbol("known");

/**
 * Walks the folders of `path` that end at `deepest` and before it, deepest first, up to the first
 * one `step` calls {@linkcode KNOWN} (its own folders were walked when it was taken), collecting the
 * others into `into`; stops at the first folder for which `step` returns anything else.
 *
 * @param path A normalised path.
 * @param deepest Where the deepest folder walked ends: the last separator for a file's folders,
 *   `path.length` for a folder and its own.
 * @param into Emptied, then given the new folders, deepest first (one array reused: no garbage).
 * @param step What a folder is: `KNOWN`, a conflict that ends the walk, or undefined (new).
 * @returns The conflict `step` returned; undefined when none did.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { KNOWN, newFoldersOf } from "./folder_walk.ts";
 * const folders: string[] = [];
 * newFoldersOf("a/b/c/d.html", 5, folders, (folder) => folder === "a" ? KNOWN : undefined);
 * assertEquals(folders, ["a/b/c", "a/b"]);
 * ```
 */
export function newFoldersOf<C>(
  path: string,
  deepest: number,
  into: string[],
  step: (folder: string, end: number) => C | typeof KNOWN | undefined,
): C | undefined {
  into.length = 0;
  for (let end = deepest; end > 0; end = lastSeparator(path, end - 1)) {
    const folder = path.slice(0, end);
    const found = step(folder, end);
    if (found === KNOWN) break;
    if (found !== undefined) return found as C;
    into.push(folder);
  }
  return undefined;
}

/**
 * The index of the last separator in a normalised path at or before `from`, or -1.
 *
 * @param path A normalised path (`\\` separates too where the platform's separator is it).
 * @param from Where to look back from. @default the path's last character
 * @returns The index, or -1.
 */
export function lastSeparator(path: string, from: number = path.length - 1): number {
  const slash = path.lastIndexOf("/", from);
  return SEPARATOR === "\\" ? Math.max(slash, path.lastIndexOf("\\", from)) : slash;
}

/**
 * The index of the first separator in a normalised path at or after `from`, or -1.
 *
 * @param path A normalised path (`\\` separates too where the platform's separator is it).
 * @param from Where to look from.
 * @returns The index, or -1.
 */
export function nextSeparator(path: string, from: number): number {
  const slash = path.indexOf("/", from);
  const backslash = SEPARATOR === "\\" ? path.indexOf("\\", from) : -1;
  return slash === -1 ? backslash : backslash === -1 ? slash : Math.min(slash, backslash);
}
