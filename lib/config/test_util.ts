/**
 * Test helpers: a config's text written to a file in a folder of its own, loaded from there, and the
 * folder removed afterwards.
 * @module
 */
import { resolve } from "./deps.ts";
import type { ConfigSpec } from "../tasks/spec.ts";
import { loadConfig, type LoadConfigOptions } from "./load.ts";

/**
 * Writes a config to `name` in a new temporary folder and hands its path to `use`.
 *
 * @param name The file's name, whose extension gives the format.
 * @param text The config's text.
 * @param use What to do with the file's path.
 * @returns What `use` returns.
 */
export async function withFile<T>(
  name: string,
  text: string,
  use: (path: string) => Promise<T>,
): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "corun-config-test-" });
  try {
    const path = resolve(dir, name);
    await Deno.writeTextFile(path, text);
    return await use(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * Loads a config given as text, from a file named `name`.
 *
 * @param name The file's name, whose extension gives the format.
 * @param text The config's text.
 * @param options As `loadConfig`'s.
 * @returns The spec.
 */
export function loadText(
  name: string,
  text: string,
  options?: LoadConfigOptions,
): Promise<ConfigSpec> {
  return withFile(name, text, (path) => loadConfig(path, options));
}
