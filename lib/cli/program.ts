/**
 * The command line: which command, with which invocation, or help, the version or a usage error.
 * Everything comes from the registry (`registry.ts`): a command or option declared there is parsed,
 * listed in help and completed by the shells without a change here.
 * @module
 */
import { givesOption, parseCommandArgs, takesOptions, UsageError } from "./args.ts";
import { commandHelp, HELP_OPTION, programHelp, VERSION_OPTION } from "./args_help.ts";
import { closestName, shellWord } from "../loop/mod.ts";
import type { CliHost } from "./cli_host.ts";
import type { CommandSpec, Invocation } from "./command.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { unusableFlag } from "./flag_problem.ts";
import { checkOptionalValues } from "./optional_values.ts";
import { VERSION } from "./version.ts";
import {
  commandAsSeen,
  CORUN_PROGRAM,
  invocationWithConfig,
  type ProgramIdentity,
} from "./program_identity.ts";

/** What a command line asks for. */
export type ParsedCommandLine =
  | { kind: "execute"; command: CommandSpec; invocation: Invocation }
  /** Help or the version was printed (code 0), or a usage error was (code 2). */
  | { kind: "exit"; code: number };

type Output = Pick<CliHost, "stdout" | "stderr" | "columns">;

/**
 * Parses a command line against the registry. Help, `--version` and usage errors are written here:
 * help and the version on stdout (exit 0), errors on stderr with a pointer to the help (exit 2).
 * `corun` alone prints the help on stderr and exits 2: it ran nothing.
 *
 * @param args The arguments after the program name.
 * @param commands The registry.
 * @param host `stdout`, `stderr` and `columns` for help and errors.
 * @param program Whose command line it is: corun's, or a config script's (`runMain`), which names
 *   itself in usage and gives each command's config itself.
 * @returns The command to execute with its invocation, or the exit code when nothing is to run.
 * @throws {TypeError} When a command declares an optional value without its words.
 */
export function parseCommandLine(
  args: readonly string[],
  commands: readonly CommandSpec[],
  host: Output,
  program: ProgramIdentity = CORUN_PROGRAM,
): Promise<ParsedCommandLine> {
  checkOptionalValues(commands);
  try {
    return Promise.resolve(parse(args, commands, host, program));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const help = [program.name, error.command, "--help"].filter((word) => word !== undefined)
      .join(" ");
    host.stderr.write(`error: ${error.message}\n(${help} shows usage)\n`);
    return Promise.resolve({ kind: "exit", code: EXIT_CODES.usage });
  }
}

function parse(
  args: readonly string[],
  registered: readonly CommandSpec[],
  host: Output,
  program: ProgramIdentity,
): ParsedCommandLine {
  const commands = registered.map((command) => commandAsSeen(program, command));
  const at = args.findIndex((arg) => !arg.startsWith("-"));
  const before = at < 0 ? args : args.slice(0, at);
  // Options before the command are the program's own: help and version, nothing else.
  for (const arg of before) {
    if (arg === "-h" || arg === "--help") {
      return print(host, programHelp(commands, host.columns(), program));
    }
    if (arg === "-V" || arg === "--version") return print(host, `${VERSION}\n`);
  }
  if (before.length > 0) {
    refuseOptionsBeforeCommand(args, commands, program);
    const suggestion = closestName(before[0], ["--help", "--version"]);
    throw new UsageError(
      `unknown option '${before[0]}'${suggestion ? ` (did you mean ${suggestion}?)` : ""}`,
    );
  }
  if (at < 0) {
    host.stderr.write(programHelp(commands, host.columns(), program));
    return { kind: "exit", code: EXIT_CODES.usage };
  }
  const name = args[at];
  const rest = args.slice(at + 1);
  if (name === "help") return helpFor(rest, commands, host, program);
  const command = findOrRefuse(name, commands);
  // Help and the version win over anything else on the line, as with the program's own options.
  const options = rest.slice(0, rest.includes("--") ? rest.indexOf("--") : rest.length);
  if (options.some((word) => givesOption(word, HELP_OPTION, command))) {
    return print(host, commandHelp(command, host.columns(), program));
  }
  if (options.some((word) => givesOption(word, VERSION_OPTION, command))) {
    return print(host, `${VERSION}\n`);
  }
  const invocation = parseCommandArgs(rest, command);
  const executed = registered.find((spec) => spec.name === command.name) ?? command;
  return {
    kind: "execute",
    command: executed,
    invocation: invocationWithConfig(program, executed, invocation),
  };
}

/**
 * `corun -q run x`, `corun --out x run y`: a command's own options, put before it, are refused
 * with the line as it should be written. The command is the first word naming one that the words
 * before it are options of, values included (`x` above is the value of `--out`, not the command).
 */
function refuseOptionsBeforeCommand(
  args: readonly string[],
  commands: readonly CommandSpec[],
  program: ProgramIdentity,
) {
  for (let at = 1; at < args.length; at++) {
    const command = commands.find((spec) => spec.name === args[at]);
    const before = args.slice(0, at);
    if (command === undefined || !takesOptions(before, command)) continue;
    const words = [command.name, ...before, ...args.slice(at + 1)].map(shellWord);
    const line = [program.name, ...words];
    const why = `options go after it, as in ${line.join(" ")}`;
    throw new UsageError(unusableFlag(`${before[0]} before the command`, why), command.name);
  }
}

/**
 * `corun help` and `corun help COMMAND`. `help` is a command of the program's help too, so
 * `corun help help` and `corun help --help` show that help rather than an unknown command.
 */
function helpFor(
  rest: readonly string[],
  commands: readonly CommandSpec[],
  host: Output,
  program: ProgramIdentity,
): ParsedCommandLine {
  if (rest.length === 0 || (rest.length === 1 && HELP_WORDS.includes(rest[0]))) {
    return print(host, programHelp(commands, host.columns(), program));
  }
  if (rest.length > 1) {
    throw new UsageError(`too many arguments for 'help': it takes one command, got ${rest.length}`);
  }
  return print(host, commandHelp(findOrRefuse(rest[0], commands), host.columns(), program));
}

/** Words after `help` that ask for help itself: `help` lists itself among the commands. */
const HELP_WORDS: readonly string[] = ["help", "-h", "--help"];

function findOrRefuse(name: string, commands: readonly CommandSpec[]): CommandSpec {
  const command = commands.find((spec) => spec.name === name);
  if (command !== undefined) return command;
  const suggestion = closestName(name, commands.map((spec) => spec.name));
  throw new UsageError(
    `unknown command '${name}'${suggestion ? ` (did you mean ${suggestion}?)` : ""}`,
  );
}

function print(host: Output, text: string): ParsedCommandLine {
  host.stdout.write(text);
  return { kind: "exit", code: EXIT_CODES.ok };
}
