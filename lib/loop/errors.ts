/**
 * Errors the loop raises. Cancellation is not failure: a cancelled task ends in state `"cancelled"`
 * with no error; these are for callers that must branch.
 * @module
 */
import { brandClass } from "./brand.ts";

/**
 * An operation did not finish before its deadline (`failAfter`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { failAfter, runOperation, sleep, TimeoutError } from "@corun/corun";
 * const answer = await runOperation(function* () {
 *   try {
 *     yield* failAfter(100, sleep(1_000), "the answer");
 *     return "answered";
 *   } catch (error) {
 *     if (!(error instanceof TimeoutError)) throw error;
 *     return `no answer within ${error.timeoutMs} ms`; // or carry on with a default
 *   }
 * }());
 * assertEquals(answer, "no answer within 100 ms");
 * ```
 */
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

/**
 * A task that was joined ended by cancellation, so it has no result.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { halt, join, runOperation, sleep, spawn, TaskCancelledError } from "@corun/corun";
 * const outcome = await runOperation(function* () {
 *   const download = yield* spawn(sleep(60_000), { name: "download" });
 *   yield* halt(download); // someone else gave up on it
 *   try {
 *     yield* join(download);
 *     return "downloaded";
 *   } catch (error) {
 *     if (!(error instanceof TaskCancelledError)) throw error;
 *     return error.message;
 *   }
 * }());
 * assertEquals(outcome, 'Cannot get the result of task "download": it was cancelled');
 * ```
 */
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
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import {
 *   CancelledError,
 *   cleanup,
 *   createVirtualClock,
 *   moveOnAfter,
 *   runOperation,
 *   sleep,
 * } from "@corun/corun";
 * const seen: string[] = [];
 * await runOperation(moveOnAfter(5, function* () { // cancelled after 5 ms
 *   try {
 *     try {
 *       yield* sleep(50);
 *     } finally {
 *       yield* cleanup(sleep(1)); // throws CancelledError once over: the task is being cancelled
 *     }
 *     seen.push("carried on");
 *   } catch (error) {
 *     if (error instanceof CancelledError) {
 *       seen.push("cancelled");
 *       throw error; // rethrow it: swallowed, the cancelled task would carry on
 *     }
 *     seen.push(`failed: ${error}`);
 *   }
 * }()), { clock: createVirtualClock() });
 * assertEquals(seen, ["cancelled"]);
 * ```
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

/**
 * Several tasks of one group failed; `errors` holds every one of them, in the order they failed.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import {
 *   createVirtualClock,
 *   runOperation,
 *   sleep,
 *   taskGroup,
 *   TaskGroupError,
 * } from "@corun/corun";
 * function* check(host: string) {
 *   yield* sleep(10);
 *   throw new Error(`${host} is down`);
 * }
 * const problems = await runOperation(function* () {
 *   try {
 *     yield* taskGroup(function* (group) {
 *       yield* group.spawn(check("a.example"));
 *       yield* group.spawn(check("b.example"));
 *     });
 *     return [];
 *   } catch (error) {
 *     if (!(error instanceof TaskGroupError)) throw error;
 *     return error.errors.map((each) => (each as Error).message);
 *   }
 * }(), { clock: createVirtualClock() });
 * assertEquals(problems, ["a.example is down", "b.example is down"]);
 * ```
 */
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
  return failureLines(error, new Set(), (options.stacks ?? true) ? "stack" : "message", true)
    .join("\n");
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

/**
 * Why a task's own code failed, on one line, as its report, its events and the command's output say
 * it. An error with a `code` by its message, unless the task's own code raised it (or the runtime,
 * called there: Deno's `NotFound`), which is said as any other error is. Any other `Error` by its
 * message too when corun raised it (its stack starts in corun: "Cannot ctx.fetch … for task …"),
 * else by its name and message (`TypeError: Cannot read properties of undefined`, `TypeError` for
 * `new TypeError()`); either followed by where the task's code was, the first frame of its stack
 * outside corun (`(at /srv/jobs.ts:3:12)`, as a bug is found), then its causes and the first
 * errors of an aggregate, each `Name: message`. A value thrown that is no `Error` by
 * {@linkcode messageOf}.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { taskFailureText } from "./errors.ts";
 * const error = new TypeError("", { cause: new RangeError("disk full") });
 * error.stack = "TypeError\n    at parse (file:///srv/jobs.ts?v=1f2e:3:12)\n    at file:///srv/jobs.ts:9:5";
 * assertEquals(taskFailureText(error), "TypeError (at /srv/jobs.ts:3:12); caused by: RangeError: disk full");
 * assertEquals(taskFailureText({ code: 3 }), "{ code: 3 }");
 * ```
 *
 * @param error What the task threw.
 * @param options Whether it says where the code was.
 * @returns Its text, on one line (a message of several lines keeps them).
 */
export function taskFailureText(error: unknown, options: TaskFailureTextOptions = {}): string {
  if (!(error instanceof Error)) return messageOf(error);
  if (codeOf(error) !== undefined && raisedByCorun(error)) return error.message;
  const mode = (options.place ?? true) ? "where" : "named";
  const [first, ...rest] = failureLines(error, new Set(), mode, true);
  return [first, ...rest.map((line) => line.trim())].join("; ");
}

/** How {@linkcode taskFailureText} says a failure. */
export interface TaskFailureTextOptions {
  /**
   * Follow it with where the code was (`(at /srv/jobs.ts:3:12)`); false where the message is
   * placed already (a config module's issue, at its line and column).
   * @default true
   */
  place?: boolean;
}

/**
 * How {@linkcode failureLines} shows an error: its stack; its message (`Name: message` below the
 * top); or, on one line, `Name: message` with where the top one was thrown (`where`) or without
 * (`named`), corun's own top error by its message alone.
 */
type FailureMode = "stack" | "message" | "where" | "named";

/** The errors of an aggregate a one-line failure lists before it counts the rest. */
const LISTED_AGGREGATE_ERRORS = 3;

function failureLines(
  error: unknown,
  seen: Set<unknown>,
  mode: FailureMode,
  top: boolean,
): string[] {
  if (!(error instanceof Error)) {
    if (mode !== "stack") return [messageOf(error)];
    const shown = typeof error === "string" ? JSON.stringify(error) : messageOf(error);
    return [`${shown} (a value thrown, not an Error: it has no stack)`];
  }
  // A cause may lead back to an error above it.
  if (seen.has(error)) return [`${nameAndMessage(error)} (again, as above)`];
  seen.add(error);
  const head = mode === "message"
    ? top ? error.message : nameAndMessage(error)
    : mode === "where" || mode === "named"
    ? top ? withWhere(error, mode === "where") : nameAndMessage(error)
    : typeof error.stack === "string"
    ? error.stack
    : nameAndMessage(error);
  const lines = head.split("\n");
  const below = (label: string, inner: unknown) => {
    const [first, ...rest] = failureLines(inner, seen, mode, false);
    lines.push(`  ${label}: ${first}`, ...rest.map((line) => `  ${line}`));
  };
  if (error instanceof AggregateError) {
    const errors: unknown[] = Array.isArray(error.errors) ? error.errors : [];
    const listed = mode === "where" || mode === "named"
      ? errors.slice(0, LISTED_AGGREGATE_ERRORS)
      : errors;
    listed.forEach((inner, index) => below(`error ${index + 1} of ${errors.length}`, inner));
    if (listed.length < errors.length) lines.push(`  and ${errors.length - listed.length} more`);
  }
  if (error.cause !== undefined) below("caused by", error.cause);
  return lines;
}

/** `Name: message`, or the name alone for an empty message (`new TypeError()`). */
function nameAndMessage(error: Error): string {
  return error.message === "" ? error.name : `${error.name}: ${error.message}`;
}

/**
 * Whether corun raised an error: the first frame of its stack that names a module is corun's. Its
 * own errors say what went wrong in its words alone (`TIMEOUT_TOTAL`); any other, coded or not, is
 * said by its name: one the task's code raised, or the runtime did for it (`Deno.readTextFileSync`
 * of a missing file, or an asynchronous call whose stack holds only the runtime's frames).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { raisedByCorun } from "./errors.ts";
 * const error = Object.assign(new Error("quota used up"), { code: "QUOTA" });
 * error.stack = "Error: quota used up\n    at file:///srv/jobs.ts:4:7";
 * assertEquals(raisedByCorun(error), false);
 * ```
 *
 * @param error The error.
 * @returns True when corun's own code made it.
 */
export function raisedByCorun(error: Error): boolean {
  const first = typeof error.stack === "string" ? framesOf(error.stack)[0] : undefined;
  return first !== undefined && isOwnFrame(first.url);
}

/**
 * An error as a task's failure says it: `Name: message`, or corun's own message alone, and (`place`)
 * where the task's code was (see {@linkcode taskFailureText}).
 */
function withWhere(error: Error, place: boolean): string {
  const text = raisedByCorun(error) ? error.message : nameAndMessage(error);
  if (!place) return text;
  const frames = typeof error.stack === "string" ? framesOf(error.stack) : [];
  const where = frames.find((frame) => !isOwnFrame(frame.url));
  return where === undefined ? text : `${text} (at ${where.place})`;
}

/**
 * Where a stack was in code that is not corun's own: its first frame outside corun (a config's
 * custom task, the module it imports), as a failure says it (`/srv/jobs.ts:3:12`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { userCodePlace } from "./errors.ts";
 * const stack = "Error\n    at exit (ext:deno_os/30_os.js:1:943)\n    at file:///srv/jobs.ts:9:5";
 * assertEquals(userCodePlace(stack), "/srv/jobs.ts:9:5");
 * ```
 *
 * @param stack An error's `stack`.
 * @returns The place, or undefined when no frame of the stack is outside corun and the runtime.
 */
export function userCodePlace(stack: string): string | undefined {
  return framesOf(stack).find((frame) => !isOwnFrame(frame.url))?.place;
}

/** A stack frame's location: `at name (URL:LINE:COLUMN)` or `at URL:LINE:COLUMN`. */
const FRAME = /^\s*at (?:.*\()?((?:file|https?):\/\/[^\s()]+):(\d+):(\d+)\)?\s*$/;

/**
 * Every copy of corun loaded in this process (a TypeScript config run by the bundled command line
 * imports another from the sources): the folder of each one's modules, and whether it is a bundle,
 * shared under a global key, so each tells its own frames and the others' from a task's.
 */
const OWN_PLACES: Map<string, boolean> = ((globalThis as Record<symbol, unknown>)[
  Symbol.for("corun.places")
] ??= new Map<string, boolean>()) as Map<string, boolean>;
const ownPlace = ownPlaceOf(import.meta.url);
OWN_PLACES.set(ownPlace.folder, ownPlace.bundled);

/**
 * Where the copy of corun that `moduleUrl` (this file's URL) belongs to keeps its modules: the
 * sources' root, whose `lib/` and `mod.ts` are corun's, or, bundled, the bundle's own folder,
 * wherever it was copied (`dist/cli/`, `/opt/corun/`: reckoned as a root two folders up, a copy
 * elsewhere took its own chunks for a task's code and named them as a failure's place).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { ownPlaceOf } from "./errors.ts";
 * assertEquals(ownPlaceOf("file:///srv/corun/lib/loop/errors.ts"), {
 *   folder: "file:///srv/corun/",
 *   bundled: false,
 * });
 * assertEquals(ownPlaceOf("file:///opt/corun/chunk-AB12.js"), {
 *   folder: "file:///opt/corun/",
 *   bundled: true,
 * });
 * ```
 *
 * @param moduleUrl The URL of `errors.ts`, or of the bundle's chunk that holds it.
 * @returns The folder's URL, and whether it is a bundle's.
 */
export function ownPlaceOf(moduleUrl: string): { folder: string; bundled: boolean } {
  if (new URL(moduleUrl).pathname.endsWith("/lib/loop/errors.ts")) {
    return { folder: new URL("../../", moduleUrl).href, bundled: false };
  }
  return { folder: new URL("./", moduleUrl).href, bundled: true };
}

function isOwnFrame(url: string): boolean {
  for (const [folder, bundled] of OWN_PLACES) {
    if (!url.startsWith(folder)) continue;
    const inside = url.slice(folder.length);
    // A bundle's files are its JavaScript chunks: a TypeScript config beside them is not corun's.
    const own = bundled
      ? !inside.includes("/") && inside.endsWith(".js")
      : inside.startsWith("lib/") || inside === "mod.ts";
    if (own) return true;
  }
  return false;
}

/**
 * The frames of a stack that name a module: its URL without query (a config's version, or a token)
 * or credentials, and its place as a message shows it (`/srv/jobs.ts:3:12`). The runtime's own
 * frames (`ext:`, `<anonymous>`) are left out.
 */
function framesOf(stack: string): { url: string; place: string }[] {
  const frames = [];
  for (const line of stack.split("\n")) {
    const frame = FRAME.exec(line);
    const url = frame === null ? null : URL.parse(frame[1]);
    if (frame === null || url === null) continue;
    const bare = `${url.protocol}//${url.host}${url.pathname}`;
    const file = url.protocol === "file:" ? filePathOf(url) : bare;
    frames.push({ url: bare, place: `${file}:${frame[2]}:${frame[3]}` });
  }
  return frames;
}

/** A `file:` URL's path, as the system writes it (`C:\\jobs.ts` on Windows). */
function filePathOf(url: URL): string {
  const path = decodeURIComponent(url.pathname);
  if (!/^\/[A-Za-z]:\//.test(path)) return path;
  return path.slice(1).replaceAll("/", "\\");
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
