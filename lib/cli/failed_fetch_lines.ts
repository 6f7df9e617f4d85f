/**
 * The lines that name a list's, pattern's or crawl's failed fetches, under its task's line, in every
 * view a user reads: plain lines and `--log` (timestamped), `--quiet` (what cron mails), the live
 * view (above its frame). The run's report lists its first few (`LISTED_FAILED_FETCHES`, the one
 * cap); the rest are counted, and one line at the end says how many and where each one is.
 * @module
 */
import type { TaskResult } from "../tasks/mod.ts";
import { countsOf, type CountStyle } from "./format.ts";
import { shellWord } from "../loop/mod.ts";

/**
 * The failed fetches of one run's tasks, as lines: each listed fetch under its task, and at the
 * end, one line for those not listed.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { FailedFetchLines } from "./failed_fetch_lines.ts";
 * const lines = new FailedFetchLines("/srv/out/corun.jsonl");
 * const url = "https://x.org/a";
 * assertEquals(
 *   lines.linesOf({
 *     name: "mirror", kind: "fetch", outcome: "failed", startMs: 0, endMs: 1,
 *     items: { total: 30, done: 5, failed: 25, cancelled: 0, skipped: 0 },
 *     failedFetches: [{ url, error: { message: `Cannot fetch ${url}: the server answered 404` } }],
 *   }),
 *   ["mirror fetch failed https://x.org/a: the server answered 404"],
 * );
 * assertEquals(
 *   lines.closingLine(),
 *   "24 more failed fetches are not listed; each is among the metadata log's lines with an error: " +
 *     "jq -c 'select(.error) | [.url, .error.message]' /srv/out/corun.jsonl",
 * );
 * ```
 */
export class FailedFetchLines {
  readonly #metadataPath: string | undefined;
  readonly #count: (count: number) => string;
  /** Failed fetches of many-URL tasks told so far. */
  #failed = 0;
  /** Of those, the ones given a line. */
  #listed = 0;

  /**
   * @param metadataPath The run's metadata log (absolute), where every failed fetch is a line;
   *   undefined with `metadata: false`.
   * @param style How the count is written (grouped in the live view).
   */
  constructor(metadataPath: string | undefined, style: CountStyle = {}) {
    this.#metadataPath = metadataPath;
    this.#count = countsOf(style);
  }

  /**
   * The lines that name a task's listed failed fetches, counting them and the rest.
   *
   * @param result The task's record, once it ended.
   * @param shown Whether its lines are shown: a view that leaves the task out (`--quiet` past its
   *   100 failed tasks) counts them among those not listed. @default true
   * @returns `mirror fetch failed URL: why` (`mirror fetch failed: why` for a list's line with no
   *   URL), one a fetch, without a timestamp or newline.
   */
  linesOf(result: TaskResult, shown = true): string[] {
    if (result.items === undefined) return [];
    this.#failed += result.items.failed;
    if (!shown || result.failedFetches === undefined) return [];
    this.#listed += result.failedFetches.length;
    return result.failedFetches.map(({ url, error }) => {
      const why = withoutRepeats(error.message, result.name, url);
      // A list's line that is no text, or whose URL column is empty, has no URL to name.
      return url === ""
        ? `${result.name} fetch failed: ${why}`
        : `${result.name} fetch failed ${url}: ${why}`;
    });
  }

  /**
   * The line that says how many failed fetches were not listed, and where each one is.
   *
   * @returns The line, or undefined when every one was listed.
   */
  closingLine(): string | undefined {
    const more = this.#failed - this.#listed;
    if (more <= 0) return undefined;
    const head = `${this.#count(more)} more failed ${
      more === 1 ? "fetch is" : "fetches are"
    } not listed`;
    const path = this.#metadataPath;
    if (path === undefined) return `${head} (metadata: false keeps no line for each)`;
    return `${head}; each is among the metadata log's lines with an error: ` +
      `jq -c 'select(.error) | [.url, .error.message]' ${shellWord(path)}`;
  }
}

/**
 * A fetch's error without what its line already says before it: the task (`Task "mirror": line 7
 * of …`) and the URL (`Cannot fetch URL: …`).
 */
function withoutRepeats(message: string, task: string, url: string): string {
  let text = message;
  const taskPrefix = `Task ${JSON.stringify(task)}: `;
  if (text.startsWith(taskPrefix)) text = text.slice(taskPrefix.length);
  const urlPrefix = `Cannot fetch ${url}: `;
  if (text.startsWith(urlPrefix)) text = text.slice(urlPrefix.length);
  return text;
}
