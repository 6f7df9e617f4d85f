/**
 * The start-up benchmark: what starting corun costs next to Deno starting at all. hyperfine times a
 * bare `deno run` of an empty script, `corun --version`, `corun --help` and a run of two 1 ms sleeps,
 * each with the flags of `deno task corun`; `/usr/bin/time` gives each one's peak RSS. Issue #14's
 * target: `--version` at most 1.5× the bare `deno run`.
 * @module
 */
import type { CorunCli } from "./corun_cli.ts";
import { formatRatio } from "./hyperfine_report.ts";
import { timeCommand } from "./loop_suite.ts";

/** One command timed. */
export interface StartupRow {
  /** What ran (`bare deno run`, `corun --version` …), with the bundle's label for corun. */
  label: string;
  /** Median wall milliseconds. */
  medianMs: number;
  /** Mean user + system CPU milliseconds. */
  cpuMs: number;
  /** Peak RSS of one run in KiB, when `/usr/bin/time` could measure it. */
  peakRssKiB?: number;
}

/** The rows of one benchmark, bare `deno run` first. */
export interface StartupResult {
  runs: number;
  rows: StartupRow[];
}

/** Another bundle to time beside the one just built (such as the one committed before a change). */
export interface Bundle {
  /** Its name in the table (`before`, `after`). */
  name: string;
  /** How to start it. */
  cli: CorunCli;
}

interface HyperfineRun {
  command: string;
  median: number;
  user: number;
  system: number;
}

const TWO_SLEEPS = "tasks:\n  - name: a\n    sleep: 1ms\n  - name: b\n    sleep: 1ms\n";

/**
 * Times start-up with hyperfine (`-N`, 3 warm-ups, `runs` runs) in `workDir`.
 *
 * @param bundles The bundles to time, each with its own rows.
 * @param workDir Scratch folder: the empty script, the config and the runs' output go here.
 * @param runs Runs per command.
 * @returns One row per command.
 */
export async function benchStartup(
  bundles: readonly Bundle[],
  workDir: string,
  runs: number,
): Promise<StartupResult> {
  await Deno.mkdir(workDir, { recursive: true });
  const empty = `${workDir}/empty.js`;
  const config = `${workDir}/two_sleeps.yaml`;
  await Deno.writeTextFile(empty, "");
  await Deno.writeTextFile(config, TWO_SLEEPS);
  const commands: [string, string[]][] = [["bare deno run", [...bundles[0].cli.flags, empty]]];
  for (const { name, cli } of bundles) {
    const corun = [...cli.flags, cli.entry];
    commands.push(
      [`${name}: corun --version`, [...corun, "--version"]],
      [`${name}: corun --help`, [...corun, "--help"]],
      [`${name}: corun run (2 sleeps)`, [...corun, "run", config, "--out", `${workDir}/out`]],
    );
  }
  const exportPath = `${workDir}/startup.json`;
  const args = ["-N", "-w", "3", "-r", String(runs), "--export-json", exportPath];
  for (const [label, deno] of commands) args.push("-n", label, ["deno", "run", ...deno].join(" "));
  const hyperfine = await new Deno.Command("hyperfine", { args, stdout: "inherit" }).output();
  if (!hyperfine.success) {
    throw new Error(`Cannot time start-up: hyperfine exited ${hyperfine.code}`);
  }
  const timed = parseHyperfineRuns(await Deno.readTextFile(exportPath));
  const rows: StartupRow[] = [];
  for (const [label, deno] of commands) {
    const run = timed.find((entry) => entry.command === label);
    if (run === undefined) throw new Error(`Cannot time start-up: hyperfine has no "${label}"`);
    const rss = await timeCommand({ label, count: 0, command: "deno", args: ["run", ...deno] });
    rows.push({
      label,
      medianMs: run.median * 1000,
      cpuMs: (run.user + run.system) * 1000,
      ...(rss.peakRssKiB === undefined ? {} : { peakRssKiB: rss.peakRssKiB }),
    });
  }
  return { runs, rows };
}

/**
 * Reads the runs of a hyperfine `--export-json` file.
 *
 * @param json The file's text.
 * @returns Each command's name, median wall seconds and mean user and system CPU seconds.
 * @throws {SyntaxError} When the text is not a hyperfine export.
 */
export function parseHyperfineRuns(json: string): HyperfineRun[] {
  const parsed = JSON.parse(json) as { results?: HyperfineRun[] };
  if (!Array.isArray(parsed?.results)) {
    throw new SyntaxError("Cannot read hyperfine export: it has no results list");
  }
  return parsed.results.map(({ command, median, user, system }) => ({
    command,
    median,
    user,
    system,
  }));
}

/**
 * Renders the rows as a Markdown table: median wall time, CPU time, each over the bare `deno run`
 * (the first row), and peak RSS.
 *
 * @param result The benchmark's rows.
 * @returns Markdown text, ending in a newline.
 */
export function renderStartupTable(result: StartupResult): string {
  const bare = result.rows[0];
  const header = ["command", "median wall (ms)", "× bare", "CPU (ms)", "× bare", "peak RSS"];
  const rows = result.rows.map((row) => [
    row.label,
    row.medianMs.toFixed(1),
    formatRatio(row.medianMs / bare.medianMs),
    row.cpuMs.toFixed(1),
    formatRatio(row.cpuMs / bare.cpuMs),
    row.peakRssKiB === undefined ? "–" : `${(row.peakRssKiB / 1024).toFixed(1)} MiB`,
  ]);
  const align = header.map((_, index) => index === 0 ? "---" : "---:");
  return [header, align, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n") + "\n";
}
