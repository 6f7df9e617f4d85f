/**
 * A config read from standard input (`corun run - < tasks.yaml`, `generate-config | corun run -`):
 * read to its end under the size cap, its format told from the text itself, which has no file name
 * to go by. A TypeScript or JavaScript config is a module Deno imports from a file or a URL: from
 * standard input it is refused, saying so, rather than failing as YAML at its first line.
 * @module
 */
import { STDIN_SOURCE } from "../tasks/mod.ts";
import { ConfigError } from "./config_error.ts";
import { type ConfigStream, readConfigStream, unreadableConfig } from "./read_capped.ts";

/** The config location that means standard input, as `-` does for any command-line tool. */
export const STDIN_LOCATION = "-";

// How messages (`<stdin>:3:5`), the run history and the lock name a config read from standard
// input: lib/tasks's, which names a config in its output directory's files (`configIdOf`).
export { STDIN_SOURCE };

/** Standard input, as the reader needs it. */
export interface StdinStream extends ConfigStream {
  /** True when it is a terminal, where nobody is piping a config. */
  isTerminal(): boolean;
}

/**
 * Reads the text of a config from standard input, to its end.
 *
 * @param maxBytes The size cap (`maxConfigSize`).
 * @param stdin Standard input. @default Deno.stdin
 * @returns The text.
 * @throws {ConfigError} When standard input is a terminal (reading it would wait for typing that
 *   never comes), cannot be read, is larger than the cap, or is no UTF-8 text.
 */
export async function readStdinConfig(
  maxBytes: number,
  stdin: StdinStream = Deno.stdin,
): Promise<string> {
  if (stdin.isTerminal()) {
    throw unreadableConfig(
      STDIN_SOURCE,
      "standard input is a terminal, not a config: pipe one in (corun run - < tasks.yaml)",
    );
  }
  return await readConfigStream(stdin, STDIN_SOURCE, maxBytes);
}

/** An unindented `import` or `export` statement: a module's line, never a config's. */
const MODULE_LINE = /^(?:import|export)[\s{*]/m;
/** A TOML table header (`[defaults]`, `[[tasks]]`) or key (`outDir = "out"`, `a.b = 1`). */
const TOML_LINE =
  /^(?:\[\[?\s*[\w"'.-]+(?:\s*\.\s*[\w"'.-]+)*\s*\]\]?|[\w"'-]+(?:\s*\.\s*[\w"'-]+)*\s*=)/;

/**
 * The format of a config read from standard input, by its first line that is neither blank nor a
 * `#` comment: JSON when it starts with `{` (read as JSONC: comments and trailing commas are
 * allowed), TOML when it is a table header or `key = value`, YAML otherwise.
 *
 * @param text The config's text.
 * @returns The extension whose parser reads it.
 * @throws {ConfigError} When the text is a TypeScript or JavaScript module (an `import` or
 *   `export` line), located at that line.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { stdinFormatOf } from "./stdin_config.ts";
 * assertEquals(stdinFormatOf('{ "tasks": [] }'), ".jsonc");
 * assertEquals(stdinFormatOf('# nightly\noutDir = "out"\n'), ".toml");
 * assertEquals(stdinFormatOf("tasks:\n  - sleep: 1s\n"), ".yaml");
 * ```
 */
export function stdinFormatOf(text: string): ".jsonc" | ".toml" | ".yaml" {
  const module = MODULE_LINE.exec(text);
  if (module !== null) {
    const line = text.slice(0, module.index).split("\n").length;
    throw new ConfigError(STDIN_SOURCE, [{
      file: STDIN_SOURCE,
      line,
      column: 1,
      path: "",
      message: "cannot read a TypeScript or JavaScript config from standard input: Deno " +
        "imports a config module from its file or URL; give its path (corun run tasks.ts)",
    }]);
  }
  const first = text.split("\n").map((line) => line.trim())
    .find((line) => line !== "" && !line.startsWith("#"));
  if (first === undefined) return ".yaml"; // empty: the loader says it holds no config
  if (first.startsWith("{") || first.startsWith("//") || first.startsWith("/*")) return ".jsonc";
  return TOML_LINE.test(first) ? ".toml" : ".yaml";
}
