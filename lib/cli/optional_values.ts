/**
 * Options whose value is optional (`--lock [mode]`), read the way a user means them. Commander takes
 * any argument after such a flag as its value, so `corun run --lock tasks.yaml` would lock in mode
 * "tasks.yaml" and then miss its config. Here a separate argument is the value only when it is one
 * of the option's words (`--lock skip`); the flag alone becomes `--lock=<implied value>`.
 * @module
 */
import type { CommandSpec, OptionSpec } from "./command.ts";

/** How an option's flags read: its names and what kind of value follows. */
interface FlagShape {
  names: string[];
  longName: string | undefined;
  value: "none" | "required" | "optional";
}

/**
 * Reads an option's flag syntax.
 *
 * @param option The option.
 * @returns Its names (`-q`, `--quiet`), long name, and value kind.
 */
function shapeOf(option: OptionSpec): FlagShape {
  const names = option.flags.split(/[ ,|]+/).filter((part) => part.startsWith("-"));
  const value = option.flags.includes("<")
    ? "required"
    : option.flags.includes("[")
    ? "optional"
    : "none";
  return { names, longName: names.find((name) => name.startsWith("--")), value };
}

/**
 * Checks that every option with an optional value says which words it takes and what it means
 * alone, so none can swallow a positional argument. A command that does not is a programming error.
 *
 * @param commands The registry.
 * @throws {TypeError} Naming the command and option that lack them.
 */
export function checkOptionalValues(commands: readonly CommandSpec[]): void {
  for (const command of commands) {
    for (const option of command.options) {
      const shape = shapeOf(option);
      if (shape.value !== "optional") continue;
      if (!option.valueWords?.length || option.impliedValue === undefined || !shape.longName) {
        throw new TypeError(
          `corun ${command.name} ${option.flags}: an optional value needs a long name, ` +
            "valueWords and impliedValue",
        );
      }
    }
  }
}

/**
 * Rewrites a command line so each optional value is explicit: `--lock skip` → `--lock=skip`,
 * `--lock` followed by anything else (or nothing) → `--lock=fail`. Arguments after `--`, and values
 * of options that require one (`--out --lock` is an out directory named "--lock"), stay as they are.
 *
 * @param args The arguments after the program name.
 * @param commands The registry.
 * @returns The arguments with every optional value written out.
 * @example
 * ```ts
 * import { normalizeOptionalValues } from "./optional_values.ts";
 * import { COMMANDS } from "./registry.ts";
 * normalizeOptionalValues(["run", "--lock", "tasks.yaml"], COMMANDS);
 * // ["run", "--lock=fail", "tasks.yaml"]
 * ```
 */
export function normalizeOptionalValues(
  args: readonly string[],
  commands: readonly CommandSpec[],
): string[] {
  // Options before the command (-V, -h) take no values: the first word is the command.
  const at = args.findIndex((arg) => !arg.startsWith("-"));
  const command = at < 0 ? undefined : commands.find((spec) => spec.name === args[at]);
  if (command === undefined) return [...args];
  const byName = new Map<string, { option: OptionSpec; shape: FlagShape }>();
  for (const option of command.options) {
    const shape = shapeOf(option);
    for (const name of shape.names) byName.set(name, { option, shape });
  }
  const result = args.slice(0, at + 1);
  for (let index = at + 1; index < args.length; index++) {
    const arg = args[index];
    if (arg === "--") {
      result.push(...args.slice(index));
      break;
    }
    const found = byName.get(arg);
    if (found?.shape.value === "required") {
      result.push(arg);
      if (index + 1 < args.length) result.push(args[++index]);
    } else if (found?.shape.value === "optional") {
      const next = args[index + 1];
      const taken = next !== undefined && found.option.valueWords!.includes(next);
      if (taken) index++;
      result.push(`${found.shape.longName}=${taken ? next : found.option.impliedValue}`);
    } else {
      result.push(arg);
    }
  }
  return result;
}
