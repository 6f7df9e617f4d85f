/**
 * Reading hyperfine's JSON exports and turning them into the Markdown table of medians and ratios.
 * @module
 */

/**
 * The commands `../shared/bench/run.sh` times, in the table's column order. `deno-raw-floor` is no
 * peer but the floor: a bare TypeScript client on Deno's sockets.
 */
export const PEERS = [
  "curl",
  "aria2c",
  "deno-fetch",
  "deno-raw-floor",
  "node-fetch",
  "aiohttp",
] as const;

/** The name corun runs under in hyperfine (`EXTRA_NAME`). */
export const CORUN = "corun";

/** One workload's outcome. */
export interface WorkloadResult {
  /** Workload id, such as `small-http`. */
  id: string;
  /** What the corpus is and the concurrency, for the table. */
  label: string;
  /** Median wall seconds by command name. */
  mediansSec: Map<string, number>;
  /** Largest peak RSS of corun over its runs, in KiB, when measured. */
  corunPeakRssKiB?: number;
  /** Peak RSS of one run of the Deno fetch peer, in KiB, for comparison. */
  denoFetchPeakRssKiB?: number;
  /** Whether corun's output matched the corpus byte for byte. */
  verified?: boolean;
}

interface HyperfineExport {
  results: { command: string; median: number }[];
}

/**
 * Reads the median of every command in a hyperfine `--export-json` file.
 *
 * @param json The file's text.
 * @returns Median seconds by command name (`-n` name when given).
 * @throws {SyntaxError} When the text is not a hyperfine export.
 */
export function parseHyperfineMedians(json: string): Map<string, number> {
  const parsed = JSON.parse(json) as HyperfineExport;
  if (!Array.isArray(parsed?.results)) {
    throw new SyntaxError("Cannot read hyperfine export: it has no results list");
  }
  return new Map(parsed.results.map((result) => [result.command, result.median]));
}

/**
 * corun's median divided by a peer's: below 1 means corun was faster.
 *
 * @param medians Median seconds by command name.
 * @param peer The peer to compare with.
 * @returns The ratio, or undefined when either median is missing.
 */
export function ratioTo(medians: Map<string, number>, peer: string): number | undefined {
  const corun = medians.get(CORUN);
  const other = medians.get(peer);
  return corun === undefined || other === undefined || other === 0 ? undefined : corun / other;
}

/**
 * Renders the results as a Markdown table: one row per workload, medians in seconds for every command
 * present, then corun/curl, corun/floor (when the floor ran), corun/deno-fetch, peak RSS of corun and
 * of Deno's fetch, and the check of corun's output.
 *
 * @param results One entry per workload, in table order.
 * @returns Markdown text, ending in a newline.
 */
export function renderResultsTable(results: readonly WorkloadResult[]): string {
  const commands = [...PEERS, CORUN].filter((name) =>
    results.some((result) => result.mediansSec.has(name))
  );
  const floor = commands.includes("deno-raw-floor");
  const header = [
    "workload",
    ...commands.map((name) => `${name} (s)`),
    "corun/curl",
    ...(floor ? ["corun/floor"] : []),
    "corun/deno-fetch",
    "peak RSS corun / deno-fetch",
    "output",
  ];
  const rows = results.map((result) => [
    `${result.id} (${result.label})`,
    ...commands.map((name) => formatSeconds(result.mediansSec.get(name))),
    formatRatio(ratioTo(result.mediansSec, "curl")),
    ...(floor ? [formatRatio(ratioTo(result.mediansSec, "deno-raw-floor"))] : []),
    formatRatio(ratioTo(result.mediansSec, "deno-fetch")),
    `${formatMiB(result.corunPeakRssKiB)} / ${formatMiB(result.denoFetchPeakRssKiB)}`,
    result.verified === undefined ? "–" : result.verified ? "identical" : "DIFFERS",
  ]);
  const align = header.map((_, index) => index === 0 ? "---" : "---:");
  return [header, align, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n") + "\n";
}

/** Seconds with three significant decimals, or a dash when missing. */
export function formatSeconds(seconds: number | undefined): string {
  return seconds === undefined ? "–" : seconds.toFixed(3);
}

/** KiB as whole MiB, or a dash when missing. */
export function formatMiB(kib: number | undefined): string {
  return kib === undefined ? "–" : `${(kib / 1024).toFixed(0)} MiB`;
}

/** A ratio as `1.23×`, or a dash when missing. */
export function formatRatio(ratio: number | undefined): string {
  return ratio === undefined ? "–" : `${ratio.toFixed(2)}×`;
}
