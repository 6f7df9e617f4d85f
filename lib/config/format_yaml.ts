/**
 * YAML configs. Values come from Deno std's parser alone; the parser that keeps positions (npm:yaml)
 * is loaded only to point at problems: a syntax error, or a problem validation found.
 * @module
 */
import { formatPath } from "./config_error.ts";
import type { ParsedConfig } from "./locate.ts";
import { DEFAULT_MAX_NESTING_DEPTH, tooDeepMessage } from "./nesting.ts";
import {
  DEFAULT_MAX_ALIAS_NODES,
  parseYamlCounted,
  YamlAliasError,
  YamlDepthError,
} from "./yaml_alias_budget.ts";
import { messageOf } from "../loop/mod.ts";
import type { YamlPositions } from "./yaml_positions.ts";

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
    return await syntaxFailure(text, file, error, { maxAliasNodes, maxDepth });
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

/**
 * The value parser refused the text: say where, in the strict parser's words when it agrees. A key
 * given twice is named at both places, and the rest of the file is checked as well, each key with
 * the value given last (as JSON's parsers take it): one problem does not hide the others.
 */
async function syntaxFailure(
  text: string,
  file: string,
  error: unknown,
  limits: { maxAliasNodes: number; maxDepth: number },
): Promise<ParsedConfig> {
  const strict = await parseWithPositions(text, file);
  if (!strict.usable) return strict;
  if (strict.duplicateKeys > 0) {
    const { maxAliasNodes, maxDepth } = limits;
    try {
      const value = parseYamlCounted(text, maxAliasNodes, maxDepth, { allowDuplicateKeys: true });
      return { ...strict, value };
    } catch {
      // Refused for more than its keys: the strict parser's problems are what there is to say.
      return { ...strict, usable: false };
    }
  }
  // What the strict parser only warns of (a tag it cannot resolve) is what std refused: said at
  // its place, where std's error may be past the end of the file.
  if (strict.issues.length > 0) return { ...strict, usable: false };
  const message = messageOf(error);
  const at = /at line (\d+), column (\d+)/.exec(message);
  const reason = message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  const place = at === null ? undefined : { line: Number(at[1]), column: Number(at[2]) };
  // Without a place, std's words are all there is; with one, they are told in corun's words.
  const told = place === undefined
    ? { column: undefined, said: reason }
    : (await import("./yaml_syntax.ts")).valueParserSyntax(text, place.line, place.column, reason);
  return {
    value: undefined,
    usable: false,
    issues: [{
      file,
      ...(place === undefined ? {} : { line: place.line, column: told.column }),
      path: "",
      message: `YAML syntax: ${told.said}`,
    }],
  };
}

/** An alias repeats past the budget, or makes a cycle: say where, and what to do. */
async function aliasFailure(
  text: string,
  file: string,
  error: YamlAliasError,
): Promise<ParsedConfig> {
  const place = (await import("./yaml_positions.ts")).findAlias(text, error.line, error.nthOnLine);
  const message = error.kind === "cycle"
    ? "this YAML alias is inside the node it names, which makes a cycle no config can mean"
    : `this YAML alias takes the values repeated through aliases past ${
      error.limit.toLocaleString("en-US")
    } (an alias is read as a copy of the node it names, aliases in it included); ` +
      "write the repeated part out, or raise the limit " +
      "(--max-alias-nodes; maxAliasNodes in loadConfig)";
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

async function parseWithPositions(text: string, file: string): Promise<YamlPositions> {
  const { parseYamlWithPositions } = await import("./yaml_positions.ts");
  return parseYamlWithPositions(text, file);
}
