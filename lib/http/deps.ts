/**
 * External modules of the HTTP layer, by full specifier (mod.ts must work when imported by URL).
 * Only types are imported statically: the runtime's zlib (and the Node streams under it) costs
 * ~12 ms of start-up, so it is loaded on the first body that has a Content-Encoding to undo.
 */
export type { ZlibOptions } from "node:zlib";
// Joins byte pieces into one buffer: std's, for the body and the config reader alike.
export { concat } from "npm:deno-std@1.4.0/bytes/concat.js";
export type { Transform } from "node:stream";
import { basename as posixBasename } from "npm:deno-std@1.4.0/path/posix/basename.js";
import { basename as windowsBasename } from "npm:deno-std@1.4.0/path/windows/basename.js";
import { isAbsolute as posixIsAbsolute } from "npm:deno-std@1.4.0/path/posix/is_absolute.js";
import { resolve as posixResolve } from "npm:deno-std@1.4.0/path/posix/resolve.js";
import { isAbsolute as windowsIsAbsolute } from "npm:deno-std@1.4.0/path/windows/is_absolute.js";
import { resolve as windowsResolve } from "npm:deno-std@1.4.0/path/windows/resolve.js";

const IS_WINDOWS = Deno.build.os === "windows";

/**
 * True when the path does not depend on the working directory. std's per-platform modules, chosen
 * by `Deno.build.os`: its platform-choosing one loads Deno's Node layer (see lib/sinks/deps.ts).
 */
export const isAbsolute: (path: string) => boolean = IS_WINDOWS
  ? windowsIsAbsolute
  : posixIsAbsolute;

/** The last part of a path, less `suffix` when it ends with it. */
export const basename: (path: string, suffix?: string) => string = IS_WINDOWS
  ? windowsBasename
  : posixBasename;

/**
 * Resolves paths, right to left, into an absolute one (as `node:path`'s `resolve`).
 *
 * @param paths Paths; the working directory is read only when none of them is absolute.
 * @returns The absolute, normalized path.
 */
export function resolve(...paths: string[]): string {
  const platformResolve: (...paths: string[]) => string = IS_WINDOWS
    ? windowsResolve
    : posixResolve;
  return paths.some((path) => isAbsolute(path))
    ? platformResolve(...paths)
    : platformResolve(Deno.cwd(), ...paths);
}

/** The runtime's zlib module's decompressors. */
export type ZlibModule = typeof import("node:zlib");

/** Loads the runtime's zlib (`node:zlib`); call through `loadZlibCodecs`, which caches it. */
export function importZlib(): Promise<ZlibModule> {
  return import("node:zlib");
}

/** The public suffix list (tldts, with its private section), for the cookie jar's Domain rules. */
export type PublicSuffixModule = typeof import("npm:tldts@7.5.4");

/**
 * Loads the public suffix list; call through `loadPublicSuffixes`, which caches it. Loaded only by
 * a cookie jar: it is a 136 KB module that a run without cookies never needs.
 */
export function importPublicSuffixList(): Promise<PublicSuffixModule> {
  return import("npm:tldts@7.5.4");
}
