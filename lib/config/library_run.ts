/**
 * `run` for library users: accepts a config file path, a config object written in code, or an
 * already validated spec, and runs it.
 * @module
 */
import { run as runSpec, type RunOptions, type RunReport } from "../tasks/mod.ts";
import type { ConfigSpec } from "../tasks/spec.ts";
import type { ConfigInput } from "./input_types.ts";
import { loadConfig, validateConfig } from "./load.ts";

/** Anything `run` accepts as a config. */
export type RunnableConfig = string | URL | ConfigInput | ConfigSpec;

/**
 * Validates (or loads) a config and runs every task in it on a loop of its own.
 *
 * @param config A config file path or `file:` URL, a config object (`defineConfig({...})`), or a
 *   validated `ConfigSpec`.
 * @param options Virtual time, interrupt signal, observers, output directory.
 * @returns The run's report: failed tasks are in it, not thrown.
 * @throws {ConfigError} When the config is invalid (its `cookies:` file not a cookie jar corun
 *   wrote among them), or not a config at all (nothing has run).
 * @throws {CookieFileError} When the `cookies:` file of a `ConfigSpec` validated earlier is not a
 *   cookie jar by now (names the file and the line; nothing has run).
 * @throws {Deno.errors.NotCapable} When Deno does not grant (without a prompt) `--allow-net` for
 *   the host of a fetch task's own URL (or its proxy) or `--allow-write` for the output directory:
 *   one error naming them all and the flags to add (nothing has run).
 * @throws {RangeError} When `options.runId` is not of the form `newRunId()` makes
 *   (`20261125T100000123Z-3f9a1c2b`).
 * @throws {TypeError} When an option is of the wrong kind (`signal` no `AbortSignal`, `onEvent`
 *   no function) or unknown (`onEvents`).
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { run } from "./library_run.ts";
 * const report = await run({ tasks: [{ name: "nap", sleep: "3s" }] }, { virtualTime: true });
 * assertEquals(report.counts.done, 1);
 * assertEquals(report.durationMs, 3000);
 * ```
 */
export async function run(config: RunnableConfig, options: RunOptions = {}): Promise<RunReport> {
  // Its secret files read once, at load: one run sends one credential (secret_refresh.ts).
  return await runSpec(await resolveConfig(config), options);
}

/**
 * Turns anything `run` accepts into a validated spec.
 *
 * @param config Path, URL, object or spec.
 * @returns The validated spec.
 * @throws ConfigError when invalid.
 */
export async function resolveConfig(config: RunnableConfig): Promise<ConfigSpec> {
  if (typeof config === "string") return await loadConfig(config);
  if (config instanceof URL) return await loadConfig(config);
  if (isSpec(config)) return config;
  return validateConfig(config);
}

/**
 * A validated spec (or a copy of one), told from a config by what only validation makes: the output
 * directory resolved and the defaults' timeouts in milliseconds (`connectMs`, a key no config
 * takes). Its tasks are not looked at: a spec may have none. Anything else, `null` included, is
 * left to `validateConfig` to explain.
 */
function isSpec(config: unknown): config is ConfigSpec {
  if (typeof config !== "object" || config === null) return false;
  const spec = config as Partial<ConfigSpec>;
  return Array.isArray(spec.tasks) && typeof spec.outDir === "string" &&
    typeof spec.defaults?.timeouts?.connectMs === "number";
}
