/**
 * The argument parser: turns the command registry into a commander program and a command line into
 * the command to execute. The only file that knows commander's API.
 * @module
 */
import type { CliDeps } from "./cli_deps.ts";
import type { CommandSpec, Invocation } from "./command.ts";
import { Command, CommanderError } from "./deps.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { checkOptionalValues, normalizeOptionalValues } from "./optional_values.ts";
import { VERSION } from "./version.ts";

/** What a command line asks for. */
export type ParsedCommandLine =
  | { kind: "execute"; command: CommandSpec; invocation: Invocation }
  /** Help or the version was printed (code 0), or a usage error was (code 2). */
  | { kind: "exit"; code: number };

/** Commander's codes for output that is not an error. */
const INFORMATIONAL = new Set(["commander.helpDisplayed", "commander.version", "commander.help"]);

/**
 * Parses a command line against the registry. Help, `--version` and usage errors are written here.
 *
 * @param args The arguments after the program name.
 * @param commands The registry.
 * @param deps `stdout`, `stderr` and `columns` for help and errors.
 * @returns The command to execute with its invocation, or the exit code when nothing is to run.
 */
export async function parseCommandLine(
  args: readonly string[],
  commands: readonly CommandSpec[],
  deps: Pick<CliDeps, "stdout" | "stderr" | "columns">,
): Promise<ParsedCommandLine> {
  checkOptionalValues(commands);
  let selected: ParsedCommandLine | undefined;
  const program = new Command()
    .name("corun")
    .description("Run fetch and sleep tasks as coroutines, save results to disk.")
    .usage("<command> [options]")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => deps.stdout.write(text),
      writeErr: (text) => deps.stderr.write(text),
      getOutHelpWidth: () => deps.columns(),
      getErrHelpWidth: () => deps.columns(),
      // Help must be plain text everywhere: it is read in cron mails and CI logs too.
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .showHelpAfterError("(corun --help shows usage)")
    .version(VERSION, "-V, --version", "print the version");

  for (const spec of commands) {
    const command = program.command(spec.name)
      .description(spec.summary)
      .showHelpAfterError(`(corun ${spec.name} --help shows usage)`)
      .version(VERSION, "-V, --version", "print the version");
    for (const argument of spec.arguments) {
      command.argument(`<${argument.name}>`, argument.description);
    }
    for (const option of spec.options) command.option(option.flags, option.description);
    command.action(() => {
      selected = {
        kind: "execute",
        command: spec,
        invocation: {
          args: command.args.slice(0, spec.arguments.length),
          options: command.opts() as Invocation["options"],
        },
      };
    });
  }

  try {
    await program.parseAsync(normalizeOptionalValues(args, commands), { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // Bare `corun` prints help to stderr with code "commander.help": a usage error, not a success.
    const helpAsError = error.code === "commander.help" && error.exitCode !== 0;
    return {
      kind: "exit",
      code: INFORMATIONAL.has(error.code) && !helpAsError ? EXIT_CODES.ok : EXIT_CODES.usage,
    };
  }
  return selected ?? { kind: "exit", code: EXIT_CODES.usage };
}
