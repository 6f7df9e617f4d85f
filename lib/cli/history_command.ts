/**
 * `corun history CONFIG`: the runs of the config recorded in its output directory's run history,
 * newest last (another config's runs there are left out), then those its marks show without a line
 * yet: still running, or ended without one (killed) and not yet recorded by a later run.
 * @module
 */
import { unreadableFlag } from "./flag_problem.ts";
import {
  type CommandSpec,
  CONFIG_ARGUMENT,
  CONFIG_LIMIT_OPTIONS,
  flagOf,
  textOf,
} from "./command.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { describeDamagedLines, describeNoRuns, renderHistory } from "./history_render.ts";
import { loadOrExplain } from "./load_step.ts";
import { runFilesOf, shownConfigOf } from "./unattended_files.ts";
import { messageOf } from "../loop/mod.ts";
import { type DamagedHistoryLine, type HistoryRun, unrecordedRuns } from "../schedule/mod.ts";

const DEFAULT_LIMIT = 20;

/**
 * The `history` command. Reads `<outDir>/.corun-history.jsonl` and the marks of runs going on
 * (`.corun/running/`); nothing is written.
 */
export const historyCommand: CommandSpec = {
  name: "history",
  summary: "show the recorded runs of a config (start, duration, exit code, counts)",
  arguments: [CONFIG_ARGUMENT],
  options: [
    { flags: "--limit <n>", description: "show the last N runs", default: String(DEFAULT_LIMIT) },
    { flags: "--json", description: "print the runs as a JSON array" },
    {
      flags: "--out <dir>",
      description: "read the history of DIR instead of the config's outDir",
      isPath: true,
    },
    ...CONFIG_LIMIT_OPTIONS,
  ],
  async execute(invocation, host) {
    const limitText = textOf(invocation, "limit");
    const limit = limitText === undefined ? DEFAULT_LIMIT : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || !/^\d+$/.test(limitText ?? "1")) {
      host.stderr.write(
        `${unreadableFlag("--limit", `expected a whole number from 1, got "${limitText}"`)}\n`,
      );
      return EXIT_CODES.usage;
    }
    const location = invocation.args[0];
    // Its output directory only: a history is read where the credentials may not be.
    const config = await loadOrExplain(location, host, invocation, "skip");
    if (config === undefined) return EXIT_CODES.usage;
    const { historyPath, configId, outDir } = runFilesOf(config, textOf(invocation, "out"));
    // Looked at before the history: a run that ends in between is found there, not missed by both.
    const marked = host.readUnfinishedRuns(outDir, configId);
    let entries: HistoryRun[];
    const damaged: DamagedHistoryLine[] = [];
    const others = new Set<string>(); // the configs of the runs read past: whose runs these are
    try {
      // From the file's end back to this config's `limit`-th newest run: a history shared with
      // many configs can hold hundreds of thousands of lines, and the rest are not read.
      entries = await host.readHistory(historyPath, limit, {
        config: configId,
        onDamagedLine: (damage) => damaged.push(damage),
        onOtherConfigRun: (run) => others.add(run.config!),
      });
    } catch (error) {
      const reason = messageOf(error);
      host.stderr.write(`Cannot read the run history "${historyPath}": ${reason}\n`);
      return EXIT_CODES.taskFailed;
    }
    if (damaged.length > 0) host.stderr.write(describeDamagedLines(historyPath, damaged));
    // A run whose line came after its mark was looked at is shown by its line.
    entries = [...entries, ...unrecordedRuns(marked, entries)].slice(-limit);
    if (flagOf(invocation, "json")) {
      host.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    } else if (entries.length === 0) {
      const shown = configId === undefined ? undefined : shownConfigOf(configId, outDir);
      const theirs = [...others].map((other) => shownConfigOf(other, outDir));
      host.stdout.write(describeNoRuns(historyPath, shown, theirs));
    } else {
      host.stdout.write(renderHistory(entries));
    }
    return EXIT_CODES.ok;
  },
};
