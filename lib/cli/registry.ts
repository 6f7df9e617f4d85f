/**
 * The commands `corun` knows, in the order `corun --help` lists them. A new command is a
 * `CommandSpec` in its own file, added to `COMMANDS`; a new option is one `OptionSpec` in its
 * command's `options`. The parser, `--help` and `corun completions` read them from here: nothing
 * else changes.
 * @module
 */
import { checkCommand } from "./check_command.ts";
import type { CommandSpec } from "./command.ts";
import { completionsCommandFor } from "./completions_command.ts";
import { historyCommand } from "./history_command.ts";
import { planCommand } from "./plan_command.ts";
import { reportCommand } from "./report_command.ts";
import { runCommand } from "./run_command.ts";
import { scheduleCommand } from "./schedule_command.ts";
import { dbCommand } from "./db_command.ts";
import { statusCommand } from "./status_command.ts";
import { submitCommand } from "./submit_command.ts";
import { workerCommand } from "./worker_command.ts";

/** Every command, in help order. */
export const COMMANDS: readonly CommandSpec[] = [
  runCommand,
  checkCommand,
  planCommand,
  scheduleCommand,
  historyCommand,
  reportCommand,
  submitCommand,
  workerCommand,
  statusCommand,
  dbCommand,
  completionsCommandFor(() => COMMANDS),
];

/**
 * Finds a command by name.
 *
 * @param name What the user typed.
 * @param commands Where to look.
 * @returns The command, or undefined when there is none by that name.
 */
export function findCommand(
  name: string,
  commands: readonly CommandSpec[] = COMMANDS,
): CommandSpec | undefined {
  return commands.find((command) => command.name === name);
}
