/**
 * What corun's own bookkeeping costs: one workload fetched by corun with its defaults (metadata log
 * and state on), with `metadata: false`, with `--no-state`, and with both off, run in turns (the
 * targets of issue #12: each within 5% of the defaults); what opt-in HTTP/1.1 pipelining
 * (`pipeline: 8`) changes; and what the live view costs (#12: under 5%): drawn on a pseudo-terminal
 * (util-linux's `script`), against the defaults' `--quiet` run on the same kind of terminal, so that
 * starting `script` and `stty` (about 20 ms) is not counted as the view's. Two programs that are not
 * corun run in the same rounds: the shared floor (`deno-raw-floor`) and the duties floor
 * (`duties_floor.ts`: the floor doing corun's per-fetch duties inline), so that the table splits
 * corun's distance to the floor into what the work costs and what corun's own code costs.
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
  /**
   * Not corun but a reference program on the same list: the shared floor, or the duties floor
   * (`metadata` and `noState` are then its duties).
   */
  reference?: "floor" | "duties";
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
  { name: "floor", label: "floor", metadata: false, noState: true, reference: "floor" },
  {
    name: "duties floor",
    label: "duties floor",
    metadata: true,
    noState: false,
    reference: "duties",
  },
];

/** The duties floor, beside this file. */
const DUTIES_FLOOR = new URL("./duties_floor.ts", import.meta.url).pathname;

/**
 * The command that runs a reference program on a workload's list, saving into `outDir`.
 *
 * @param setting A setting with a `reference`.
 * @param paths Where things are.
 * @param workload What to fetch.
 * @returns The program and its arguments.
 */
export function referenceCommand(
  setting: CorunSetting,
  paths: Pick<BenchPaths, "sharedDir" | "benchDir" | "outDir">,
  workload: Workload,
): string[] {
  const script = setting.reference === "floor"
    ? `${paths.sharedDir}/deno_raw_floor.ts`
    : DUTIES_FLOOR;
  const list = `${paths.benchDir}/lists/${workload.corpus}-${workload.scheme}.tsv`;
  return [
    Deno.execPath(),
    "run",
    "-A",
    script,
    list,
    paths.outDir,
    String(workload.concurrency),
    ...(workload.scheme === "https" ? ["--ca", `${paths.benchDir}/ca.pem`] : []),
    ...(setting.reference === "duties" && !setting.metadata ? ["--no-metadata"] : []),
    ...(setting.reference === "duties" && setting.noState ? ["--no-state"] : []),
  ];
}

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
  /** Every round's wall seconds by setting name, in round order (costs pair them by round). */
  roundsSec: Map<string, number[]>;
}

/**
 * Times corun on `workload` under every setting, interleaved: each round runs every setting once (in
 * an order rotated round by round, see {@linkcode roundOrder}), so
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
    if (setting.reference !== undefined) continue;
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
    for (const setting of roundOrder(SETTINGS, round)) {
      await Deno.remove(paths.outDir, { recursive: true }).catch(() => {});
      await Deno.mkdir(paths.outDir, { recursive: true });
      const [command, ...args] = setting.reference !== undefined
        ? referenceCommand(setting, paths, workload)
        : settingCommand(setting, [
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
        const what = setting.reference === undefined ? `corun (${setting.name})` : setting.name;
        throw new Error(`Cannot time ${what} on ${workload.id}: exit ${run.code}`);
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
    roundsSec: times,
  };
}

/**
 * The settings in the order round `round` runs them: each round starts one later, so that no setting
 * always runs first (after the harness's own work). A rotation keeps their cycle: each still follows
 * the same other one, but in the round it starts.
 *
 * @param settings The settings.
 * @param round The round's number, from 0.
 * @returns The same settings, rotated.
 */
export function roundOrder<T>(settings: readonly T[], round: number): T[] {
  const start = round % settings.length;
  return [...settings.slice(start), ...settings.slice(0, start)];
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
 * over the defaults' `--quiet` one on the same kind of terminal, minus one); then what the duties
 * cost written inline (the duties floor over the floor) and what corun's own code costs for the
 * same work (the defaults over the duties floor). Each cost is the median of the rounds' own
 * ratios, with their middle half in brackets (see {@linkcode pairedCost}).
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
    "duties cost (inline)",
    "corun's code costs",
  ];
  const rows = results.map((result) => {
    const rounds = (name: string) => result.roundsSec.get(name);
    const cost = (withIt: string, without: string) =>
      formatPairedCost(pairedCost(rounds(withIt), rounds(without)));
    return [
      `${result.id} (${result.label})`,
      ...SETTINGS.map((setting) => formatSeconds(result.mediansSec.get(setting.name))),
      cost("defaults", "metadata off"),
      cost("defaults", "state off"),
      cost("pipeline 8", "defaults"),
      cost("live view", "quiet on a terminal"),
      cost("duties floor", "floor"),
      cost("defaults", "duties floor"),
    ];
  });
  const align = header.map((_, index) => index === 0 ? "---" : "---:");
  return [header, align, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n") + "\n";
}

/** What one setting costs over another: the median and the middle half of the rounds' ratios. */
export interface PairedCost {
  /** Median of `with / without - 1` over the rounds. */
  median: number;
  /** Its first quartile. */
  low: number;
  /** Its third quartile. */
  high: number;
}

/**
 * What `withIt` costs over `without`, round by round: the two ran in the same round, a few seconds
 * apart, so each round's ratio leaves out the machine's drift between rounds, which the ratio of two
 * medians keeps. The middle half of the ratios says how far one round's figure can be trusted.
 *
 * @param withIt Seconds of each round with the feature.
 * @param without Seconds of each round without it (as many).
 * @returns The cost, or undefined when either is missing or their rounds differ.
 */
export function pairedCost(
  withIt: readonly number[] | undefined,
  without: readonly number[] | undefined,
): PairedCost | undefined {
  if (!withIt || !without || withIt.length === 0 || withIt.length !== without.length) {
    return undefined;
  }
  if (without.some((seconds) => seconds <= 0)) return undefined;
  const ratios = withIt.map((seconds, round) => seconds / without[round] - 1);
  return {
    median: median(ratios),
    low: quantile(ratios, 0.25),
    high: quantile(ratios, 0.75),
  };
}

/**
 * A cost as `+4.2% (+1.0…+7.9%)`: the median, then the middle half of the rounds.
 *
 * @param cost The cost, or undefined.
 * @returns The text, or a dash when there is no cost.
 */
export function formatPairedCost(cost: PairedCost | undefined): string {
  if (cost === undefined) return "–";
  return `${formatPercent(cost.median)} (${formatPercent(cost.low)}…${formatPercent(cost.high)})`;
}

/** `+4.2%` / `−2.0%` from a fraction. */
function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  return `${percent >= 0 ? "+" : "−"}${Math.abs(percent).toFixed(1)}%`;
}

/**
 * The `q` quantile of some numbers, interpolated between the two nearest (as a spreadsheet's
 * QUARTILE.INC does).
 *
 * @param values At least one number.
 * @param q Between 0 and 1.
 * @returns The quantile.
 */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const below = Math.floor(at);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (at - below);
}
