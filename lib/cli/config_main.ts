/**
 * `runMain`: what a TypeScript config calls to be runnable by itself,
 * `if (import.meta.main) await runMain(import.meta.url);`.
 * @module
 */
import { isGranted, shellWord } from "../loop/mod.ts";
import type { CliHost } from "./cli_host.ts";
import { fromFileUrl, isAbsolute, relative } from "./deps.ts";
import { runAsProgram } from "./main.ts";
import type { ProgramIdentity } from "./program_identity.ts";

/** Arguments that are about the program itself rather than a command on the config. */
const PROGRAM_ARGS = new Set(["-h", "--help", "-V", "--version", "help"]);

/**
 * Makes the command line of a config module: `[]` → `run`, `--virtual-time` →
 * `run --virtual-time`, `plan --json` as it is; a word that names no command is left for the
 * program to refuse (`chek`: did you mean check?). The config itself is the program's
 * ({@linkcode configProgram}), not an argument.
 *
 * @param args What followed the module on the command line.
 * @returns Arguments for the program.
 * @example
 * ```ts
 * import { argsForConfigModule } from "./config_main.ts";
 * argsForConfigModule(["--json"]); // ["run", "--json"]
 * ```
 */
export function argsForConfigModule(args: readonly string[]): string[] {
  const first = args[0];
  if (first !== undefined && PROGRAM_ARGS.has(first)) return [...args];
  // A word that names no command is a mistyped one (`chek`): the program names the closest.
  if (first !== undefined && !first.startsWith("-")) return [...args];
  return ["run", ...args];
}

/**
 * The program a config module is: named as the user starts it from the working directory
 * (`deno run job.ts`, `deno run tasks/job.ts`, the absolute path when it lies elsewhere; a URL
 * without its query, where a token may sit), with itself as every command's config.
 *
 * @param configUrl The module's `import.meta.url`.
 * @param cwd The working directory, when it may be read. @default none: the absolute path
 * @returns Who the command line belongs to.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { configProgram } from "./config_main.ts";
 * assertEquals(configProgram("file:///home/me/tasks/job.ts", "/home/me"), {
 *   name: "deno run tasks/job.ts",
 *   config: "/home/me/tasks/job.ts",
 * });
 * ```
 */
export function configProgram(configUrl: string, cwd?: string): ProgramIdentity {
  if (!configUrl.startsWith("file:")) {
    const url = new URL(configUrl);
    return { name: `deno run ${url.origin}${url.pathname}`, config: configUrl };
  }
  // A file path, not a URL: relative outDirs resolve against the config's directory.
  const config = fromFileUrl(configUrl);
  return { name: `deno run ${shellWord(pathFrom(cwd, config))}`, config };
}

/**
 * The path that reaches `path` when typed in `cwd`: relative when inside it, else absolute (a
 * `../..` climb is harder to read and breaks as soon as the user changes folder).
 */
function pathFrom(cwd: string | undefined, path: string): string {
  if (cwd === undefined) return path;
  const inside = relative(cwd, path);
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) return path;
  // `deno run -x.ts` would read the name as a flag.
  return inside.startsWith("-") ? `./${inside}` : inside;
}

/** The working directory, when reading it is allowed (never prompting). */
function readableCwd(): string | undefined {
  return isGranted({ name: "read", path: "." }) ? Deno.cwd() : undefined;
}

/**
 * Runs the config module at `configUrl` as the `corun` command would (`run` unless the arguments
 * name another command), then exits the process with the exit code.
 *
 * The returned promise settles at once: the config module is still evaluating when it calls this
 * (awaiting it at top level), and loading the config imports that same module, which would wait for
 * its evaluation to finish, which would wait for us. So the work goes on after the module finishes,
 * and the process exits when it ends.
 *
 * @param configUrl The config module's `import.meta.url`.
 * @param args The command line after the module. @default Deno.args
 * @param host Replacements for the real world (tests).
 * @returns A promise that resolves once the run is under way.
 * @example At the end of a config module (not run by `deno test --doc`: it exits the process)
 * ```ts ignore
 * import { runMain } from "@corun/corun";
 * if (import.meta.main) await runMain(import.meta.url);
 * ```
 */
export function runMain(
  configUrl: string,
  args: readonly string[] = Deno.args,
  host: Partial<CliHost> = {},
): Promise<void> {
  runAsProgram(argsForConfigModule(args), host, configProgram(configUrl, readableCwd()));
  return Promise.resolve();
}
