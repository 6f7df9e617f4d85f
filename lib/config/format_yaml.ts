/**
 * YAML configs. A plain parser reads the file first (a 100,000-task config in a fraction of the time);
 * the parser that keeps positions is loaded and run only when there is something to point at: a
 * syntax error, or a problem validation found.
 * @module
 */
import { parseYamlFast } from "./deps.ts";
import type { ParsedConfig } from "./locate.ts";

/**
 * Parses a YAML config.
 *
 * @param text The file's content.
 * @param file The file name to report.
 * @returns The data, syntax problems (duplicate keys included), and a way to locate fields.
 */
export async function parseYamlConfig(text: string, file: string): Promise<ParsedConfig> {
  // Tabs cannot indent YAML; the plain parser tolerates them, so let the strict one report them.
  if (/^[ ]*\t/m.test(text)) return await parseWithPositions(text, file);
  let value: unknown;
  try {
    value = parseYamlFast(text);
  } catch {
    return await parseWithPositions(text, file);
  }
  return {
    value,
    issues: [],
    usable: true,
    prepareLocate: async () => (await parseWithPositions(text, file)).locate,
  };
}

async function parseWithPositions(text: string, file: string): Promise<ParsedConfig> {
  const { parseYamlWithPositions } = await import("./yaml_positions.ts");
  return parseYamlWithPositions(text, file);
}
