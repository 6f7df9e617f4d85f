/**
 * Picks how a run is shown: live on a terminal, plain lines elsewhere (cron, CI, pipes, NO_COLOR,
 * `TERM=dumb`), or only at the end with `--json` / `--quiet`.
 * @module
 */
import type { ConfigSpec } from "../tasks/mod.ts";
import type { CliHost, TextSink } from "./cli_host.ts";
import { JsonView, QuietView } from "./final_views.ts";
import { isStdoutSave } from "../sinks/mod.ts";
import { describeTask } from "./format.ts";
import { LiveView } from "./live_view.ts";
import { PlainLog } from "./plain_log.ts";
import type { RunView } from "./run_view.ts";

/** The four ways a run can be shown. */
export type OutputMode = "json" | "quiet" | "live" | "plain";

/** What the user asked for on the command line. */
export interface OutputRequest {
  /** `--json`: the report as JSON at the end. */
  json: boolean;
  /** `--quiet`: the summary alone at the end. */
  quiet: boolean;
  /** `--log -`: the plain timestamped lines, also on a terminal. */
  plainLines?: boolean;
}

/**
 * Chooses the output mode. `--json` wins over `--quiet`; a live view needs a terminal that can move
 * its cursor (not `TERM=dumb`: an editor's shell buffer, a serial console) and colors, and no
 * `--log -` (which asks for the plain lines there).
 *
 * @param request The `--json`, `--quiet` and `--log -` flags.
 * @param host Whether stdout is a terminal, whether NO_COLOR is set, and `TERM`.
 * @returns The mode.
 */
export function chooseOutputMode(
  request: OutputRequest,
  host: Pick<CliHost, "isTerminal" | "noColor" | "term">,
): OutputMode {
  if (request.json) return "json";
  if (request.quiet) return "quiet";
  if (request.plainLines) return "plain";
  return host.isTerminal() && !host.noColor() && host.term() !== "dumb" ? "live" : "plain";
}

/**
 * Whether a task of the config writes its body to standard output (`save: "-"`): stdout is then the
 * body's alone, and the run is shown on stderr.
 *
 * @param config The config being run.
 * @returns True when some task saves to `-`.
 */
export function savesToStdout(config: ConfigSpec): boolean {
  return config.tasks.some((task) => task.kind === "fetch" && isStdoutSave(task.save));
}

/** Where a view goes. */
export interface ViewOptions {
  /**
   * Standard output holds something else (a `save: "-"` body, `--trace -`, see `std_stream.ts`).
   * @default whether a task of the config saves to `-`
   */
  stdoutTaken?: boolean;
  /**
   * The run's metadata log (absolute), which a view names for the failed fetches it does not list
   * one by one; undefined with `metadata: false`.
   */
  metadataPath?: string;
}

/**
 * Creates the view for a mode. When standard output holds something else (a task's body with
 * `save: "-"`, the trace with `--trace -`), every view writes to stderr instead, and a live view
 * becomes plain lines (a frame redrawn over a body on one terminal would garble both).
 *
 * @param mode From {@linkcode chooseOutputMode}.
 * @param config The config being run (task descriptions for the log).
 * @param host Output, clock, terminal size and timer.
 * @param options Whether stdout is taken.
 * @returns A view; dispose it when the run ends.
 */
export function createView(
  mode: OutputMode,
  config: ConfigSpec,
  host: CliHost,
  options: ViewOptions = {},
): RunView {
  const bodyOnStdout = options.stdoutTaken ?? savesToStdout(config);
  const out = bodyOnStdout ? host.stderr : host.stdout;
  switch (bodyOnStdout && mode === "live" ? "plain" : mode) {
    case "json":
      return createJsonView(config, host, { stdoutTaken: bodyOnStdout });
    case "quiet":
      return new QuietView(out, host.stderr, options.metadataPath);
    case "live":
      return new LiveView(out, {
        columns: host.columns,
        rows: host.rows,
        every: host.every,
        stderr: host.stderr,
        metadataPath: options.metadataPath,
        // A task's or a callback's console.log would be drawn over.
        console: globalThis.console,
      });
    case "plain":
      return new PlainLog(out, {
        now: host.now,
        // On stderr already: a second sink there would write each warning twice.
        warnings: bodyOnStdout ? undefined : host.stderr,
        describe: describerOf(config),
        metadataPath: options.metadataPath,
      });
  }
}

/** Where the view of `--json` goes. */
export interface JsonViewOptions extends ViewOptions {
  /**
   * Where its warnings go as they happen: none when `--log -` puts the log, warnings and all, on
   * stderr. @default stderr
   */
  warnings?: TextSink;
}

/**
 * Creates the view of `--json`: on stdout, or on stderr when a task writes its body to stdout.
 *
 * @param config The config being run.
 * @param host Its streams.
 * @param options Whether stdout is taken, and where warnings go.
 * @returns The view.
 */
export function createJsonView(
  config: ConfigSpec,
  host: Pick<CliHost, "stdout" | "stderr">,
  options: JsonViewOptions = {},
): JsonView {
  const stdoutTaken = options.stdoutTaken ?? savesToStdout(config);
  return new JsonView(stdoutTaken ? host.stderr : host.stdout, options.warnings ?? host.stderr);
}

/**
 * Creates the view of a `--log` file: plain lines, the warnings among them.
 *
 * @param config The config being run.
 * @param log The log file.
 * @param now Wall-clock time for the timestamps.
 * @param metadataPath The run's metadata log, if it keeps one (see `ViewOptions`).
 * @returns A plain view writing to `log`.
 */
export function createLogView(
  config: ConfigSpec,
  log: TextSink,
  now: () => Date,
  metadataPath?: string,
): RunView {
  return new PlainLog(log, { now, describe: describerOf(config), metadataPath });
}

/** Describes a task when its start line is written: no string per task lives through the run. */
function describerOf(config: ConfigSpec): (name: string) => string | undefined {
  const tasks = new Map(config.tasks.map((task) => [task.name, task]));
  return (name) => {
    const task = tasks.get(name);
    return task === undefined ? undefined : describeTask(task);
  };
}
