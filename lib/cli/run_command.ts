/**
 * `corun run CONFIG`: run every task, show it, exit with what happened. With `--lock` it is safe to
 * start from cron every minute; every run is appended to the run history.
 * @module
 */
import { chooseOutputMode, savesToStdout } from "./choose_view.ts";
import {
  BANDWIDTH_OPTION,
  type CommandSpec,
  CONFIG_ARGUMENT,
  CONFIG_LIMIT_OPTIONS,
  flagOf,
  OUT_OPTION,
  textOf,
} from "./command.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { loadUnlessInterrupted } from "./load_step.ts";
import { outputProblems } from "../config/mod.ts";
import { unusableProxyVariables } from "../tasks/mod.ts";
import { permissionProblems } from "./permission_step.ts";
import { previewFetchWarning } from "./preview_warning.ts";
import { LOCK_MODES, parseLockMode, parseLockTimeout } from "./lock_step.ts";
import { runFilesOf } from "./unattended_files.ts";
import { runOnce } from "./guarded_run.ts";
import { flagFilesOf, readUnattendedFlags, unattendedOptions } from "./unattended_flags.ts";
import { flagFileProblems } from "./flag_files.ts";
import { isStdStream, streamProblems } from "./std_stream.ts";

/** The `run` command. Ctrl-C (or SIGTERM) cancels every task cleanly and exits with 130. */
export const runCommand: CommandSpec = {
  name: "run",
  windsDownOnInterrupt: true,
  summary: "run every task in a config",
  arguments: [CONFIG_ARGUMENT],
  options: [
    {
      flags: "--virtual-time",
      description: "a preview on a virtual clock: sleeps, rate and backoff waits take no real " +
        "time; fetches are real requests, sent unpaced",
    },
    { flags: "--json", description: "print the run report as JSON on stdout, and nothing else" },
    OUT_OPTION,
    BANDWIDTH_OPTION,
    { flags: "-q, --quiet", description: "print nothing unless a task fails" },
    {
      flags: "--binary-to-terminal",
      description: 'write a save: "-" body to standard output even when that is a terminal and ' +
        "the body is binary (refused by default, as curl refuses it)",
    },
    {
      flags: "--lock [mode]",
      description: "one run per outDir at a time; if another run holds the lock: skip " +
        "(exit 0), wait, or fail (exit 75, what --lock alone means). The word after --lock " +
        "is its mode only when it is skip, wait or fail: --lock tasks.yaml locks in mode fail",
      valueWords: LOCK_MODES,
      impliedValue: "fail",
    },
    {
      flags: "--lock-timeout <duration>",
      description: "with --lock=wait: give up after this long, exiting 75 as --lock=fail does " +
        "(default: wait as long as it takes)",
    },
    ...unattendedOptions("run"),
    ...CONFIG_LIMIT_OPTIONS,
  ],
  async execute(invocation, host) {
    const location = invocation.args[0];
    let lockMode;
    let lockTimeoutMs;
    let flags;
    try {
      lockMode = parseLockMode(invocation.options.lock);
      lockTimeoutMs = parseLockTimeout(textOf(invocation, "lockTimeout"), lockMode);
      flags = readUnattendedFlags(invocation);
    } catch (error) {
      host.stderr.write(`${(error as Error).message}\n`);
      return EXIT_CODES.usage;
    }
    // Before the load: a SIGTERM while a config URL stalls ends the command as it would the run.
    using interrupts = host.listenForInterrupts();
    // Its secret files are read once, here: one run sends one credential (unlike `schedule` and
    // `worker`, which outlive a rotation: lib/config secret_refresh.ts).
    const config = await loadUnlessInterrupted(
      location,
      host,
      invocation,
      "read",
      interrupts.signal,
    );
    if (typeof config === "number") return config;

    const outDir = textOf(invocation, "out");
    const label = config.source ?? location;
    const locking = lockMode !== undefined;
    const json = flagOf(invocation, "json");
    const quiet = flagOf(invocation, "quiet");
    const virtualTime = flagOf(invocation, "virtualTime");
    const problems = [
      ...streamProblems({ ...flags, json, quiet, bodyOnStdout: savesToStdout(config) }),
      // Before the lock, the log and the start ping: a missing flag is said once, nothing started.
      ...permissionProblems({
        config,
        label,
        outDirOverride: outDir,
        locking,
        // A preview sends no ping (guarded_run.ts): it needs no network for one.
        pings: !virtualTime,
        // Nor does it save the cookie jar (lib/tasks runner.ts).
        savesCookies: !virtualTime,
        records: true,
      }),
      ...unusableProxyVariables(config),
      ...outputProblems({ config, label, outDirOverride: outDir, locking }),
      ...flagFileProblems(
        { config, outDirOverride: outDir, state: flags.state },
        flagFilesOf(flags),
      ),
    ];
    if (problems.length > 0) {
      host.stderr.write(problems.map((problem) => `${problem}\n`).join(""));
      return EXIT_CODES.usage;
    }
    const files = runFilesOf(config, outDir);
    const previewWarning = virtualTime ? previewFetchWarning([config]) : undefined;
    const { exitCode } = await runOnce({
      config,
      label,
      outDir,
      files,
      lock: lockMode === undefined
        ? undefined
        : { path: files.lockPath, mode: lockMode, waitTimeoutMs: lockTimeoutMs },
      logPath: flags.logPath,
      tolerance: flags.tolerance,
      state: flags.state,
      mode: chooseOutputMode({ json, quiet, plainLines: isStdStream(flags.logPath) }, host),
      virtualTime,
      binaryToTerminal: flagOf(invocation, "binaryToTerminal"),
      ...(previewWarning === undefined ? {} : { warnings: [previewWarning] }),
      signal: interrupts.signal,
      stop: { beforeExit: interrupts.beforeExit, announce: true },
      trace: flags.tracePath === undefined ? undefined : { path: flags.tracePath },
    }, host);
    return exitCode;
  },
};
