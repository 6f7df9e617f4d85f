/**
 * YAML configs. Values come from Deno std's parser, or for simple task-list items from a reader that
 * gives exactly what std gives (`yaml_simple_items.ts`), so a config means the same whatever else
 * the file holds; the parser that keeps positions (npm:yaml) is loaded only to point at problems: a
 * syntax error, or a problem validation found.
 * @module
 */
import type { ConfigSpec } from "../tasks/spec.ts";
import { formatPath } from "./config_error.ts";
import type { ParsedConfig } from "./locate.ts";
import { DEFAULT_MAX_NESTING_DEPTH, findNestingProblem, tooDeepMessage } from "./nesting.ts";
import {
  DEFAULT_MAX_ALIAS_NODES,
  parseYamlCounted,
  YamlAliasError,
  YamlDepthError,
} from "./yaml_alias_budget.ts";
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
 * @param maxAliasNodes The most values YAML aliases may repeat (the cutter takes no alias at all).
 * @param maxDepth The most levels collections may nest.
 * @returns The spec, or undefined when the text cannot be cut or anything in it is wrong (then
 *   `parseYamlConfig` and whole-document validation say what and where).
 */
export function loadYamlInChunks(
  text: string,
  baseDir: string,
  source: string,
  maxAliasNodes: number = DEFAULT_MAX_ALIAS_NODES,
  maxDepth: number = DEFAULT_MAX_NESTING_DEPTH,
): ConfigSpec | undefined {
  // The reader's own guard is loose by two levels (`yaml_alias_budget.ts`); this one is exact. A run
  // of tasks is the list at level 2.
  const withinDepth = <T>(value: T, level: number): T => {
    if (findNestingProblem(value, maxDepth - level + 1)) throw new YamlDepthError(0, maxDepth);
    return value;
  };
  const parse = (part: string) => parseYamlCounted(part, maxAliasNodes, maxDepth);
  const parts = splitYamlTasks(text);
  if (parts === undefined) return undefined;
  try {
    return validateInChunks(
      {
        outside: withinDepth(parse(parts.outside), 1),
        count: parts.count,
        *taskRuns() {
          for (const chunk of parts.chunks()) {
            yield withinDepth(parseSimpleItems(chunk) ?? parse(chunk), 2);
          }
        },
      },
      baseDir,
      source,
    );
  } catch (error) {
    // A syntax error, an alias past the budget, a value nested too deep: the whole-document parse
    // reports it, located. Anything else is a bug.
    const known = error instanceof SyntaxError || error instanceof YamlAliasError ||
      error instanceof YamlDepthError;
    if (known) return undefined;
    throw error;
  }
}

/**
 * Parses a YAML config.
 *
 * @param text The file's content.
 * @param file The file name to report.
 * @param maxAliasNodes The most values YAML aliases may repeat in the file (`yaml_alias_budget.ts`).
 * @param maxDepth The most levels collections may nest.
 * @returns The data, or the syntax problems (located), and a way to locate fields.
 */
export async function parseYamlConfig(
  text: string,
  file: string,
  maxAliasNodes: number = DEFAULT_MAX_ALIAS_NODES,
  maxDepth: number = DEFAULT_MAX_NESTING_DEPTH,
): Promise<ParsedConfig> {
  let value: unknown;
  try {
    value = parseYamlCounted(text, maxAliasNodes, maxDepth);
  } catch (error) {
    if (error instanceof YamlAliasError) return await aliasFailure(text, file, error);
    if (error instanceof YamlDepthError) {
      const issue = { file, line: error.line, path: "", message: tooDeepMessage(maxDepth) };
      return { value: undefined, issues: [issue], usable: false };
    }
    return await syntaxFailure(text, file, error);
  }
  // Tabs cannot indent YAML; the value parser tolerates them, so the strict one has the last word
  // (asked only now: its reader recurses once per level, which the value parser just bounded).
  if (/^[ ]*\t/m.test(text)) {
    const strict = await parseWithPositions(text, file);
    if (!strict.usable) return strict;
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

/** An alias repeats past the budget, or makes a cycle: say where, and what to do. */
async function aliasFailure(
  text: string,
  file: string,
  error: YamlAliasError,
): Promise<ParsedConfig> {
  const { findAlias } = await import("./yaml_positions.ts");
  const place = findAlias(text, error.line, error.nthOnLine);
  const message = error.kind === "cycle"
    ? "this YAML alias is inside the node it names, which makes a cycle no config can mean"
    : `this YAML alias takes the values repeated through aliases past ${
      error.limit.toLocaleString("en-US")
    } (an alias is read as a copy of the node it names, aliases in it included); ` +
      "write the repeated part out, or raise the limit (maxAliasNodes)";
  return {
    value: undefined,
    usable: false,
    issues: [{
      file,
      line: place?.line ?? error.line,
      ...(place ? { column: place.column } : {}),
      path: place ? formatPath(place.path) : "",
      message,
    }],
  };
}

async function parseWithPositions(text: string, file: string): Promise<ParsedConfig> {
  const { parseYamlWithPositions } = await import("./yaml_positions.ts");
  return parseYamlWithPositions(text, file);
}
