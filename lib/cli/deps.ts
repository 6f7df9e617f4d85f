/**
 * External packages of the CLI layer, by full specifier, so `mod.ts` works when imported from a URL.
 * Nothing here loads Deno's Node compatibility layer: `corun --version` starts as fast as Deno does.
 * @module
 */
import { parseArgs as stdParseArgs } from "npm:deno-std@1.4.0/cli/parse_args.js";

export { bold, cyan, dim, gray, green, red, yellow } from "npm:deno-std@1.4.0/fmt/colors.js";
// Paths and file URLs: std's, as the sinks layer picks them for the platform.
export {
  basename,
  dirname,
  fromFileUrl,
  isAbsolute,
  join,
  relative,
  resolve,
} from "../sinks/deps.ts";

/** What std's `parseArgs` is told about the options (the subset corun uses). */
export interface ParseArgsOptions {
  /** Options that take no value. */
  boolean: string[];
  /** Options that take a value, kept as text. */
  string: string[];
  /** Other names by option name (`{ quiet: "q" }`). */
  alias: Record<string, string>;
  /** Options that `--no-NAME` sets to false. */
  negatable: string[];
  /** Values of options not given. */
  default: Record<string, string>;
  /** Arguments after `--` go to `"--"`, not `_`. */
  "--": true;
}

/** What std's `parseArgs` returns for {@linkcode ParseArgsOptions}. */
export interface ParsedArgs {
  /** Positional arguments. */
  _: (string | number)[];
  /** Arguments after `--`. */
  "--": string[];
  /** Options by name (and by alias). */
  [name: string]: unknown;
}

/**
 * std's `parseArgs` (`@std/cli`), typed for how corun calls it.
 *
 * @param args The arguments.
 * @param options What the options are.
 * @returns The options by name and the positional arguments.
 */
export function parseArgs(args: readonly string[], options: ParseArgsOptions): ParsedArgs {
  return stdParseArgs([...args], options) as ParsedArgs;
}
