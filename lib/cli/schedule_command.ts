/**
 * `corun schedule CONFIG`: run a config's schedules until stopped. Ctrl-C / SIGTERM stops firing,
 * gives running jobs `--grace` to finish, cancels the rest and exits 130.
 * @module
 */
import { unreadableFlag, unusableFlag } from "./flag_problem.ts";
import {
  BANDWIDTH_OPTION,
  type CommandSpec,
  CONFIG_ARGUMENT,
  CONFIG_LIMIT_OPTIONS,
  flagOf,
  type Invocation,
  OUT_OPTION,
  textOf,
} from "./command.ts";
import { parseDurationFlag } from "./duration_flag.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { loadUnlessInterrupted } from "./load_step.ts";
import { permissionProblems } from "./permission_step.ts";
import { runFilesOf } from "./unattended_files.ts";
import { runSchedules } from "./schedule_runs.ts";
import {
  fireConfigOf,
  scheduleProblems,
  type ScheduleTarget,
  scheduleTargetsOf,
} from "./schedule_targets.ts";
import { outputProblems, refreshSecrets } from "../config/mod.ts";
import { dbScheduleProblems, runDbSchedules } from "./schedule_db.ts";
import {
  databaseUrlOf,
  queueNameOf,
  queueNameProblems,
  SHARED_QUEUE_OPTIONS,
} from "./shared_queue.ts";
import type { CliHost } from "./cli_host.ts";
import type { InterruptScope } from "./signals.ts";
import { type ConfigSpec, unusableProxyVariables } from "../tasks/mod.ts";
import { flagFilesOf, readUnattendedFlags, unattendedOptions } from "./unattended_flags.ts";
import { flagFileProblems } from "./flag_files.ts";
import { savesToStdout } from "./choose_view.ts";
import { fileOf, streamProblems } from "./std_stream.ts";
import { parseUntilTime } from "./until_time.ts";

const DEFAULT_GRACE = "30s";

/** The `schedule` command. */
export const scheduleCommand: CommandSpec = {
  name: "schedule",
  windsDownOnInterrupt: true,
  summary: "run the config's schedules (config and task `schedule:`) until stopped",
  arguments: [CONFIG_ARGUMENT],
  options: [
    {
      flags: "--grace <duration>",
      description: "on Ctrl-C / SIGTERM, let running jobs finish for this long",
      default: DEFAULT_GRACE,
    },
    {
      flags: "--virtual-time",
      description: "run the schedule on a virtual clock (needs --until): a day of fires at " +
        "once; fetches are real requests, sent unpaced",
    },
    {
      flags: "--until <time>",
      description: "stop at this ISO 8601 time to come (2026-12-05T18:00:00Z; without an offset, " +
        "local time; a date alone, its local midnight)",
    },
    ...SHARED_QUEUE_OPTIONS,
    {
      flags: "--shared",
      description: "fire into the shared queue of CORUN_DATABASE_URL or the config's db: " +
        "(what --db does with its URL): each fire time once across every scheduler",
    },
    OUT_OPTION,
    BANDWIDTH_OPTION,
    ...unattendedOptions("schedule"),
    ...CONFIG_LIMIT_OPTIONS,
  ],
  async execute(invocation, host) {
    let settings;
    try {
      settings = readScheduleFlags(invocation, host.now().getTime());
    } catch (error) {
      host.stderr.write(`${(error as Error).message}\n`);
      return EXIT_CODES.usage;
    }
    const location = invocation.args[0];
    const shared = textOf(invocation, "db") !== undefined || flagOf(invocation, "shared");
    // Before the load (a SIGTERM while a config URL stalls exits 130); firing into a shared queue
    // runs no job, so it has no grace for a second interrupt to end.
    using interrupts = host.listenForInterrupts({ endsGrace: !shared });
    // Firing into a shared queue sends nothing (as submit); firing here runs the requests.
    const secrets = shared ? "skip" : "read";
    const config = await loadUnlessInterrupted(
      location,
      host,
      invocation,
      secrets,
      interrupts.signal,
    );
    if (typeof config === "number") return config;
    const targets = scheduleTargetsOf(config);
    if (shared) {
      return await scheduleShared(
        invocation,
        config,
        location,
        targets,
        settings,
        host,
        interrupts,
      );
    }
    const problems = targets.length === 0
      ? [nothingScheduled(config.source ?? location)]
      : scheduleProblems(targets);
    // Ignored in silence, it would read as a queue being fired into.
    if (textOf(invocation, "queue") !== undefined) {
      problems.push(
        unusableFlag(
          "--queue without --db or --shared",
          "it names a shared queue; add --db URL or --shared to fire into it",
        ),
      );
    }
    const outDir = textOf(invocation, "out");
    problems.push(
      ...streamProblems({
        ...settings.flags,
        json: false,
        quiet: false,
        bodyOnStdout: savesToStdout(config),
        tracePerRun: true,
      }),
    );
    // Every fire takes the lock in the output directory.
    const request = { config, label: config.source ?? location, outDirOverride: outDir };
    // The tasks some fire runs: all of them with the config's own schedule, else the scheduled ones.
    const fired = config.schedule ? config : {
      ...config,
      tasks: targets.flatMap((target) => target.config.tasks),
    };
    problems.push(
      // Said at the start, not at the first fire hours later.
      // A preview sends no ping (guarded_run.ts): it needs no network for one.
      ...permissionProblems({
        ...request,
        config: fired,
        locking: true,
        pings: !settings.virtualTime,
        // Nor does it save the cookie jar (lib/tasks runner.ts).
        savesCookies: !settings.virtualTime,
      }),
      ...unusableProxyVariables(fired),
      ...outputProblems({ ...request, locking: true }),
      ...flagFileProblems(
        { config, outDirOverride: outDir, state: settings.flags.state },
        flagFilesOf(settings.flags, { tracePerRun: true }),
      ),
    );
    if (problems.length > 0) {
      host.stderr.write(problems.map((problem) => `${problem}\n`).join(""));
      return EXIT_CODES.usage;
    }
    let latest = config;
    return await runSchedules({
      label: config.source ?? location,
      targets,
      // A schedule runs for months: each fire sends the tokens its secret files hold then.
      fireConfig: (target, onWarning) => {
        latest = refreshSecrets(latest, { onWarning });
        return latest === config ? target.config : fireConfigOf(target, latest);
      },
      files: runFilesOf(config, outDir),
      outDir,
      ...settings,
      signal: interrupts.signal,
      graceEnd: interrupts.again,
      beforeExit: interrupts.beforeExit,
    }, host);
  },
};

/** `corun schedule --db`: fires go into the shared queue, once per fire time across processes. */
async function scheduleShared(
  invocation: Invocation,
  config: ConfigSpec,
  location: string,
  targets: ScheduleTarget[],
  settings: ReturnType<typeof readScheduleFlags>,
  host: CliHost,
  interrupts: InterruptScope,
): Promise<number> {
  const database = databaseUrlOf(textOf(invocation, "db"), config);
  const problems = "problem" in database ? [database.problem] : [];
  if (targets.length === 0) problems.push(nothingScheduled(config.source ?? location));
  problems.push(...scheduleProblems(targets), ...dbScheduleProblems(targets));
  if (settings.virtualTime) {
    problems.push(
      unusableFlag(
        "--virtual-time with --db or --shared",
        "a shared queue is fired into in real time",
      ),
    );
  }
  problems.push(
    ...sharedQueueFlagProblems(invocation),
    ...queueNameProblems(invocation, config, location),
  );
  if (problems.length > 0 || "problem" in database) {
    host.stderr.write(problems.map((problem) => `${problem}\n`).join(""));
    return EXIT_CODES.usage;
  }
  return await runDbSchedules({
    targets,
    url: database.url,
    queue: queueNameOf(config, textOf(invocation, "queue"), location),
    // `--log -`: the lines are on stdout already (`std_stream.ts`).
    logPath: fileOf(settings.flags.logPath),
    untilWallMs: settings.untilWallMs,
    signal: interrupts.signal,
  }, host);
}

/**
 * The flags that mean nothing when the fires go into a shared queue: this process runs no task (the
 * workers do), so there is no run to save, trace, keep state for, judge by its failures, or give
 * time to finish on a stop (a fire is one transaction). Refused, not ignored: a flag that silently
 * does nothing reads as one that works.
 */
function sharedQueueFlagProblems(invocation: Invocation): string[] {
  const pointless: [given: boolean, flag: string, why: string][] = [
    [
      textOf(invocation, "out") !== undefined,
      "--out",
      "the workers save the fetches (give corun worker --out)",
    ],
    [textOf(invocation, "trace") !== undefined, "--trace", "no run happens here to trace"],
    [
      textOf(invocation, "bandwidth") !== undefined,
      "--bandwidth",
      "no body is received here (give corun worker --bandwidth)",
    ],
    [
      textOf(invocation, "maxFailures") !== undefined,
      "--max-failures",
      "no run ends here to be judged by its failures",
    ],
    [
      invocation.options.state !== undefined,
      invocation.options.state === false ? "--no-state" : "--state",
      "the workers keep the ETag / Last-Modified state",
    ],
    // Always there with its default: only another value can be told from "not given".
    [
      (textOf(invocation, "grace") ?? DEFAULT_GRACE) !== DEFAULT_GRACE,
      "--grace",
      "no job runs here to be given time on a stop (a fire is one transaction)",
    ],
  ];
  return pointless.filter(([given]) => given).map(([, flag, why]) =>
    unusableFlag(`${flag} when firing into a shared queue (--db or --shared)`, why)
  );
}

function readScheduleFlags(invocation: Invocation, nowMs: number) {
  const flags = readUnattendedFlags(invocation);
  const graceMs = parseDurationFlag("--grace", textOf(invocation, "grace") ?? DEFAULT_GRACE);
  const virtualTime = flagOf(invocation, "virtualTime");
  const untilText = textOf(invocation, "until");
  const untilWallMs = untilText === undefined ? undefined : parseUntilTime(untilText);
  if (untilText !== undefined && untilWallMs === undefined) {
    throw new RangeError(unreadableFlag(
      "--until",
      "expected an ISO 8601 time such as 2026-11-25T12:00:00Z (without an offset, local time; " +
        `a date alone, its local midnight), got "${untilText}"`,
    ));
  }
  // Nothing would fire, and a silent exit 0 reads as "done": a typo'd date must not pass unseen.
  if (untilWallMs !== undefined && untilWallMs <= nowMs) {
    throw new RangeError(unusableFlag(
      `--until "${untilText}"`,
      `${new Date(untilWallMs).toISOString()} has passed (it is now ${
        new Date(nowMs).toISOString()
      })`,
    ));
  }
  if (virtualTime && untilWallMs === undefined) {
    throw new RangeError(unusableFlag("--virtual-time without --until", "it would never end"));
  }
  return { flags, graceMs, virtualTime, untilWallMs };
}

/** What `schedule` says of a config with no schedule, whether it fires into a queue or not. */
function nothingScheduled(label: string): string {
  return `Cannot schedule "${label}": neither the config nor a task has a schedule`;
}
