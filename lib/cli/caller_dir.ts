/**
 * The caller's folder. `deno task corun run my.yaml` (and `npm run`) runs corun in the project's
 * folder, not the one the user typed the command in; both runners leave that one in `INIT_CWD`.
 * Relative paths on the command line are the user's, so they resolve against it, but only when
 * everything says a task runner started corun from there: `INIT_CWD` is inherited by every process
 * a task starts, and a script that changes folder itself must not get its paths moved.
 * @module
 */
import { isAbsolute, join, relative, resolve, sep } from "./deps.ts";

/** Files a task runner finds by looking up from `INIT_CWD`, and then runs the task next to. */
const PROJECT_FILES = ["deno.json", "deno.jsonc", "package.json"];

/** What deciding needs to know, injected so tests need no environment. */
export interface CallerDirProbe {
  /** The value of `INIT_CWD`, or undefined when unset or not readable without a prompt. */
  initCwd: string | undefined;
  /** The working directory. */
  cwd: string;
  /** True when `path` is an existing directory (false when it may not be read without a prompt). */
  isDirectory(path: string): boolean;
  /** True when `path` is an existing file (false when it may not be read without a prompt). */
  isFile(path: string): boolean;
}

/**
 * Finds the folder relative command-line paths belong to, when it is not the working directory.
 *
 * `INIT_CWD` counts when it is an absolute path to an existing directory strictly inside the
 * working directory, and the working directory holds `deno.json`, `deno.jsonc` or `package.json`:
 * the project a task runner found by looking up from `INIT_CWD`. Anything else (unset, empty,
 * relative, gone, outside, no project file) leaves the working directory in charge.
 *
 * @param probe The environment.
 * @returns `INIT_CWD` (normalised), or undefined when relative paths are the working directory's.
 * @example
 * ```ts
 * import { callerDirOf } from "./caller_dir.ts";
 * callerDirOf({
 *   initCwd: "/home/me/project/configs",
 *   cwd: "/home/me/project",
 *   isDirectory: () => true,
 *   isFile: (path) => path === "/home/me/project/deno.json",
 * }); // "/home/me/project/configs"
 * ```
 */
export function callerDirOf(probe: CallerDirProbe): string | undefined {
  const { initCwd, cwd } = probe;
  if (initCwd === undefined || initCwd === "" || !isAbsolute(initCwd)) return undefined;
  const caller = resolve(initCwd);
  const inside = relative(resolve(cwd), caller);
  if (inside === "" || inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    return undefined;
  }
  if (!PROJECT_FILES.some((name) => probe.isFile(join(cwd, name)))) return undefined;
  return probe.isDirectory(caller) ? caller : undefined;
}

/**
 * Looks at the real environment, never prompting: a permission not granted reads as "not there".
 *
 * @returns The caller's folder, or undefined when it is the working directory.
 */
export function findCallerDir(): string | undefined {
  const granted = (descriptor: Deno.PermissionDescriptor) =>
    Deno.permissions.querySync(descriptor).state === "granted";
  const statIs = (path: string, kind: "isFile" | "isDirectory") => {
    if (!granted({ name: "read", path })) return false;
    try {
      return Deno.statSync(path)[kind];
    } catch {
      return false;
    }
  };
  if (!granted({ name: "env", variable: "INIT_CWD" })) return undefined;
  const initCwd = Deno.env.get("INIT_CWD");
  if (initCwd === undefined) return undefined; // before asking for the working directory
  if (!granted({ name: "read", path: "." })) return undefined; // Deno.cwd() needs it
  return callerDirOf({
    initCwd,
    cwd: Deno.cwd(),
    isDirectory: (path) => statIs(path, "isDirectory"),
    isFile: (path) => statIs(path, "isFile"),
  });
}
