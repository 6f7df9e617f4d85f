/**
 * The loop benchmark: N tasks that each sleep 1 s, on corun's loop (as a library and through the CLI),
 * on native `setTimeout` promises and on Python's asyncio. Each runs in a child process under
 * `/usr/bin/time`, which gives the process's wall time and peak RSS.
 * @module
 */
import { sleepConfigYaml } from "./corun_config.ts";

/** One timed child process. */
export interface TimedRun {
  /** What ran, for the table. */
  label: string;
  /** Tasks started. */
  count: number;
  /** Whole-process wall seconds (runtime start-up included), or undefined if it failed. */
  wallSec?: number;
  /** Peak resident set size in KiB. */
  peakRssKiB?: number;
  /** Why it failed, when it did. */
  error?: string;
}

/** A command to time. */
export interface TimedCommand {
  label: string;
  count: number;
  command: string;
  args: string[];
  cwd?: string;
}

/**
 * Runs `spec` under `/usr/bin/time -f "%e %M"` and reads wall seconds and peak RSS.
 *
 * @param spec The command.
 * @returns Its timing, or the error when it exited non-zero.
 */
export async function timeCommand(spec: TimedCommand): Promise<TimedRun> {
  const timeFile = await Deno.makeTempFile({ prefix: "corun-bench-time-" });
  try {
    const output = await new Deno.Command("/usr/bin/time", {
      args: ["-f", "%e %M", "-o", timeFile, spec.command, ...spec.args],
      cwd: spec.cwd,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const base = { label: spec.label, count: spec.count };
    if (!output.success) {
      const stderr = new TextDecoder().decode(output.stderr).trim().split("\n").slice(-3).join(
        " / ",
      );
      return { ...base, error: `exit ${output.code}: ${stderr}` };
    }
    return { ...base, ...parseTimeOutput(await Deno.readTextFile(timeFile)) };
  } finally {
    await Deno.remove(timeFile);
  }
}

/**
 * Parses the `%e %M` line `/usr/bin/time` writes (it may be preceded by a "Command exited" line).
 *
 * @param text The file `-o` wrote.
 * @returns Wall seconds and peak RSS in KiB.
 * @throws {SyntaxError} When no such line is present.
 */
export function parseTimeOutput(text: string): { wallSec: number; peakRssKiB: number } {
  const line = text.trim().split("\n").at(-1) ?? "";
  const match = /^(\d+(?:\.\d+)?) (\d+)$/.exec(line);
  if (!match) throw new SyntaxError(`Cannot parse /usr/bin/time output: ${JSON.stringify(line)}`);
  return { wallSec: Number(match[1]), peakRssKiB: Number(match[2]) };
}

/**
 * Renders the loop results: one row per runner and task count. The last column is the marginal memory
 * per task between a runner's smaller and larger counts, which leaves the runtime's own footprint out.
 *
 * @param runs Timed runs.
 * @param sleepSec How long each task slept (subtracted for the overhead column).
 * @returns Markdown text.
 */
export function renderLoopTable(runs: readonly TimedRun[], sleepSec = 1): string {
  const header = ["runner", "tasks", "wall (s)", "wall − sleep (s)", "peak RSS", "bytes/task"];
  const rows = runs.map((run) => {
    if (run.wallSec === undefined || run.peakRssKiB === undefined) {
      return [run.label, run.count.toLocaleString("en"), `failed: ${run.error ?? "?"}`, "", "", ""];
    }
    const smaller = runs.find((other) =>
      other.label === run.label && other.count < run.count && other.peakRssKiB !== undefined
    );
    const marginal = smaller
      ? ((run.peakRssKiB - smaller.peakRssKiB!) * 1024) / (run.count - smaller.count)
      : undefined;
    return [
      run.label,
      run.count.toLocaleString("en"),
      run.wallSec.toFixed(2),
      (run.wallSec - sleepSec).toFixed(2),
      `${(run.peakRssKiB / 1024).toFixed(0)} MiB`,
      marginal === undefined ? "–" : marginal.toFixed(0),
    ];
  });
  const align = header.map((_, index) => index < 1 ? "---" : "---:");
  return [header, align, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n") + "\n";
}

/** Options for {@linkcode runLoopSuite}. */
export interface LoopSuiteOptions {
  /** Task counts for the library runners. @default [100_000, 1_000_000] */
  counts?: number[];
  /** Sleep tasks in the CLI config, or 0 to skip it. @default 100_000 */
  cliSleepCount?: number;
  /** The argv that runs corun's CLI on a config, or undefined to skip the CLI row. */
  corunCli?: (configPath: string) => string[];
  /** Where the generated config goes. */
  workDir: string;
}

/**
 * Runs every loop benchmark one after the other (never at once: each wants the whole machine).
 *
 * @param options Counts, the CLI's command and a scratch folder.
 * @returns One timed run per runner and count.
 */
export async function runLoopSuite(options: LoopSuiteOptions): Promise<TimedRun[]> {
  const here = new URL(".", import.meta.url).pathname;
  const deno = Deno.execPath();
  const python = await findPython();
  const commands: TimedCommand[] = [];
  for (const count of options.counts ?? [100_000, 1_000_000]) {
    const n = String(count);
    commands.push(
      {
        label: "corun loop, startChild",
        count,
        command: deno,
        args: ["run", "-A", `${here}loop_sleep.ts`, n, "start"],
      },
      {
        label: "corun loop, group.spawn",
        count,
        command: deno,
        args: ["run", "-A", `${here}loop_sleep.ts`, n, "spawn"],
      },
      {
        label: "Deno setTimeout promises",
        count,
        command: deno,
        args: ["run", "-A", `${here}loop_settimeout.ts`, n],
      },
    );
    if (python) {
      commands.push({
        label: `Python ${python.version} asyncio`,
        count,
        command: python.path,
        args: [`${here}loop_asyncio.py`, n],
      });
    }
  }
  const cliCount = options.cliSleepCount ?? 100_000;
  if (cliCount > 0 && options.corunCli) {
    await Deno.mkdir(options.workDir, { recursive: true });
    const configPath = `${options.workDir}/sleep-${cliCount}.yaml`;
    await Deno.writeTextFile(configPath, sleepConfigYaml(cliCount, "1s"));
    const [command, ...args] = options.corunCli(configPath);
    commands.push({ label: "corun CLI, YAML of sleep: 1s tasks", count: cliCount, command, args });
  }
  const runs: TimedRun[] = [];
  for (const command of commands) {
    const run = await timeCommand(command);
    const shown = run.wallSec === undefined
      ? `failed (${run.error})`
      : `${run.wallSec.toFixed(2)} s, ${((run.peakRssKiB ?? 0) / 1024).toFixed(0)} MiB`;
    console.log(`loop: ${command.label}, ${command.count.toLocaleString("en")} tasks: ${shown}`);
    runs.push(run);
  }
  return runs;
}

async function findPython(): Promise<{ path: string; version: string } | undefined> {
  try {
    const output = await new Deno.Command("python3", {
      args: ["-c", "import sys; print(sys.executable, '%d.%d' % sys.version_info[:2])"],
      stdout: "piped",
      stderr: "null",
    }).output();
    if (!output.success) return undefined;
    const [path, version] = new TextDecoder().decode(output.stdout).trim().split(" ");
    return { path, version };
  } catch {
    return undefined; // no python3 on PATH
  }
}
