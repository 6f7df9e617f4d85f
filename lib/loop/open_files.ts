/**
 * The process's open-file limit (`ulimit -n`), which sockets and files share: every running fetch
 * holds a socket and, while it saves, a file. Read where the system tells it (Linux's
 * `/proc/self/limits`: Deno has no `getrlimit`), and the errors of reaching it, said as what they
 * are, with the setting that reaches it.
 * @module
 */
import { isGranted } from "./permission_flags.ts";

const LIMITS_FILE = "/proc/self/limits";

/** The soft limit's line: `Max open files  1024  524288  files`. */
const OPEN_FILES_LINE = /^Max open files\s+(\d+|unlimited)\s/m;

/**
 * The soft limit on the files (and sockets) this process may hold open at once.
 *
 * @returns The limit; undefined where it cannot be read (no `/proc`, no read permission: never
 *   asked for), or when there is none.
 */
export function openFileLimit(): number | undefined {
  if (Deno.build.os !== "linux" && Deno.build.os !== "android") return undefined;
  try {
    if (!isGranted({ name: "read", path: LIMITS_FILE })) return undefined;
    const found = OPEN_FILES_LINE.exec(Deno.readTextFileSync(LIMITS_FILE))?.[1];
    return found === undefined || found === "unlimited" ? undefined : Number(found);
  } catch {
    return undefined; // this very read may be past the limit, or the file gone: nothing to tell
  }
}

/**
 * Whether an error is the system's refusal to open one more file or socket: the process's limit
 * (`EMFILE`) or the whole system's (`ENFILE`).
 */
function isOpenFileLimit(error: unknown): boolean {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return code === "EMFILE" || code === "ENFILE";
}

/**
 * The reason of a failure, with what it means when it is the open-file limit: the run held as
 * many files and sockets as the process may, which `concurrency` sets.
 *
 * @param reason What the error says (`Too many open files (os error 24)`).
 * @param error The error.
 * @returns The reason, said as the limit when it is one.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { withOpenFileLimit } from "./open_files.ts";
 * const error = Object.assign(new Error("Too many open files (os error 24)"), { code: "EMFILE" });
 * assertEquals(
 *   withOpenFileLimit(error.message, error),
 *   "Too many open files (os error 24): the process's open-file limit (ulimit -n) was reached; " +
 *     "raise it or lower concurrency",
 * );
 * ```
 */
export function withOpenFileLimit(reason: string, error: unknown): string {
  if (!isOpenFileLimit(error)) return reason;
  const limit = (error as { code: string }).code === "ENFILE"
    ? "the system's open-file limit (fs.file-max)"
    : "the process's open-file limit (ulimit -n)";
  return `${reason}: ${limit} was reached; raise it or lower concurrency`;
}
