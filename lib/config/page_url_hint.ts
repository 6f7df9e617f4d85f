/**
 * What to do instead when a config URL may be a page: a user replacing `curl URL` types
 * `corun run URL`, and corun reads the URL as a config (a file of tasks) it cannot make out. The
 * hint says so, and gives the smallest config that fetches the URL, piped in, so no file is needed.
 * It says "if it is a page": a config served without an extension as `text/plain` gets it too, and
 * is told the extensions it may have instead.
 * @module
 */
import { quoteReceived } from "../http/mod.ts";
import { shellWord } from "../loop/mod.ts";
import { shownLocation } from "../net/mod.ts";

/**
 * The hint after "cannot tell the config format" for a config URL.
 *
 * @param url The config URL as read (no credentials: such a URL is refused before it is read); its
 *   query, where a token may sit, is shown as `?…`, and its fragment not at all.
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
  // The query may hold a token (`?token=…`): the URL shows as every message names the config.
  const query = (URL.parse(url)?.search ?? "") !== "";
  const shown = `${shownLocation(url)}${query ? "?…" : ""}`;
  const config = `tasks: [{ fetch: ${quoteReceived(shown)}, save: "{filename}" }]`;
  return "; corun runs a config (a file of tasks): if this URL is a page, fetch it by giving its " +
    `URL to a task, as in echo ${shellWord(config)} | corun run -` +
    (query ? " (its query not shown: it may hold a token; write it in place of the …)" : "");
}
