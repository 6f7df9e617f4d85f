/**
 * The options `loadConfig` and `validateConfig` are given, checked as `run`'s are (lib/tasks
 * `option_kinds.ts`): a JavaScript caller (or a TypeScript one past the type check) gets a TypeError
 * naming the option, instead of a misspelt `readSecret: false` silently ignored (the secrets read,
 * or asked permission for, which `readSecrets: false` exists to avoid), or a `signal` that is no
 * `AbortSignal` failing inside the load ("signal.throwIfAborted is not a function").
 * @module
 */
import { givenKind, type OptionKind, optionsProblem } from "../tasks/option_kinds.ts";
import type { LoadConfigOptions, ValidateConfigOptions } from "./load.ts";
import { checkLoadLimits } from "./load_limits.ts";

/**
 * What each option of `loadConfig` takes: every key of `LoadConfigOptions`. The limits are numbers,
 * each held to its command-line flag's range by `checkLoadLimits` first.
 */
const LOAD_OPTION_KINDS = {
  maxConfigSize: "amount",
  maxAliasNodes: "amount",
  maxNestingDepth: "limit",
  urlTimeoutMs: "amount",
  caCerts: "texts",
  maxListedIssues: "limit",
  stdinBaseDir: "path",
  readSecrets: "boolean",
  signal: "signal",
} as const satisfies Record<keyof LoadConfigOptions, OptionKind>;

/** What each option of `validateConfig` takes: every key of `ValidateConfigOptions`. */
const VALIDATE_OPTION_KINDS = {
  baseDir: "path",
  maxListedIssues: "limit",
  maxNestingDepth: "limit",
} as const satisfies Record<keyof ValidateConfigOptions, OptionKind>;

/**
 * Refuses options `loadConfig` would misread or ignore, and a location that names no config (an
 * object, a number, `""`), before anything is read.
 *
 * @param location What `loadConfig` was given as the config's place.
 * @param options What `loadConfig` was given as its options.
 * @returns The options, typed.
 * @throws {RangeError} For a limit past what its command-line flag takes (`checkLoadLimits`).
 * @throws {TypeError} For a location that is neither text nor a URL, or empty; for options that are
 *   not an object, an unknown one, or one of the wrong kind.
 */
export function checkedLoadArguments(location: unknown, options: unknown): LoadConfigOptions {
  if (!(location instanceof URL) && (typeof location !== "string" || location === "")) {
    throw new TypeError(
      "Cannot load a config: expected its location as a path, a URL (text or URL object) or " +
        `"-" for stdin, got ${location === "" ? "empty text" : givenKind(location)}`,
    );
  }
  if (typeof options === "object" && options !== null) {
    checkLoadLimits(options as LoadConfigOptions);
  }
  const problem = optionsProblem(options, LOAD_OPTION_KINDS);
  if (problem !== undefined) throw new TypeError(`Cannot load a config: ${problem}`);
  return options as LoadConfigOptions;
}

/**
 * Refuses what `validateConfig` would misread: a `source` that is not text (options given in its
 * place: `validateConfig(obj, { baseDir })`), and options as `checkedLoadArguments` does.
 *
 * @param source What names the config, as given.
 * @param options What `validateConfig` was given as its options.
 * @returns The options, typed.
 * @throws {TypeError} Naming what is wrong.
 */
export function checkedValidateArguments(source: unknown, options: unknown): ValidateConfigOptions {
  if (typeof source !== "string") {
    throw new TypeError(
      "Cannot validate a config: expected its source as text (what names it in messages, " +
        `"inline"), got ${givenKind(source)}; options go third: validateConfig(config, source, ` +
        "options)",
    );
  }
  const problem = optionsProblem(options, VALIDATE_OPTION_KINDS);
  if (problem !== undefined) throw new TypeError(`Cannot validate a config: ${problem}`);
  return options as ValidateConfigOptions;
}
