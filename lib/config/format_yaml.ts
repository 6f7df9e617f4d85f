/**
 * YAML configs. Values come from Deno std's parser, or for simple task-list items from a reader that
 * gives exactly what std gives (`yaml_simple_items.ts`), so a config means the same whatever else
 * the file holds; the parser that keeps positions (npm:yaml) is loaded only to point at problems: a
 * syntax error, or a problem validation found.
 * @module
 */
import type { ConfigSpec } from "../tasks/spec.ts";
import { parseYamlFast } from "./yaml_value_deps.ts";
import type { ParsedConfig } from "./locate.ts";
import { validateInChunks } from "./validate_chunks.ts";
import { splitYamlTasks } from "./yaml_chunks.ts";
import { parseSimpleItems } from "./yaml_simple_items.ts";

/**
 * Loads a valid YAML config a few hundred tasks at a time, when its text allows cutting it up
 * (`yaml_chunks.ts`): the whole raw document never lives at once.
 *
 * @param text The file's content.
 * @param baseDir Where relative paths start.
 * @param source The file name, for the spec.
 * @returns The spec, or undefined when the text cannot be cut or anything in it is wrong (then
 *   `parseYamlConfig` and whole-document validation say what and where).
 */
export function loadYamlInChunks(
  text: string,
  baseDir: string,
  source: string,
): ConfigSpec | undefined {
  const parts = splitYamlTasks(text);
  if (parts === undefined) return undefined;
  try {
    return validateInChunks(
      {
        outside: parseYamlFast(parts.outside),
        count: parts.count,
        *taskRuns() {
          for (const chunk of parts.chunks()) yield parseSimpleItems(chunk) ?? parseYamlFast(chunk);
        },
      },
      baseDir,
      source,
    );
  } catch (error) {
    // A syntax error: the whole-document parse reports it, located. Anything else is a bug.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/**
 * Parses a YAML config.
 *
 * @param text The file's content.
 * @param file The file name to report.
 * @returns The data, or the syntax problems (located), and a way to locate fields.
 */
export async function parseYamlConfig(text: string, file: string): Promise<ParsedConfig> {
  // Tabs cannot indent YAML; the value parser tolerates them, so ask the strict one first.
  if (/^[ ]*\t/m.test(text)) {
    const strict = await parseWithPositions(text, file);
    if (!strict.usable) return strict;
  }
  let value: unknown;
  try {
    value = parseYamlFast(text);
  } catch (error) {
    return await syntaxFailure(text, file, error);
  }
  return {
    value,
    issues: [],
    usable: true,
    prepareLocate: async () => (await parseWithPositions(text, file)).locate,
  };
}

/** The value parser refused the text: say where, in the strict parser's words when it agrees. */
async function syntaxFailure(text: string, file: string, error: unknown): Promise<ParsedConfig> {
  const strict = await parseWithPositions(text, file);
  if (!strict.usable) return strict;
  const message = error instanceof Error ? error.message : String(error);
  const at = /at line (\d+), column (\d+)/.exec(message);
  const reason = message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  return {
    value: undefined,
    usable: false,
    issues: [{
      file,
      ...(at ? { line: Number(at[1]), column: Number(at[2]) } : {}),
      path: "",
      message: `YAML syntax: ${reason}`,
    }],
  };
}

async function parseWithPositions(text: string, file: string): Promise<ParsedConfig> {
  const { parseYamlWithPositions } = await import("./yaml_positions.ts");
  return parseYamlWithPositions(text, file);
}
