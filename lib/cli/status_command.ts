/**
 * `corun status --db URL [CONFIG]`: a shared queue's state: depth per origin (ready, waiting,
 * retries, leased, done, failed, left out; the fetches callbacks make under way apart), workers and
 * the leases they hold, the latest failures and fires.
 * @module
 */
import type { QueueStatus } from "../frontier/pg/mod.ts";
import {
  type CommandSpec,
  CONFIG_ARGUMENT,
  CONFIG_LIMIT_OPTIONS,
  flagOf,
  textOf,
} from "./command.ts";
import { countOf } from "../tasks/mod.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { alignColumns, cutToWidth, escapeControls } from "./format.ts";
import { loadOrExplain } from "./load_step.ts";
import {
  connectFailed,
  connectStore,
  databaseUrlOf,
  queueNameOf,
  queueNameProblems,
  redactedReason,
  SHARED_QUEUE_OPTIONS,
  shownDatabase,
} from "./shared_queue.ts";
import { unknownQueueText } from "./unknown_queue.ts";

/** The `status` command. */
export const statusCommand: CommandSpec = {
  name: "status",
  summary: "show a shared queue: depth per origin, workers and leases, failures, fires",
  arguments: [{
    name: "config",
    description: "config whose queue to show (optional: without it, every queue of --db)",
    isPath: true,
    fileExtensions: CONFIG_ARGUMENT.fileExtensions,
    optional: true,
  }],
  options: [
    ...SHARED_QUEUE_OPTIONS,
    ...CONFIG_LIMIT_OPTIONS,
    { flags: "--json", description: "print the status as JSON" },
  ],
  async execute(invocation, host) {
    const location = invocation.args[0] as string | undefined;
    let config;
    let queue = textOf(invocation, "queue");
    if (location !== undefined) {
      // Its queue and database only: nothing is fetched here.
      config = await loadOrExplain(location, host, invocation, "skip");
      if (config === undefined) return EXIT_CODES.usage;
      queue = queueNameOf(config, queue, location);
    }
    const database = databaseUrlOf(textOf(invocation, "db"), config);
    const problems = [
      ...("problem" in database ? [database.problem] : []),
      ...queueNameProblems(invocation, config, location),
    ];
    if ("problem" in database || problems.length > 0) {
      host.stderr.write(problems.map((problem) => `${problem}\n`).join(""));
      return EXIT_CODES.usage;
    }
    let connected;
    try {
      connected = await connectStore(database.url, () => {});
    } catch (error) {
      return connectFailed(host.stderr, error);
    }
    try {
      const status = await connected.pg.queueStatus(connected.store, queue);
      if (flagOf(invocation, "json")) {
        host.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
      } else if (queue !== undefined && status.length === 0) {
        // Not known: the queues known, as `db cancel` names them (the right name is at hand).
        const queues = await connected.pg.queueNames(connected.store.sql);
        const where = shownDatabase(database.url);
        host.stdout.write(`${unknownQueueText(queue, where, queues, "nothing to show")}\n`);
      } else host.stdout.write(renderStatus(status));
      return EXIT_CODES.ok;
    } catch (error) {
      const what = queue === undefined ? "the queues" : `queue "${queue}"`;
      host.stderr.write(
        `Cannot read ${what} in ${shownDatabase(database.url)}: ` +
          `${redactedReason(error, database.url)}\n`,
      );
      return EXIT_CODES.taskFailed;
    } finally {
      await connected.store.close();
    }
  },
};

/**
 * Queues' status as text.
 *
 * @param queues The status of each queue.
 * @returns Lines.
 */
function renderStatus(queues: QueueStatus[]): string {
  if (queues.length === 0) return "no queues in this database\n";
  const lines: string[] = [];
  for (const queue of queues) {
    lines.push(`queue ${queue.queue}`);
    lines.push(
      table(
        // "in callbacks": ctx.fetch jobs under way, apart from the fetches put in the queue.
        [
          "origin",
          "ready",
          "waiting",
          "retries",
          "leased",
          "done",
          "failed",
          "left out",
          "in callbacks",
          "rules",
        ],
        queue.origins.map((origin) => [
          origin.origin || "(no origin)",
          origin.ready,
          origin.waiting,
          origin.retries,
          origin.leased,
          origin.done,
          origin.failed,
          origin.skipped,
          origin.inCallbacks,
          // Fetches that cannot be made send no request: no rule holds them.
          origin.perHost === null
            ? "—"
            : `perHost ${origin.perHost}` + (origin.gapMs > 0 ? `, gap ${origin.gapMs}ms` : "") +
              (origin.jitterMs > 0 ? `, jitter ${origin.jitterMs}ms` : "") +
              (origin.pausedUntil ? `, paused until ${origin.pausedUntil}` : ""),
        ]),
      ),
    );
    if (queue.workers.length > 0) {
      lines.push("workers");
      lines.push(
        table(
          ["worker", "state", "leases", "done", "failed", "left out", "last seen"],
          queue.workers.map((worker) => [
            worker.id,
            worker.state,
            worker.leases,
            worker.done,
            worker.failed,
            worker.skipped,
            // The database's clock: this machine's need not agree with the workers'.
            `${Math.round(worker.lastSeenAgoMs / 1000)}s ago`,
          ]),
        ),
      );
    }
    if (queue.failures.length > 0) {
      lines.push("latest failures");
      for (const failure of queue.failures) {
        lines.push(
          `  ${failure.at}  ${shown(failure.task, 100)}  ${shown(failure.url, URL_COLUMNS)}  ` +
            shown(failure.error, ERROR_COLUMNS),
        );
      }
    }
    if (queue.fires.length > 0) {
      lines.push("latest fires");
      for (const fire of queue.fires) {
        lines.push(
          `  ${fire.fireAt}  ${fire.schedule}  ${fire.outcome}  ${
            countOf(fire.jobs, "fetch", "fetches")
          }  by ${fire.owner}`,
        );
      }
    }
  }
  return lines.join("\n") + "\n";
}

/** Columns a failure's URL and error take at most in the text view (`--json` has them whole). */
const URL_COLUMNS = 200;
const ERROR_COLUMNS = 400;

/**
 * A value of the database as one line of at most `columns`: a callback's error may hold line breaks
 * or escape sequences, and a crawled link may be a URL of a megabyte.
 */
function shown(text: string, columns: number): string {
  return cutToWidth(escapeControls(text), columns);
}

/** A table whose columns of numbers are aligned right, its text (a worker's state too) left. */
function table(head: string[], rows: (string | number)[][]): string {
  const numbers = new Set(
    head.map((_, column) => column).filter((column) =>
      rows.every((row) => typeof row[column] === "number")
    ),
  );
  return alignColumns([head, ...rows.map((row) => row.map(String))], { rightAligned: numbers })
    .join("\n");
}
