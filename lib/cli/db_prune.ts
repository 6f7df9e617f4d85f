/**
 * `corun db prune [--older-than 7d]`: what the shared queue's database keeps that nothing needs any
 * more goes, in one transaction (`pruneDatabase` says what goes and what stays): its tables
 * otherwise grow with every fetch for ever.
 * @module
 */
import type { PruneCounts } from "../frontier/pg/mod.ts";
import { messageOf } from "../loop/mod.ts";
import { countOf } from "../tasks/mod.ts";
import type { CliHost } from "./cli_host.ts";
import { flagOf, type Invocation, textOf } from "./command.ts";
import { parseDurationFlag } from "./duration_flag.ts";
import { unreadableFlag } from "./flag_problem.ts";
import { dbAction } from "./shared_queue.ts";

/** `--older-than` when not given: a week of finished crawls stays for `status` to show. */
export const DEFAULT_OLDER_THAN = "7d";

/** The longest `--older-than`: much further back, the cutoff is before any timestamp there is. */
const MAX_OLDER_THAN_DAYS = 36_500;

/** What `db prune` was asked. */
export interface PruneRequest {
  /** The cutoff, how long ago. */
  olderThanMs: number;
  /** The cutoff as the user gave it (or the default), for the line said. */
  olderThan: string;
  /** `--json`. */
  json: boolean;
}

/**
 * Reads `db prune`'s flags.
 *
 * @param invocation The command line.
 * @returns What it asks, or why it cannot be read (`Cannot read --older-than: …`).
 */
export function pruneRequestOf(invocation: Invocation): PruneRequest | { problem: string } {
  const olderThan = textOf(invocation, "olderThan") ?? DEFAULT_OLDER_THAN;
  try {
    return { olderThanMs: parseOlderThan(olderThan), olderThan, json: flagOf(invocation, "json") };
  } catch (error) {
    return { problem: messageOf(error) };
  }
}

/**
 * Reads `--older-than`: a duration above 0 (0 would remove every finished crawl, one a moment old
 * too) and at most 100 years.
 *
 * @param text The flag's value.
 * @returns Milliseconds.
 * @throws {RangeError} `Cannot read --older-than: …`, saying what it takes.
 */
function parseOlderThan(text: string): number {
  const ms = parseDurationFlag("--older-than", text);
  const problem = ms <= 0
    ? `expected a duration longer than 0, such as 7d or 12h, got "${text}" (0 would remove ` +
      "every finished crawl, one that ended a moment ago too)"
    : ms > MAX_OLDER_THAN_DAYS * 86_400_000
    ? `expected at most ${MAX_OLDER_THAN_DAYS}d (100 years), got "${text}"`
    : undefined;
  if (problem !== undefined) throw new RangeError(unreadableFlag("--older-than", problem));
  return ms;
}

/**
 * Prunes the database (migrating its tables first, as every shared-queue command does) and says
 * what went, on stdout; or why not, on stderr.
 *
 * @param url The database.
 * @param request The cutoff, and how to say it.
 * @param host stdout and stderr.
 * @returns The exit code.
 */
export async function pruneCommand(
  url: string,
  request: PruneRequest,
  host: Pick<CliHost, "stdout" | "stderr">,
): Promise<number> {
  return await dbAction(url, host, {
    act: (pg, store) => pg.pruneDatabase(store, request.olderThanMs),
    line: (counts, where) => prunedLine(counts, where, request.olderThan),
    json: request.json,
    failure: "Cannot prune",
  });
}

/**
 * What a prune removed, as one line.
 *
 * @param counts The prune's counts.
 * @param where The database, as messages name it.
 * @param olderThan The cutoff as the user gave it.
 * @returns `pruned 12,345 finished fetches of 17 crawls, … and the origins of 2 queues with no fetch
 *   left from "…" (older than 7d: …)`.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { prunedLine } from "./db_prune.ts";
 * const counts = {
 *   before: "2026-11-29T10:00:00.000Z",
 *   jobs: 12345,
 *   crawls: 17,
 *   saves: 1,
 *   results: 12000,
 *   fires: 40,
 *   workers: 5,
 *   queues: 2,
 * };
 * assertEquals(
 *   prunedLine(counts, '"postgres://***@db/corun"', "7d"),
 *   "pruned 12,345 finished fetches of 17 crawls, 1 saved path, 12,000 metadata lines, " +
 *     "40 fires, 5 workers and the origins of 2 queues with no fetch left from " +
 *     '"postgres://***@db/corun" (older than 7d: before 2026-11-29T10:00:00.000Z)\n',
 * );
 * ```
 */
export function prunedLine(counts: PruneCounts, where: string, olderThan: string): string {
  return `pruned ${countOf(counts.jobs, "finished fetch", "finished fetches")} of ` +
    `${countOf(counts.crawls, "crawl")}, ${countOf(counts.saves, "saved path")}, ` +
    `${countOf(counts.results, "metadata line")}, ${countOf(counts.fires, "fire")}, ` +
    `${countOf(counts.workers, "worker")} and the origins of ` +
    `${countOf(counts.queues, "queue")} with no fetch left from ${where} ` +
    `(older than ${olderThan}: before ${counts.before})\n`;
}
