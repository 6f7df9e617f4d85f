/**
 * What a file system call's error says, read the same way everywhere: its errno name, and the
 * system's description of the problem without the call and paths Deno appends.
 * @module
 */

/**
 * Errno names Deno leaves without a `code`, by their number on each system (Deno says them only
 * as `(os error N)`): the ones corun tells apart (a file system without locks or hard links).
 */
const UNNAMED_ERRNOS: Partial<Record<typeof Deno.build.os, Record<number, string>>> = {
  linux: { 37: "ENOLCK", 38: "ENOSYS", 95: "EOPNOTSUPP" },
  android: { 37: "ENOLCK", 38: "ENOSYS", 95: "EOPNOTSUPP" },
  darwin: { 45: "ENOTSUP", 77: "ENOLCK", 78: "ENOSYS", 102: "EOPNOTSUPP" },
  freebsd: { 45: "EOPNOTSUPP", 77: "ENOLCK", 78: "ENOSYS" },
  netbsd: { 45: "EOPNOTSUPP", 77: "ENOLCK", 78: "ENOSYS" },
  // ERROR_INVALID_FUNCTION and ERROR_NOT_SUPPORTED: a file system without the call.
  windows: { 1: "ENOSYS", 50: "EOPNOTSUPP" },
};

/** `(os error N)` in a message of Deno's, and what comes before it. */
const OS_ERROR = /^(.*?\(os error (\d+)\))/s;

/**
 * The errno name of a file system error (`EPERM`, `ENOLCK`…): Deno's `code` when it gives one,
 * else the name of its `(os error N)` when it is one of those corun tells apart.
 *
 * @param error What a `Deno` file call threw.
 * @returns The name; undefined when there is none to tell.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { errnoOf } from "./os_error.ts";
 * assertEquals(errnoOf(Object.assign(new Error("Bad file descriptor (os error 9)"), { code: "EBADF" })), "EBADF");
 * assertEquals(errnoOf(new Error("no number here")), undefined);
 * ```
 */
export function errnoOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return code;
  const number = OS_ERROR.exec(error.message)?.[2];
  return number === undefined ? undefined : UNNAMED_ERRNOS[Deno.build.os]?.[Number(number)];
}

/**
 * The system's description of a file system error, without the call and paths Deno appends
 * (`: link 'a' -> 'b'`), which name files relative to wherever the process was at the time.
 *
 * @param error What a `Deno` file call threw.
 * @returns For example `Operation not permitted (os error 1)`.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { problemOf } from "./os_error.ts";
 * const error = new Error("Operation not permitted (os error 1): link '.a.part' -> 'a'");
 * assertEquals(problemOf(error), "Operation not permitted (os error 1)");
 * ```
 */
export function problemOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return OS_ERROR.exec(message)?.[1] ?? message;
}
