/**
 * Relative paths on the command line are the caller's: this makes them absolute before a command
 * sees them, so every command agrees (`--out` is not the config's folder's, `CONFIG` is not the
 * project's under `deno task`).
 * @module
 */
import { shapeOf } from "./args_shape.ts";
import type { CommandSpec, Invocation } from "./command.ts";
import { isAbsolute, resolve } from "./deps.ts";
import { isStdStream } from "./std_stream.ts";
import { STDIN_LOCATION } from "../config/mod.ts";

/** `file:`, `https:` … (two letters at least, so a Windows drive `C:` is a path). */
const URL_SCHEME = /^[a-z][a-z0-9+.-]+:/i;

/**
 * Resolves the path arguments and options (`isPath`) of an invocation.
 *
 * Options (`--out`, `--log`, `--state`) become absolute against the caller's folder, or the working
 * directory. A path argument (`CONFIG`) changes only when the caller's folder is not the working
 * directory, so messages name it as it was typed otherwise. URLs stay as they are, and so does `-`
 * (standard input).
 *
 * @param command The command's spec, which says which values are paths.
 * @param invocation The parsed command line.
 * @param callerDir The caller's folder when it is not the working directory (`callerDirOf`).
 * @returns A new invocation with those paths resolved.
 * @example
 * ```ts
 * import { resolveInvocationPaths } from "./invocation_paths.ts";
 * import { runCommand } from "./run_command.ts";
 * resolveInvocationPaths(runCommand, { args: ["a.yaml"], options: { out: "o" } }, "/home/me");
 * // { args: ["/home/me/a.yaml"], options: { out: "/home/me/o" } }
 * ```
 */
export function resolveInvocationPaths(
  command: CommandSpec,
  invocation: Invocation,
  callerDir: string | undefined,
): Invocation {
  // `-` is standard input there (`corun run -`), or refused by the command: never a file.
  const args = invocation.args.map((value, index) =>
    command.arguments[index]?.isPath && callerDir !== undefined && value !== STDIN_LOCATION
      ? under(callerDir, value)
      : value
  );
  const options = { ...invocation.options };
  for (const option of command.options) {
    if (!option.isPath) continue;
    const key = shapeOf(option).key;
    const value = options[key];
    // `-` is standard output there, not a file in the caller's folder.
    if (typeof value === "string" && !(option.takesStdStream && isStdStream(value))) {
      options[key] = under(callerDir ?? ".", value);
    }
  }
  return { args, options };
}

function under(dir: string, path: string): string {
  if (path === "" || isAbsolute(path) || URL_SCHEME.test(path)) return path;
  return resolve(dir, path);
}
