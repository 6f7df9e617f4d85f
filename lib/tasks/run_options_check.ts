/**
 * The options `run` is given, checked before anything is opened: a JavaScript caller (or a
 * TypeScript one past the type check) gets a TypeError naming the option, instead of a run whose
 * `onEvent: "log"` is a warning on every event, a `signal` that fails after the state file and the
 * cookie jar were opened ("addEventListener is not a function"), or a misspelt `onEvents` that is
 * silently never told anything.
 * @module
 */
import { kindOfValue } from "../loop/mod.ts";
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
} as const satisfies Record<keyof RunOptions, OptionKind>;

type OptionKind = "boolean" | "object" | "signal" | "function" | "text" | "text or false" | "list";

/** What each kind is called in a message. */
const EXPECTED: Record<OptionKind, string> = {
  boolean: "true or false",
  object: "an object",
  signal: "an AbortSignal",
  function: "a function",
  text: "text",
  "text or false": "a path (text) or false",
  list: "a list",
};

/**
 * Refuses options `run` would misread or ignore: not an object, an unknown key, or a value of the
 * wrong kind (an option set to `undefined` is left out, as if not given).
 *
 * @param options What `run` was given as its options.
 * @returns The options, typed.
 * @throws {TypeError} Naming the option and what it takes.
 */
export function checkedRunOptions(options: unknown): RunOptions {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`Cannot run: expected options as an object, got ${kindOf(options)}`);
  }
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(RUN_OPTION_KINDS, key)) {
      throw new TypeError(`Cannot run: unknown option "${key}"`);
    }
    const kind: OptionKind = RUN_OPTION_KINDS[key as keyof RunOptions];
    if (!isOfKind(kind, value)) {
      throw new TypeError(
        `Cannot run: option "${key}" expects ${EXPECTED[kind]}, got ${kindOf(value)}`,
      );
    }
  }
  return options as RunOptions;
}

function isOfKind(kind: OptionKind, value: unknown): boolean {
  switch (kind) {
    case "boolean":
      return typeof value === "boolean";
    case "object":
      return typeof value === "object" && value !== null;
    case "signal":
      return value instanceof AbortSignal;
    case "function":
      return typeof value === "function";
    case "text":
      return typeof value === "string";
    case "text or false":
      return typeof value === "string" || value === false;
    case "list":
      return Array.isArray(value);
  }
}

/** A value's kind, as a message names it: `null`, `a value of type string`, `an array`. */
function kindOf(value: unknown): string {
  return Array.isArray(value) ? "an array" : kindOfValue(value);
}
