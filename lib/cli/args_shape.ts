/**
 * How an option's `flags` read (`-q, --quiet`, `--out <dir>`, `--lock [mode]`, `--no-state`): its
 * names, the key its value is filed under, and what kind of value follows. The parser, the help and
 * the completions all read options through this one file.
 * @module
 */
import type { OptionSpec } from "./command.ts";

/** An option's names and value, read from its `flags`. */
export interface OptionShape {
  /** The long name with its dashes: `--quiet`, `--no-state`. */
  long: string;
  /** The one-letter alias with its dash, `-q`, when there is one. */
  short?: string;
  /** The key of `Invocation.options`: `virtualTime` for `--virtual-time`, `state` for `--no-state`. */
  key: string;
  /** `none` for a flag, `required` for `<value>`, `optional` for `[value]`. */
  value: "none" | "required" | "optional";
  /** What help calls the value (`dir` in `--out <dir>`). */
  valueName?: string;
  /** `--no-NAME`: sets NAME to false. */
  negates: boolean;
}

/**
 * Reads an option's flags.
 *
 * @param option The option.
 * @returns Its shape.
 * @throws {TypeError} When the flags have no long name (a programming error in a command).
 * @example
 * ```ts
 * import { shapeOf } from "./args_shape.ts";
 * const shape = shapeOf({ flags: "--max-failures <n>", description: "" });
 * // { long: "--max-failures", key: "maxFailures", value: "required", valueName: "n", … }
 * if (shape.key !== "maxFailures" || shape.value !== "required") throw new Error("misread");
 * ```
 */
export function shapeOf(option: OptionSpec): OptionShape {
  const words = option.flags.split(/[ ,|]+/).filter((word) => word !== "");
  const long = words.find((word) => word.startsWith("--"));
  if (long === undefined) {
    throw new TypeError(`Option "${option.flags}" needs a --long name`);
  }
  const short = words.find((word) => /^-[^-]$/.test(word));
  const valueWord = words.find((word) => /^[<[]/.test(word));
  const negates = long.startsWith("--no-");
  const name = long.slice(negates ? 5 : 2);
  const shape: OptionShape = {
    long,
    key: name.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase()),
    value: valueWord === undefined ? "none" : valueWord.startsWith("<") ? "required" : "optional",
    negates,
  };
  if (short !== undefined) shape.short = short;
  if (valueWord !== undefined) shape.valueName = valueWord.slice(1, -1);
  return shape;
}
