/**
 * What to do instead when a config URL may be a page: a user replacing `curl URL` types
 * `corun run URL`, and corun reads the URL as a config (a file of tasks) it cannot make out. The
 * hint says so, and gives the smallest config that fetches the URL, piped in, so no file is needed.
 * It says "if it is a page": a config served without an extension as `text/plain` gets it too, and
 * is told the extensions it may have instead.
 * @module
 */
import { shellWord } from "../loop/mod.ts";

/**
 * The hint after "cannot tell the config format" for a config URL.
 *
 * @param url The config URL as read (no credentials: such a URL is refused before it is read).
 * @returns `; corun runs a config …`, to append to the message.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { pageUrlHint } from "./page_url_hint.ts";
 * assertEquals(
 *   pageUrlHint("https://x.org/a.html"),
 *   "; corun runs a config (a file of tasks): if this URL is a page, fetch it by giving its URL " +
 *     `to a task, as in echo 'tasks: [{ fetch: "https://x.org/a.html", save: "{filename}" }]' | ` +
 *     "corun run -",
 * );
 * ```
 */
export function pageUrlHint(url: string): string {
  const config = `tasks: [{ fetch: ${JSON.stringify(url)}, save: "{filename}" }]`;
  return "; corun runs a config (a file of tasks): if this URL is a page, fetch it by giving its " +
    `URL to a task, as in echo ${shellWord(config)} | corun run -`;
}
