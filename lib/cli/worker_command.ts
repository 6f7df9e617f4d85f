/**
 * `corun worker CONFIG --db URL`: one worker of a shared queue. It takes the queue's fetches from
 * PostgreSQL under leases (every worker of the queue, on any machine, honours each origin's rules
 * together), fetches them with the config's settings, saves into its own output directory, and
 * reports each outcome and metadata line to the database. Runs until stopped (Ctrl-C / SIGTERM
 * gives its unfinished fetches back to the queue), or with `--drain` until the queue is empty.
 * @module
 */
import { unreadableFlag } from "./flag_problem.ts";
import { formatMs, messageOf } from "../loop/mod.ts";
import {
  fetchItemCodec,
  originRules,
  type RunReport,
  sharedQueueCookiesWarning,
} from "../tasks/mod.ts";
import { followSecrets, outputProblems } from "../config/mod.ts";
import {
  BANDWIDTH_OPTION,
  type CommandSpec,
  CONFIG_ARGUMENT,
  CONFIG_LIMIT_OPTIONS,
  flagOf,
  OUT_OPTION,
  textOf,
} from "./command.ts";
import { parseDurationFlag } from "./duration_flag.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { loadUnlessInterrupted } from "./load_step.ts";
import { permissionProblems } from "./permission_step.ts";
import {
  hostName,
  newWorkerId,
  type OpenQueue,
  openQueueOrExplain,
  redactedReason,
  SHARED_QUEUE_OPTIONS,
  shownDatabase,
} from "./shared_queue.ts";
import type { CliHost } from "./cli_host.ts";
import { warningLine } from "./format.ts";
import { unknownQueueText } from "./unknown_queue.ts";
import { runFilesOf } from "./unattended_files.ts";
// The default alone: the database client loads only once a worker connects.
import { DEFAULT_LEASE_MS } from "../frontier/pg/lease.ts";

const DEFAULT_LEASE = formatMs(DEFAULT_LEASE_MS);

/** The longest lease: `corun_workers.lease_ms` is a 32-bit integer (2^31 ms is 24.8 days). */
const MAX_LEASE_DAYS = 24;

/** A worker runs for hours: a line of its totals this often (plain lines, cron- and log-friendly). */
const PROGRESS_EVERY_MS = 30_000;

/**
 * How often a worker saves a `cookies:` jar file while it runs (it also does at its stop): a worker
 * killed without its stop (SIGKILL, a crash) loses at most this much of what its jar learnt.
 */
const COOKIE_SAVE_EVERY_MS = 60_000;

/**
 * How often a request may look whether a secret file of the config changed (a stat, per file): a
 * rotated token is sent within this of its file changing, and a busy worker stats each file this
 * seldom, not per fetch.
 */
const SECRET_RECHECK_MS = 5_000;

/** The `worker` command. */
export const workerCommand: CommandSpec = {
  name: "worker",
  windsDownOnInterrupt: true,
  summary: "take fetches from a shared PostgreSQL queue (see submit) until stopped",
  arguments: [CONFIG_ARGUMENT],
  options: [
    ...SHARED_QUEUE_OPTIONS,
    { flags: "--drain", description: "stop once the queue has nothing queued or leased" },
    {
      flags: "--lease <duration>",
      description: "how long a claimed fetch stays this worker's without a heartbeat; a killed " +
        "worker's fetches go back to the queue after it",
      default: DEFAULT_LEASE,
    },
    OUT_OPTION,
    BANDWIDTH_OPTION,
    ...CONFIG_LIMIT_OPTIONS,
  ],
  async execute(invocation, host) {
    const location = invocation.args[0];
    let leaseMs: number;
    try {
      leaseMs = parseLease(textOf(invocation, "lease") ?? DEFAULT_LEASE);
    } catch (error) {
      host.stderr.write(`${(error as Error).message}\n`);
      return EXIT_CODES.usage;
    }
    // Before the load: a SIGTERM while a config URL stalls exits 130, as one while it runs.
    using interrupts = host.listenForInterrupts();
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
    const opened = await openQueueOrExplain(
      invocation,
      host,
      config,
      location,
      (database) => [
        // The queue's fetches were submitted from this config: their hosts are its tasks' hosts (a
        // crawled link's or a list's are found as they come: see the frontier's `failed`). The
        // database's host is asked for with them: one --allow-net to add, not two.
        ...permissionProblems({ config, label, outDirOverride: outDir, database }),
        ...outputProblems({ config, label, outDirOverride: outDir, locking: false }),
      ],
    );
    // A stop while the database connects (its connect_timeout, a migration's lock) ends the
    // worker before it registers: the listener was armed before the load, so nothing else would.
    if (interrupts.signal.aborted) {
      if (typeof opened !== "number") await opened.store.close();
      host.stderr.write(`Interrupted while opening the shared queue: not started\n`);
      return EXIT_CODES.interrupted;
    }
    if (typeof opened === "number") return opened;
    const { pg, store, queue, warn } = opened;
    const drain = flagOf(invocation, "drain");
    // Before it registers (its row would make the queue known): a mistyped queue is said, with the
    // queues known, rather than drained of nothing or waited on in silence.
    const unknown = await unknownQueueOrExplain(pg, store, queue, host, drain);
    if (unknown !== undefined) return unknown;
    const worker = newWorkerId();
    const frontier = new pg.PgFrontier({
      store,
      queue,
      worker,
      concurrency: config.concurrency,
      rules: originRules(config),
      codec: fetchItemCodec(config),
      leaseMs,
      drain,
      warn,
    });
    // Named where it is, as the run resolves it (in `--out`, or the config's `outDir`).
    const results = new pg.PgResultLog(store, queue, worker, warn, {
      metadataFile: runFilesOf(config, outDir).metadataPath,
    });
    const onStop = () => frontier.interrupt();
    interrupts.signal.addEventListener("abort", onStop, { once: true });
    let report: RunReport | undefined;
    try {
      // Its lease too: seen longer ago than that, it is gone, and its callbacks' jobs are removed.
      await store.registerWorker(worker, queue, hostName(), Deno.pid, leaseMs);
      await frontier.start();
      host.stderr.write(`worker ${worker}: taking fetches of queue "${queue}"\n`);
      const jar = sharedQueueCookiesWarning(config);
      if (jar !== undefined) warn(jar);
      const local = config.tasks.filter((spec) => spec.kind !== "fetch").map((spec) => spec.name);
      if (local.length > 0) {
        warn(
          `A worker runs the queue's fetches only; ${local.length === 1 ? "task" : "tasks"} ` +
            `${local.map((name) => `"${name}"`).join(", ")} of ${label} will not run here ` +
            "(use corun run)",
        );
      }
      let ticker: Disposable | undefined;
      try {
        report = await host.run(config, {
          sharedFrontier: frontier,
          sharedSaves: frontier,
          state: false,
          outDir,
          signal: interrupts.signal,
          onWarning: warn,
          sinks: { metadataCopy: results },
          // A worker runs for days: a token rotated into its file is sent from then on, by every
          // request (a task's fetch, a callback's `ctx.fetch`).
          secretsNow: followSecrets(config, { onWarning: warn, recheckAfterMs: SECRET_RECHECK_MS }),
          saveCookiesEveryMs: COOKIE_SAVE_EVERY_MS,
          onStart: (live) => {
            ticker = host.every(PROGRESS_EVERY_MS, () => {
              const { fetches } = live.progress();
              // Counted as the summary line at its stop counts them: the jobs refused too.
              const failed = fetches.failed + frontier.refused;
              host.stderr.write(
                `worker ${worker}: ${fetches.done} done, ${failed} failed, ` +
                  `${fetches.active} active (corun status shows the queue)\n`,
              );
            });
          },
        });
      } finally {
        ticker?.[Symbol.dispose]();
      }
    } catch (error) {
      host.stderr.write(`worker ${worker} stopped: ${messageOf(error)}\n`);
      return EXIT_CODES.taskFailed;
    } finally {
      interrupts.signal.removeEventListener("abort", onStop);
      // A report the server refused does not keep the leases from going back at once: it still
      // answers. A lost database would hold the exit for its connect_timeout: they run out instead.
      let handBack = true;
      try {
        await frontier.shutdown();
      } catch (error) {
        warn(`Worker ${worker} at its stop: ${messageOf(error)}`);
        handBack = frontier.reportRefused;
      }
      try {
        if (handBack) await store.stopWorker(worker);
      } catch (error) {
        warn(
          `Worker ${worker} cannot report its stop: ${messageOf(error)}; what it holds goes ` +
            "back to the queue as its leases run out",
        );
      }
      await store.close();
    }
    const counts = fetchCounts(report);
    // Jobs refused before any fetch (a row their task could not have put).
    counts.failed += frontier.refused;
    // Counted here, as this worker made them, but `corun status` credits the worker that took
    // them over: said, so that the two agree.
    const late = frontier.endedLate;
    // Ended here, yet not in the database (stopped during an outage): `corun status` does not count
    // them, and other workers do them again.
    const unreported = frontier.unreportedEnds;
    const notes = [
      ...report.interrupted ? ["stopped"] : [],
      ...late === 0 ? [] : [
        late === 1
          ? "1 of them ended after its lease ran out: another worker took it over"
          : `${late} of them ended after their leases ran out: other workers took them over`,
      ],
      ...unreported === 0 ? [] : [
        unreported === 1
          ? "1 of them not reported: another worker does it again"
          : `${unreported} of them not reported: other workers do them again`,
      ],
    ];
    host.stderr.write(
      `worker ${worker}: ${counts.done} fetches done, ${counts.failed} failed` +
        ` in ${formatMs(report.durationMs)}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}\n`,
    );
    if (report.interrupted) return EXIT_CODES.interrupted;
    return counts.failed > 0 ? EXIT_CODES.taskFailed : EXIT_CODES.ok;
  },
};

/**
 * Whether a worker's queue is unknown to the database: then says so on stderr, naming the queues it
 * knows. A `--drain` worker then has nothing to do (the store is closed); another waits for the
 * queue's first submit, as workers started before it do.
 *
 * @returns The exit code to end with (nothing to drain is no failure), or undefined when the worker
 *   goes on.
 */
async function unknownQueueOrExplain(
  pg: OpenQueue["pg"],
  store: OpenQueue["store"],
  queue: string,
  host: Pick<CliHost, "stderr">,
  drain: boolean,
): Promise<number | undefined> {
  const where = shownDatabase(store.url);
  let queues;
  try {
    queues = await pg.queuesIfUnknown(store.sql, queue);
  } catch (error) {
    await store.close();
    host.stderr.write(
      `Cannot read queue "${queue}" in ${where}: ${redactedReason(error, store.url)}\n`,
    );
    return EXIT_CODES.taskFailed;
  }
  if (queues === undefined) return undefined;
  if (!drain) {
    host.stderr.write(
      `${unknownQueueText(queue, where, queues, "waiting for its first submit")}\n`,
    );
    return undefined;
  }
  await store.close();
  host.stderr.write(warningLine(unknownQueueText(queue, where, queues, "nothing to drain")));
  return EXIT_CODES.ok;
}

/** The fetches a worker did, over its config's tasks. */
function fetchCounts(report: RunReport): { done: number; failed: number } {
  let done = 0;
  let failed = 0;
  for (const task of report.tasks) {
    done += task.items?.done ?? 0;
    failed += task.items?.failed ?? 0;
  }
  return { done, failed };
}

/** `--lease`: long enough to outlast a heartbeat, short enough to be kept. */
function parseLease(text: string): number {
  const ms = parseDurationFlag("--lease", text);
  const problem = ms < 1_000
    ? "a lease shorter than 1s would expire between heartbeats"
    : ms > MAX_LEASE_DAYS * 86_400_000
    ? `a lease longer than ${MAX_LEASE_DAYS} days cannot be kept`
    : undefined;
  if (problem !== undefined) throw new RangeError(unreadableFlag("--lease", problem));
  return ms;
}
