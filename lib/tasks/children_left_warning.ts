/**
 * The children a custom task or a response callback spawned and left running when it returned: the
 * loop cancels them with it (a child never outlives its parent), and the task would be reported
 * done with their work undone and no word of it. The run warns, once per task.
 * @module
 */
import { urlTextWithoutCredentials } from "../net/mod.ts";

/** The tasks of a run already warned of children left running: one warning per task, not per page. */
const warnedOfChildrenLeft = new WeakMap<object, Set<string>>();

/**
 * Warns, once per task, that its code returned with spawned children still running.
 *
 * @param env The run, which warns.
 * @param task The task's name.
 * @param count How many children were left running.
 * @param callbackOf The URL whose `onResponse` returned so; undefined for the task's own code.
 */
export function warnOfChildrenLeft(
  env: { warn(message: string): void },
  task: string,
  count: number,
  callbackOf?: string,
): void {
  let warned = warnedOfChildrenLeft.get(env);
  if (warned?.has(task)) return;
  if (warned === undefined) warnedOfChildrenLeft.set(env, warned = new Set());
  warned.add(task);
  const who = callbackOf === undefined
    ? `Task ${JSON.stringify(task)}`
    : `Task ${JSON.stringify(task)}: its onResponse for ${urlTextWithoutCredentials(callbackOf)}`;
  const children = count === 1
    ? "1 spawned child still running: it was cancelled"
    : `${count.toLocaleString("en-US")} spawned children still running: they were cancelled`;
  env.warn(
    `${who} ended with ${children} (a child never outlives its parent); wait for it with ` +
      "yield* join(child) before returning, or start it in a taskGroup, which waits for its children",
  );
}
