/**
 * TypeScript and JavaScript configs: the module's default export. No positions; issues name the field.
 * @module
 */
import type { ConfigIssue } from "./config_error.ts";
import type { ParsedConfig } from "./locate.ts";
import {
  call,
  escapeRegExp,
  formatMs,
  messageOf,
  moveOnAfter,
  pathRefusal,
  refusalText,
  runOperation,
  taskFailureText,
} from "../loop/mod.ts";
import { fromFileUrl } from "./deps.ts";

/**
 * Imports a config module and takes its default export (awaited, so it may be a promise).
 *
 * Deno keeps a module imported once for the whole process, by its URL: a local file is imported by
 * its URL with a digest of its content (`?v=…`), so a process that loads it again after an edit
 * (a fixed syntax error too) gets the new version, and an unchanged file the one it has. Each
 * version stays in memory; the modules the config imports are kept once, as Deno keeps them.
 *
 * The import, its top-level `await` and its default export's promise included, has `timeoutMs`:
 * one that never settles is otherwise waited for without end by a process that listens for
 * signals (the command line), where Deno's own "Top-level await promise never resolved" never
 * comes (an import cannot be stopped: it is no longer waited for).
 *
 * @param url The module's `file:`, `http:` or `https:` URL.
 * @param file The config as the user gave it, to report.
 * @param timeoutMs The longest the import may take (`urlTimeoutMs`, `--config-timeout`).
 * @returns The exported config, or the problem importing it.
 */
export async function importConfigModule(
  url: string,
  file: string,
  timeoutMs: number,
): Promise<ParsedConfig> {
  // Asked first: the flag to add in corun's words, not Deno's refusal of the import (nor a prompt).
  const refusal = url.startsWith("file:") ? pathRefusal("read", fromFileUrl(url)) : undefined;
  if (refusal !== undefined) {
    const message = `cannot read the config: ${refusalText(refusal)}`;
    return { value: undefined, issues: [{ file, path: "", message }], usable: false };
  }
  const versioned = await versionedUrl(url);
  let exported: Exported | undefined;
  try {
    exported = await runOperation(
      moveOnAfter(timeoutMs, call(() => importDefault(versioned), "the config's import")),
    );
  } catch (error) {
    const issue = importIssue(error, versioned, file);
    return { value: undefined, issues: [issue], usable: false, cause: error };
  }
  if (exported === undefined) {
    const message = unsettledImport(url, timeoutMs);
    return { value: undefined, issues: [{ file, path: "", message }], usable: false };
  }
  if (!exported.hasDefault) {
    const message =
      "the module has no default export (write `export default defineConfig({ tasks: [...] })`)";
    return { value: undefined, issues: [{ file, path: "", message }], usable: false };
  }
  return { value: exported.value, issues: [], usable: true };
}

/** What a config module exports. */
interface Exported {
  hasDefault: boolean;
  /** Its default export, awaited. */
  value: unknown;
}

async function importDefault(url: string): Promise<Exported> {
  const module: Record<string, unknown> = await import(url);
  if (!("default" in module) || module.default === undefined) {
    return { hasDefault: false, value: undefined };
  }
  return { hasDefault: true, value: await module.default };
}

/**
 * An import still going at its deadline: a top-level `await` nothing will settle, or one only slow
 * (a lookup over the network), which the deadline cannot tell apart. A module by URL may not have
 * arrived at all (a server that never answers): its top-level await is not to blame for that.
 */
function unsettledImport(url: string, timeoutMs: number): string {
  const within = formatMs(timeoutMs);
  const what = url.startsWith("file:")
    ? `it did not finish within ${within}: its top-level await (or the promise it exports) had ` +
      "not settled"
    : `it did not arrive or finish importing within ${within} (its download, a module it ` +
      "imports, or its top-level await)";
  return `cannot import the config module: ${what}; raise --config-timeout (urlTimeoutMs in ` +
    "loadConfig) if it is only slow";
}

/**
 * A local module's URL with the digest of its content as its query; any other URL as it is, and a
 * file that cannot be read too (importing it says why). An `http(s)` module is Deno's to download
 * and cache, across processes too (`--reload=URL` refreshes it): a query added here would reach the
 * server (breaking a signed URL), and what Deno cached is not corun's to read and compare.
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
 * A failed import. Deno's own refusal of the module (a syntax error, a missing import) names its
 * position in its message; an error the module's code throws (or its default export's promise
 * rejects with) names it in its stack, and is said as a task's failure says it, by its name
 * (`TypeError: Cannot read properties of undefined`). Either position is kept.
 */
function importIssue(error: unknown, url: string, file: string): ConfigIssue {
  // Deno colours the "at URL:LINE:COLUMN" of a module that is not found (a missing import).
  const text = messageOf(error).replace(ANSI_COLOUR, "");
  if (text.split("\n")[0] === `Module not found "${url}".`) {
    // The config itself, not a module it imports: said as a missing YAML file is.
    return { file, path: "", message: "cannot read the config: the file does not exist" };
  }
  // Stacks show a file's URL decoded (`sp ace.ts`), Deno's refusals as imported (`sp%20ace.ts`).
  const spellings = [...new Set([url, safeDecodeUri(url)])].map(escapeRegExp).join("|");
  const place = new RegExp(`(?:${spellings}):(\\d+):(\\d+)`);
  const stack = error instanceof Error && error.stack !== undefined ? error.stack : "";
  const refused = place.exec(text);
  const position = refused ?? place.exec(stack);
  // Deno's refusal is a TypeError whose message names its kind (`SyntaxError: …`). What the code
  // threw says where only when it is not in the config itself (a module the config imports).
  const said = refused === null
    ? taskFailureText(error, { place: position === null })
    : text.split("\n")[0];
  let message = `cannot import the config module: ${said}`;
  const importHost = /Requires import access to "([^"]+)"/.exec(message)?.[1];
  if (!url.startsWith("file:") && /--allow-import\b/.test(message)) {
    message += " (a config given by URL that is code is a program Deno imports: allow its host " +
      "with --allow-import=HOST, or save it as a file)";
  } else if (importHost !== undefined) {
    // A local file importing from a host (corun's mod.ts by URL): saving it as a file is no way out.
    message += ` (the config imports a module from ${importHost}; start corun with ` +
      `--allow-import=${importHost})`;
  }
  if (/^Import "[^"]+" not a dependency/.test(said)) {
    // corun's mod.ts documents its examples by package name, mapped in the user's deno.json: the
    // corun command is not started with that deno.json unless told.
    message += " (import it by URL, path or npm: specifier, or map the name in a deno.json and " +
      "start corun with deno run --config DENO_JSON)";
  }
  if (position === null) return { file, path: "", message };
  return { file, line: Number(position[1]), column: Number(position[2]), path: "", message };
}

// deno-lint-ignore no-control-regex
const ANSI_COLOUR = /\x1b\[[0-9;]*m/g;

/** `decodeURI`, or the text as it is when it holds a malformed escape. */
function safeDecodeUri(text: string): string {
  try {
    return decodeURI(text);
  } catch {
    return text;
  }
}
