/**
 * A run's cookie jar (`cookies:` in the config): one jar shared by every fetch of the run, read from
 * its file when the config keeps one, and written back once the run is over (and, in a long-running
 * worker of a shared queue, every so often while it runs).
 *
 * Runs that overlap may share the jar file (two configs, `overlap: allow`, cron without `--lock`).
 * A save holds the file's exclusive OS lock (where the file system has locks) from its read to its
 * rename, as the state file's does, so one run's save never lands between another's read and
 * rename, which would lose the cookies the other run saved.
 * @module
 */
import {
  type Cookie,
  COOKIE_FILE_CAP_KEY,
  CookieFileError,
  CookieJar,
  type CookieLimit,
  LINKED_JAR,
  MAX_COOKIES,
  MAX_COOKIES_PER_DOMAIN,
  parseCookieFile,
  readCookieText,
  writeCookieFile,
} from "../http/mod.ts";
import { ConfinedDir, isLink, openLocked, openToLock } from "../sinks/mod.ts";
import type { ConfigSpec } from "./spec.ts";
import { formatSize, messageOf, refusedAccessText } from "../loop/mod.ts";
import { dirname, resolve } from "./deps.ts";

/**
 * Opens the run's jar.
 *
 * @param config The run's config.
 * @param nowMs Wall-clock epoch milliseconds (cookies expired by then are left out).
 * @param warn The run's warning path: told the first time a domain's cookies are dropped, and
 *   when the file holds more cookies than a jar keeps.
 * @returns The jar, or undefined when the config keeps no cookies.
 * @throws {CookieFileError} When the jar file is not one corun wrote (names file and line).
 */
export async function openRunCookies(
  config: ConfigSpec,
  nowMs: number,
  warn: (message: string) => void,
): Promise<CookieJar | undefined> {
  if (config.cookies === undefined) return undefined;
  const { file, maxFileBytes } = config.cookies;
  const options = {
    onDrop: (domain: string, limit: CookieLimit) => warn(dropText(domain, limit)),
    ...(maxFileBytes === undefined ? {} : { maxFileBytes }),
  };
  if (file === undefined) return await CookieJar.create(options);
  const jar = await CookieJar.load(file, nowMs, options);
  if (jar.leftOutAtLoad > 0) warn(cutAtLoadText(file, jar.size + jar.leftOutAtLoad, jar.size));
  return jar;
}

/** The warning of a jar file holding more cookies than a jar keeps, cut as it was loaded. */
function cutAtLoadText(file: string, held: number, kept: number): string {
  return `Cannot keep every cookie of the cookie jar "${file}": it holds ${held} cookies, more ` +
    `than corun keeps (${MAX_COOKIES} in all, ${MAX_COOKIES_PER_DOMAIN} per domain); the ` +
    `${held - kept} least recently used were left out, and the run saves the jar without them`;
}

/** The warning of a domain's first cookie dropped to keep within `limit`. */
function dropText(domain: string, limit: CookieLimit): string {
  const why = limit === "domain"
    ? `it set more than the ${MAX_COOKIES_PER_DOMAIN} cookies one domain keeps`
    : `the jar holds more than the ${MAX_COOKIES} cookies it keeps in all`;
  return `Cannot keep every cookie of ${domain}: ${why}; its least recently used were dropped, ` +
    "and requests that need them (a login's session) go without (said once per domain)";
}

/**
 * Writes the jar back to its file, when the config keeps one. A failure is a warning: the run's
 * files and outcomes stand, only the next run starts without these cookies; so are cookies left out
 * to keep the file within its cap (a login's session may be among them).
 *
 * @param jar The run's jar.
 * @param config The run's config.
 * @param nowMs Wall-clock epoch milliseconds.
 * @param warn The run's warning path.
 * @param startedAtMs When the run started (epoch ms): the jar's folder loses corun's temporaries
 *   last changed before then (see {@linkcode saveCookieJar}).
 */
export async function saveRunCookies(
  jar: CookieJar | undefined,
  config: ConfigSpec,
  nowMs: number,
  warn: (message: string) => void,
  startedAtMs: number,
): Promise<void> {
  const file = config.cookies?.file;
  if (jar === undefined || file === undefined) return;
  let leftOut: number;
  try {
    leftOut = await saveCookieJar(jar, file, nowMs, startedAtMs);
  } catch (error) {
    // The new file is made in the jar's folder: that is what Deno refuses.
    const reason = refusedAccessText(error, "write", dirname(file)) ?? messageOf(error);
    warn(`Cannot save the cookie jar "${file}": ${reason}`);
    return;
  }
  if (leftOut > 0) warn(leftOutText(file, leftOut, jar.maxFileBytes));
}

/**
 * Saves the jar to its file every `everyMs` while a long run goes on: a `corun worker` runs for
 * days, and killed without its stop (SIGKILL, a crash, a power loss) it would lose every cookie it
 * learnt. Each save is the run's own ({@linkcode saveRunCookies}: locked, written beside the file
 * and renamed over it), one at a time; a failure that repeats the last one is not said again.
 *
 * @param jar The run's jar.
 * @param config The run's config; without a jar file nothing is saved.
 * @param everyMs The time between saves, in milliseconds.
 * @param nowMs Wall-clock epoch milliseconds, asked at each save.
 * @param warn The run's warning path.
 * @param startedAtMs When the run started (epoch ms), as for {@linkcode saveRunCookies}.
 * @returns Stops the saves, waiting for one under way: call it before the run's last save.
 */
export function saveCookiesEvery(
  jar: CookieJar | undefined,
  config: ConfigSpec,
  everyMs: number,
  nowMs: () => number,
  warn: (message: string) => void,
  startedAtMs: number,
): () => Promise<void> {
  if (jar === undefined || config.cookies?.file === undefined) return () => Promise.resolve();
  let saving: Promise<void> | undefined;
  let lastWarning: string | undefined;
  const warnOnce = (message: string) => {
    if (message !== lastWarning) warn(message);
    lastWarning = message;
  };
  const timer = setInterval(() => {
    if (saving !== undefined) return; // a slow disk: the next tick saves what this one missed
    saving = saveRunCookies(jar, config, nowMs(), warnOnce, startedAtMs)
      .finally(() => saving = undefined);
  }, everyMs);
  return async () => {
    clearInterval(timer);
    await saving;
  };
}

/** The warning of a save that left cookies out to keep the file within its cap. */
function leftOutText(file: string, leftOut: number, maxBytes: number): string {
  const cookies = leftOut === 1 ? "1 cookie" : `${leftOut} cookies`;
  return `Cannot save every cookie to the cookie jar "${file}": it would be larger than ` +
    `${formatSize(maxBytes)} (${COOKIE_FILE_CAP_KEY}), so ${cookies}, the least recently set or ` +
    `sent, ${leftOut === 1 ? "was" : "were"} left out; raise ${COOKIE_FILE_CAP_KEY} to keep them`;
}

/**
 * Saves the jar over its file holding the file's lock: the read of what other runs saved, the
 * merge ({@linkcode CookieJar.cookiesOver}) and the rename of the new file over it happen while
 * no other save can.
 *
 * @param jar The jar; its `maxFileBytes` caps the file read and written.
 * @param path The jar file (made, owner-only, when missing).
 * @param nowMs Wall-clock epoch milliseconds.
 * @param sweepBeforeMs When the run started (epoch ms): the open of the jar file sweeps its folder
 *   of corun's temporaries last changed before then that no process holds (a save a killed run
 *   left, every cookie in it), by the output directory's rule (`ConfinedDir`). Without it, none.
 * @returns How many cookies were left out to keep the file within the cap.
 * @throws {CookieFileError} When the jar file is a symbolic link.
 * @throws {Error} When it cannot be opened, locked or written.
 */
export async function saveCookieJar(
  jar: CookieJar,
  path: string,
  nowMs: number,
  sweepBeforeMs?: number,
): Promise<number> {
  const absolute = resolve(path);
  if (await isLink(absolute)) throw new CookieFileError(path, LINKED_JAR);
  const within = ConfinedDir.openSync(dirname(absolute), sweepBeforeMs);
  const locked = await openLocked(absolute, () => openToLock(absolute, within, 0o600));
  try {
    const onDisk = await cookiesIn(path, locked.file, jar.maxFileBytes);
    return await writeCookieFile(path, jar.cookiesOver(path, onDisk, nowMs), jar.maxFileBytes);
  } finally {
    locked.close(); // and with it the lock
  }
}

/**
 * The cookies of an open jar file; null for an empty file (made by the lock's open) or no jar (gone
 * bad, or past the size a jar is read, since the load: this jar's cookies replace it).
 */
async function cookiesIn(
  path: string,
  file: Deno.FsFile,
  maxBytes: number,
): Promise<Cookie[] | null> {
  try {
    const text = await readCookieText(path, file, maxBytes);
    return text.trim() === "" ? null : parseCookieFile(path, text);
  } catch (error) {
    if (!(error instanceof CookieFileError)) throw error;
    return null;
  }
}
