/**
 * `corun completions bash|zsh|fish`: print a shell completion script for every command and option
 * in the registry.
 * @module
 */
import type { CommandSpec } from "./command.ts";
import { completionScript, type Shell, SHELLS } from "./completions.ts";
import { EXIT_CODES } from "./exit_codes.ts";

/**
 * The `completions` command for a registry. The registry is read when the script is written, so the
 * command can be one of the commands it completes.
 *
 * @param registry Returns every command to complete (this one included).
 * @returns The command.
 */
export function completionsCommandFor(registry: () => readonly CommandSpec[]): CommandSpec {
  return {
    name: "completions",
    summary: "print a shell completion script (bash, zsh or fish) for corun's commands and options",
    arguments: [{ name: "shell", description: "the shell to complete in", choices: SHELLS }],
    options: [],
    execute(invocation, host) {
      host.stdout.write(completionScript(invocation.args[0] as Shell, registry()));
      return Promise.resolve(EXIT_CODES.ok);
    },
  };
}
