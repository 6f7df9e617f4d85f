/**
 * Checking that a benchmark run saved exactly the served corpus: the right number of files, no stray
 * temporary files, and a sample of them (every file when there are few) byte-identical to the source.
 * @module
 */
import type { ListEntry } from "./corun_config.ts";

/** Options for {@linkcode verifyOutput}. */
export interface VerifyOptions {
  /** Files compared at most; the first, the last, and evenly spaced ones between. @default 32 */
  sampleSize?: number;
}

/** What the check found. */
export interface VerifyReport {
  /** Files compared byte for byte. */
  compared: number;
  /** Every difference found; empty when the output matches. */
  problems: string[];
}

/** Files corun keeps in the output directory between runs: state, history, lock, metadata log and its archives. */
const BOOKKEEPING = new Set([
  ".corun-state.json",
  ".corun-history.jsonl",
  ".corun.lock",
  "corun.jsonl",
  ".corun",
]);

/**
 * Compares what a run saved in `outDir` with the corpus under `wwwDir` (the nginx root).
 *
 * @param entries The URL list the run fetched (URL path → file under `wwwDir`, name → file under `outDir`).
 * @param wwwDir The served corpus.
 * @param outDir Where the run saved the bodies.
 * @param options Sample size.
 * @returns Files compared and problems found.
 */
export async function verifyOutput(
  entries: readonly ListEntry[],
  wwwDir: string,
  outDir: string,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const problems: string[] = [];
  const names: string[] = [];
  // corun's own bookkeeping between runs is not output (leftover temporary files still count).
  for await (const item of Deno.readDir(outDir)) {
    if (!BOOKKEEPING.has(item.name)) names.push(item.name);
  }
  if (names.length !== entries.length) {
    const expected = new Set(entries.map((entry) => entry.name));
    const stray = names.filter((name) => !expected.has(name));
    problems.push(
      `${outDir} holds ${names.length} entries, expected ${entries.length}` +
        (stray.length > 0 ? ` (unexpected: ${stray.slice(0, 5).join(", ")})` : ""),
    );
  }
  const sample = sampleIndices(entries.length, options.sampleSize ?? 32);
  for (const index of sample) {
    const entry = entries[index];
    const source = `${wwwDir}${new URL(entry.url).pathname}`;
    const saved = `${outDir}/${entry.name}`;
    const { code } = await new Deno.Command("cmp", { args: ["-s", source, saved] }).output();
    if (code !== 0) problems.push(`${saved} differs from ${source} (cmp exit ${code})`);
  }
  return { compared: sample.length, problems };
}

/**
 * Indices to compare: all of them when there are at most `size`, else the first, the last and evenly
 * spaced ones between.
 *
 * @param count Entries in the list.
 * @param size Most indices wanted.
 * @returns Sorted distinct indices.
 */
export function sampleIndices(count: number, size: number): number[] {
  if (count <= size) return Array.from({ length: count }, (_, i) => i);
  const picked = new Set<number>();
  for (let i = 0; i < size; i++) picked.add(Math.round((i * (count - 1)) / (size - 1)));
  return [...picked].sort((a, b) => a - b);
}
