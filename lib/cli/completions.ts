/**
 * Shell completion scripts for bash, zsh and fish, written from the registry: the commands, each
 * command's options (with their words, folders or files as values) and config files for a command's
 * config argument. A command or option added to the registry is completed with no change here.
 * @module
 */
import { singleQuoted } from "../loop/mod.ts";
import { shapeOf } from "./args_shape.ts";
import { COMMON_OPTIONS } from "./args_help.ts";
import type { ArgumentSpec, CommandSpec, OptionSpec } from "./command.ts";

/** The shells `corun completions` writes for. */
export const SHELLS = ["bash", "zsh", "fish"] as const;

/** One of {@linkcode SHELLS}. */
export type Shell = typeof SHELLS[number];

/** What an option's value is completed with. */
type ValueCompletion =
  | { kind: "none" }
  | { kind: "words"; words: readonly string[]; optional: boolean }
  | { kind: "folders" }
  | { kind: "files" }
  | { kind: "text" };

/**
 * Writes the completion script for a shell.
 *
 * @param shell `bash`, `zsh` or `fish`.
 * @param commands The registry.
 * @returns The script, ending in a newline.
 * @example
 * ```ts
 * import { completionScript } from "./completions.ts";
 * import { COMMANDS } from "./registry.ts";
 * const script = completionScript("fish", COMMANDS);
 * if (!script.includes("-a run -d 'run every task in a config'")) throw new Error("no run");
 * ```
 */
export function completionScript(shell: Shell, commands: readonly CommandSpec[]): string {
  if (shell === "bash") return bashScript(commands);
  if (shell === "zsh") return zshScript(commands);
  return fishScript(commands);
}

function valueCompletion(option: OptionSpec): ValueCompletion {
  const shape = shapeOf(option);
  if (shape.value === "none") return { kind: "none" };
  if (option.valueWords !== undefined) {
    return { kind: "words", words: option.valueWords, optional: shape.value === "optional" };
  }
  if (option.isPath) {
    return /dir/i.test(shape.valueName ?? "") ? { kind: "folders" } : { kind: "files" };
  }
  return { kind: "text" };
}

/** The extensions of an argument's files without dots (`yaml`), empty for any file. */
function extensionsOf(argument: ArgumentSpec): string[] {
  return (argument.fileExtensions ?? []).map((extension) => extension.replace(/^\./, ""));
}

/** `text` in single quotes for any POSIX shell (and fish). */
function quote(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/** One line of a description: shells show a line each. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function bashScript(commands: readonly CommandSpec[]): string {
  const names = [...commands.map((command) => command.name), "help"];
  const lines = [
    "# corun completions for bash. Load them with",
    '#   eval "$(corun completions bash)"',
    "# in ~/.bashrc, or save them as ~/.local/share/bash-completion/completions/corun.",
    "_corun_files() {",
    "  # Folders, and files whose extension is one of $1 (a|b|c); any file when $1 is empty.",
    "  local IFS=$'\\n' path",
    "  compopt -o filenames 2>/dev/null",
    '  for path in $(compgen -f -- "$cur"); do',
    '    if [[ -d "$path" || -z "$1" || "$path" =~ \\.($1)$ ]]; then COMPREPLY+=("$path"); fi',
    "  done",
    "}",
    "_corun() {",
    '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="" command="" i equals=""',
    '  (( COMP_CWORD > 0 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"',
    '  # bash splits "--lock=skip" at the "=" (COMP_WORDBREAKS): complete the value after it.',
    '  if [[ "$cur" == "=" ]]; then',
    '    cur="" equals=1',
    '  elif [[ "$prev" == "=" ]] && (( COMP_CWORD > 1 )); then',
    '    prev="${COMP_WORDS[COMP_CWORD-2]}" equals=1',
    "  fi",
    "  COMPREPLY=()",
    "  for (( i = 1; i < COMP_CWORD; i++ )); do",
    '    if [[ "${COMP_WORDS[i]}" != -* ]]; then command="${COMP_WORDS[i]}"; break; fi',
    "  done",
    '  if [[ -z "$command" ]]; then',
    `    COMPREPLY=($(compgen -W ${
      singleQuoted([...names, "--help", "--version"].join(" "))
    } -- "$cur"))`,
    "    return",
    "  fi",
    '  case "$command" in',
    `    help) COMPREPLY=($(compgen -W ${singleQuoted(names.join(" "))} -- "$cur")) ;;`,
  ];
  for (const command of commands) {
    const options = [...command.options, ...COMMON_OPTIONS];
    const flags = options.flatMap((option) => {
      const shape = shapeOf(option);
      return shape.short === undefined ? [shape.long] : [shape.short, shape.long];
    });
    lines.push(`    ${command.name})`, '      case "$prev" in');
    for (const option of options) {
      const shape = shapeOf(option);
      const value = valueCompletion(option);
      const pattern = shape.short === undefined ? shape.long : `${shape.short}|${shape.long}`;
      if (value.kind === "folders") {
        lines.push(`        ${pattern}) COMPREPLY=($(compgen -d -- "$cur")); return ;;`);
      } else if (value.kind === "files") {
        lines.push(`        ${pattern}) _corun_files ""; return ;;`);
      } else if (value.kind === "text") {
        lines.push(`        ${pattern}) return ;;`);
      } else if (value.kind === "words") {
        // An optional value as the next word: the words and what else comes there (the config),
        // as `--lock tasks.yaml` is read; after `=` (`--lock=`) the words alone.
        const words = `COMPREPLY=($(compgen -W ${singleQuoted(value.words.join(" "))} -- "$cur"))`;
        lines.push(
          value.optional
            ? `        ${pattern}) ${words}; [[ -n "$equals" ]] && return ;;`
            : `        ${pattern}) ${words}; return ;;`,
        );
      }
    }
    lines.push(
      "      esac",
      '      if [[ "$cur" == -* ]]; then',
      `        COMPREPLY=($(compgen -W ${singleQuoted(flags.join(" "))} -- "$cur"))`,
      "        return",
      "      fi",
    );
    const argument = command.arguments[0];
    if (argument?.choices !== undefined) {
      lines.push(
        `      COMPREPLY+=($(compgen -W ${singleQuoted(argument.choices.join(" "))} -- "$cur"))`,
      );
    } else if (argument?.isPath) {
      lines.push(`      _corun_files ${singleQuoted(extensionsOf(argument).join("|"))}`);
    }
    lines.push("      ;;");
  }
  lines.push("  esac", "}", "complete -F _corun corun", "");
  return lines.join("\n");
}

/** Text inside an `_arguments` spec's `[description]`. */
function zshDescription(text: string): string {
  return oneLine(text).replaceAll("\\", "\\\\").replaceAll("[", "\\[").replaceAll("]", "\\]")
    .replaceAll(":", "\\:");
}

function zshOptionSpecs(option: OptionSpec): string[] {
  const shape = shapeOf(option);
  const value = valueCompletion(option);
  const description = `[${zshDescription(option.description)}]`;
  const action = value.kind === "folders"
    ? ":dir:_files -/"
    : value.kind === "files"
    ? ":file:_files"
    : value.kind === "words"
    ? `${value.optional ? ":" : ""}:${shape.valueName ?? "value"}:(${value.words.join(" ")})`
    : value.kind === "text"
    ? `:${shape.valueName ?? "value"}: `
    : "";
  // `=`: the value after `=` or in the next word. An optional one there (`--lock skip`) is offered
  // beside what else may come next (the config), as `args.ts` reads it.
  const suffix = value.kind === "none" ? "" : "=";
  if (shape.short === undefined) {
    return [singleQuoted(`${shape.long}${suffix}${description}${action}`)];
  }
  const exclusive = `(${shape.short} ${shape.long})`;
  return [
    singleQuoted(`${exclusive}${shape.short}${description}${action}`),
    singleQuoted(`${exclusive}${shape.long}${suffix}${description}${action}`),
  ];
}

function zshScript(commands: readonly CommandSpec[]): string {
  const described = [
    ...commands.map((command) => `${command.name}:${zshDescription(command.summary)}`),
    "help:show help for a command",
  ];
  const lines = [
    "#compdef corun",
    "# corun completions for zsh. Load them with",
    "#   source <(corun completions zsh)",
    "# in ~/.zshrc after compinit, or save them as _corun in a folder of $fpath.",
    "_corun() {",
    "  local -a commands",
    `  commands=(${described.map(singleQuoted).join(" ")})`,
    "  if (( CURRENT == 2 )); then",
    "    _describe -t commands 'corun command' commands",
    "    _arguments '(- *)'{-h,--help}'[show this help]' '(- *)'{-V,--version}'[print the version]'",
    "    return",
    "  fi",
    "  local command=$words[2]",
    "  shift words",
    "  (( CURRENT-- ))",
    "  case $command in",
    "    help) _describe -t commands 'corun command' commands ;;",
  ];
  for (const command of commands) {
    const specs = [...command.options, ...COMMON_OPTIONS].flatMap(zshOptionSpecs);
    command.arguments.forEach((argument, index) => {
      const extensions = extensionsOf(argument);
      const action = argument.choices !== undefined
        ? `(${argument.choices.join(" ")})`
        : argument.isPath && extensions.length > 0
        ? `_files -g "*.(${extensions.join("|")})"`
        : argument.isPath
        ? "_files"
        : " ";
      specs.push(singleQuoted(`${index + 1}:${argument.name}:${action}`));
    });
    lines.push(`    ${command.name}) _arguments -s \\`);
    for (const spec of specs) lines.push(`        ${spec} \\`);
    lines[lines.length - 1] = lines[lines.length - 1].replace(/ \\$/, " ;;");
  }
  lines.push(
    "  esac",
    "}",
    "# Loaded from $fpath the file is the function; sourced, it registers itself.",
    'if [[ "${funcstack[1]}" == _corun ]]; then _corun "$@"; else compdef _corun corun; fi',
    "",
  );
  return lines.join("\n");
}

function fishScript(commands: readonly CommandSpec[]): string {
  const lines = [
    "# corun completions for fish. Load them with",
    "#   corun completions fish | source",
    "# or save them as ~/.config/fish/completions/corun.fish.",
    "complete -c corun -f",
    "complete -c corun -n __fish_use_subcommand -s h -l help -d 'show this help'",
    "complete -c corun -n __fish_use_subcommand -s V -l version -d 'print the version'",
  ];
  for (const command of commands) {
    lines.push(
      `complete -c corun -n __fish_use_subcommand -a ${command.name} -d ${
        quote(oneLine(command.summary))
      }`,
    );
  }
  lines.push(
    "complete -c corun -n __fish_use_subcommand -a help -d 'show help for a command'",
    `complete -c corun -n '__fish_seen_subcommand_from help' -a ${
      quote(commands.map((command) => command.name).join(" "))
    }`,
  );
  for (const command of commands) {
    const seen = `__fish_seen_subcommand_from ${command.name}`;
    const when = `-n '${seen}'`;
    for (const option of [...command.options, ...COMMON_OPTIONS]) {
      const shape = shapeOf(option);
      const value = valueCompletion(option);
      const names = `${shape.short === undefined ? "" : `-s ${shape.short.slice(1)} `}-l ${
        shape.long.slice(2)
      }`;
      const takes = value.kind === "folders"
        ? " -x -a '(__fish_complete_directories)'"
        : value.kind === "files"
        ? " -r -F"
        : value.kind === "words"
        ? ` ${value.optional ? "" : "-x "}-a ${quote(value.words.join(" "))}`
        : value.kind === "text"
        ? " -x"
        : "";
      lines.push(
        `complete -c corun ${when} ${names}${takes} -d ${quote(oneLine(option.description))}`,
      );
      if (value.kind === "words" && value.optional) {
        // Not required (no -x), the words above are `--lock=skip`'s alone: the next word may be one
        // of them (`--lock skip`) or what else comes there (the config), as `args.ts` reads it.
        const flags = shape.short === undefined ? shape.long : `${shape.short} ${shape.long}`;
        lines.push(
          `complete -c corun -n '${seen}; and __fish_prev_arg_in ${flags}' -a ${
            quote(value.words.join(" "))
          }`,
        );
      }
    }
    for (const argument of command.arguments) {
      if (argument.choices !== undefined) {
        lines.push(`complete -c corun ${when} -a ${quote(argument.choices.join(" "))}`);
      } else if (argument.isPath && extensionsOf(argument).length > 0) {
        // Folders and files with one of the extensions (`__fish_complete_suffix` offers every file).
        const pattern = `"(?:/|\\.(?:${extensionsOf(argument).join("|")}))\\t"`;
        const files =
          `(__fish_complete_path (commandline -ct) | string match -r --entire -- ${pattern})`;
        lines.push(`complete -c corun ${when} -a ${quote(files)}`);
      } else if (argument.isPath) {
        lines.push(`complete -c corun ${when} -F`);
      }
    }
  }
  lines.push("");
  return lines.join("\n");
}
