/**
 * What corun's own bookkeeping costs: one workload fetched by corun with its defaults (metadata log
 * and state on), with `metadata: false`, with `--no-state`, and with both off, run in turns (the
 * targets of issue #12: each within 5% of the defaults); what opt-in HTTP/1.1 pipelining
 * (`pipeline: 8`) changes; and what the live view costs (#12: under 5%): drawn on a pseudo-terminal
 * (util-linux's `script`), against the defaults' `--quiet` run on the same kind of terminal, so that
 * starting `script` and `stty` (about 20 ms) is not counted as the view's.
 * @module
 */
import { formatSeconds } from "./hyperfine_report.ts";
import { type BenchPaths, corunArgs, shellQuote, writeWorkloadConfig } from "./peer_suite.ts";
import type { Workload } from "./workloads.ts";

/** One way of running corun on a workload. */
export interface CorunSetting {
  /** Its name in the console. */
  name: string;
  /** The table's column. */
  label: string;
  /** The config keeps the metadata log. */
  metadata: boolean;
  /** `--no-state` on the command line. */
  noState: boolean;
  /** `defaults.pipeline`, when set. */
  pipeline?: number;
  /**
   * Run on a pseudo-terminal: `quiet` with `--quiet`, `live` without it, so the live view draws its
   * frame.
   */
  terminal?: "quiet" | "live";
}

/** The settings, defaults first. */
export const SETTINGS: readonly CorunSetting[] = [
  { name: "defaults", label: "defaults", metadata: true, noState: false },
  { name: "metadata off", label: "metadata: false", metadata: false, noState: false },
  { name: "state off", label: "--no-state", metadata: true, noState: true },
  { name: "both off", label: "both off", metadata: false, noState: true },
  { name: "pipeline 8", label: "pipeline: 8", metadata: true, noState: false, pipeline: 8 },
  {
    name: "quiet on a terminal",
    label: "--quiet on a terminal",
    metadata: true,
    noState: false,
    terminal: "quiet",
  },
  { name: "live view", label: "live view", metadata: true, noState: false, terminal: "live" },
];

/** The live view's terminal: wide enough for its lines, as tall as a laptop's. */
const TERMINAL_SIZE = "cols 160 rows 40";

/**
 * The command that runs corun in one setting: as given, or on a pseudo-terminal (`script`, whose
 * copy of the screen goes to /dev/null), without `--quiet` for the live view.
 *
 * @param setting The setting.
 * @param command corun's command line, `--quiet` included.
 * @returns The program and its arguments.
 */
export function settingCommand(setting: CorunSetting, command: readonly string[]): string[] {
  if (setting.terminal === undefined) return [...command];
  const shown = command.filter((arg) => setting.terminal === "quiet" || arg !== "--quiet")
    .map(shellQuote).join(" ");
  return ["script", "-qfec", `stty ${TERMINAL_SIZE}; exec ${shown}`, "/dev/null"];
}

/** Medians of one workload under each setting. */
export interface SettingsResult {
  /** Workload id. */
  id: string;
  /** What the corpus is and the concurrency. */
  label: string;
  /** Median wall seconds by setting name. */
  mediansSec: Map<string, number>;
}

/**
 * Times corun on `workload` under every setting, interleaved: each round runs every setting once, so
 * a machine that speeds up or slows down during the benchmark moves every column alike (hyperfine
 * runs one command's runs back to back, and a few percent of drift would read as a cost). One
 * warm-up round, then `runs` rounds; the output folder is emptied before every run, so each run
 * starts without state or metadata.
 *
 * @param workload What to fetch.
 * @param paths Where things are.
 * @param runs Rounds.
 * @returns The medians.
 */
export async function benchSettings(
  workload: Workload,
  paths: BenchPaths,
  runs: number,
): Promise<SettingsResult> {
  const configs = new Map<CorunSetting, string>();
  for (const setting of SETTINGS) {
    const { configPath } = await writeWorkloadConfig(
      workload,
      paths,
      setting.metadata,
      setting.pipeline,
    );
    configs.set(setting, configPath);
  }
  const times = new Map<string, number[]>(SETTINGS.map((setting) => [setting.name, []]));
  for (let round = 0; round <= runs; round++) {
    for (const setting of SETTINGS) {
      await Deno.remove(paths.outDir, { recursive: true }).catch(() => {});
      await Deno.mkdir(paths.outDir, { recursive: true });
      const [command, ...args] = settingCommand(setting, [
        ...corunArgs(paths, configs.get(setting)!),
        ...(setting.noState ? ["--no-state"] : []),
        "--out",
        paths.outDir,
      ]);
      const started = performance.now();
      const run = await new Deno.Command(command, { args, stdout: "null", stderr: "inherit" })
        .output();
      const seconds = (performance.now() - started) / 1000;
      if (!run.success) {
        throw new Error(`Cannot time corun (${setting.name}) on ${workload.id}: exit ${run.code}`);
      }
      if (round > 0) times.get(setting.name)!.push(seconds);
    }
    if (round > 0) console.log(`round ${round}/${runs}: ${describeRound(times)}`);
  }
  await Deno.remove(paths.outDir, { recursive: true }).catch(() => {});
  return {
    id: workload.id,
    label: `${workload.label}, c=${workload.concurrency}`,
    mediansSec: new Map([...times].map(([name, seconds]) => [name, median(seconds)])),
  };
}

/** The last time of every setting, for the console. */
function describeRound(times: ReadonlyMap<string, number[]>): string {
  return [...times].map(([name, seconds]) => `${name} ${seconds.at(-1)!.toFixed(3)} s`).join(", ");
}

/**
 * The median of some numbers (the mean of the middle two for an even count).
 *
 * @param values At least one number.
 * @returns The median.
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Renders the settings as a Markdown table: medians per setting, then what the metadata log and the
 * state cost (the defaults over the run without it, minus one), what pipelining changes (its
 * run over the defaults, minus one: below zero is faster) and what the live view costs (its run
 * over the defaults' `--quiet` one on the same kind of terminal, minus one).
 *
 * @param results One entry per workload.
 * @returns Markdown text, ending in a newline.
 */
export function renderSettingsTable(results: readonly SettingsResult[]): string {
  const header = [
    "workload",
    ...SETTINGS.map((setting) => `${setting.label} (s)`),
    "metadata costs",
    "state costs",
    "pipeline: 8 changes",
    "live view costs",
  ];
  const rows = results.map((result) => {
    const median = (name: string) => result.mediansSec.get(name);
    return [
      `${result.id} (${result.label})`,
      ...SETTINGS.map((setting) => formatSeconds(median(setting.name))),
      formatCost(median("defaults"), median("metadata off")),
      formatCost(median("defaults"), median("state off")),
      formatCost(median("pipeline 8"), median("defaults")),
      formatCost(median("live view"), median("quiet on a terminal")),
    ];
  });
  const align = header.map((_, index) => index === 0 ? "---" : "---:");
  return [header, align, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n") + "\n";
}

/**
 * How much longer `withIt` took than `without`, as `+4.2%`.
 *
 * @param withIt Median with the feature.
 * @param without Median without it.
 * @returns The difference in percent, or a dash when either is missing.
 */
export function formatCost(withIt: number | undefined, without: number | undefined): string {
  if (withIt === undefined || without === undefined || without === 0) return "–";
  const percent = (withIt / without - 1) * 100;
  return `${percent >= 0 ? "+" : "−"}${Math.abs(percent).toFixed(1)}%`;
}
