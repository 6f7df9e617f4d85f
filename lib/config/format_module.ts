/**
 * TypeScript and JavaScript configs: the module's default export. No positions; issues name the field.
 * @module
 */
import type { ConfigIssue } from "./config_error.ts";
import type { ParsedConfig } from "./locate.ts";
import { messageOf } from "../loop/mod.ts";

/**
 * Imports a config module and takes its default export (awaited, so it may be a promise).
 *
 * @param url The module's `file:`, `http:` or `https:` URL.
 * @param file The config as the user gave it, to report.
 * @returns The exported config, or the problem importing it.
 */
export async function importConfigModule(url: string, file: string): Promise<ParsedConfig> {
  let module: Record<string, unknown>;
  try {
    module = await import(url);
  } catch (error) {
    return {
      value: undefined,
      issues: [importIssue(error, url, file)],
      usable: false,
      cause: error,
    };
  }
  if (!("default" in module) || module.default === undefined) {
    const message =
      "the module has no default export (write `export default defineConfig({ tasks: [...] })`)";
    return { value: undefined, issues: [{ file, path: "", message }], usable: false };
  }
  return { value: await module.default, issues: [], usable: true };
}

/**
 * A failed import; syntax errors name the position in the module, and an error the module throws
 * names it in its stack: either is kept.
 */
function importIssue(error: unknown, url: string, file: string): ConfigIssue {
  // Deno colours the "at URL:LINE:COLUMN" of a module that is not found (a missing import).
  const text = messageOf(error).replace(ANSI_COLOUR, "");
  if (text.split("\n")[0] === `Module not found "${url}".`) {
    // The config itself, not a module it imports: said as a missing YAML file is.
    return { file, path: "", message: "cannot read the config: the file does not exist" };
  }
  const stack = error instanceof Error && error.stack !== undefined ? error.stack : "";
  const position = new RegExp(`${escapeRegExp(url)}:(\\d+):(\\d+)`).exec(`${text}\n${stack}`);
  let message = `cannot import the config module: ${text.split("\n")[0]}`;
  if (/--allow-import\b/.test(message)) {
    message += " (a config given by URL that is code is a program Deno imports: allow its host " +
      "with --allow-import=HOST, or save it as a file)";
  }
  if (position === null) return { file, path: "", message };
  return { file, line: Number(position[1]), column: Number(position[2]), path: "", message };
}

// deno-lint-ignore no-control-regex
const ANSI_COLOUR = /\x1b\[[0-9;]*m/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
