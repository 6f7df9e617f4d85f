/**
 * What a file system call's error says, read the same way everywhere: its errno name, and the
 * system's description of the problem without the call and paths Deno appends.
 * @module
 */
import { messageOf, withOpenFileLimit } from "../loop/mod.ts";

/** Solaris and illumos number them alike (`sys/errno.h`). */
const SOLARIS_ERRNOS = {
  27: "EFBIG",
  46: "ENOLCK",
  48: "ENOTSUP",
  49: "EDQUOT",
  89: "ENOSYS",
  122: "EOPNOTSUPP",
};

/**
 * Errno names by their number on each system, for what Deno says only as `(os error N)` (no
 * `code`), and on Windows for what its `code` misnames: the ones corun tells apart (a file system
 * without locks or hard links; a quota or a file size limit, which fail a save).
 */
const ERRNO_NAMES: Partial<Record<typeof Deno.build.os, Record<number, string>>> = {
  linux: { 27: "EFBIG", 37: "ENOLCK", 38: "ENOSYS", 95: "EOPNOTSUPP", 122: "EDQUOT" },
  android: { 27: "EFBIG", 37: "ENOLCK", 38: "ENOSYS", 95: "EOPNOTSUPP", 122: "EDQUOT" },
  darwin: {
    27: "EFBIG",
    45: "ENOTSUP",
    69: "EDQUOT",
    77: "ENOLCK",
    78: "ENOSYS",
    102: "EOPNOTSUPP",
  },
  freebsd: { 27: "EFBIG", 45: "EOPNOTSUPP", 69: "EDQUOT", 77: "ENOLCK", 78: "ENOSYS" },
  netbsd: { 27: "EFBIG", 45: "EOPNOTSUPP", 69: "EDQUOT", 77: "ENOLCK", 78: "ENOSYS" },
  solaris: SOLARIS_ERRNOS,
  illumos: SOLARIS_ERRNOS,
  // ERROR_INVALID_FUNCTION and ERROR_NOT_SUPPORTED: a file system without the call. Deno's `code`
  // for them is a Unix name it guesses ("EISDIR", "ENOTSUP"): these numbers are read before it.
  // ERROR_LOCK_VIOLATION: bytes another open file holds locked, named as Deno names it.
  windows: { 1: "ENOSYS", 33: "EBUSY", 50: "EOPNOTSUPP" },
};

/** `(os error N)` in a message of Deno's, and what comes before it. */
const OS_ERROR = /^(.*?\(os error (\d+)\))/s;

/** An errno name, as Deno sets `code`: `ENOSPC`, `EACCES`. */
const ERRNO_NAME = /^E[A-Z0-9]+$/;

/**
 * The errno name of a file system error (`EPERM`, `ENOLCK`…): Deno's `code` when it gives one,
 * else the name of its `(os error N)` when it is one of those corun tells apart. On Windows the
 * number's name comes first: Deno's `code` there is its guess at a Unix name for the Windows error.
 *
 * @param error What a `Deno` file call threw.
 * @param os The system that threw it. @default Deno.build.os
 * @returns The name; undefined when there is none to tell.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { errnoOf } from "./os_error.ts";
 * assertEquals(errnoOf(Object.assign(new Error("Bad file descriptor (os error 9)"), { code: "EBADF" })), "EBADF");
 * assertEquals(errnoOf(new Error("File too large (os error 27)"), "linux"), "EFBIG");
 * assertEquals(errnoOf(new Error("no number here")), undefined);
 * ```
 */
export function errnoOf(
  error: unknown,
  os: typeof Deno.build.os = Deno.build.os,
): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  const given = typeof code === "string" ? code : undefined;
  const number = osErrorNumberOf(error);
  const named = number === undefined ? undefined : ERRNO_NAMES[os]?.[number];
  return os === "windows" ? named ?? given : given ?? named;
}

/**
 * Whether an error is the operating system's, as Deno throws it: its `code` an errno name
 * (`ENOSPC`), or no `code` and an `(os error N)` in its message (EFBIG, EDQUOT: errnos Deno has no
 * name for). An error with a code of corun's own (`CONNECTION_CLOSED`) is not, whatever its
 * message quotes.
 *
 * @param error Anything thrown.
 * @returns True for an operating system's error.
 * @example
 * ```ts
 * import { assert } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { isOsError } from "./os_error.ts";
 * assert(isOsError(new Error("File too large (os error 27): writefile 'a.part'")));
 * assert(!isOsError(Object.assign(new Error("Connection reset (os error 104)"), { code: "CONNECTION_CLOSED" })));
 * ```
 */
export function isOsError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? ERRNO_NAME.test(code) : osErrorNumberOf(error) !== undefined;
}

/** The `N` of the `(os error N)` Deno puts in the message of an operating system's error. */
function osErrorNumberOf(error: Error): number | undefined {
  const number = OS_ERROR.exec(error.message)?.[2];
  return number === undefined ? undefined : Number(number);
}

/**
 * The system's description of a file system error, without the call and paths Deno appends
 * (`: link 'a' -> 'b'`), which name files relative to wherever the process was at the time.
 *
 * @param error What a `Deno` file call threw.
 * @returns For example `Operation not permitted (os error 1)`; the open-file limit said as such.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { problemOf } from "./os_error.ts";
 * const error = new Error("Operation not permitted (os error 1): link '.a.part' -> 'a'");
 * assertEquals(problemOf(error), "Operation not permitted (os error 1)");
 * ```
 */
export function problemOf(error: unknown): string {
  const message = messageOf(error);
  return withOpenFileLimit(OS_ERROR.exec(message)?.[1] ?? message, error);
}
