/**
 * One command's arguments, read against its declaration in one pass: each word is checked against
 * the command's options and its value filed under the option's key (`-q` → `quiet: true`,
 * `--no-state` → `state: false`, `--lock tasks.yaml` → `lock: "fail"`), the last given winning;
 * options not given take their defaults. An unknown option is refused (naming the closest known
 * one), and so is a missing value (or another of the command's options in its place: `--log
 * --json`), a value for a flag, and a path given as `-` or with a `~` no shell expanded; an
 * optional value never swallows the config (`--lock tasks.yaml`).
 * @module
 */
import { type OptionShape, shapeOf } from "./args_shape.ts";
import { COMMON_OPTIONS } from "./args_help.ts";
import { closestName } from "../loop/mod.ts";
import type { CommandSpec, Invocation, OptionSpec } from "./command.ts";
import { STD_STREAM } from "./std_stream.ts";
import { unreadableFlag } from "./flag_problem.ts";
import { homeTildeProblem } from "../config/mod.ts";

/** Where a relative path of the command line is taken from, for a message. */
const HERE = "in the working directory";

/** A command line that cannot be read: the message says what, help says how. */
export class UsageError extends Error {
  /**
   * @param message What is wrong, for `error: …`.
   * @param command The command whose help explains it, or undefined for the top level.
   */
  constructor(message: string, readonly command?: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** An option with its shape. */
interface KnownOption {
  option: OptionSpec;
  shape: OptionShape;
}

/**
 * Reads a command's arguments.
 *
 * @param words The words after the command name (help and version already handled).
 * @param command The command.
 * @returns The invocation: positional arguments and options by camelCase key.
 * @throws {UsageError} On an unknown option, a missing or unwanted value, or a wrong count of
 *   arguments.
 * @example
 * ```ts
 * import { parseCommandArgs } from "./args.ts";
 * import { runCommand } from "./run_command.ts";
 * const { args, options } = parseCommandArgs(["--lock", "tasks.yaml", "-q"], runCommand);
 * // { args: ["tasks.yaml"], options: { lock: "fail", quiet: true } }
 * if (args[0] !== "tasks.yaml" || options.lock !== "fail" || options.quiet !== true) {
 *   throw new Error("--lock took the config");
 * }
 * ```
 */
export function parseCommandArgs(words: readonly string[], command: CommandSpec): Invocation {
  const known = knownOptions(command);
  const invocation = scanWords(words, command, known);
  checkArguments(invocation.args, command);
  checkPathOptions(invocation, command);
  for (const { option, shape } of known.values()) {
    if (option.default !== undefined && !(shape.key in invocation.options)) {
      invocation.options[shape.key] = option.default;
    }
  }
  return invocation;
}

/**
 * Whether words are options a command takes, as it would read them after its name (each known,
 * with any value it needs): `-q` of `run`, not of `check`.
 *
 * @param words Option words (`-q`, `--lock=skip`).
 * @param command The command.
 * @returns True when the command reads them all without an error.
 * @example
 * ```ts
 * import { takesOptions } from "./args.ts";
 * import { runCommand } from "./run_command.ts";
 * if (!takesOptions(["-q", "--json"], runCommand)) throw new Error("run takes -q and --json");
 * ```
 */
export function takesOptions(words: readonly string[], command: CommandSpec): boolean {
  try {
    return scanWords(words, command, knownOptions(command)).args.length === 0;
  } catch (error) {
    if (error instanceof UsageError) return false;
    throw error;
  }
}

/** Every name of every option of a command (`--quiet` and `-q` alike). */
function knownOptions(command: CommandSpec): Map<string, KnownOption> {
  const known = new Map<string, KnownOption>();
  for (const option of command.options) {
    const entry = { option, shape: shapeOf(option) };
    known.set(entry.shape.long, entry);
    if (entry.shape.short !== undefined) known.set(entry.shape.short, entry);
  }
  return known;
}

/** Files every option given under its key (the last one given wins) and keeps the positionals. */
function scanWords(
  words: readonly string[],
  command: CommandSpec,
  known: Map<string, KnownOption>,
): Invocation {
  const scanned: Invocation = { args: [], options: {} };
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    if (word === "--") {
      scanned.args.push(...words.slice(index + 1));
      break;
    }
    if (!word.startsWith("-") || word === "-") {
      scanned.args.push(word);
      continue;
    }
    // `-qV` is `-q -V`; a letter that takes a value takes the rest of the word (`-odir`).
    const parts = word.startsWith("--") ? [word] : splitShortFlags(word, known);
    for (const part of parts) {
      const equals = part.indexOf("=");
      const name = equals < 0 ? part : part.slice(0, equals);
      const inline = equals < 0 ? undefined : part.slice(equals + 1);
      const entry = known.get(name);
      if (entry === undefined) throw unknownOption(part, command, known);
      const { shape, option } = entry;
      if (shape.value === "none") {
        if (inline !== undefined) {
          throw new UsageError(takesNoValue(shape.long, part), command.name);
        }
        // `--no-state` sets `state` to false; `--state PATH`, another option, sets it to the path.
        scanned.options[shape.key] = !shape.negates;
        continue;
      }
      let value = inline;
      if (value === undefined && shape.value === "required") {
        // A required value is the next word, `-x` too, unless it is one of the command's options:
        // `--log --json` forgot the file, and would write the log to a file named "--json".
        if (index + 1 >= words.length) {
          throw new UsageError(
            unreadableFlag(shape.long, `expected a value (${usageOf(shape)}), got nothing`),
            command.name,
          );
        }
        value = words[++index];
        if (known.has(value.split("=")[0])) {
          throw new UsageError(
            unreadableFlag(
              shape.long,
              `expected a value (${usageOf(shape)}), got the option ${value} (write ` +
                `${shape.long}=${value} if that is the value meant)`,
            ),
            command.name,
          );
        }
      }
      if (value === "" && shape.value === "required") {
        // An empty path would mean the working directory, an empty count nothing: never meant.
        throw new UsageError(
          unreadableFlag(shape.long, `expected a value (${usageOf(shape)}), got an empty one`),
          command.name,
        );
      }
      if (value === undefined) {
        const next = words[index + 1];
        const taken = next !== undefined && option.valueWords!.includes(next);
        if (taken) index++;
        value = taken ? next : option.impliedValue!;
      }
      scanned.options[shape.key] = value;
    }
  }
  return scanned;
}

/**
 * Whether a word of a command's line gives an option that takes no value: as itself (`-h`,
 * `--help`), or among one-letter flags as {@linkcode parseCommandArgs} splits them (`-qh`).
 *
 * @param word One word after the command's name.
 * @param option The option (`-h, --help`).
 * @param command The command, whose one-letter flags may come first in the word.
 * @returns True when the word gives it.
 * @example
 * ```ts
 * import { assert } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { givesOption } from "./args.ts";
 * import { HELP_OPTION } from "./args_help.ts";
 * import { runCommand } from "./run_command.ts";
 * assert(givesOption("-qh", HELP_OPTION, runCommand));
 * assert(!givesOption("--json", HELP_OPTION, runCommand));
 * ```
 */
export function givesOption(word: string, option: OptionSpec, command: CommandSpec): boolean {
  const names = namesOf(option);
  if (names.includes(word)) return true;
  if (word.startsWith("--") || !word.startsWith("-") || word.includes("=")) return false;
  return splitShortFlags(word, knownOptions(command)).some((part) => names.includes(part));
}

/** An option's names: `--help` and `-h`. */
function namesOf(option: OptionSpec): string[] {
  const shape = shapeOf(option);
  return shape.short === undefined ? [shape.long] : [shape.long, shape.short];
}

/** Splits `-qV` into `-q`, `-V`; `-odir` into `-o=dir` when `-o` takes a value. */
function splitShortFlags(word: string, known: Map<string, KnownOption>): string[] {
  const parts: string[] = [];
  for (let at = 1; at < word.length; at++) {
    const flag = `-${word[at]}`;
    const rest = word.slice(at + 1);
    const takesValue = (known.get(flag)?.shape.value ?? "none") !== "none";
    if (takesValue && rest !== "") {
      parts.push(`${flag}=${rest.replace(/^=/, "")}`);
      return parts;
    }
    if (rest.startsWith("=")) {
      parts.push(`${flag}${rest}`); // refused below: the letter takes no value, or is unknown
      return parts;
    }
    parts.push(flag);
  }
  return parts;
}

function unknownOption(
  part: string,
  command: CommandSpec,
  known: Map<string, KnownOption>,
): UsageError {
  const equals = part.indexOf("=");
  const name = equals < 0 ? part : part.slice(0, equals);
  // `--help=x`: help and the version are flags of every command, read before the others.
  const common = COMMON_OPTIONS.find((option) => namesOf(option).includes(name));
  if (common !== undefined) {
    return new UsageError(takesNoValue(shapeOf(common).long, part), command.name);
  }
  const suggestion = closestName(name, [...known.keys()]);
  return new UsageError(
    `unknown option '${name}'${suggestion === undefined ? "" : ` (did you mean ${suggestion}?)`}`,
    command.name,
  );
}

/** `--out <dir>`: how help writes an option that takes a value. */
function usageOf(shape: OptionShape): string {
  return `${shape.long} <${shape.valueName ?? "value"}>`;
}

/** `--quiet=x`: the flag is a switch. */
function takesNoValue(long: string, part: string): string {
  return unreadableFlag(long, `it takes no value, got "${part}"`);
}

/**
 * ` (did you mean --lock skip?)`: an extra argument that is a mistyped word of an option whose value
 * is optional (`--lock skp` leaves `skp` an argument, as `--lock tasks.yaml` must).
 */
function mistypedValueHint(positionals: readonly string[], command: CommandSpec): string {
  for (const option of command.options) {
    if (option.valueWords === undefined) continue;
    for (const word of positionals) {
      const meant = closestName(word, option.valueWords);
      if (meant !== undefined) return ` (did you mean ${shapeOf(option).long} ${meant}?)`;
    }
  }
  return "";
}

/**
 * Refuses a path option's value that names a file no one means: `-` where standard output is not
 * taken, or one starting with `~`, which no shell expanded (`--out=~/data`).
 */
function checkPathOptions(invocation: Invocation, command: CommandSpec): void {
  for (const option of command.options) {
    const { key, long } = shapeOf(option);
    const value = invocation.options[key];
    if (!option.isPath || typeof value !== "string") continue;
    if (value === STD_STREAM && !option.takesStdStream) {
      // Read as a file named "-", it would be made in the working directory: never meant.
      throw new UsageError(
        unreadableFlag(
          long,
          'expected a path, got "-" (standard output is not taken here; ./- names a file ' +
            "called -)",
        ),
        command.name,
      );
    }
    const tilde = homeTildeProblem(value, HERE);
    if (tilde !== undefined) throw new UsageError(unreadableFlag(long, tilde), command.name);
  }
}

/** Refuses too few or too many arguments, a word not among an argument's choices, a path with `~`. */
function checkArguments(positionals: readonly string[], command: CommandSpec): void {
  const expected = command.arguments;
  const required = expected.filter((argument) => !argument.optional).length;
  if (positionals.length < required) {
    throw new UsageError(
      `missing required argument '${expected[positionals.length].name}'`,
      command.name,
    );
  }
  if (positionals.length > expected.length) {
    const count = `${expected.length} argument${expected.length === 1 ? "" : "s"}`;
    throw new UsageError(
      `too many arguments for '${command.name}': it takes ${count}, got ${positionals.length} ` +
        `(${positionals.map((word) => `'${word}'`).join(" ")})${
          mistypedValueHint(positionals, command)
        }`,
      command.name,
    );
  }
  expected.forEach((argument, index) => {
    if (index >= positionals.length) return;
    const tilde = argument.isPath ? homeTildeProblem(positionals[index], HERE) : undefined;
    if (tilde !== undefined) {
      throw new UsageError(`argument '${argument.name}': ${tilde}`, command.name);
    }
    if (argument.choices !== undefined && !argument.choices.includes(positionals[index])) {
      const meant = closestName(positionals[index], argument.choices);
      throw new UsageError(
        `argument '${argument.name}' must be one of ${argument.choices.join(", ")} ` +
          `(got '${positionals[index]}'${meant === undefined ? "" : `; did you mean ${meant}?`})`,
        command.name,
      );
    }
  });
}
