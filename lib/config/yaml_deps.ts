/**
 * npm:yaml, for YAML with positions. Separate from deps.ts so a valid config never loads it.
 * @module
 */
import process from "node:process";
import { parseDocument as parseReadingEnv } from "npm:yaml@2.9.1";

export { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, YAMLError } from "npm:yaml@2.9.1";
export type { Document as YamlDocument, Node as YamlNode } from "npm:yaml@2.9.1";

/**
 * npm:yaml's `parseDocument`, with no environment to read. Its parser and composer look up
 * `LOG_TOKENS` and `LOG_STREAM` (its debugging output, to stdout) at every token: without env
 * access Deno refuses that read (or asks, on a terminal), so `corun check` with `--allow-read` alone
 * could not point at a problem; and a variable set for another program would print the parse amid
 * corun's output. The parse is synchronous: no other code runs while `process.env` is empty.
 *
 * @param text The YAML.
 * @param options npm:yaml's options.
 * @returns The document.
 */
export function parseDocument(
  text: string,
  options: Parameters<typeof parseReadingEnv>[1],
): ReturnType<typeof parseReadingEnv> {
  const env = process.env;
  process.env = {};
  try {
    return parseReadingEnv(text, options);
  } finally {
    process.env = env;
  }
}
