/**
 * Errors the loop raises. Cancellation is not failure: a cancelled task ends in state `"cancelled"`
 * with no error; these are for callers that must branch.
 * @module
 */
import { brandClass } from "./brand.ts";

/** An operation did not finish before its deadline (`failAfter`). */
export class TimeoutError extends Error {
  static {
    brandClass(this, "TimeoutError");
  }

  /** Stable code for callers that branch. */
  readonly code = "TIMEOUT";
  /** The deadline that fired, in milliseconds. */
  readonly timeoutMs: number;

  /**
   * Makes the error of a deadline that fired.
   *
   * @param timeoutMs The limit that was exceeded.
   * @param what What timed out, for the message.
   */
  constructor(timeoutMs: number, what = "operation") {
    super(`Cannot finish ${what}: timed out after ${timeoutMs} ms`);
    this.name = "TimeoutError";
    this.timeoutMs = timeoutMs;
  }
}

/** A task that was joined ended by cancellation, so it has no result. */
export class TaskCancelledError extends Error {
  static {
    brandClass(this, "TaskCancelledError");
  }

  /** Stable code for callers that branch. */
  readonly code = "CANCELLED";

  /**
   * Makes the error a join of a cancelled task throws.
   *
   * @param taskName The task that was cancelled.
   */
  constructor(taskName: string) {
    super(`Cannot get the result of task "${taskName}": it was cancelled`);
    this.name = "TaskCancelledError";
  }
}

/**
 * The task is being cancelled: thrown by `cleanup` once a cleanup that ran during the
 * cancellation is over, so the code around it unwinds instead of carrying on (see cleanup.ts). Like
 * Python's `CancelledError`: a `catch` that sees it must rethrow it; one that swallows it lets the
 * cancelled task carry on. A halted task whose body ends by throwing it is reported cancelled.
 */
export class CancelledError extends Error {
  static {
    brandClass(this, "CancelledError");
  }

  /** Stable code for callers that branch. */
  readonly code = "CANCELLED";

  /**
   * Makes the error `cleanup` throws in a task being cancelled.
   *
   * @param taskName The task being cancelled.
   */
  constructor(taskName: string) {
    super(`Task "${taskName}" was cancelled`);
    this.name = "CancelledError";
  }
}

/** Several tasks of one group failed; `errors` holds every one of them, in the order they failed. */
export class TaskGroupError extends AggregateError {
  static {
    brandClass(this, "TaskGroupError");
  }

  /** Stable code for callers that branch. */
  readonly code = "TASK_GROUP";

  /**
   * Makes the error of a group whose tasks failed.
   *
   * @param errors Every failure of the group.
   * @param groupName The group's name, for the message.
   */
  constructor(errors: unknown[], groupName: string) {
    const first = messageOf(errors[0]);
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    super(errors, `Task group "${groupName}" failed: ${first}${more}`);
    this.name = "TaskGroupError";
  }
}

/**
 * The message of anything thrown: an `Error`'s message, a thrown string as it is, or any other value
 * (a rejected promise's reason, a thrown `{ code: 3 }`) as `Deno.inspect` shows it on one line. The
 * one way corun turns a caught value into words. `String` read an object "[object Object]", and
 * threw for one without a prototype, from wherever the failure was being reported.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { messageOf } from "./errors.ts";
 * assertEquals(messageOf(new Error("disk full")), "disk full");
 * assertEquals(messageOf("plain text"), "plain text");
 * assertEquals(messageOf({ code: 3 }), "{ code: 3 }");
 * assertEquals(messageOf(undefined), "undefined");
 * ```
 *
 * @param error What was caught.
 * @returns Its message.
 */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  return Deno.inspect(error, { breakLength: Infinity, compact: true });
}

/**
 * What a failure nobody expected (a bug) shows, for its report: an `Error` by its stack (or its name
 * and message when it has none), then each error of an `AggregateError` and its `cause`, indented
 * below it, and so on down; any other value by {@linkcode messageOf} (text quoted), said to be no
 * `Error`. `String` lost the causes and the errors of an aggregate, read a thrown object
 * "[object Object]", and threw for one without a prototype.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { failureText } from "./errors.ts";
 * const error = new Error("cannot save", { cause: new RangeError("disk full") });
 * error.stack = "Error: cannot save";
 * (error.cause as Error).stack = "RangeError: disk full";
 * assertEquals(failureText(error), "Error: cannot save\n  caused by: RangeError: disk full");
 * assertEquals(failureText({ code: 3 }), "{ code: 3 } (a value thrown, not an Error: it has no stack)");
 * // A failure said to a user, after "Cannot …:", names its causes but shows no stack.
 * assertEquals(
 *   failureText(error, { stacks: false }),
 *   "cannot save\n  caused by: RangeError: disk full",
 * );
 * ```
 *
 * @param error What was caught.
 * @param options Whether stacks are shown.
 * @returns Its text, on as many lines as it takes.
 */
export function failureText(error: unknown, options: FailureTextOptions = {}): string {
  return failureLines(error, new Set(), options.stacks ?? true, true).join("\n");
}

/** How {@linkcode failureText} shows a failure. */
export interface FailureTextOptions {
  /**
   * Show each error's stack, as a bug's report needs. Without them the text says an expected
   * failure to a user: the error's own message (to follow `Cannot …:`), then each cause and error of
   * an aggregate as `Name: message` below it, and a value thrown as its text.
   * @default true
   */
  stacks?: boolean;
}

function failureLines(
  error: unknown,
  seen: Set<unknown>,
  stacks: boolean,
  top: boolean,
): string[] {
  if (!(error instanceof Error)) {
    if (!stacks) return [messageOf(error)];
    const shown = typeof error === "string" ? JSON.stringify(error) : messageOf(error);
    return [`${shown} (a value thrown, not an Error: it has no stack)`];
  }
  // A cause may lead back to an error above it.
  if (seen.has(error)) return [`${error.name}: ${error.message} (again, as above)`];
  seen.add(error);
  const head = !stacks
    ? top ? error.message : `${error.name}: ${error.message}`
    : typeof error.stack === "string"
    ? error.stack
    : `${error.name}: ${error.message}`;
  const lines = head.split("\n");
  const below = (label: string, inner: unknown) => {
    const [first, ...rest] = failureLines(inner, seen, stacks, false);
    lines.push(`  ${label}: ${first}`, ...rest.map((line) => `  ${line}`));
  };
  if (error instanceof AggregateError) {
    const errors: unknown[] = Array.isArray(error.errors) ? error.errors : [];
    errors.forEach((inner, index) => below(`error ${index + 1} of ${errors.length}`, inner));
  }
  if (error.cause !== undefined) below("caused by", error.cause);
  return lines;
}

/**
 * The `code` of anything thrown, when it has a string one (`HttpError`, `NetError`, Deno's and
 * Node's errors); undefined otherwise, also for a thrown `null` or `undefined` (`Promise.reject()`).
 * The one way corun reads a caught value's code.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { codeOf } from "./errors.ts";
 * assertEquals(codeOf(Object.assign(new Error("gone"), { code: "EARLY_EOF" })), "EARLY_EOF");
 * assertEquals(codeOf(undefined), undefined);
 * ```
 *
 * @param error What was caught.
 * @returns Its code, or undefined.
 */
export function codeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/**
 * A value a message says was given instead of what was expected: `null`, `undefined`, or its type.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { kindOfValue } from "./errors.ts";
 * assertEquals(kindOfValue(null), "null");
 * assertEquals(kindOfValue(42), "a value of type number");
 * ```
 * @param value Anything.
 * @returns Its kind, as a message names it.
 */
export function kindOfValue(value: unknown): string {
  return value === null || value === undefined ? String(value) : `a value of type ${typeof value}`;
}
