/**
 * The options `run` is given, checked before anything is opened: a JavaScript caller (or a
 * TypeScript one past the type check) gets a TypeError naming the option, instead of a run whose
 * `onEvent: "log"` is a warning on every event, a `signal` that fails after the state file and the
 * cookie jar were opened ("addEventListener is not a function"), or a misspelt `onEvents` that is
 * silently never told anything.
 * @module
 */
import { type OptionKind, optionsProblem } from "./option_kinds.ts";
import type { RunOptions } from "./runner.ts";

/** What each option takes: every key of `RunOptions` (the compiler holds this list to the type). */
const RUN_OPTION_KINDS = {
  virtualTime: "boolean",
  clock: "object",
  signal: "signal",
  onEvent: "function",
  onAttempt: "function",
  onWarning: "function",
  onStart: "function",
  outDir: "text",
  dryRun: "boolean",
  state: "text or false",
  sinks: "object",
  runId: "text",
  ownFiles: "list",
  sharedFrontier: "object",
  sharedSaves: "object",
  secretsNow: "function",
  binaryToTerminal: "boolean",
} as const satisfies Record<keyof RunOptions, OptionKind>;

/**
 * Refuses options `run` would misread or ignore: not an object, an unknown key, or a value of the
 * wrong kind (an option set to `undefined` is left out, as if not given).
 *
 * @param options What `run` was given as its options.
 * @returns The options, typed.
 * @throws {TypeError} Naming the option and what it takes.
 */
export function checkedRunOptions(options: unknown): RunOptions {
  const problem = optionsProblem(options, RUN_OPTION_KINDS);
  if (problem !== undefined) throw new TypeError(`Cannot run: ${problem}`);
  return options as RunOptions;
}
