/**
 * Whose command line it is: corun's, or a config script's that runs itself (`runMain`). A script's
 * line names no config, as the script is one: its usage, help and argument counts leave `<config>`
 * out, and it is named as the user starts it from the working directory (`deno run tasks/job.ts`), not
 * as a `corun` they may not have.
 * @module
 */
import type { CommandSpec, Invocation } from "./command.ts";

/** The program a command line belongs to. */
export interface ProgramIdentity {
  /** How the user starts it, for usage lines and pointers to help: `corun`, `deno run job.ts`. */
  readonly name: string;
  /** The config the program is (a script's own path or URL): every command's `<config>`. */
  readonly config?: string;
}

/** The `corun` command itself: its commands take the config as their first argument. */
export const CORUN_PROGRAM: ProgramIdentity = { name: "corun" };

/**
 * A command as the program's user sees it: without its `config` argument when the program is a
 * config (the user gives none, so none is counted, shown in usage or listed in help).
 *
 * @param program Whose command line it is.
 * @param command The command as registered.
 * @returns The command as parsed and shown (the same object unless the argument is left out).
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { commandAsSeen } from "./program_identity.ts";
 * import { findCommand } from "./registry.ts";
 * const run = findCommand("run")!;
 * const seen = commandAsSeen({ name: "deno run job.ts", config: "/home/me/job.ts" }, run);
 * assertEquals(seen.arguments.length, run.arguments.length - 1);
 * ```
 */
export function commandAsSeen(program: ProgramIdentity, command: CommandSpec): CommandSpec {
  if (program.config === undefined || !takesConfig(command)) return command;
  return { ...command, arguments: command.arguments.slice(1) };
}

/**
 * What the user's words parsed to, with the program's config put back as the command's first
 * argument, for the command as registered.
 *
 * @param program Whose command line it is.
 * @param command The command as registered.
 * @param invocation The user's arguments and options, parsed against {@linkcode commandAsSeen}.
 * @returns The invocation the command executes.
 */
export function invocationWithConfig(
  program: ProgramIdentity,
  command: CommandSpec,
  invocation: Invocation,
): Invocation {
  if (program.config === undefined || !takesConfig(command)) return invocation;
  return { ...invocation, args: [program.config, ...invocation.args] };
}

function takesConfig(command: CommandSpec): boolean {
  return command.arguments[0]?.name === "config";
}
