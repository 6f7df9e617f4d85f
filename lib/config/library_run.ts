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
 * @throws ConfigError when the config is invalid (nothing has run).
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
  if (config instanceof URL) return await loadConfig(config.href);
  if (isSpec(config)) return config;
  return validateConfig(config, "inline config");
}

function isSpec(config: ConfigInput | ConfigSpec): config is ConfigSpec {
  const tasks = (config as { tasks?: unknown }).tasks;
  return Array.isArray(tasks) && tasks.length > 0 &&
    tasks.every((task) => typeof task === "object" && task !== null && "kind" in task) &&
    typeof (config as ConfigSpec).defaults?.timeouts === "object";
}
