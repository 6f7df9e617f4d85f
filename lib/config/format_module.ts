/**
 * TypeScript and JavaScript configs: the module's default export. No positions; issues name the field.
 * @module
 */
import type { ConfigIssue } from "./config_error.ts";
import type { ParsedConfig } from "./locate.ts";
import { escapeRegExp, messageOf, pathRefusal, refusalText } from "../loop/mod.ts";
import { fromFileUrl } from "./deps.ts";

/**
 * Imports a config module and takes its default export (awaited, so it may be a promise).
 *
 * Deno keeps a module imported once for the whole process, by its URL: a local file is imported by
 * its URL with a digest of its content (`?v=…`), so a process that loads it again after an edit
 * (a fixed syntax error too) gets the new version, and an unchanged file the one it has. Each
 * version stays in memory; the modules the config imports are kept once, as Deno keeps them.
 *
 * @param url The module's `file:`, `http:` or `https:` URL.
 * @param file The config as the user gave it, to report.
 * @returns The exported config, or the problem importing it.
 */
export async function importConfigModule(url: string, file: string): Promise<ParsedConfig> {
  // Asked first: the flag to add in corun's words, not Deno's refusal of the import (nor a prompt).
  const refusal = url.startsWith("file:") ? pathRefusal("read", fromFileUrl(url)) : undefined;
  if (refusal !== undefined) {
    const message = `cannot read the config: ${refusalText(refusal)}`;
    return { value: undefined, issues: [{ file, path: "", message }], usable: false };
  }
  const versioned = await versionedUrl(url);
  let module: Record<string, unknown>;
  try {
    module = await import(versioned);
  } catch (error) {
    return {
      value: undefined,
      issues: [importIssue(error, versioned, file)],
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
 * A local module's URL with the digest of its content as its query; any other URL as it is, and a
 * file that cannot be read too (importing it says why).
 */
async function versionedUrl(url: string): Promise<string> {
  if (!url.startsWith("file:")) return url;
  let content: Uint8Array<ArrayBuffer>;
  try {
    content = await Deno.readFile(new URL(url));
  } catch {
    return url;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", content));
  const hex = Array.from(digest.subarray(0, 8), (byte) => byte.toString(16).padStart(2, "0"));
  return `${url}?v=${hex.join("")}`;
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
