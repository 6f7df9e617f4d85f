/**
 * One pass of checking a value against a shape: where the check is (a path kept as a stack, so a
 * valid value costs no allocation) and the problems found, created only when there is one.
 * @module
 */
import type { ConfigPath } from "../config_error.ts";
import { CREDENTIAL_NOT_SHOWN } from "../credential_place.ts";
import { describeValue } from "../describe.ts";
import type { PathIssue } from "../path_issue.ts";

const NO_ISSUES: readonly PathIssue[] = Object.freeze([]);

/**
 * The message of a value that is not what belongs there: `expected <what>, got <value>`.
 *
 * @param what What belongs there, such as `a number of retries`.
 * @param value What was found.
 * @returns The message.
 */
export function expected(what: string, value: unknown): string {
  return `expected ${what}, got ${describeValue(value)}`;
}

/**
 * `expected <what>, got <kind>` for a field whose value may be a credential given in the wrong
 * shape (`headers: "Authorization: Bearer …"`, curl's `-H`; `auth: "bob:pw"`, curl's `-u`): a
 * text, a number or a date by its kind alone.
 *
 * @param what What belongs there.
 * @param value What was given instead.
 * @returns The message.
 */
export function expectedWithoutValue(what: string, value: unknown): string {
  const kind = typeof value === "string"
    ? "a text"
    : typeof value === "number" || typeof value === "bigint"
    ? "a number"
    : value instanceof Date
    ? "a date"
    : undefined;
  return kind === undefined
    ? expected(what, value)
    : `expected ${what}, got ${kind} (${CREDENTIAL_NOT_SHOWN})`;
}

/**
 * What a problem means for the checks after it. Corun's messages were written against this model
 * (zod's), and unions and whole-object checks depend on it:
 *
 * - `"continue"`: later checks of the value still run (a refine, a pattern, an unknown key, a
 *   whole-object check). A union whose only failing branch of the value's kind failed this way
 *   reports that branch's problems as they are.
 * - `"skip"`: the value's own later checks do not run (it is of the wrong kind, a key is missing).
 * - `"stop"`: like `"skip"`, and the whole-object checks of the objects around it do not run either
 *   (a check marked `abort`, a whole-number check, a predicate): their findings would be noise.
 */
export type FailureFlow = "continue" | "skip" | "stop";

/**
 * The state of one check: the path of the value being checked and the problems found so far.
 *
 * Shapes push a key or index before checking a field and pop it after. While `quiet` (a union trying
 * its branches), problems are counted but not recorded.
 */
export class CheckRun {
  /** Keys and indexes from the root to the value being checked. */
  readonly path: (string | number)[];
  /** How many problems were found, recorded or not; compare before and after a check. */
  failures = 0;
  /** How many of them were not `"continue"`. */
  hardFailures = 0;
  /** How many of them were `"stop"`. */
  stops = 0;
  /** True while checking record keys: problems point at the key. */
  atKey = false;
  /** Problems past `maxIssues`: counted, not kept. */
  unlisted = 0;
  #quiet = 0;
  #issues: PathIssue[] | undefined;
  #seen: Set<string> | undefined;
  #maxIssues: number;

  /**
   * @param basePath The path of the checked value from the config's root.
   * @param maxIssues How many problems to keep; the others are only counted (`unlisted`), so a
   *   config with a million wrong keys costs a million counts, not a million issues.
   */
  constructor(basePath: ConfigPath = [], maxIssues = Infinity) {
    this.path = [...basePath];
    this.#maxIssues = maxIssues;
  }

  /** The problems found, in the order found, without repeats. */
  get issues(): readonly PathIssue[] {
    return this.#issues ?? NO_ISSUES;
  }

  /** True while problems are only counted. */
  get quiet(): boolean {
    return this.#quiet > 0;
  }

  /**
   * True when a problem found now would be kept: not quiet, and fewer than `maxIssues` kept. A
   * message that costs something to write (a "did you mean") is written only then.
   */
  get keeping(): boolean {
    return this.#quiet === 0 && (this.#issues?.length ?? 0) < this.#maxIssues;
  }

  /**
   * Checks a value against a shape without recording its problems (a union trying a branch).
   *
   * @param shape The shape.
   * @param value The value.
   * @returns True when the value is valid.
   */
  quietly(shape: { validate(value: unknown, run: CheckRun): boolean }, value: unknown): boolean {
    this.#quiet++;
    try {
      return shape.validate(value, this);
    } finally {
      this.#quiet--;
    }
  }

  /**
   * Records a problem with the value being checked.
   *
   * @param message What is wrong.
   * @param flow What the problem means for the checks after it.
   * @param at Point at the value or at its key (default: the key while checking record keys).
   */
  fail(message: string, flow: FailureFlow = "continue", at?: "key" | "value"): void {
    this.#count(flow);
    if (this.#quiet > 0) return;
    if (!this.keeping) {
      this.unlisted++;
      return;
    }
    const issue: PathIssue = { path: [...this.path], message };
    const where = at ?? (this.atKey ? "key" : undefined);
    if (where !== undefined) issue.at = where;
    const key = JSON.stringify([issue.path, message]);
    this.#seen ??= new Set();
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    (this.#issues ??= []).push(issue);
  }

  /**
   * Records a problem with a field inside the value being checked.
   *
   * @param keys The field's path from the value being checked.
   * @param message What is wrong.
   * @param flow What the problem means for the checks after it.
   * @param at Point at the field's value or at its key.
   */
  failAt(
    keys: ConfigPath,
    message: string,
    flow: FailureFlow = "continue",
    at?: "key" | "value",
  ): void {
    const depth = this.path.length;
    this.path.push(...keys);
    this.fail(message, flow, at);
    this.path.length = depth;
  }

  /**
   * Sets the counts back to earlier values, then counts one problem of `flow` (without recording
   * it): a union or a record key whose problems count as one of its own.
   *
   * @param failures The earlier `failures`.
   * @param hardFailures The earlier `hardFailures`.
   * @param stops The earlier `stops`.
   * @param flow The problem to count, if any.
   */
  recount(failures: number, hardFailures: number, stops: number, flow?: FailureFlow): void {
    this.failures = failures;
    this.hardFailures = hardFailures;
    this.stops = stops;
    if (flow !== undefined) this.#count(flow);
  }

  #count(flow: FailureFlow): void {
    this.failures++;
    if (flow === "continue") return;
    this.hardFailures++;
    if (flow === "stop") this.stops++;
  }
}
