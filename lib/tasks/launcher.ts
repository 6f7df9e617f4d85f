/**
 * In a run where no task has `after`, starts the fetch and custom tasks only once a network permit
 * is free for each, in declaration order. A config of 10,000 fetches then has about `concurrency` of
 * them alive at a time instead of 10,000 coroutines queued for a permit, whose records, generators
 * and queue entries were most of the memory such a run held.
 * @module
 */
import { type Effect, startChild, type TaskRecord, withLoop } from "../loop/mod.ts";
import { runDeclaredTask } from "./declared_task.ts";
import type { RunEnv } from "./env.ts";
import { NetworkPermit } from "./network_permit.ts";
import type { TaskTable } from "./task_table.ts";

/**
 * Starts each task as a child of `parent` once it holds a permit (not used in dry runs, which take
 * no permits).
 *
 * @param indexes The tasks, by position, in the order to start them.
 * @param table The run's tasks.
 * @param env The run's shared services.
 * @param parent The run's root task, which waits for every task.
 */
export function* launchWithPermits(
  indexes: readonly number[],
  table: TaskTable,
  env: RunEnv,
  parent: TaskRecord,
): Generator<Effect, void> {
  try {
    for (const index of indexes) {
      const item = table.declared(index)!;
      const permit = new NetworkPermit(env.networkLimit);
      let handedOver = false;
      try {
        yield* permit.acquire();
        yield* withLoop((_, loop) => {
          const options = { name: item.spec.name, parent, propagate: false };
          item.handle = startChild(loop, runDeclaredTask(item, env, permit), options);
          handedOver = true; // the task releases it from now on
        });
      } finally {
        if (!handedOver) permit.release(); // cancelled between the permit and the start
      }
    }
  } finally {
    table.launchEnded();
  }
}
