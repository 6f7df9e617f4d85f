/**
 * `corun submit CONFIG --db URL`: puts the config's fetches into its shared queue (lists and
 * patterns streamed in batches) for `corun worker`s to take.
 * @module
 */
import {
  countOf,
  sharedQueueCookiesWarning,
  sharedQueueProblems,
  submitTasks,
} from "../tasks/mod.ts";
import { type CommandSpec, CONFIG_ARGUMENT, CONFIG_LIMIT_OPTIONS } from "./command.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { loadOrExplain } from "./load_step.ts";
import {
  openQueueOrExplain,
  redactedReason,
  SHARED_QUEUE_OPTIONS,
  shownDatabase,
} from "./shared_queue.ts";

/** The `submit` command. */
export const submitCommand: CommandSpec = {
  name: "submit",
  summary: "put a config's fetches into a shared PostgreSQL queue for corun worker",
  arguments: [CONFIG_ARGUMENT],
  options: [...SHARED_QUEUE_OPTIONS, ...CONFIG_LIMIT_OPTIONS],
  async execute(invocation, host) {
    const location = invocation.args[0];
    // A job holds no credential: each worker reads its own (the queue's URLs are all it takes).
    const config = await loadOrExplain(location, host, invocation, "skip");
    if (config === undefined) return EXIT_CODES.usage;
    const opened = await openQueueOrExplain(
      invocation,
      host,
      config,
      location,
      sharedQueueProblems(config),
    );
    if (typeof opened === "number") return opened;
    const { store, queue } = opened;
    try {
      // One transaction: a submit cut off part way leaves nothing behind, so running it again
      // queues nothing twice. Workers see the fetches when it commits.
      const submitted = await store.transaction((tx) => submitTasks(tx, queue, config));
      const tasks = Object.keys(submitted.byTask).length;
      host.stdout.write(
        `submitted ${countOf(submitted.jobs, "fetch", "fetches")} of ${countOf(tasks, "task")} ` +
          `(${countOf(submitted.origins, "origin")}) to queue "${queue}"\n`,
      );
      const jar = sharedQueueCookiesWarning(config);
      if (jar !== undefined) opened.warn(jar);
      if (submitted.badLines > 0) {
        opened.warn(
          `${countOf(submitted.badLines, "list line")} cannot be ` +
            `fetched and will fail at once in a worker (the first: ${submitted.firstBadLine})`,
        );
      }
      return EXIT_CODES.ok;
    } catch (error) {
      const url = store.url;
      host.stderr.write(
        `Cannot submit "${config.source ?? location}" to queue "${queue}" in ` +
          `${shownDatabase(url)}: ${redactedReason(error, url)}\n`,
      );
      return EXIT_CODES.taskFailed;
    } finally {
      await store.close();
    }
  },
};
