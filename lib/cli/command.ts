/**
 * What a CLI command is: a name, its arguments and options as data, and an `execute` that returns an
 * exit code. From these alone `program.ts` parses a command line, `args_help.ts` writes `--help` and
 * `completions.ts` writes shell completions: a new option is one `OptionSpec` in its command's list.
 * @module
 */
import type { CliHost } from "./cli_host.ts";

/** A positional argument; required unless `optional` (only the last may be). */
export interface ArgumentSpec {
  /** Shown in help in upper case (`CONFIG`); also how `execute` finds it, by position. */
  name: string;
  description: string;
  /** A file path (or a URL, left as it is): a relative path is the caller's (see `caller_dir.ts`). */
  isPath?: boolean;
  /** Shell completions offer files with these extensions (and folders); with `isPath`. */
  fileExtensions?: readonly string[];
  /** The only values it takes: anything else is a usage error, and completions offer these. */
  choices?: readonly string[];
  /** May be left out (the last argument only). */
  optional?: boolean;
}

/**
 * An option, as help shows it: `--json` (a flag, `true` when given), `-q, --quiet` (with a one-letter
 * alias), `--out <dir>` (takes a value), `--lock [mode]` (an optional value, see `valueWords`),
 * `--no-state` (sets `state` to false).
 */
export interface OptionSpec {
  /** The names and the value's kind, in the syntax above. */
  flags: string;
  /** One line (or more) for help and completions. */
  description: string;
  /** The value when the option is not given; help shows it as `(default: …)`. */
  default?: string;
  /**
   * An optional value (`--lock [mode]`) must list its words: a separate argument after the flag is
   * its value only when it is one of them (`--lock skip`), so `--lock tasks.yaml` leaves the config
   * where it is. `--lock=WORD` is always the value.
   */
  valueWords?: readonly string[];
  /** What the flag alone means (`--lock` is `--lock=fail`); needed with `valueWords`. */
  impliedValue?: string;
  /** The value is a file or directory: a relative one is the caller's (see `caller_dir.ts`). */
  isPath?: boolean;
  /**
   * With `isPath`: `-` is standard output (`std_stream.ts`), not a file named `-`. A path option
   * without it refuses `-` (a folder or a file read back cannot be a stream); `./-` names a file.
   */
  takesStdStream?: boolean;
}

/** A parsed command line for one command. */
export interface Invocation {
  /** Positional arguments, in declared order. */
  args: string[];
  /**
   * Options by camelCase long name (`--virtual-time` → `virtualTime`): `true` for flags, text for
   * values, false for `--no-NAME`. Only options given (or with a `default`) are present.
   */
  options: Record<string, string | boolean | undefined>;
}

/** One `corun` command. */
export interface CommandSpec {
  name: string;
  /** One line for the command list in `corun --help`. */
  summary: string;
  arguments: readonly ArgumentSpec[];
  options: readonly OptionSpec[];
  /**
   * Whether the command listens for SIGINT and SIGTERM itself, to wind its work down (cancel the
   * tasks, record the run) and exit 130 (`run`, `schedule`, `worker`). Any other command is stopped
   * at once by the first: `main` returns 130 (see `main`). @default false
   */
  windsDownOnInterrupt?: boolean;
  /**
   * Does the command's work.
   *
   * @param invocation The parsed arguments and options.
   * @param host The world outside the CLI.
   * @returns An exit code from `EXIT_CODES`.
   */
  execute(invocation: Invocation, host: CliHost): Promise<number>;
}

/**
 * Reads a boolean option.
 *
 * @param invocation The parsed command line.
 * @param key The option's camelCase name.
 * @returns True when the flag was given.
 */
export function flagOf(invocation: Invocation, key: string): boolean {
  return invocation.options[key] === true;
}

/**
 * Reads an option that takes a value.
 *
 * @param invocation The parsed command line.
 * @param key The option's camelCase name.
 * @returns The value, or undefined when the option was not given.
 */
export function textOf(invocation: Invocation, key: string): string | undefined {
  const value = invocation.options[key];
  return typeof value === "string" ? value : undefined;
}

/** The `CONFIG` argument that `run`, `check` and `plan` share. */
export const CONFIG_ARGUMENT: ArgumentSpec = {
  name: "config",
  description: "config file (.ts, .json, .jsonc, .yaml, .toml), a file:, http: or https: URL, " +
    "or - to read it from standard input (YAML, JSON or TOML)",
  isPath: true,
  fileExtensions: [".yaml", ".yml", ".json", ".jsonc", ".toml", ".ts", ".mts", ".js", ".mjs"],
};

/** `--out <dir>`: where the commands that save bodies (run, schedule, worker) put them. */
export const OUT_OPTION: OptionSpec = {
  flags: "--out <dir>",
  description: "save files under DIR instead of the config's outDir",
  isPath: true,
};

/** The run's `bandwidth:` given on the command line, for the commands that fetch. */
export const BANDWIDTH_OPTION: OptionSpec = {
  flags: "--bandwidth <rate>",
  description: 'receive response bodies no faster than RATE, all together ("2MiB/s", ' +
    '"500KB/s"), instead of the config\'s bandwidth',
};

/** The limits on what reading a config may cost, for every command that loads one. */
export const CONFIG_LIMIT_OPTIONS: readonly OptionSpec[] = [
  {
    flags: "--max-config-size <size>",
    description: 'largest config file read, such as "64MiB" (the default) or "200MiB"',
  },
  {
    flags: "--config-timeout <duration>",
    description: "longest a config given by URL may take to arrive, or a TypeScript one to " +
      'import, such as "30s" (the default)',
  },
  {
    flags: "--max-alias-nodes <n>",
    description: "most values YAML aliases may repeat in a config (default 100000)",
  },
];
