/**
 * The caller's folder. `deno task corun run my.yaml` runs corun in the project's folder, not the one
 * the user typed the command in. corun's own `corun` task in deno.json says where that was — it
 * starts corun as `CORUN_CALLER_DIR=$INIT_CWD deno run …` — and only then do relative paths on the
 * command line resolve against it. Nothing is guessed: a task of the user's own
 * (`deno run --no-lock -A mod.ts run configs/my.yaml`) does not set it, so the paths written in that
 * task stay the project folder's, wherever `deno task` is typed.
 * @module
 */
import { isGranted } from "../loop/mod.ts";
import { isAbsolute, resolve } from "./deps.ts";

/** The environment variable corun's `corun` task sets to the folder `deno task` was typed in. */
const CALLER_DIR_VARIABLE = "CORUN_CALLER_DIR";

/**
 * Decides the folder relative command-line paths belong to, when it is not the working directory.
 *
 * @param value The value of `CORUN_CALLER_DIR`; unset, empty or relative counts as not set.
 * @param cwd The working directory, when it may be read (the caller's folder being the working
 *   directory changes nothing, and messages name `CONFIG` as typed).
 * @returns The caller's folder (normalised), or undefined when relative paths are the working
 *   directory's.
 * @example
 * ```ts
 * import { callerDirOf } from "./caller_dir.ts";
 * callerDirOf("/home/me/project/configs/", "/home/me/project"); // "/home/me/project/configs"
 * ```
 */
export function callerDirOf(
  value: string | undefined,
  cwd: string | undefined,
): string | undefined {
  if (value === undefined || !isAbsolute(value)) return undefined;
  const caller = resolve(value);
  return cwd !== undefined && resolve(cwd) === caller ? undefined : caller;
}

/**
 * Looks at the real environment, never prompting: a permission not granted reads as "not set".
 *
 * @returns The caller's folder, or undefined when it is the working directory.
 */
export function findCallerDir(): string | undefined {
  if (!isGranted({ name: "env", variable: CALLER_DIR_VARIABLE })) return undefined;
  const value = Deno.env.get(CALLER_DIR_VARIABLE);
  if (value === undefined) return undefined; // before asking for the working directory
  return callerDirOf(value, isGranted({ name: "read", path: "." }) ? Deno.cwd() : undefined);
}
