/**
 * The frontier's interface: the one owner of when each fetch of a run starts. Entries are plain
 * data (ids, not object references), so a store outside the process can keep them; the in-memory
 * store (`memory_frontier.ts`) is the default.
 * @module
 */
import type { Operation } from "../loop/mod.ts";

/** One fetch waiting for its turn, as the frontier keeps it. `P` is the runner's own plain record. */
export interface FrontierEntry<P> {
  /** Unique within the run. */
  readonly id: number;
  /** The origin whose rules it obeys (`"https://example.org"`). */
  readonly origin: string;
  /** The task it belongs to, by name: the task's own politeness settings apply. */
  readonly task: string;
  /** Attempts made before this one: 0 for a first attempt. */
  attempt: number;
  /** The store's clock time before which it must not start (0: at once). */
  notBeforeMs: number;
  /** What to fetch, for the runner (replaced by a retry's own, when it gives one). */
  payload: P;
  /**
   * Set by a store as it hands the entry out: true when its origin's gap between starts (`rate`,
   * `delay`, `jitter`) held it back right up to this turn, false when it started as soon as a slot
   * or its own time allowed. A trace tells a wait for the origin from one for a slot by it; a store
   * that cannot tell leaves it undefined.
   */
  heldByGap?: boolean;
  /**
   * The crawl it belongs to, in a store shared by workers: its submit or schedule fire, with the
   * links found from them. A worker's crawl rules (pages seen, `crawl.maxFetches`) hold per crawl.
   * Undefined in a run's own frontier, whose one crawl is the run.
   */
  crawl?: number;
}

/** What a new entry needs (the frontier gives it its id, and sets what it tells of its turn). */
export type NewEntry<P> =
  & Omit<FrontierEntry<P>, "id" | "attempt" | "notBeforeMs" | "heldByGap" | "crawl">
  & {
    /** Milliseconds from now before it may start. @default 0 */
    delayMs?: number;
    /**
     * The entry whose response's callback found it (a crawled link): a store shared by workers
     * keeps each link of one crawl once, whichever worker found it.
     */
    parent?: number;
  };

/** The per-origin rules one entry obeys, resolved from `origins:`, its task and the defaults. */
export interface OriginRule {
  /** Requests in flight to the origin at most. */
  perHost: number;
  /** Least milliseconds between two request starts to the origin (from `rate` and `delay`). */
  gapMs: number;
  /** A random extra gap up to this many milliseconds. */
  jitterMs: number;
}

/** How many entries wait and run. */
export interface FrontierCounts {
  /** Waiting: ready, held by an origin's rules, or delayed (a retry's backoff). */
  queued: number;
  /** Taken and not yet done, failed or re-enqueued. */
  leased: number;
}

/**
 * The run's queue of fetches: `put` adds, `take` hands out the next entry the rules allow
 * (global `concurrency`, each origin's `perHost`, its gap between starts, a `Retry-After` pause),
 * and each taken entry ends in exactly one of `done`, `leftOut`, `failed` or `retryAfter`. Every
 * wait is a not-before time here: nothing holds a slot while it waits.
 */
export interface Frontier<P> {
  /**
   * Adds an entry; waits while the frontier holds as many queued entries as it keeps, unless
   * `wait` is false (an entry put by a fetch's callback, which holds a slot: waiting for room could
   * wait for itself). A task with none queued may still put one, up to `concurrency` more in all,
   * so it never waits behind another task's long list. Returns the entry's id, or undefined from a
   * store that adds it later (a shared queue inserts crawled links with its next report: it has
   * no id before that).
   */
  put(entry: NewEntry<P>, options?: { wait?: boolean }): Operation<number | undefined>;
  /** The next entry whose turn has come; null once closed and nothing is queued or leased. */
  take(): Operation<FrontierEntry<P> | null>;
  /**
   * Adds an entry and waits for its own turn: a fetch that a running coroutine makes itself
   * (`ctx.fetch`). The caller then ends it with `done`, `failed` or (to go again) `again`.
   *
   * @param entry The fetch.
   * @param nested The caller already holds a turn (a fetch inside a response callback): the global
   *   `concurrency` and the origin's `perHost` do not count it, or it could wait for itself; the
   *   origin's gap between starts and its pause still hold.
   */
  acquire(entry: NewEntry<P>, nested: boolean): Operation<FrontierEntry<P>>;
  /**
   * The attempt of an `acquire`d entry ended and the fetch goes again in `delayMs` or later: waits
   * for its next turn, as `acquire` does. A store keeps one job for every attempt of the fetch, so an
   * attempt that is tried again is neither done nor failed.
   *
   * @param id The entry, still held.
   * @param delayMs The least wait before the next attempt (a backoff).
   * @param nested As for `acquire`.
   * @returns The entry of the next attempt (it may keep its id).
   */
  again(id: number, delayMs: number, nested: boolean): Operation<FrontierEntry<P>>;
  /**
   * Waits until `origin`'s rules let one more request start there (its gap between starts, as
   * `task`'s rule sets it, and its pause), and counts that start: for a request sent within a turn
   * held already, a redirect's next request. Like a nested `acquire`, the global `concurrency` does
   * not count it (its fetch holds a slot); no entry is made.
   *
   * @param origin Where the request goes.
   * @param task The task whose rule applies.
   * @param holder The entry whose turn the request is sent in: the turn is the entry's, and the
   *   request's `sending` counts from it (a redirect's request; a crawled link's, after its origin's
   *   robots.txt was read in a turn of its own). When `perHost` counts that entry (not a callback's
   *   nested fetch), its place under the `perHost` of the origin it leaves is given back, and it
   *   waits for one under `origin`'s and holds it until it ends, as a fetch queued there would.
   *   Without it, or to the origin it holds a place at, `perHost` does not count the request.
   */
  turnAt(origin: string, task: string, holder?: number): Operation<void>;
  /**
   * A request of a held entry is about to be written to `origin`, its connection open: waits until
   * the turn the entry holds there (given by `take`, `acquire`, `again`, or `turnAt` for a redirect)
   * holds for a start now, so that the start the frontier decided and the request are one moment,
   * whatever came between them (opening a connection, waiting for one). Every write of the fetch's
   * requests waits here, each decided alike: the first, a redirect's, and one sent again on a new
   * connection. A turn that passed is moved to now while no other start to the origin has followed
   * it, else the request waits for a turn of its own, which is then the entry's. Nothing is
   * written to a paused origin: a pause that came after the turn was given (within its grace, or
   * at an unpaced origin) holds the request until it ends. Optional: a frontier whose turns cannot
   * go stale leaves it out, and its requests take no step before their write (the in-memory one, in
   * a run where no rule paces an origin).
   *
   * @param id The entry, held.
   * @param origin Where the request goes (after a redirect, not the entry's own).
   */
  sending?(id: number, origin: string): Operation<void>;
  /**
   * The held entry sends nothing on the turn it was given at its origin (a crawled link that its
   * origin's robots.txt, known by then, disallows): the start counted for it is withdrawn while no
   * other start to the origin has followed it, so that the origin's next entry does not wait out a
   * gap (`rate`, `delay`) for a request never made. The entry stays held: end it as usual.
   */
  turnUnused(id: number): void;
  /** The entry's fetch ended well. */
  done(id: number): void;
  /**
   * The entry's fetch was left out once it started (a crawled link that redirected off the crawl's
   * origins, or that its origin's robots.txt disallows): it ended, neither done nor failed, and is not tried again. A store that keeps how
   * entries ended keeps it apart from done (the database's state `skipped`).
   */
  leftOut(id: number): void;
  /**
   * The entry's fetch ended badly and will not be tried again.
   *
   * @param id The entry.
   * @param error What went wrong (an error, or a text), for a store that keeps its message (the
   *   database's `last_error`), or that gives back what failed for want of a permission of this
   *   process (`NOT_PERMITTED`): a shared queue's, which another process may run.
   */
  failed(id: number, error?: unknown): void;
  /**
   * Whether `failed` with this error gives the entry back to the store instead of failing it: a
   * shared queue's job that failed for want of a permission of this process (`NOT_PERMITTED`),
   * which another process may run. Its metadata line then says it went back, not that it failed.
   *
   * @param error What went wrong.
   * @returns True when the entry would go back.
   */
  givesBack(error: unknown): boolean;
  /**
   * The entry's fetch goes again in `delayMs` or later, as attempt `attempt + 1`, with `payload`
   * (the runner's record, updated) when given. Times are relative, so a store on another clock
   * (a database's) keeps them.
   */
  retryAfter(id: number, delayMs: number, payload?: P): void;
  /**
   * How long from now a fetch of `task` to `origin` that goes again after a backoff of `delayMs`
   * waits at least: the latest of that backoff, the origin's pause (a `Retry-After`, maybe another
   * fetch's) and, where known here, the origin's pacing (`delay`, `rate`: the gap since its last
   * start). What a retry line tells, so it says when the retry is really tried.
   */
  retryWaitMs(origin: string, task: string, delayMs: number): number;
  /**
   * Holds every queued entry of `origin` for `forMs` (a server's `Retry-After`), and every request
   * to it not yet written that waits in `sending`; never shortens.
   */
  pauseOrigin(origin: string, forMs: number): void;
  /** No more entries will be put: `take` returns null once the queue drains. */
  close(): void;
  /** How many entries wait and run. */
  counts(): FrontierCounts;
}
