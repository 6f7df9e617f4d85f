/**
 * Running a user callback that may be a generator (an operation), return a promise, or return nothing.
 * @module
 */
import {
  call,
  codeOf,
  describeGiven,
  type Effect,
  isOperation,
  isPromiseLike,
  type Operation,
  raisedByCorun,
  taskFailureText,
} from "../loop/mod.ts";

/**
 * What a response callback's own code threw (any `Error` but corun's: a `TypeError`, Deno's
 * `NotFound` of a file it reads), said as a custom task's failure is, by its name and where it was
 * (`TypeError: Cannot read properties of undefined (reading 'length') (at /srv/jobs.ts:12:30)`), in
 * every place the fetch's failure is said (its task's line, `--json`, its metadata line). Its code
 * (the metadata line's) is the thrown error's, else its name; the error itself is its `cause`.
 */
class CallbackCodeError extends Error {
  readonly code: string | undefined;
  /**
   * @param error What the callback threw.
   */
  constructor(error: Error) {
    super(taskFailureText(error), { cause: error });
    this.name = error.name;
    this.code = codeOf(error);
  }
}

/**
 * A callback's failure as its fetch reports it: its own code's error as a {@linkcode CallbackCodeError},
 * anything else (corun's errors, with their code; a value that is no `Error`) as it is.
 *
 * @param error What the callback's run threw.
 * @returns The error its fetch fails with.
 */
export function callbackFailure(error: unknown): unknown {
  return error instanceof Error && (codeOf(error) === undefined || !raisedByCorun(error))
    ? new CallbackCodeError(error)
    : error;
}

/**
 * Runs what a user callback returned: an operation (anything `yield*` can run: a generator, a
 * `call(...)`, `sleep(...)`, an object with `*[Symbol.iterator]()`) is run, a promise (any
 * thenable) is awaited, anything else (`() => seen.push(url)`'s number) is left alone, but for an
 * async generator.
 *
 * @param returned The callback's return value.
 * @param task The task's name, for the error.
 * @param url The URL whose response the callback was given, for the error.
 * @throws {TypeError} For an async generator (`async function*`): nothing would run its body, and
 *   the fetch would end as if the callback had done its work.
 */
export function* runCallback(
  returned: Operation<unknown> | PromiseLike<unknown> | unknown,
  task: string,
  url: string,
): Generator<Effect, void> {
  // Any thenable, as `await` takes it: a promise of another library or realm is not `instanceof
  // Promise`, and the fetch would end before its callback's work.
  if (isPromiseLike(returned)) {
    // Named so in a stall's failure: `(waiting on the promise it returned)`.
    yield* call(() => Promise.resolve(returned), "the promise it returned");
    return;
  }
  if (isOperation(returned)) yield* returned;
  else if (typeof returned === "object" && returned !== null && Symbol.asyncIterator in returned) {
    throw new TypeError(
      `Cannot run the onResponse of task "${task}" for ${url}: it returned an async generator ` +
        "(async function*), whose body nothing runs; write it as function* (response, ctx) " +
        "{ ... }, that waits with yield*",
    );
  }
}

/**
 * Calls a custom task's `run` and checks that it returned an operation: anything else fails the
 * task with a TypeError that says how to write one. An `async` function is refused (its
 * `await ctx.…` would get operations back, and do nothing), and the rejection of the promise it
 * returned is handled: left unhandled, it would end the whole process, every other task with it.
 *
 * @param name The task's name, for the message.
 * @param run The task's function.
 * @param ctx Its context.
 * @returns The operation to run.
 * @throws {TypeError} When `run` returned something else.
 */
export function customTaskOperation<C>(
  name: string,
  run: (ctx: C) => unknown,
  ctx: C,
): Operation<unknown> {
  const returned = run(ctx);
  if (isOperation(returned)) return returned;
  throw new TypeError(
    `Cannot run task "${name}": its function returned ${describeReturned(returned)}, not an ` +
      "operation; write it as a generator function, function* (ctx) { ... }, that waits with " +
      "yield* (yield* ctx.fetch(url)), not await",
  );
}

/** What a task's function returned instead of an operation, as the message names it. */
function describeReturned(value: unknown): string {
  if (typeof value === "object" && value !== null && Symbol.asyncIterator in value) {
    return "an async generator";
  }
  return describeGiven(value);
}
