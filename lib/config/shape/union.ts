/**
 * Either of several shapes. When none accepts the value, the problems reported are those of the branch
 * the value was meant for: the only branch that failed with nothing but `"continue"` problems, else
 * the first branch of the value's kind that did not fail only by kind (a nested union failing as a
 * whole did). When there is none (`5` where text or an object belongs), the union's own message is
 * given.
 * @module
 */
import { type CheckRun, expected } from "./check_run.ts";
import type { JsonSchemaWriter } from "./json_schema.ts";
import { type Infer, type JsonSchema, Shape } from "./shape.ts";
import { braceMapProblem } from "./brace_map.ts";
import { StringShape } from "./string.ts";

/** Either of several shapes. */
export class UnionShape<T> extends Shape<T> {
  /** The branches, in order. */
  readonly branches: readonly Shape<unknown>[];
  /** What belongs there, for `expected <what>, got …`. */
  readonly what: string;

  /**
   * @param branches The shapes, in order.
   * @param what What belongs there, for messages.
   */
  constructor(branches: readonly Shape<unknown>[], what: string) {
    super();
    this.branches = branches;
    this.what = what;
  }

  validate(value: unknown, run: CheckRun): boolean {
    const { branches } = this;
    let first = -1;
    let candidates = 0;
    for (let index = 0; index < branches.length; index++) {
      if (!branches[index].isKind(value)) continue;
      if (candidates++ === 0) first = index;
    }
    if (candidates === 0) {
      // An unquoted YAML `{name}` where text belongs was read as a map: say so.
      const takesText = branches.some((branch) => branch instanceof StringShape);
      const key = run.path[run.path.length - 1];
      const braces = takesText ? braceMapProblem(this.what, value, key) : undefined;
      run.fail(braces ?? expected(this.what, value), "skip");
      return false;
    }
    const { failures, hardFailures, stops } = run;
    // The common case: one branch is of the value's kind; it decides, with its own problems.
    if (candidates === 1 && !branches[first].failsOnlyByKind) {
      if (branches[first].validate(value, run)) return true;
      // Problems other than "continue" make the union fail as a whole (one "skip").
      if (run.hardFailures !== hardFailures) run.recount(failures, hardFailures, stops, "skip");
      return false;
    }
    let gentle: Shape<unknown> | undefined; // the first branch that failed only with "continue"s
    let gentleCount = 0;
    let meant: Shape<unknown> | undefined;
    for (let index = first; index < branches.length; index++) {
      const branch = branches[index];
      if (!branch.isKind(value)) continue;
      const hardBefore = run.hardFailures;
      if (run.quietly(branch, value)) {
        run.recount(failures, hardFailures, stops);
        return true;
      }
      const hard = run.hardFailures !== hardBefore;
      if (!hard && gentleCount++ === 0) gentle = branch;
      // A branch that failed only by kind (a union failing as a whole) is not what was meant.
      if (meant === undefined && !(branch.failsOnlyByKind && hard)) meant = branch;
    }
    run.recount(failures, hardFailures, stops);
    if (gentleCount === 1) {
      gentle!.validate(value, run);
      return false;
    }
    if (meant === undefined) {
      run.fail(expected(this.what, value), "skip");
      return false;
    }
    if (!run.quiet) meant.validate(value, run);
    run.recount(failures, hardFailures, stops, "skip");
    return false;
  }

  isKind(value: unknown): boolean {
    return this.branches.some((branch) => branch.isKind(value));
  }

  override get failsOnlyByKind(): boolean {
    return true;
  }

  protected structure(writer: JsonSchemaWriter): JsonSchema {
    return { anyOf: this.branches.map((branch) => branch.toJsonSchema(writer)) };
  }
}

/**
 * Either of several shapes.
 *
 * @example
 * ```ts
 * import { literal } from "./literal.ts";
 * import { string } from "./string.ts";
 * import { union } from "./union.ts";
 * const metadata = union([string("a file name").nonEmpty(), literal(false)], "a file name or false");
 * ```
 * @param branches The shapes, in order.
 * @param what What belongs there, for the message when the value is of none's kind.
 * @returns The shape.
 */
export function union<const S extends readonly Shape<unknown>[]>(
  branches: S,
  what: string,
): UnionShape<Infer<S[number]>> {
  return new UnionShape<Infer<S[number]>>(branches, what);
}
