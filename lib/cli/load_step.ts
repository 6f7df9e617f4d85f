/**
 * The step every config command starts with: load the config, or explain on stderr why not; for the
 * commands that stop on a signal (`run`, `schedule`, `worker`), or say that a signal came first.
 * @module
 */
import {
  aliasNodesProblem,
  bandwidthProblem,
  ConfigError,
  configSizeProblem,
  configTimeoutProblem,
  type LoadConfigOptions,
  parseBandwidth,
  parseDuration,
  parseSize,
} from "../config/mod.ts";
import { unreadableFlag } from "./flag_problem.ts";
import type { ConfigSpec } from "../tasks/mod.ts";
import type { CliHost } from "./cli_host.ts";
import { type Invocation, textOf } from "./command.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { escapeControls } from "./format.ts";
import { call, messageOf, race, runOperation, whenAborted } from "../loop/mod.ts";
import { shownLocation } from "../net/mod.ts";

/**
 * What a command needs of its config's `{ env }` and `{ file }` credentials, each command saying it
 * where it loads the config: `"read"` for one that sends the config's requests (`run`, `schedule`
 * firing on this machine, `worker`) and for `check` and `plan`, which say what a run would meet; a
 * missing variable or file is then the config error at its field. `"skip"` for one that only looks
 * at the config (`history`: its output directory; `status`: its queue; `submit` and `schedule
 * --db`: its URLs, which each worker fetches with its own credentials), so it runs where the
 * credentials are not: its spec cannot run (`LoadConfigOptions.readSecrets`).
 */
export type SecretsNeed = "read" | "skip";

/**
 * Loads a config. When it is invalid, writes every located issue and then a summary line to stderr.
 *
 * @param location The config file path or `file:` URL, as given, or `-` for standard input.
 * @param host `loadConfig` and `stderr`; `callerDir`, where a config from standard input's relative
 *   paths resolve.
 * @param invocation The command line, for `--max-config-size`, `--max-alias-nodes` and
 *   `--config-timeout`, and `--bandwidth`, which replaces the config's.
 * @param secrets Whether the config's credentials are read (`SecretsNeed`).
 * @returns The config, or undefined when it could not be loaded (the caller exits with `usage`).
 */
export async function loadOrExplain(
  location: string,
  host: Pick<CliHost, "loadConfig" | "stderr"> & Partial<Pick<CliHost, "callerDir">>,
  invocation: Invocation | undefined,
  secrets: SecretsNeed,
): Promise<ConfigSpec | undefined> {
  const options = invocation === undefined ? {} : limitsOf(invocation, host);
  if (options === undefined) return undefined;
  options.readSecrets = secrets !== "skip";
  // A config piped in (`-`) has no folder: its relative paths are those of the folder the command
  // was typed in, as the command line's own are.
  const callerDir = host.callerDir?.();
  if (callerDir !== undefined) options.stdinBaseDir = callerDir;
  const bandwidth = invocation === undefined ? undefined : bandwidthOf(invocation, host);
  if (bandwidth === null) return undefined;
  try {
    const config = await host.loadConfig(location, options);
    return bandwidth === undefined ? config : { ...config, bandwidth };
  } catch (error) {
    let text: string;
    if (error instanceof ConfigError) {
      // The issues one a line, all of them, then the count: the message would list some twice.
      const issues = error.format();
      text = issues === "" ? error.summary : `${issues}\n${error.summary}`;
    } else {
      text = `Cannot load the config "${shownConfigLocation(location)}": ${messageOf(error)}`;
    }
    // A value a message quotes (a task name) may hold what its JSON form leaves as it is: a C1 or
    // bidirectional control, which would move the cursor or reorder the rest of the line.
    host.stderr.write(`${text.split("\n").map(escapeControls).join("\n")}\n`);
    return undefined;
  }
}

/**
 * Loads a config as {@linkcode loadOrExplain} does, unless `signal` aborts first (a SIGTERM while a
 * config URL stalls, or a module's top-level `await` hangs): then it says so and gives up on the load,
 * so the command exits 130 as it would a moment later, not by the runtime's default for the signal.
 *
 * @param location The config file path or URL, as given, or `-` for standard input.
 * @param host `loadConfig` and `stderr` (and `callerDir`).
 * @param invocation The command line (the config limits, `--bandwidth`).
 * @param secrets Whether the config's credentials are read (`SecretsNeed`).
 * @param signal The command's interrupts, listened for before the load.
 * @returns The config, or the exit code: `usage` when it did not load, `interrupted` when the signal
 *   came first.
 */
export async function loadUnlessInterrupted(
  location: string,
  host: Pick<CliHost, "loadConfig" | "stderr"> & Partial<Pick<CliHost, "callerDir">>,
  invocation: Invocation,
  secrets: SecretsNeed,
  signal: AbortSignal,
): Promise<ConfigSpec | number> {
  const interrupted = () => {
    // As the loader names it: a URL without its query, and with `***@` for credentials it refuses.
    const shown = shownConfigLocation(location);
    host.stderr.write(`Interrupted while loading the config "${shown}": not run\n`);
    return EXIT_CODES.interrupted;
  };
  if (signal.aborted) return interrupted();
  // A load that ends after the interrupt is not the command's any more: nothing of it is said.
  const stderr = { write: (text: string) => void (signal.aborted || host.stderr.write(text)) };
  // Listened for before the load starts (the race starts its contenders in order).
  const config = await runOperation(
    race<ConfigSpec | undefined | "aborted">([
      whenAborted(signal, "aborted", "interrupt"),
      call(() => loadOrExplain(location, { ...host, stderr }, invocation, secrets), "config load"),
    ]),
    { name: "config load" },
  );
  if (config === "aborted") return interrupted();
  return config ?? EXIT_CODES.usage;
}

/** The limits given on the command line; undefined (after saying why) when one is not a limit. */
function limitsOf(
  invocation: Invocation,
  host: Pick<CliHost, "stderr">,
): LoadConfigOptions | undefined {
  const options: LoadConfigOptions = {};
  const maxSize = textOf(invocation, "maxConfigSize");
  if (maxSize !== undefined) {
    // The problem alone: parseSize's "Cannot parse size: …" would say "Cannot" twice.
    const problem = configSizeProblem(maxSize);
    if (problem !== undefined) {
      host.stderr.write(`${unreadableFlag("--max-config-size", problem)}\n`);
      return undefined;
    }
    options.maxConfigSize = parseSize(maxSize);
  }
  const maxAliasNodes = textOf(invocation, "maxAliasNodes");
  if (maxAliasNodes !== undefined) {
    const problem = aliasNodesProblem(maxAliasNodes);
    if (problem !== undefined) {
      host.stderr.write(`${unreadableFlag("--max-alias-nodes", problem)}\n`);
      return undefined;
    }
    options.maxAliasNodes = Number(maxAliasNodes);
  }
  const configTimeout = textOf(invocation, "configTimeout");
  if (configTimeout !== undefined) {
    const problem = configTimeoutProblem(configTimeout);
    if (problem !== undefined) {
      host.stderr.write(`${unreadableFlag("--config-timeout", problem)}\n`);
      return undefined;
    }
    options.urlTimeoutMs = parseDuration(configTimeout);
  }
  return options;
}

/** `--bandwidth` in bytes per second; null (after saying why) when it is no bandwidth. */
function bandwidthOf(
  invocation: Invocation,
  host: Pick<CliHost, "stderr">,
): number | undefined | null {
  const text = textOf(invocation, "bandwidth");
  if (text === undefined) return undefined;
  const problem = bandwidthProblem(text);
  if (problem === undefined) return parseBandwidth(text);
  host.stderr.write(`${unreadableFlag("--bandwidth", problem)}\n`);
  return null;
}

/** A config's location as typed, as messages show it before (or without) a loaded config. */
function shownConfigLocation(location: string): string {
  return shownLocation(location, { replacement: "***@" });
}
