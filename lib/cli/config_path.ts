/**
 * A file a config names (a URL list, a checksums file), as `corun plan` shows it: as the config
 * writes it, relative to the config's folder, so the plan reads like the config.
 * @module
 */
import { STDIN_SOURCE } from "../config/mod.ts";
import { hasUrlScheme } from "../net/mod.ts";
import { dirname, fromFileUrl, isAbsolute, relative, resolve } from "./deps.ts";

/**
 * The path relative to the config's folder when the file is in it (or below); else, and for a
 * config read from standard input or a URL, the path as it is.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { pathFromConfig } from "./config_path.ts";
 * assertEquals(pathFromConfig("/srv/jobs/lists/a.txt", "/srv/jobs/c.yaml"), "lists/a.txt");
 * assertEquals(pathFromConfig("/srv/a.txt", "/srv/jobs/c.yaml"), "/srv/a.txt");
 * assertEquals(pathFromConfig("/srv/a.txt", "<stdin>"), "/srv/a.txt");
 * ```
 *
 * @param path The file's absolute path, as the loaded config holds it.
 * @param source The config's location (`ConfigSpec.source`).
 * @returns The path to show.
 */
export function pathFromConfig(path: string, source: string | undefined): string {
  const folder = folderOf(source);
  if (folder === undefined) return path;
  const shown = relative(folder, path);
  return shown === "" || isAbsolute(shown) || /^\.\.([\\/]|$)/.test(shown) ? path : shown;
}

/** The folder of a config file; undefined for standard input and URLs. */
function folderOf(source: string | undefined): string | undefined {
  const file = localPathOf(source);
  return file === undefined ? undefined : dirname(resolve(file));
}

/**
 * The config's file, when it is a local one (a path or a `file:` URL; not standard input).
 *
 * @param source Where the config was read from (`ConfigSpec.source`).
 * @returns The file's path, or undefined for standard input and URLs.
 */
function localPathOf(source: string | undefined): string | undefined {
  if (source === undefined || source === STDIN_SOURCE) return undefined;
  if (source.startsWith("file:")) {
    try {
      return fromFileUrl(source);
    } catch {
      return undefined; // not a local file's URL
    }
  }
  return hasUrlScheme(source) ? undefined : source;
}
