/**
 * A worker of the run: takes the next fetch whose turn has come from the frontier, makes one attempt
 * at it, and tells the frontier how it ended: done, failed, or again at a later time. A run has
 * `concurrency` workers; a fetch that waits (a backoff, a rate, a `Retry-After`) waits in the
 * frontier, not in a worker.
 * @module
 */
import { cleanup, type Effect, letOthersRun, messageOf, type Operation } from "../loop/mod.ts";
import type { FrontierEntry } from "../frontier/mod.ts";
import type { HttpResponse, RequestPhase } from "../http/mod.ts";
import { isCancelling } from "./cancellation.ts";
import { createTaskContext, type OwnedContext } from "./context.ts";
import type { RunEnv } from "./env.ts";
import type { FetchBook, FetchEnd } from "./fetch_book.ts";
import {
  type AttemptContext,
  type AttemptEnd,
  attemptFetch,
  type FetchItem,
} from "./fetch_item.ts";
import { announceRetry } from "./next_attempt.ts";
import type { RobotsGate } from "./robots_gate.ts";
import { enqueuedRequest } from "./secrets_now.ts";
import type { FetchTaskSpec, TaskSpec } from "./spec.ts";
import type { SavedBody } from "./save_body.ts";
import type { AttemptTiming, AttemptTracer } from "./trace_attempts.ts";

/**
 * Runs fetches until the frontier is closed and empty.
 *
 * @param env The run's shared services.
 * @param book The run's fetch books.
 * @param fetchSpecOf The fetch settings of a task's fetches (a custom task's enqueued URLs use the
 *   config's defaults).
 * @param tracer Times each attempt, when the run is traced.
 */
export function* fetchWorker(
  env: RunEnv,
  book: FetchBook,
  fetchSpecOf: (index: number) => FetchTaskSpec,
  tracer?: AttemptTracer,
): Generator<Effect, void> {
  try {
    for (;;) {
      const entry = yield* env.frontier.take();
      if (entry === null) return;
      yield* runEntry(entry, env, book, fetchSpecOf(entry.payload.task), tracer);
      // A fetch whose file was committed as the run was interrupted ends done (the disk says so),
      // and its worker then stops with the run instead of taking more.
      if (yield* isCancelling(env)) return;
    }
  } finally {
    // Stopped: the fetches still waiting for a retry are dropped, and so are their partials.
    if (env.stopping()) env.keptPartials.removeAll();
  }
}

function* runEntry(
  entry: FrontierEntry<FetchItem>,
  env: RunEnv,
  book: FetchBook,
  spec: FetchTaskSpec,
  tracer: AttemptTracer | undefined,
): Generator<Effect, void> {
  const item = entry.payload;
  const timing = tracer?.attempt(entry);
  // One reading of the clock starts the attempt for the books (the live view) and for itself (the
  // metadata's total time).
  const hooks = new EntryAttempt(entry, env, book, spec, timing, performance.now());
  /** How the attempt ended, once it has (its file saved). */
  let ended: AttemptEnd | undefined;
  /** A done attempt's metadata line, until its writing starts (`finally` writes one left waiting). */
  let line: Operation<void> | undefined;
  try {
    book.started(entry.id, item, entry.origin, hooks.startMs, entry.crawl);
    hooks.redirectGate = book.crawlRules.redirectGate(item);
    hooks.robots = book.crawlRules.robotsGate(item);
    if (!book.crawlRules.sendsCredentials(item)) hooks.withoutCredentials = true;
    const attempt = attemptFetch(spec, item, env, hooks);
    const stopwatch = book.stopwatch(item.task);
    const end = ended = yield* (stopwatch ? stopwatch.time(attempt) : attempt);
    // The loop runs each stage of many fetches together (see letOthersRun): the other workers save
    // their files before this one writes its metadata line, and write theirs before it settles.
    if (end.kind === "done") {
      line = end.record;
      yield* letOthersRun();
      line = undefined;
      yield* end.record;
    }
    yield* letOthersRun();
    if (timing) timing.ended(end, end.kind === "failed" && (yield* isCancelling(env)));
    // The server asked for a pause: every fetch to the origin waits, not only this one. Paused
    // first: giving back the lease hands the slot to the origin's next queued fetch at once.
    if ((end.kind === "failed" || end.kind === "retry") && end.pause) {
      env.frontier.pauseOrigin(end.pause.origin, end.pause.ms);
    }
    if (end.kind === "done" || end.kind === "left out") hooks.settle(settledEndOf(end));
    else if (end.kind === "failed") {
      hooks.settle(
        (yield* isCancelling(env))
          ? { cancelled: true }
          // Not failed here: another worker may do it (its line says it went back).
          : end.givenBack
          ? { givenBack: end.error }
          : { error: end.error, retriesSpent: end.retriesSpent, fetch: end.fetch },
      );
    } else {
      hooks.settled = true;
      env.frontier.retryAfter(entry.id, end.delayMs, item);
      book.retryScheduled(entry.id);
      announceRetry(env, {
        name: spec.name,
        url: item.url,
        attempt: entry.attempt, // counted up by retryAfter: the attempt about to be made
        retries: spec.options.retries,
        delayMs: end.delayMs,
        reason: end.reason,
      });
    }
  } catch (error) {
    if (yield* isCancelling(env)) throw error;
    timing?.threw(error);
    // Said, not lost (`settle` ends a fetch once), and not the worker's end: it takes the next.
    if (hooks.settled) {
      env.warn(`Cannot record the outcome of a fetch of "${spec.name}": ${messageOf(error)}`);
    } else hooks.settle({ error });
  } finally {
    hooks.ownContext?.end();
    // Cancelled mid-attempt: its metadata line is written; the fetch never ends otherwise. Cancelled
    // once it was done: its file is in place, and so it stays done, its line written as such.
    try {
      if (line) yield* cleanup(line);
    } finally {
      if (!hooks.settled) {
        hooks.settle(ended === undefined ? { cancelled: true } : settledEndOf(ended));
      }
      timing?.close();
    }
  }
}

/**
 * One attempt at a frontier entry, as the worker runs it: what the attempt tells the books, the
 * `ctx` of the task's callback, and whether the fetch has ended. One object, in place of a closure
 * (and the scope it keeps) for each of these on every fetch.
 */
class EntryAttempt implements AttemptContext {
  readonly entryId: number;
  readonly attempt: number;
  readonly startMs: number;
  /** Set once the books are told the attempt started (see `CrawlRules.redirectGate`). */
  redirectGate: ((url: URL) => string | undefined) | undefined;
  /** Set with `redirectGate` (see `CrawlRules.robotsGate`). */
  robots: RobotsGate | undefined;
  /** Set with `redirectGate` (see `CrawlRules.sendsCredentials`). */
  withoutCredentials: boolean | undefined;
  /**
   * Set once the frontier and the books are told how the attempt ended: a fetch ends once. What
   * throws after that is corun's own bookkeeping (the frontier; the books ending the task and
   * starting the next ones), never a run listener (see `createRunReporter`).
   */
  settled = false;
  /** The `ctx` of the task's `onResponse` for this attempt, once made: it ends with the attempt. */
  ownContext: OwnedContext | undefined;
  /** Set only when the run is traced (see `AttemptContext.began`). */
  readonly began?: (phase: RequestPhase) => void;
  /** The response that answered (after redirects): relative links in it resolve against its URL. */
  #page: HttpResponse | undefined;
  readonly #entry: FrontierEntry<FetchItem>;
  readonly #env: RunEnv;
  readonly #book: FetchBook;
  readonly #spec: FetchTaskSpec;
  readonly #timing: AttemptTiming | undefined;

  constructor(
    entry: FrontierEntry<FetchItem>,
    env: RunEnv,
    book: FetchBook,
    spec: FetchTaskSpec,
    timing: AttemptTiming | undefined,
    startMs: number,
  ) {
    this.entryId = entry.id;
    this.attempt = entry.attempt;
    this.startMs = startMs;
    this.#entry = entry;
    this.#env = env;
    this.#book = book;
    this.#spec = spec;
    this.#timing = timing;
    if (timing !== undefined) this.began = timing.began;
  }

  callbackContext(): OwnedContext {
    const item = this.#entry.payload;
    const page = this.#page;
    this.ownContext = createTaskContext(this.#spec.name, this.#env, {
      index: item.task,
      book: this.#book,
      within: { depth: item.depth, url: page?.url ?? item.url, response: page, id: this.#entry.id },
    });
    return this.ownContext;
  }

  onResponse(response: HttpResponse): void {
    this.#page = response;
    this.#book.responded(this.#entry.id, response);
    this.#timing?.responded(response);
  }

  onSaved(saved: SavedBody): void {
    this.#timing?.saved(saved);
  }

  /** Tells the frontier and the books how the fetch ended, unless they were told already. */
  settle(end: FetchEnd): void {
    if (this.settled) return;
    this.settled = true;
    const entry = this.#entry;
    if ("summary" in end) this.#env.frontier.done(entry.id);
    else if ("leftOut" in end) this.#env.frontier.leftOut(entry.id);
    else {
      // A given-back fetch's error tells the frontier to give it back.
      const error = "error" in end ? end.error : "givenBack" in end ? end.givenBack : "cancelled";
      this.#env.frontier.failed(entry.id, error);
    }
    this.#book.ended(entry.id, entry.payload, end);
  }
}

/**
 * The settings a custom task's enqueued URLs are fetched with: the config's defaults (its headers
 * too), a plain GET (sent with the credentials of now: `requestNow`).
 *
 * @param spec The custom task.
 * @param env The run's shared services.
 * @returns A fetch spec for its enqueued URLs.
 */
export function enqueuedFetchSpec(spec: TaskSpec, env: RunEnv): FetchTaskSpec {
  return {
    kind: "fetch",
    name: spec.name,
    after: [],
    request: enqueuedRequest(env.defaults),
    options: env.defaults,
  };
}

/**
 * How a fetch ends after an attempt that ended so: done and left out stand whatever follows (the
 * file is in place, the line written); any other end, cut off by a cancel, is a cancel.
 */
function settledEndOf(end: AttemptEnd): FetchEnd {
  if (end.kind === "done") return { summary: end.summary };
  return end.kind === "left out" ? { leftOut: end.why } : { cancelled: true };
}
