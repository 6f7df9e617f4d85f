/**
 * `corun --help` and `corun COMMAND --help`, written from the registry: plain text (it is read in
 * cron mails and CI logs too), descriptions wrapped to the terminal's width.
 * @module
 */
import type { CommandSpec, OptionSpec } from "./command.ts";
import { CORUN_PROGRAM, type ProgramIdentity } from "./program_identity.ts";

/** What the program is, under its usage line. */
const PROGRAM_SUMMARY = "Run fetch and sleep tasks as coroutines, save results to disk.";

/** The options every command and the program itself take, listed last in help. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  { flags: "-V, --version", description: "print the version" },
  { flags: "-h, --help", description: "show this help" },
];

/** `-V, --version`, of {@linkcode COMMON_OPTIONS}. */
export const VERSION_OPTION: OptionSpec = COMMON_OPTIONS[0];
/** `-h, --help`, of {@linkcode COMMON_OPTIONS}. */
export const HELP_OPTION: OptionSpec = COMMON_OPTIONS[1];

/** Help never wraps narrower than this, even in a narrow terminal. */
const MIN_WIDTH = 40;

/**
 * The program's help: usage, the commands with their summaries, the common options.
 *
 * @param commands The registry, as the program's user sees it (`commandAsSeen`).
 * @param columns The terminal's width.
 * @param program Whose help it is: a config script's may leave the command out (it runs itself).
 * @returns The text, ending in a newline.
 */
export function programHelp(
  commands: readonly CommandSpec[],
  columns: number,
  program: ProgramIdentity = CORUN_PROGRAM,
): string {
  const rows: [string, string][] = commands.map((command) => [
    `${command.name}${command.options.length > 0 ? " [options]" : ""}${argumentsUsage(command)}`,
    command.summary,
  ]);
  rows.push(["help [command]", "show help for a command"]);
  const usage = program.config === undefined
    ? [`Usage: ${program.name} <command> [options]`, "", PROGRAM_SUMMARY]
    : [`Usage: ${program.name} [command] [options]`, "", "Without a command, it runs this config."];
  return [
    ...usage,
    "",
    "Commands:",
    ...table(rows, columns),
    "",
    "Options:",
    ...table(COMMON_OPTIONS.map(optionRow), columns),
    "",
    `\`${program.name} <command> --help\` lists a command's options.`,
    "",
  ].join("\n");
}

/**
 * One command's help: usage, summary, arguments, options (with defaults), the common options.
 *
 * @param command The command, as the program's user sees it (`commandAsSeen`).
 * @param columns The terminal's width.
 * @param program Whose help it is, named in the usage line.
 * @returns The text, ending in a newline.
 */
export function commandHelp(
  command: CommandSpec,
  columns: number,
  program: ProgramIdentity = CORUN_PROGRAM,
): string {
  const lines = [
    `Usage: ${program.name} ${command.name} [options]${argumentsUsage(command)}`,
    "",
    command.summary,
  ];
  const rows = [
    ...command.arguments.map((argument): [string, string] => [
      argument.name,
      argument.choices === undefined
        ? argument.description
        : `${argument.description} (${argument.choices.join(", ")})`,
    ]),
    ...[...command.options, ...COMMON_OPTIONS].map(optionRow),
  ];
  // One column for arguments and options alike, so the two lists line up.
  const width = Math.max(...rows.map(([left]) => left.length));
  if (command.arguments.length > 0) {
    lines.push("", "Arguments:", ...table(rows.slice(0, command.arguments.length), columns, width));
  }
  lines.push(
    "",
    "Options:",
    ...table(rows.slice(command.arguments.length), columns, width),
    "",
  );
  return lines.join("\n");
}

function argumentsUsage(command: CommandSpec): string {
  return command.arguments.map((argument) =>
    argument.optional ? ` [${argument.name}]` : ` <${argument.name}>`
  ).join("");
}

function optionRow(option: OptionSpec): [string, string] {
  const text = option.default === undefined
    ? option.description
    : `${option.description} (default: ${option.default})`;
  return [option.flags, text];
}

/** Two columns: the left padded to `width`, the right wrapped under itself. */
function table(rows: readonly [string, string][], columns: number, width?: number): string[] {
  const left = width ?? Math.max(...rows.map(([name]) => name.length));
  const indent = 2 + left + 2;
  const room = Math.max(MIN_WIDTH, columns) - indent;
  const lines: string[] = [];
  for (const [name, text] of rows) {
    const wrapped = wrap(text, Math.max(20, room));
    lines.push(`  ${name.padEnd(left)}  ${wrapped[0] ?? ""}`.trimEnd());
    for (const line of wrapped.slice(1)) lines.push(`${" ".repeat(indent)}${line}`);
  }
  return lines;
}

/** Splits text into lines of at most `width` characters, at spaces (a longer word stays whole). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((word) => word !== "")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}
