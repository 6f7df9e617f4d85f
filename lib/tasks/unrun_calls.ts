/**
 * The `ctx` calls a task or a callback made and never ran, and its `group.spawn` calls. A `ctx`
 * method returns an operation, which does nothing until `yield*` runs it: `await ctx.write(...)` in
 * an async `onResponse`, or a call without `yield*`, writes nothing, and the task would end done
 * with no word of it. Once its context ends, the run warns, once per task.
 * @module
 */
import type { Effect, Operation, UnrunWatch } from "../loop/mod.ts";
import { urlTextWithoutCredentials } from "../net/mod.ts";

/**
 * The calls of one context not run yet, oldest first, in a list threaded through the calls (a call
 * leaves it as it starts): a run may hold 100,000 contexts, each with a call pending, and a set
 * per context cost a quarter of a custom task's memory. Its `ctx` methods' calls, and the
 * `group.spawn` calls of the code it runs under (the loop's `watchingUnrun`).
 */
export class UnrunCalls implements UnrunWatch {
  #count = 0;
  #oldest: TrackedCall<unknown> | undefined;
  #newest: TrackedCall<unknown> | undefined;

  /**
   * Counts `operation` as not run until `yield*` starts it.
   *
   * @param method What was called, as the user wrote it (`ctx.write`, `group.spawn`).
   * @param subject What it was asked for, for the warning (a URL, a path, a duration), if anything.
   * @param operation What the method returned.
   * @returns The operation, for the caller to run.
   */
  track<T>(method: string, subject: unknown, operation: Operation<T>): Operation<T> {
    const call = new TrackedCall(method, subject, operation, this);
    call.older = this.#newest;
    if (this.#newest) this.#newest.newer = call;
    else this.#oldest = call;
    this.#newest = call;
    this.#count++;
    return call;
  }

  /**
   * Takes a call out of the list as `yield*` starts it (its `TrackedCall` tells, once).
   *
   * @param call The call started.
   */
  ran(call: TrackedCall<unknown>): void {
    const { older, newer } = call;
    if (older) older.newer = newer;
    else this.#oldest = newer;
    if (newer) newer.older = older;
    else this.#newest = older;
    call.older = call.newer = undefined;
    this.#count--;
  }

  /**
   * Says which calls never ran, as a warning of the run: the oldest, and how many in all.
   *
   * @param task The task's name.
   * @returns The warning, or undefined when every call ran.
   */
  warning(task: string): string | undefined {
    const oldest = this.#oldest;
    if (oldest === undefined) return undefined;
    const of = this.#count === 1 ? "" : ` (of ${this.#count.toLocaleString("en-US")} calls)`;
    const method = oldest.method;
    const what = method.startsWith("ctx.") ? "a ctx method" : method;
    const subject = oldest.subject === undefined ? "" : ` ${subjectOf(oldest.subject)}`;
    return `Task "${task}": ${method}${subject}${of} never ran: ${what} returns an operation, ` +
      `which runs only under yield* in a generator function (yield* ${method}(...) in ` +
      "function*); await, or a call without yield*, does not";
  }
}

/** The tasks of a run already warned of ctx calls never run: one warning per task, not per page. */
const warnedOfUnrunCalls = new WeakMap<object, Set<string>>();

/**
 * Warns, once per task, of the ctx calls its task or a callback of it made and never ran.
 *
 * @param env The run, which warns.
 * @param task The task's name.
 * @param unrun The calls of the context that ended.
 */
export function warnOfUnrunCalls(
  env: { warn(message: string): void },
  task: string,
  unrun: UnrunCalls,
): void {
  let warned = warnedOfUnrunCalls.get(env);
  if (warned?.has(task)) return; // once per task: its message is not even built again
  const warning = unrun.warning(task);
  if (warning === undefined) return;
  if (warned === undefined) warnedOfUnrunCalls.set(env, warned = new Set());
  warned.add(task);
  env.warn(warning);
}

/** One call, until `yield*` starts it: then the method's own operation runs, unwrapped. */
export class TrackedCall<T> implements Operation<T> {
  readonly method: string;
  readonly subject: unknown;
  /** Its neighbours among the calls not run yet (see `UnrunCalls`). */
  older: TrackedCall<unknown> | undefined;
  newer: TrackedCall<unknown> | undefined;
  readonly #operation: Operation<T>;
  /** Told when `yield*` first starts the call; cleared then. */
  #calls: UnrunCalls | undefined;

  constructor(method: string, subject: unknown, operation: Operation<T>, calls: UnrunCalls) {
    this.method = method;
    this.subject = subject;
    this.#operation = operation;
    this.#calls = calls;
  }

  [Symbol.iterator](): Iterator<Effect, T, unknown> {
    this.#calls?.ran(this);
    this.#calls = undefined;
    return this.#operation[Symbol.iterator]();
  }
}

/** What a call was asked for, as the warning shows it: a URL without its credentials. */
function subjectOf(subject: unknown): string {
  if (typeof subject === "number") return `${subject} ms`;
  const asked = typeof subject === "object" && subject !== null && "url" in subject
    ? subject.url
    : subject;
  return JSON.stringify(urlTextWithoutCredentials(String(asked)));
}
