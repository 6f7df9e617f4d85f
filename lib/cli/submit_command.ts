/**
 * `corun submit CONFIG --db URL`: puts the config's fetches into its shared queue (lists and
 * patterns streamed in batches) for `corun worker`s to take.
 * @module
 */
import { messageOf } from "../loop/mod.ts";
import { sharedQueueProblems, submitTasks } from "../tasks/mod.ts";
import { type CommandSpec, CONFIG_ARGUMENT, CONFIG_LIMIT_OPTIONS, textOf } from "./command.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { loadOrExplain } from "./load_step.ts";
import { connectStore, databaseUrlOf, queueNameOf, SHARED_QUEUE_OPTIONS } from "./shared_queue.ts";

/** The `submit` command. */
export const submitCommand: CommandSpec = {
  name: "submit",
  summary: "put a config's fetches into a shared PostgreSQL queue for corun worker",
  arguments: [CONFIG_ARGUMENT],
  options: [...SHARED_QUEUE_OPTIONS, ...CONFIG_LIMIT_OPTIONS],
  async execute(invocation, host) {
    const location = invocation.args[0];
    const config = await loadOrExplain(location, host, invocation);
    if (config === undefined) return EXIT_CODES.usage;
    const database = databaseUrlOf(textOf(invocation, "db"), config);
    const problems = "problem" in database ? [database.problem] : [];
    problems.push(...sharedQueueProblems(config));
    if (problems.length > 0) {
      host.stderr.write(problems.map((problem) => `${problem}\n`).join(""));
      return EXIT_CODES.usage;
    }
    const queue = queueNameOf(config, textOf(invocation, "queue"), location);
    const warn = (message: string) => host.stderr.write(`warning: ${message}\n`);
    let connected;
    try {
      connected = await connectStore((database as { url: string }).url, warn);
    } catch (error) {
      host.stderr.write(`${messageOf(error)}\n`);
      return EXIT_CODES.taskFailed;
    }
    try {
      const submitted = await submitTasks(connected.store, queue, config, undefined);
      const tasks = Object.keys(submitted.byTask).length;
      host.stdout.write(
        `submitted ${submitted.jobs} fetches of ${tasks} task${tasks === 1 ? "" : "s"} ` +
          `(${submitted.origins} origin${
            submitted.origins === 1 ? "" : "s"
          }) to queue "${queue}"\n`,
      );
      return EXIT_CODES.ok;
    } catch (error) {
      host.stderr.write(`Cannot submit ${config.source ?? location}: ${messageOf(error)}\n`);
      return EXIT_CODES.taskFailed;
    } finally {
      await connected.store.close();
    }
  },
};
