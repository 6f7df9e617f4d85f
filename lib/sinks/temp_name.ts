/**
 * The one naming scheme of corun's temporary files, `.<basename>.<12 hex>.part`: made beside the file
 * they become, and recognised by the sweep that removes those a killed run left behind.
 * @module
 */
import { basename } from "./deps.ts";

/** A temporary file name corun made: a dot, up to 50 code points of the final name, 12 hex digits. */
const TEMP_NAME = /^\..*\.[0-9a-f]{12}\.part$/s;

/**
 * A fresh temporary name for `finalPath`, with its basename cut so the name stays under 255 bytes.
 *
 * @param finalPath The path (or name) of the file the temporary will become.
 * @returns `.<basename>.<12 random hex digits>.part`.
 */
export function tempNameFor(finalPath: string): string {
  const random = new Uint8Array(6);
  crypto.getRandomValues(random);
  const suffix = Array.from(random, (byte) => byte.toString(16).padStart(2, "0")).join("");
  // 50 code points are at most 200 UTF-8 bytes.
  const name = Array.from(basename(finalPath)).slice(0, 50).join("");
  return `.${name}.${suffix}.part`;
}

/**
 * Says whether a file name is one of corun's temporary names.
 *
 * @param name A bare file name.
 * @returns True for `.<anything>.<12 hex>.part`.
 */
export function isTempName(name: string): boolean {
  return TEMP_NAME.test(name);
}
