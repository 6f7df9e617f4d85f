/**
 * What a run records: one `TaskResult` per declared task and a `RunReport` for the whole run, plus
 * the live snapshots and events the CLI draws from while it runs.
 * @module
 */

/** How a declared task ended. `skipped`: a task it runs `after` did not succeed, so it never started. */
export type TaskOutcome = "done" | "failed" | "cancelled" | "skipped";

/** Kinds of task a config can declare. */
export type TaskKind = "sleep" | "fetch" | "custom";

/** What a fetch task fetched. */
export interface FetchSummary {
  /** The URL the task asked for. */
  url: string;
  /**
   * The URL that answered, after redirects. When no response arrived: the URL the redirects
   * followed led to (where the fetch stopped), else the URL asked for.
   */
  finalUrl: string;
  /** The final response's status (a refused redirect's 3xx), or null when none arrived. */
  status: number | null;
  /**
   * The body's bytes (after decoding), as its metadata line's `bytes`: a body that continued a kept
   * partial counts the kept bytes too (`resumedFrom`), so this is the whole file's size.
   */
  bytes: number;
  /**
   * The body continued a partial of this many bytes kept by an earlier attempt or run (a `Range`
   * request answered 206, or a 416 that said they were the whole file), as its metadata line's
   * `resumedFrom`: `bytes - resumedFrom` came in this run. Absent when nothing was continued.
   */
  resumedFrom?: number;
  /**
   * Saved file relative to outDir, or null when nothing was saved; `"-"` for a body written to
   * standard output (then `stdout` is set) and for a file named `-`.
   */
  savedPath: string | null;
  /** True when the body was written to standard output (`save: "-"`), not to a file. */
  stdout?: boolean;
  /** Requests sent, retries, resends and redirect hops included. */
  attempts: number;
  /** True when a conditional request was answered 304 and the saved file left as it was. */
  unchanged?: boolean;
}

/** The record of one declared task. */
export interface TaskResult {
  /** The task's name. */
  name: string;
  /** The task's kind. */
  kind: TaskKind;
  /** How it ended. */
  outcome: TaskOutcome;
  /** Run-relative milliseconds (loop clock) when the task started; null if it never started. */
  startMs: number | null;
  /** Run-relative milliseconds (loop clock) when the task ended; null if it never started. */
  endMs: number | null;
  /**
   * Under a virtual clock, the real milliseconds the task spent fetching (a fetch task's fetch, a
   * custom task's `ctx.fetch` calls): the loop's clock stands still while they are pending, so
   * `endMs - startMs` leaves them out. Set (0 when nothing was fetched) for the fetch and custom tasks
   * of a virtual-time run; absent otherwise.
   */
  realFetchMs?: number;
  /**
   * Set when `outcome` is `"failed"` (or `"skipped"`: which dependency; or `"cancelled"` for a
   * single-URL fetch task cut off mid-fetch: `CANCELLED`, its URL and why, as its metadata line says).
   */
  error?: { code?: string; message: string };
  /** A single-URL fetch task's fetch, done or failed. */
  fetch?: FetchSummary;
  /** A task of many fetches (a list, a pattern, URLs enqueued by a crawl): how they ended. */
  items?: ItemCounts;
  /**
   * Of a many-URL task's failed fetches, those among the run's first
   * {@linkcode LISTED_FAILED_FETCHES} (all tasks together), in the order they failed: what a log
   * names one by one. Every failed fetch is counted in `items.failed` and is a metadata line with
   * an `error`. Absent when none is listed.
   */
  failedFetches?: FailedFetch[];
  /**
   * A list task whose list held no URL, which its `allowEmptyList: true` allows: done, with 0
   * fetches (without it, such a task fails with `EMPTY_LIST`). Absent otherwise.
   */
  emptyList?: true;
  /**
   * A single-URL fetch task cancelled with `resume: true` once its body had begun: the partial
   * file left for the next run to continue, as its metadata line's error says. Absent otherwise.
   */
  keptPartial?: KeptPartial;
}

/**
 * The error a view writes beside a task's outcome: why it failed or was skipped. A cancelled task's
 * (a fetch cut off: its URL, for the report's readers) only repeats the outcome, so views leave it.
 *
 * @param result The task's outcome (or its phase, in a live view) and error.
 * @returns The message to show, or undefined.
 */
export function shownError(
  result: { outcome: TaskPhase; error?: { message: string } },
): string | undefined {
  return result.outcome === "cancelled" ? undefined : result.error?.message;
}

/** A partial download of `resume: true` left for the next run to continue. */
export interface KeptPartial {
  /** The file, relative to the output directory (`isos/.a.iso.corun-partial`). */
  path: string;
  /** How many bytes of the body it holds. */
  bytes: number;
}

/**
 * Failed fetches of many-URL tasks that a run's report names one by one, all tasks together: enough
 * to show what went wrong (a 404, a bad list line, a host that is down), few enough that a cron mail
 * of a list of 100,000 failures stays readable. The rest are counted, and each is a metadata line.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { LISTED_FAILED_FETCHES, run } from "@corun/corun";
 * const server = Deno.serve(
 *   { hostname: "127.0.0.1", port: 0, onListen() {} },
 *   () => new Response("gone", { status: 410 }),
 * );
 * const outDir = await Deno.makeTempDir();
 * const report = await run({
 *   tasks: [{
 *     name: "pages",
 *     fetch: `http://127.0.0.1:${server.addr.port}/page/[1-25].html`,
 *     save: "{1}.html",
 *   }],
 * }, { outDir });
 * await server.shutdown();
 * await Deno.remove(outDir, { recursive: true });
 * // A mail of what failed: the listed ones by name, the rest counted.
 * const [pages] = report.tasks;
 * const listed = pages.failedFetches ?? [];
 * const lines = listed.map((failed) => `${failed.url}: ${failed.error.message}`);
 * const unlisted = (pages.items?.failed ?? 0) - listed.length;
 * if (unlisted > 0) lines.push(`and ${unlisted} more (the metadata log has each)`);
 * assertEquals([lines.length, listed.length], [LISTED_FAILED_FETCHES + 1, LISTED_FAILED_FETCHES]);
 * assertEquals(lines.at(-1), "and 5 more (the metadata log has each)");
 * ```
 */
export const LISTED_FAILED_FETCHES = 20;

/** One failed fetch of a many-URL task, as a report lists it. */
export interface FailedFetch {
  /** The URL as asked for (a list line's URL column as written), without credentials. */
  url: string;
  /** Why it failed, as its metadata line's `error` says. */
  error: { code?: string; message: string };
}

/** How the fetches of a many-URL task ended; a task with any failed item has failed. */
export interface ItemCounts {
  /** Fetches the task made or was still to make (its list's lines, its enqueued URLs). */
  total: number;
  /** Fetches that ended well. */
  done: number;
  /**
   * Of `done`, fetches a `304 Not Modified` answered: the file an earlier run saved was kept (as a
   * single-URL task's `fetch.unchanged` says). Absent when none was.
   */
  unchanged?: number;
  /** Fetches that failed (after their retries). */
  failed: number;
  /** Cut off by an interrupt or a failed dependency: never fetched, or not to the end. */
  cancelled: number;
  /** Enqueued URLs left out: seen before in the run, too deep, another origin, over `maxFetches`. */
  skipped: number;
  /**
   * `skipped` by why each URL was left out, the reasons that occurred (`{ seen: 7, origin: 2 }`):
   * what a crawl that ended short was refused. Absent when none was.
   */
  leftOut?: Partial<Record<LeftOutReason, number>>;
}

/**
 * Why a crawl left an enqueued URL out: `seen` before in the crawl, deeper than `crawl.maxDepth`
 * (`depth`), on an `origin` the crawl may not go to, past `crawl.maxFetches` (`cap`); or, once its
 * fetch began, disallowed by its origin's `robots`.txt, or its `redirect` refused for leaving the
 * crawl's origins.
 */
export type LeftOutReason = "seen" | "depth" | "origin" | "cap" | "robots" | "redirect";

/** Why a crawled link's fetch was left out once begun, of {@linkcode LeftOutReason}. */
export type FetchLeftOut = Extract<LeftOutReason, "robots" | "redirect">;

/** The record of a whole run. */
export interface RunReport {
  /** Config file or URL, when known. */
  source?: string;
  /** Wall-clock start (ISO 8601). */
  startedAt: string;
  /** Wall-clock end (ISO 8601). */
  endedAt: string;
  /** Loop-clock duration of the run in milliseconds (virtual when `virtualTime`). */
  durationMs: number;
  /** True when the run used a virtual clock (sleeps and timeouts took no real time). */
  virtualTime: boolean;
  /** True when the run was stopped by a signal (Ctrl-C) before every task ended. */
  interrupted: boolean;
  /** Declared tasks by how they ended. */
  counts: Record<TaskOutcome, number>;
  /**
   * What went wrong beside the tasks, in order: `insecure: true`, a state file that cannot be read
   * or saved, metadata lines that could not be written (counted, said once).
   */
  warnings: string[];
  /** One per declared task, in declaration order (built when first read). */
  tasks: TaskResult[];
}

/** Where a task is right now, for a live view. */
export type TaskPhase = "waiting" | "running" | TaskOutcome;

/** A live view of one declared task. */
export interface TaskSnapshot {
  /** The task's name. */
  name: string;
  /** The task's kind. */
  kind: TaskKind;
  /** Where it is right now. */
  phase: TaskPhase;
  /** What it waits on right now (`"sleep 3s"`, `"read example.com:443"`, `"after task-2"`), or "". */
  detail: string;
  /** Loop-clock milliseconds since the task started, or null before it starts. */
  elapsedMs: number | null;
}

/** Something that happened in a run, in order. */
export type RunEvent =
  | { type: "task-start"; name: string; kind: TaskKind; atMs: number }
  | { type: "task-end"; result: TaskResult; atMs: number }
  | { type: "warning"; message: string; atMs: number }
  /**
   * A fetch of task `name` will be tried again in `delayMs`: attempt `attempt`, counting from 0, so
   * its retry number `attempt` of the `retries` its settings allow (`retry 1/2` in a log line).
   * `delayMs` is the latest of its backoff, its origin's pause (a `Retry-After`, maybe another
   * fetch's) and its origin's pacing (`delay`, `rate`): when it is really tried, at the soonest.
   */
  | {
    type: "retry";
    name: string;
    url: string;
    attempt: number;
    /** The retries the fetch may make in all (its `retries` setting, or its `ctx.fetch` call's). */
    retries: number;
    delayMs: number;
    reason: string;
    atMs: number;
  }
  /**
   * A `ctx.log` of task `name`. `afterEnd`: the `ctx` had ended (its task or `onResponse` call was
   * over), as when a timer of the task's own logs later: the line is still told, marked.
   */
  | { type: "log"; name: string; message: string; atMs: number; afterEnd?: true };

/** A fetch in flight, for a live view. */
export interface ActiveFetch {
  /** The task it belongs to. */
  task: string;
  /** The URL being fetched. */
  url: string;
  /**
   * Body bytes received so far, as they came on the wire (before a compressed body is decoded);
   * for a 206 continuing bytes kept from an earlier attempt, counted from the body's start.
   */
  bytes: number;
  /**
   * Of `bytes`, those kept from an earlier attempt or run that this response continues (its
   * Content-Range's first byte); absent or 0 when none: received before `elapsedMs` began, so not
   * part of its speed.
   */
  keptBytes?: number;
  /**
   * The body's length on the wire when the response said it (Content-Length; the complete length
   * of a continuing 206's Content-Range), else null.
   */
  totalBytes: number | null;
  /** Real milliseconds since its request started. */
  elapsedMs: number;
}

/** The whole run at a glance, cheap to take at any size: what a live view draws from. */
export interface RunProgress {
  /** Declared tasks by phase. */
  tasks: Record<TaskPhase, number>;
  /**
   * Fetches (every item of every task) so far: ended `done` or `failed`, `cancelled` (cut off, or
   * never started, when their task or the run was cancelled), in flight (`active`) or `queued`.
   * Once the run has ended, every fetch put that did not end done or failed is cancelled, and none
   * is active or queued.
   */
  fetches: { done: number; failed: number; cancelled: number; active: number; queued: number };
  /**
   * Body bytes received so far (after decoding), by every attempt of every fetch however it ended:
   * done, failed, cut off, or going again. It never goes down.
   */
  bytes: number;
  /**
   * Retries so far: attempts that failed and go again, of a task's fetches and of `ctx.fetch` alike
   * (one for each `retry` event).
   */
  retries: number;
  /** The fetches in flight, oldest first. */
  active: ActiveFetch[];
}

/** A run in progress, handed to `RunOptions.onStart`. */
export interface LiveRun {
  /** Snapshots of every declared task, in declaration order (costs one record per task). */
  snapshot(): TaskSnapshot[];
  /** Totals and the fetches in flight (cost independent of the number of tasks). */
  progress(): RunProgress;
  /** Loop-clock milliseconds since the run started; once it has ended, its `durationMs`. */
  elapsedMs(): number;
}

/** Why a fetch waited in the frontier after it could have started: see {@linkcode AttemptEvent}. */
export type AttemptWaitKind = "queued" | "politeness" | "retry-after" | "backoff";

/** One stretch of an attempt's wait in the frontier, in real milliseconds (`performance.now()`). */
export interface AttemptWait {
  /**
   * `queued`: waiting for a free slot (`concurrency`, `perHost`); `politeness`: the origin's gap
   * between starts (`rate`, `delay`, `jitter`); `retry-after`: the origin paused by a server's
   * `Retry-After`; `backoff`: this fetch's own retry delay.
   */
  kind: AttemptWaitKind;
  /** When the wait began. */
  startMs: number;
  /** When the wait ended. */
  endMs: number;
}

/**
 * One attempt at one fetch of a task, with the times of its phases: what a trace of the run draws.
 * Made only when a run is asked for them (`RunOptions.onAttempt`). Times are real milliseconds on
 * `performance.now()`'s clock (under `--virtual-time` too); durations are real milliseconds.
 */
export interface AttemptEvent {
  /** Tells the event apart from `RunEvent`s. */
  type: "attempt";
  /** The task's name. */
  task: string;
  /** The URL fetched (before redirects). */
  url: string;
  /** The fetch's id in the run's frontier: every attempt at one fetch has the same. */
  fetchId: number;
  /** Attempts made before this one (0: the first). */
  attempt: number;
  /** Its waits in the frontier, in order, from the time it entered (or re-entered) it to `startMs`. */
  waits: AttemptWait[];
  /** A worker took it. */
  startMs: number;
  /** The response head arrived (the last one, after redirects), when one did. */
  headAtMs?: number;
  /**
   * Connect time of the exchange that answered (0 on a reused connection). An attempt that got no
   * response head (a timeout, a reset, a cancel) has the phases its last exchange reached: here the
   * connect up to its TLS handshake or its request, else up to `endMs` (a connect that failed).
   */
  connectMs: number;
  /**
   * TLS handshake time of the exchange that answered (0 on plain or reused connections); without a
   * head, up to its request, else to the end (a handshake that failed).
   */
  tlsMs: number;
  /**
   * From the request sent to the response head, of the exchange that answered; without a head,
   * from the request sent to the end.
   */
  headMs: number;
  /** The connection had served earlier requests. */
  reusedConnection?: boolean;
  /** Reading and saving the body. */
  bodyMs: number;
  /** Of `bodyMs`, the time spent writing the body to disk. */
  writeMs: number;
  /** The attempt ended. */
  endMs: number;
  /** How the attempt ended: `retry` when the fetch goes again. */
  outcome: "done" | "failed" | "retry" | "cancelled" | "left out";
  /** The response's status, when a response head arrived (a refused redirect's 3xx too). */
  status?: number;
  /**
   * Body bytes this attempt received, as decoded (a body continued with `Range`: the rest only);
   * the trace names them `received`.
   */
  bytes: number;
  /**
   * The same body's bytes as they came over the connection, before its Content-Encoding or
   * transfer coding was undone: what a Content-Length counts (`promised 363234 bytes, got 5000`).
   * Present only when they differ from `bytes`; the trace names them `wireBytes`.
   */
  wireBytes?: number;
  /** Why it failed, or why it goes again (`outcome` `retry`). */
  error?: { code?: string; message: string };
  /** A retry's delay before the next attempt. */
  retryInMs?: number;
  /**
   * A read of the origin's robots.txt that a crawled link of the task asked for: not one of the
   * task's fetches (its `items` do not count it). Absent otherwise.
   */
  robots?: true;
}
