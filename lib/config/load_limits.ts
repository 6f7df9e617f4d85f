/**
 * What a config's load may be given as its limits (`maxConfigSize`, `maxAliasNodes`,
 * `urlTimeoutMs`), checked by one rule wherever they are given: the command line's flags
 * (`--max-config-size`, `--max-alias-nodes`, `--config-timeout`) and `loadConfig`'s options. Past
 * the ceilings the runtime cannot hold what they would let in.
 * @module
 */
import { describeValue } from "./describe.ts";
import { durationProblem, parseDuration } from "./duration.ts";
import type { LoadConfigOptions } from "./load.ts";
import { MAX_CONFIG_SIZE_CEILING } from "./read_capped.ts";
import { parseSize, sizeCeilingProblem, sizeProblem } from "./size.ts";
import { MAX_ALIAS_NODES_CEILING } from "./yaml_alias_budget.ts";

/**
 * Tells what is wrong with a config size cap.
 *
 * @param value The cap: a size as written (`"64MiB"`), or a number of bytes.
 * @returns Undefined when it is one, else the problem (`expected …, got …`).
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { configSizeProblem } from "./load_limits.ts";
 * assertEquals(configSizeProblem("1MiB"), undefined);
 * assertEquals(configSizeProblem(0), "expected a size above 0, got 0");
 * ```
 */
export function configSizeProblem(value: number | string): string | undefined {
  return sizeProblem(value) ??
    // No config is empty: a cap of nothing would refuse every one, whatever it holds.
    (parseSize(value) === 0 ? `expected a size above 0, got ${describeValue(value)}` : undefined) ??
    sizeCeilingProblem(value, MAX_CONFIG_SIZE_CEILING, "the runtime holds a config as one text");
}

/**
 * Tells what is wrong with a cap on the values YAML aliases repeat: a count of values, so digits
 * only as text ("100_000" and "1e5" read as typos, not as numbers); 0 would refuse every alias, and
 * far more than the ceiling fills the heap first.
 *
 * @param value The cap: digits, or a number.
 * @returns Undefined when it is one, else the problem.
 */
export function aliasNodesProblem(value: number | string): string | undefined {
  const count = typeof value === "number" ? value : /^\d+$/.test(value) ? Number(value) : NaN;
  if (Number.isInteger(count) && count >= 1 && count <= MAX_ALIAS_NODES_CEILING) return undefined;
  return `expected a number of values (a whole number from 1 to ${MAX_ALIAS_NODES_CEILING}) ` +
    `like "100000", got ${describeValue(value)}`;
}

/**
 * Tells what is wrong with the time a config URL may take: 0 is no time at all, not "no limit" (every
 * config URL would fail).
 *
 * @param value A duration as written (`"30s"`), or a number of milliseconds.
 * @returns Undefined when it is one, else the problem.
 */
export function configTimeoutProblem(value: number | string): string | undefined {
  const problem = typeof value === "string"
    ? durationProblem(value)
    : Number.isFinite(value) && value >= 0 && value <= Number.MAX_SAFE_INTEGER
    ? undefined
    : `expected a number of milliseconds, got ${describeValue(value)}`;
  if (problem !== undefined) return problem;
  const ms = typeof value === "string" ? parseDuration(value) : value;
  return ms === 0 ? `expected a duration longer than 0, got ${describeValue(value)}` : undefined;
}

/** `loadConfig`'s limits, each with the rule of its flag. */
const LIMIT_CHECKS = [
  ["maxConfigSize", configSizeProblem],
  ["maxAliasNodes", aliasNodesProblem],
  ["urlTimeoutMs", configTimeoutProblem],
] as const satisfies readonly (readonly [keyof LoadConfigOptions, (value: number) => unknown])[];

/**
 * Refuses `loadConfig`'s limits that the command line's flags would refuse, by the same rules.
 *
 * @param options What `loadConfig` was given.
 * @throws {RangeError} Naming the option and what it takes.
 */
export function checkLoadLimits(options: LoadConfigOptions): void {
  for (const [name, problemOf] of LIMIT_CHECKS) {
    const value: unknown = options[name];
    if (value === undefined) continue;
    // A JavaScript caller's "64MiB" is no number of bytes: the load would misread it.
    const problem = typeof value === "number"
      ? problemOf(value)
      : `expected a number, got ${describeValue(value)}`;
    if (problem !== undefined) {
      throw new RangeError(`Cannot load a config with ${name}: ${problem}`);
    }
  }
}
