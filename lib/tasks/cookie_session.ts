/**
 * A run's cookie jar (`cookies:` in the config): one jar shared by every fetch of the run, read from
 * its file when the config keeps one, and written back once the run is over.
 * @module
 */
import { CookieJar } from "../http/mod.ts";
import type { ConfigSpec } from "./spec.ts";
import { messageOf } from "../loop/mod.ts";

/**
 * Opens the run's jar.
 *
 * @param config The run's config.
 * @param nowMs Wall-clock epoch milliseconds (cookies expired by then are left out).
 * @returns The jar, or undefined when the config keeps no cookies.
 * @throws {CookieFileError} When the jar file is not one corun wrote (names file and line).
 */
export async function openRunCookies(
  config: ConfigSpec,
  nowMs: number,
): Promise<CookieJar | undefined> {
  if (config.cookies === undefined) return undefined;
  const file = config.cookies.file;
  return file === undefined ? await CookieJar.create() : await CookieJar.load(file, nowMs);
}

/**
 * Writes the jar back to its file, when the config keeps one. A failure is a warning: the run's
 * files and outcomes stand, only the next run starts without these cookies.
 *
 * @param jar The run's jar.
 * @param config The run's config.
 * @param nowMs Wall-clock epoch milliseconds.
 * @param warn The run's warning path.
 */
export async function saveRunCookies(
  jar: CookieJar | undefined,
  config: ConfigSpec,
  nowMs: number,
  warn: (message: string) => void,
): Promise<void> {
  const file = config.cookies?.file;
  if (jar === undefined || file === undefined) return;
  try {
    await jar.save(file, nowMs);
  } catch (error) {
    const reason = messageOf(error);
    warn(`Cannot save the cookie jar "${file}": ${reason}`);
  }
}
