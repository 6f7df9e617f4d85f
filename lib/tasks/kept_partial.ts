/**
 * How a fetch cancelled mid-body with `resume: true` tells what it left for the next run: one
 * wording for its metadata line and its task's line.
 * @module
 */
import type { FetchItem } from "./fetch_item.ts";
import type { KeptPartial } from "./report.ts";

/**
 * What a cancelled fetch's line and its task's line say of the partial kept for the next run.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { keptPartialText } from "./kept_partial.ts";
 * assertEquals(
 *   keptPartialText({ path: "isos/.a.iso.corun-partial", bytes: 4096 }),
 *   "4096 bytes are kept in isos/.a.iso.corun-partial for the next run to continue",
 * );
 * ```
 *
 * @param kept The partial, its path under the output directory.
 * @param count How the count is written (`1,234` in the views that group digits).
 * @returns The words, without a leading separator.
 */
export function keptPartialText(
  kept: KeptPartial,
  count: (n: number) => string = String,
): string {
  const bytes = `${count(kept.bytes)} ${kept.bytes === 1 ? "byte is" : "bytes are"}`;
  return `${bytes} kept in ${kept.path} for the next run to continue`;
}

/**
 * The partial of `resume: true` a cancelled fetch leaves for the next run to continue: its own, or
 * one an earlier run left that this attempt had not replaced yet. None when it holds no byte.
 *
 * @param item The fetch, once its attempt was cancelled.
 * @returns The partial's path under the output directory and its size, or undefined.
 */
export function keptForNextRun(item: FetchItem): KeptPartial | undefined {
  const partial = item.partial;
  if (partial === undefined || !partial.named || partial.bytes === 0) return undefined;
  return { path: partial.path, bytes: partial.bytes };
}
