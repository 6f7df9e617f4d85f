/**
 * `runMain`: what a TypeScript config calls to be runnable by itself,
 * `if (import.meta.main) await runMain(import.meta.url);`.
 * @module
 */
import type { CliHost } from "./cli_host.ts";
import { fromFileUrl } from "./deps.ts";
import { runAsProgram } from "./main.ts";
import { findCommand } from "./registry.ts";

/** Arguments that are about corun itself rather than a command on the config. */
const PROGRAM_ARGS = new Set(["-h", "--help", "-V", "--version", "help"]);

/**
 * Makes the command line of a config module: `[]` → `run <config>`, `plan --json` →
 * `plan <config> --json`, `--virtual-time` → `run <config> --virtual-time`; a word that names no
 * command is left for the program to refuse (`chek`: did you mean check?).
 *
 * @param configUrl The module's `import.meta.url`.
 * @param args What followed the module on the command line.
 * @returns Arguments for `main`.
 * @example
 * ```ts
 * import { argsForConfigModule } from "./config_main.ts";
 * argsForConfigModule("file:///home/me/tasks/x.ts", ["plan"]); // ["plan", "/home/me/tasks/x.ts"]
 * ```
 */
export function argsForConfigModule(configUrl: string, args: readonly string[]): string[] {
  // A file path, not a URL: relative outDirs resolve against the config's directory.
  const config = configUrl.startsWith("file:") ? fromFileUrl(configUrl) : configUrl;
  const [first, ...rest] = args;
  if (first !== undefined && PROGRAM_ARGS.has(first)) return [...args];
  const command = first === undefined ? undefined : findCommand(first);
  // A word that names no command is a mistyped one (`chek`): the program names the closest.
  if (command === undefined && first !== undefined && !first.startsWith("-")) return [...args];
  if (command === undefined) return ["run", config, ...args];
  const takesConfig = command.arguments[0]?.name === "config";
  return takesConfig ? [command.name, config, ...rest] : [...args];
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
 * import { runMain } from "./config_main.ts";
 * if (import.meta.main) await runMain(import.meta.url);
 * ```
 */
export function runMain(
  configUrl: string,
  args: readonly string[] = Deno.args,
  host: Partial<CliHost> = {},
): Promise<void> {
  runAsProgram(argsForConfigModule(configUrl, args), host);
  return Promise.resolve();
}
