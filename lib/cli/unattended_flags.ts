/**
 * The options of runs nobody watches, shared by `run` and `schedule`: `--log`, `--max-failures`,
 * `--state` / `--no-state`, `--trace`.
 * @module
 */
import { type Invocation, type OptionSpec, textOf } from "./command.ts";
import type { FlagFile } from "./flag_files.ts";
import { type FailureTolerance, NO_FAILURES, parseMaxFailures } from "./max_failures.ts";
import { fileOf } from "./std_stream.ts";

/**
 * The options, as `run` or `schedule` declares them: a schedule's `--trace` names one file per run,
 * and neither `--trace -` nor `--json` holds a schedule's standard output.
 *
 * @param command The command that declares them.
 * @returns Its options.
 */
export function unattendedOptions(command: "run" | "schedule"): OptionSpec[] {
  const run = command === "run";
  return [
    {
      flags: "--log <file>",
      description: "also append the plain timestamped lines to FILE; - shows them on stdout " +
        (run
          ? '(stderr when stdout holds a save: "-" body, --trace - or --json)'
          : '(stderr when stdout holds a save: "-" body)'),
      isPath: true,
      takesStdStream: true,
    },
    {
      flags: "--max-failures <n>",
      description:
        "exit 0 when at most N tasks (or N% of them) fail, are skipped or are cancelled (default 0)",
    },
    {
      flags: "--state <path>",
      description: "keep ETag / Last-Modified state between runs in PATH (default: in the outDir)",
      isPath: true,
    },
    { flags: "--no-state", description: "keep no state between runs (no conditional requests)" },
    {
      flags: "--trace <file>",
      description: run
        ? "write a trace of the run to FILE (Chrome trace JSON; corun report FILE draws it), " +
          "or with - to stdout (the run is shown on stderr)"
        : "write a trace of each run beside FILE, named with its run id (trace.json: " +
          "trace.<run id>.json; Chrome trace JSON, which corun report draws)",
      isPath: true,
      takesStdStream: true,
    },
  ];
}

/** What the options ask for. */
export interface UnattendedFlags {
  logPath?: string;
  tolerance: FailureTolerance;
  /** A state file, false for none, undefined for the runner's default. */
  state?: string | false;
  /** `--trace`: where the run's trace goes. */
  tracePath?: string;
}

/**
 * Reads the options.
 *
 * @param invocation The parsed command line.
 * @returns The flags.
 * @throws {RangeError} When `--max-failures` is not a count or a percentage.
 * @example
 * ```ts
 * import { readUnattendedFlags } from "./unattended_flags.ts";
 * readUnattendedFlags({ args: [], options: { maxFailures: "5%", state: false } });
 * // { tolerance: { kind: "percent", percent: 5 }, state: false }
 * ```
 */
export function readUnattendedFlags(invocation: Invocation): UnattendedFlags {
  const flags: UnattendedFlags = { tolerance: NO_FAILURES };
  const logPath = textOf(invocation, "log");
  if (logPath !== undefined) flags.logPath = logPath;
  const maxFailures = textOf(invocation, "maxFailures");
  if (maxFailures !== undefined) flags.tolerance = parseMaxFailures(maxFailures);
  const state = invocation.options.state;
  if (typeof state === "string" || state === false) flags.state = state;
  const tracePath = textOf(invocation, "trace");
  if (tracePath !== undefined) flags.tracePath = tracePath;
  return flags;
}

/**
 * The files the options name for corun to write, for `flagFileProblems`: none may be the config or
 * one of corun's own files.
 *
 * @param flags The options read.
 * @param options `tracePerRun`: each run names its trace from `--trace` (a schedule's), so
 *   `--trace` itself is no file written; only where it is, which its runs' traces share, is judged.
 * @returns The options' files, `--log`, `--trace`, `--state` in that order, those given.
 */
export function flagFilesOf(
  flags: UnattendedFlags,
  options: { tracePerRun?: boolean } = {},
): FlagFile[] {
  const files: FlagFile[] = [];
  // `-` is a stream, no file (`std_stream.ts`).
  const logFile = fileOf(flags.logPath);
  if (logFile !== undefined) files.push({ flag: "--log", path: logFile });
  const traceFile = fileOf(flags.tracePath);
  if (traceFile !== undefined) {
    files.push(
      options.tracePerRun
        ? { flag: "--trace", path: traceFile, perRun: true }
        : { flag: "--trace", path: traceFile, replaced: true },
    );
  }
  if (typeof flags.state === "string") files.push({ flag: "--state", path: flags.state });
  return files;
}
