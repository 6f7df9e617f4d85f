/**
 * The options `run` is given, checked before anything is opened: a JavaScript caller (or a
 * TypeScript one past the type check) gets a TypeError naming the option, instead of a run whose
 * `onEvent: "log"` is a warning on every event, a `signal` that fails after the state file and the
 * cookie jar were opened ("addEventListener is not a function"), or a misspelt `onEvents` that is
 * silently never told anything.
 * @module
 */
import { type OptionKind, optionsProblem } from "./option_kinds.ts";
import type { RunHooks, RunOptions } from "./runner.ts";

/** What each public option takes: every key of `RunOptions` (the compiler holds this list to the type). */
const RUN_OPTION_KINDS = {
  virtualTime: "boolean",
  clock: "clock",
  signal: "signal",
  onEvent: "function",
  onAttempt: "function",
  onWarning: "function",
  onStart: "function",
  outDir: "path",
  dryRun: "boolean",
  state: "path or false",
  runId: "text",
  startedAtMs: "amount",
  ownFiles: "own files",
  binaryToTerminal: "boolean",
} as const satisfies Record<keyof RunOptions, OptionKind>;

/** The public options and corun's own hooks (`RunHooks`), for its command line and tests. */
const RUN_OPTION_AND_HOOK_KINDS = {
  ...RUN_OPTION_KINDS,
  sinks: "object",
  sharedFrontier: "object",
  sharedSaves: "object",
  secretsNow: "function",
  saveCookiesEveryMs: "limit",
} as const satisfies Record<keyof (RunOptions & RunHooks), OptionKind>;

/**
 * Refuses options `run` would misread or ignore: not an object, an unknown key, or a value of the
 * wrong kind (an option set to `undefined` is left out, as if not given).
 *
 * @param options What `run` was given as its options.
 * @param accepts `"public"`: the library's options alone (a hook is an unknown key); `"hooks"`: with
 *   corun's own hooks too.
 * @returns The options, typed.
 * @throws {TypeError} Naming the option and what it takes.
 */
export function checkedRunOptions(options: unknown, accepts: "public"): RunOptions;
export function checkedRunOptions(options: unknown, accepts: "hooks"): RunOptions & RunHooks;
export function checkedRunOptions(
  options: unknown,
  accepts: "public" | "hooks",
): RunOptions & RunHooks {
  const kinds = accepts === "public" ? RUN_OPTION_KINDS : RUN_OPTION_AND_HOOK_KINDS;
  const problem = optionsProblem(options, kinds);
  if (problem !== undefined) throw new TypeError(`Cannot run: ${problem}`);
  return options as RunOptions & RunHooks;
}
