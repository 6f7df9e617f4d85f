/**
 * External modules used by the sinks layer, imported by full specifier in this one place; the layers
 * above take their path functions from here too.
 *
 * Paths come from std's per-platform modules, chosen by `Deno.build.os`. Neither `node:path` nor
 * std's platform-choosing `path/mod.js` is used: both load Deno's Node compatibility layer at start-up
 * (~30 ms and ~8 MB; std's reads `globalThis.process` to learn the platform). `resolve` and `relative`
 * pass `Deno.cwd()` themselves for the same reason (std's own fallback reads `process.cwd`).
 * @module
 */
import { dirname as posixDirname } from "npm:deno-std@1.4.0/path/posix/dirname.js";
import { fromFileUrl as posixFromFileUrl } from "npm:deno-std@1.4.0/path/posix/from_file_url.js";
import { join as posixJoin } from "npm:deno-std@1.4.0/path/posix/join.js";
import { relative as posixRelative } from "npm:deno-std@1.4.0/path/posix/relative.js";
import { toFileUrl as posixToFileUrl } from "npm:deno-std@1.4.0/path/posix/to_file_url.js";
import { dirname as windowsDirname } from "npm:deno-std@1.4.0/path/windows/dirname.js";
import { fromFileUrl as windowsFromFileUrl } from "npm:deno-std@1.4.0/path/windows/from_file_url.js";
import { join as windowsJoin } from "npm:deno-std@1.4.0/path/windows/join.js";
import { relative as windowsRelative } from "npm:deno-std@1.4.0/path/windows/relative.js";
import { toFileUrl as windowsToFileUrl } from "npm:deno-std@1.4.0/path/windows/to_file_url.js";
import { basename, isAbsolute, resolve } from "../http/deps.ts";

// Kept with the HTTP layer, the lowest that needs them (a request's body file, a cookie jar's
// temporary); one pair for all.
export { basename, isAbsolute, resolve };

/**
 * Node's crypto, loaded on demand: only runs that hash pay for loading it (~35-60 ms and ~8 MB, Deno's
 * Node layer). It stays because it streams: SHA-256 at ~1.3 GB/s, where WebCrypto's digest is 2.8x
 * slower and needs the whole body in memory (256 MiB: 198 ms vs 550 ms, 47 vs 553 MiB RSS) and 11x
 * slower on 10,000 bodies of 1 KiB (21 vs 246 ms); `bench/hash_suite.ts`.
 */
export const loadNodeCrypto = (): Promise<typeof import("node:crypto")> => import("node:crypto");

const IS_WINDOWS = Deno.build.os === "windows";

/** The platform's path separator (`/`, or `\` on Windows). */
export const SEPARATOR: string = IS_WINDOWS ? "\\" : "/";

/** A path without its last part (`.` when there is none). */
export const dirname: (path: string) => string = IS_WINDOWS ? windowsDirname : posixDirname;

/** Joins path parts and normalizes the result. */
export const join: (...paths: string[]) => string = IS_WINDOWS ? windowsJoin : posixJoin;

/**
 * The path of a `file:` URL, refusing what names no local file as `node:url`'s `fileURLToPath` does.
 *
 * @param url A `file:` URL.
 * @returns The path.
 * @throws {TypeError} When the URL is not a `file:` URL, names a host (other than `localhost`; on
 *   Windows a host is a UNC share), encodes a path separator (`%2F`) or has a malformed `%`.
 */
export function fromFileUrl(url: string | URL): string {
  const parsed = url instanceof URL ? url : new URL(url);
  if (parsed.protocol !== "file:") throw new TypeError("The URL must be of scheme file");
  if (!IS_WINDOWS && parsed.hostname !== "" && parsed.hostname !== "localhost") {
    throw new TypeError(`File URL host must be "localhost" or empty, not "${parsed.hostname}"`);
  }
  if (/%2f/i.test(parsed.pathname) || (IS_WINDOWS && /%5c/i.test(parsed.pathname))) {
    throw new TypeError("File URL path must not include encoded path separators");
  }
  try {
    decodeURIComponent(parsed.pathname);
  } catch {
    throw new TypeError("File URL path has a malformed percent-encoding");
  }
  if (!IS_WINDOWS) parsed.hostname = "";
  return (IS_WINDOWS ? windowsFromFileUrl : posixFromFileUrl)(parsed);
}

/**
 * The `file:` URL of a path.
 *
 * @param path A path, made absolute against the working directory first.
 * @returns The URL.
 */
export function toFileUrl(path: string): URL {
  return (IS_WINDOWS ? windowsToFileUrl : posixToFileUrl)(resolve(path));
}

/**
 * The relative path from one path to another (as `node:path`'s `relative`).
 *
 * @param from Where the result starts from.
 * @param to Where it leads.
 * @returns A relative path, or `""` when they are the same.
 */
export function relative(from: string, to: string): string {
  return (IS_WINDOWS ? windowsRelative : posixRelative)(resolve(from), resolve(to));
}
