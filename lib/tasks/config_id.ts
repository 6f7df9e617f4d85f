/**
 * How the files of an output directory name the config whose run wrote them (the run history, the
 * lock, the marks of runs going on and of runs whose state is unsaved), since configs may share
 * an output directory, and which of them count for a config.
 * @module
 */
import { hasUrlScheme, shownLocation } from "../net/mod.ts";
import { fromFileUrl, relative, resolve } from "./deps.ts";

/** How messages (`<stdin>:3:5`), the run history and the lock name a config read from standard input. */
export const STDIN_SOURCE = "<stdin>";

/**
 * How the files of an output directory name a config: a config file by its path from that
 * directory (`../tasks/a.yaml`), so it is the same however the path was typed (relative, absolute,
 * a `file:` URL, from another folder) and stays the same when the project moves with its output
 * directory; a config from a URL by its URL without what may carry a credential; a config read
 * from standard input as `<stdin>`: whatever is piped in, every such config of one output
 * directory is one config there (its history, its catch-up), since nothing else names it the same
 * from one run to the next (a config made anew for each run would be a new config each time).
 *
 * @param source The config's location as loaded (`ConfigSpec.source`).
 * @param outDir The absolute output directory.
 * @returns The name.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { configIdOf } from "./config_id.ts";
 * assertEquals(configIdOf("/srv/corun/a.yaml", "/srv/corun/out"), "../a.yaml");
 * assertEquals(configIdOf("file:///srv/corun/a.yaml", "/srv/corun/out"), "../a.yaml");
 * assertEquals(configIdOf("https://me:pw@x.org/c.yaml?t=1", "/srv/out"), "https://x.org/c.yaml");
 * assertEquals(configIdOf("<stdin>", "/srv/out"), "<stdin>");
 * ```
 */
export function configIdOf(source: string, outDir: string): string {
  if (source === STDIN_SOURCE) return source;
  if (source.startsWith("file:")) {
    try {
      return relative(outDir, fromFileUrl(source));
    } catch {
      // Not a local file's URL: named as any URL is.
    }
  }
  if (source.startsWith("file:") || hasUrlScheme(source)) return shownLocation(source);
  return relative(outDir, resolve(source));
}

/**
 * Whether a line is a run of `config`: a line that names no config (written before configs were
 * told apart) is every config's, as it was, so an output directory of one config reads as before;
 * without `config`, every line is.
 *
 * @param entry A history line, or a run's mark (`.corun/running/`, `.unsaved`).
 * @param config The config, as its lines name it.
 * @returns True when the line counts for that config.
 * @example
 * ```ts
 * import { assert } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { isRunOfConfig } from "./config_id.ts";
 * assert(isRunOfConfig({ config: "../a.yaml" }, "../a.yaml"));
 * assert(!isRunOfConfig({ config: "../b.yaml" }, "../a.yaml"));
 * assert(isRunOfConfig({ config: undefined }, "../a.yaml"));
 * ```
 */
export function isRunOfConfig(
  entry: { config?: string },
  config: string | undefined,
): boolean {
  return config === undefined || entry.config === undefined || entry.config === config;
}
