/**
 * The in-memory frontier, the default: per-origin queues in the order entries were put, a heap of
 * origins whose next entry may start now (ordered by that entry's age, so the run keeps the order
 * the config gives when no rule intervenes), a heap of origins held until a time (the gap between
 * starts, a `Retry-After` pause) and a heap of delayed entries (retries). Whenever something
 * changes, `#grant` hands every entry whose turn has come to a waiting worker or `acquire`.
 * @module
 */
import {
  currentLoop,
  type Effect,
  immediately,
  type Loop,
  type Operation,
  type TimerEntry,
} from "../loop/mod.ts";
import type { Frontier, FrontierCounts, FrontierEntry, NewEntry, OriginRule } from "./frontier.ts";
import { MinHeap } from "./min_heap.ts";
import { Parked, removeWaiter } from "../loop/parked.ts";

/** Options of {@linkcode MemoryFrontier}. */
export interface MemoryFrontierOptions {
  /** Entries leased at once at most (the run's `concurrency`). */
  concurrency: number;
  /**
   * The rules an entry of `task` obeys at `origin` (cheap: the frontier asks often); never asked
   * for the empty origin, an entry that is no URL, which no rule holds.
   */
  rules: (origin: string, task: string) => OriginRule;
  /**
   * Queued entries kept before `put` waits (back-pressure on list readers); a task with no entry
   * queued may still put one, up to `concurrency` more in all, so a long, slow list never holds
   * back the other tasks. @default 10_000
   */
  capacity?: number;
  /** Uniform numbers in [0, 1) for jitter. @default Math.random */
  random?: () => number;
  /**
   * Whether some rule of the run can pace an origin (a gap or jitter in the defaults, a task or an
   * `origins:` entry): only then has the frontier a `sending`, so that the requests of a run with
   * none take no step between their connect and their write. @default true
   */
  paced?: boolean;
  /**
   * The longest gap between starts (`OriginRule.gapMs`) any rule of the run can give: an origin
   * with nothing queued or held is forgotten once that long has passed since its last start (a
   * slower task's entry waits its own gap from that start). @default 0 when `paced` is false, else
   * Infinity (an origin where some entry started is kept for the whole run)
   */
  longestGapMs?: number;
}

interface Queued<P> {
  entry: FrontierEntry<P>;
  /** Order of arrival in its origin's queue: the ready heap serves the oldest first. */
  seq: number;
  /** A coroutine waiting for this entry itself (`acquire`), else undefined (a worker's). */
  waiter: Parked<FrontierEntry<P>> | undefined;
  /** Its caller holds a slot already: it goes ahead of the entries that wait for one. */
  nested: boolean;
  /** It waits for, and counts in, its origin's `perHost` (all but a callback's nested fetches). */
  perHost: boolean;
  /** Its task's count of queued entries. */
  count: TaskQueued;
}

interface OriginState<P> {
  readonly origin: string;
  queue: Queued<P>[];
  head: number;
  leased: number;
  /** Loop-clock time before which the next request may not start (the last start's gap). */
  nextStartMs: number;
  /** Loop-clock time of the last start: an entry of a slower task waits its own gap from it. */
  lastStartMs: number;
  /**
   * The entry whose start was counted last (0: none yet), a `turnAt`'s its holder's: only its start
   * may be moved, and its request written on it (`sending`).
   */
  lastStarter: number;
  /**
   * The origin's pacing before the last start (`nextStartMs`, `lastStartMs`, `lastStarter`), put
   * back when that start's entry sends nothing on it (`turnUnused`).
   */
  beforeLastStart: { nextStartMs: number; lastStartMs: number; lastStarter: number };
  pausedUntilMs: number;
  /**
   * The grant that took the origin out of the held heap when its gap (not a pause) was what held
   * it: an entry started in that same grant waited for the gap up to its turn (`heldByGap`).
   */
  gapEndedInGrant: number;
  /** The rule last looked up here, and for which task. */
  ruleTask: string | undefined;
  rule: OriginRule | undefined;
  /** In the ready heap or the held heap (never both); stale places are skipped when popped. */
  placed: "ready" | "held" | undefined;
}

/** A `put` parked while the frontier is full, and the task whose entry it puts. */
interface Putter {
  parked: Parked<void>;
  task: string;
}

/** How many entries of one task are queued (the last task asked for is kept at hand). */
interface TaskQueued {
  readonly task: string;
  queued: number;
}

/** An entry handed out and not yet ended. */
interface Lease<P> {
  entry: FrontierEntry<P>;
  /** It holds one of the run's `concurrency` slots. */
  counted: boolean;
  /**
   * The origin whose `perHost` counts it, if any: its entry's, until a redirect moves it (see
   * `turnAt`).
   */
  at: OriginState<P> | undefined;
}

/** A worker parked in `take`, and the entry handed to it (kept until it resumes). */
interface Taker<P> {
  parked: Parked<FrontierEntry<P> | null>;
  handed: FrontierEntry<P> | undefined;
}

const NO_WAITER = undefined;

/** The payload of a `turnAt`'s entry, which nobody takes. */
const NO_PAYLOAD = undefined;

/**
 * The origin of an entry that is no URL (a list line that cannot be read): it fails without a
 * request, so no origin's rules hold it; paced like one, 1,000 bad lines under `delay: 1s` took
 * 1,000 seconds to fail.
 */
const NO_ORIGIN = "";
const NO_ORIGIN_RULE: OriginRule = Object.freeze({ perHost: Infinity, gapMs: 0, jitterMs: 0 });

/** What `sending` returns when the request may be written now: one object, none made per call. */
const SENT_NOW: Operation<void> = immediately(undefined);

/**
 * The longest a paced fetch's request may follow its counted start and still go out on it: a
 * connect takes longer (5–11 ms on loopback, 50–300 ms over the internet), and the request written
 * after one would reach the server closer than the gap to the origin's next. A tenth of the gap
 * when that is less (none for an origin of jitter alone), as the shared queue's.
 */
const TURN_GRACE_MS = 2;

/**
 * Origins kept before the first look for ones to forget (see `#sweep`): a run over a few hundred
 * sites never walks them, and one over a million hosts keeps a bounded few.
 */
export const ORIGINS_BEFORE_SWEEP = 1024;

/** The frontier of one run, in memory. */
export class MemoryFrontier<P> implements Frontier<P> {
  readonly #concurrency: number;
  readonly #capacity: number;
  readonly #rulesOf: MemoryFrontierOptions["rules"];
  readonly #random: () => number;
  readonly #longestGapMs: number;
  /** How many origins are kept when a new one next makes the frontier look for ones to forget. */
  #sweepAtSize = ORIGINS_BEFORE_SWEEP;
  readonly #origins = new Map<string, OriginState<P>>();
  /** Origins whose head entry may start now, by that entry's seq. */
  readonly #ready = new MinHeap<OriginState<P>>();
  /** Origins with entries held until a time (gap or pause), by that time. */
  readonly #held = new MinHeap<OriginState<P>>();
  /** Entries not to start before a time (retries), by that time. */
  readonly #delayed = new MinHeap<Queued<P>>();
  /** Queued entries of nested `acquire`s: they start even when every slot is taken. */
  #nestedQueued = 0;
  readonly #leases = new Map<number, Lease<P>>();
  /** Entries granted to a worker that has not picked them up yet. */
  readonly #granted: FrontierEntry<P>[] = [];
  readonly #workers: Taker<P>[] = [];
  readonly #putters: Putter[] = [];
  /** Queued entries by task: a task with none may put one into a full frontier (see `#mustWait`). */
  readonly #queuedByTask = new Map<string, TaskQueued>();
  /** The task last counted: runs of one task's entries find it without a lookup. */
  #lastTask: TaskQueued | undefined;
  #loop: Loop | undefined;
  #nextId = 1;
  #seq = 0;
  /** Counts `#grant` calls: an origin's gap ended in one, and its entry started in the same. */
  #grants = 0;
  #queued = 0;
  #countedLeases = 0;
  #closed = false;
  /** The loop timer armed for the earliest held origin or delayed entry, and its deadline. */
  #timer: TimerEntry | undefined;
  #timerAtMs = Infinity;

  /**
   * Makes an empty frontier.
   *
   * @param options Concurrency, rules, capacity.
   */
  constructor(options: MemoryFrontierOptions) {
    this.#concurrency = options.concurrency;
    this.#capacity = options.capacity ?? 10_000;
    this.#rulesOf = options.rules;
    this.#random = options.random ?? Math.random;
    this.#longestGapMs = options.longestGapMs ?? (options.paced === false ? 0 : Infinity);
    if (options.paced ?? true) this.sending = (id, origin) => this.#sending(id, origin);
  }

  put(entry: NewEntry<P>, options?: { wait?: boolean }): Operation<number> {
    const loop = this.#loop;
    // Most puts find room (a list puts every line): queued at once, with no generator.
    if (loop !== undefined && !this.#mustWait(entry.task, options)) {
      return immediately(this.#queue(entry, loop));
    }
    return this.#putWhenRoom(entry, options);
  }

  /**
   * Whether a put waits for room: the frontier is full, and the put does not go in regardless. A
   * task with no entry queued goes in beyond the capacity, one entry of each such task up to
   * `concurrency` more in all (enough to fill every slot; a config of 100,000 single-URL tasks still
   * queues no more): else a list of a million URLs at `rate: 1/s` that filled the frontier held
   * every later task's fetches until its last line was in, with the run's slots idle.
   */
  #mustWait(task: string, options: { wait?: boolean } | undefined): boolean {
    return options?.wait !== false && this.#queued >= this.#capacity && !this.#closed &&
      (this.#queued >= this.#capacity + this.#concurrency || this.#countOf(task).queued > 0);
  }

  /**
   * The count of a task's queued entries. Counts at zero are dropped (but the last one asked for),
   * so a config of 100,000 single-URL tasks keeps no count per task.
   */
  #countOf(task: string): TaskQueued {
    const last = this.#lastTask;
    if (last?.task === task) return last;
    if (last?.queued === 0) this.#queuedByTask.delete(last.task);
    let count = this.#queuedByTask.get(task);
    if (count === undefined) this.#queuedByTask.set(task, count = { task, queued: 0 });
    return this.#lastTask = count;
  }

  /** Queues a new entry and hands out what may start; returns its id. */
  #queue(entry: NewEntry<P>, loop: Loop): number {
    const full = this.#entryOf(entry);
    const count = this.#countOf(full.task);
    this.#enqueue(
      { entry: full, seq: this.#seq++, waiter: NO_WAITER, nested: false, perHost: true, count },
      loop.now(),
    );
    this.#grant(loop.now());
    return full.id;
  }

  *#putWhenRoom(entry: NewEntry<P>, options?: { wait?: boolean }): Generator<Effect, number> {
    const loop = this.#loop ??= yield* currentLoop();
    while (this.#mustWait(entry.task, options)) {
      const putter: Putter = {
        parked: new Parked("frontier full", () => removeWaiter(this.#putters, putter)),
        task: entry.task,
      };
      this.#putters.push(putter);
      yield* putter.parked.wait();
    }
    return this.#queue(entry, loop);
  }

  take(): Operation<FrontierEntry<P> | null> {
    const loop = this.#loop;
    if (loop === undefined) return this.#takeFirst();
    this.#grant(loop.now());
    // Most takes find an entry granted (or the queue drained): they end at once, with no generator.
    const granted = this.#granted.shift();
    if (granted !== undefined) return immediately(granted);
    if (this.#drained()) return immediately(null);
    return this.#waitForEntry();
  }

  /** The first `take` of the frontier, which learns its loop first. */
  *#takeFirst(): Generator<Effect, FrontierEntry<P> | null> {
    this.#loop ??= yield* currentLoop();
    return yield* this.take();
  }

  /** Parks a worker until an entry is handed to it, or the queue drains (null). */
  *#waitForEntry(): Generator<Effect, FrontierEntry<P> | null> {
    const taker: Taker<P> = { parked: undefined!, handed: undefined };
    taker.parked = new Parked("queued", () => removeWaiter(this.#workers, taker));
    this.#workers.push(taker);
    let resumed = false;
    try {
      const entry = yield* taker.parked.wait();
      resumed = true;
      return entry;
    } finally {
      // Cancelled after an entry was handed to it but before it resumed: another worker takes it.
      if (!resumed && taker.handed !== undefined) {
        this.#granted.unshift(taker.handed);
        this.#wakeWorkers();
      }
    }
  }

  acquire(entry: NewEntry<P>, nested: boolean): Operation<FrontierEntry<P>> {
    return this.#acquire(entry, nested, !nested);
  }

  /** `acquire`, and whether the entry waits for a place under its origin's `perHost`. */
  *#acquire(
    entry: NewEntry<P>,
    nested: boolean,
    perHost: boolean,
  ): Generator<Effect, FrontierEntry<P>> {
    const loop = this.#loop ??= yield* currentLoop();
    const full = this.#entryOf(entry);
    const parked: Parked<FrontierEntry<P>> = new Parked(
      `turn at ${entry.origin}`,
      () => this.#forget(full.id, full.origin),
    );
    const count = this.#countOf(full.task);
    const queued = { entry: full, seq: this.#seq++, waiter: parked, nested, perHost, count };
    this.#enqueue(queued, loop.now());
    this.#grant(loop.now());
    if (parked.settled) return full; // granted at once
    let resumed = false;
    try {
      const granted = yield* parked.wait();
      resumed = true;
      return granted;
    } finally {
      // Cancelled after its turn was granted but before it resumed: nobody will end the lease.
      if (!resumed && this.#leases.has(full.id)) this.#release(full.id);
    }
  }

  *again(id: number, delayMs: number, nested: boolean): Generator<Effect, FrontierEntry<P>> {
    const lease = this.#leases.get(id);
    if (lease === undefined) throw new TypeError(`Cannot go again: entry ${id} is not held`);
    this.#release(id);
    const { origin, task, payload } = lease.entry;
    return yield* this.acquire({ origin, task, payload, delayMs }, nested);
  }

  *turnAt(origin: string, task: string, holder?: number): Generator<Effect, void> {
    const lease = holder === undefined ? undefined : this.#leases.get(holder);
    const from = lease?.at;
    if (from === undefined || from.origin === origin) {
      return yield* this.#turnFor(origin, task, holder);
    }
    // The fetch is done with the origin it leaves (the redirect's body is closed): its place there
    // is given back before it waits for one where it goes, so that two origins redirecting to each
    // other never wait for each other. It keeps its slot of `concurrency` meanwhile.
    lease!.at = undefined;
    from.leased--;
    this.#place(from, this.#now());
    this.#grant(this.#now());
    const entry = yield* this.#acquire({ origin, task, payload: NO_PAYLOAD as P }, true, true);
    const hop = this.#leases.get(entry.id)!;
    if (this.#leases.get(holder!) !== lease) {
      this.#release(entry.id); // the fetch ended meanwhile: nothing holds the place
      return;
    }
    this.#leases.delete(entry.id);
    lease!.at = hop.at;
    this.#passStart(hop.at!, entry.id, holder!);
  }

  /**
   * A turn at `origin` outside `perHost`: a nested entry that ends as it starts, waiting where one
   * would, and whose start is counted, as the holder's.
   */
  *#turnFor(origin: string, task: string, holder: number | undefined): Generator<Effect, void> {
    const entry = yield* this.#acquire({ origin, task, payload: NO_PAYLOAD as P }, true, false);
    // Forgotten meanwhile (its gap passed): the holder's request then takes a turn of its own.
    const state = this.#origins.get(origin);
    if (holder !== undefined && state !== undefined) this.#passStart(state, entry.id, holder);
    this.#release(entry.id);
  }

  /**
   * The start a turn's entry counted at the origin is its holder's while no other has followed it:
   * the holder's request written there goes out on it (`sending`), as on a start `take` counted.
   */
  #passStart(state: OriginState<P>, turn: number, holder: number): void {
    if (state.lastStarter === turn) state.lastStarter = holder;
  }

  /**
   * Set when some rule can pace (see {@linkcode MemoryFrontierOptions.paced}): a request of a held
   * entry is about to be written to `origin`, its connection open. An origin's start is counted as
   * `take` hands the entry out (or as `turnAt` grants a redirect's turn), and a connect (or a wait
   * for one) may come between it and the write: the start is moved to now while no other start to
   * the origin has followed it, else the request waits for a turn of its own, as a redirect's does
   * (its gap, a pause), keeping the entry's lease. A resend on a new connection comes here again.
   * A paused origin holds every request (its turn given within the grace, an unpaced origin's too).
   */
  readonly sending?: (id: number, origin: string) => Operation<void>;

  #sending(id: number, origin: string): Operation<void> {
    const lease = this.#leases.get(id);
    if (lease === undefined) return SENT_NOW;
    const task = lease.entry.task;
    const state = this.#origins.get(origin);
    if (state === undefined) {
      // Forgotten since the turn was given, its gap over: a paced origin's start is counted anew.
      if (origin === NO_ORIGIN) return SENT_NOW;
      const rule = this.#rulesOf(origin, task);
      return rule.gapMs === 0 && rule.jitterMs === 0 ? SENT_NOW : this.#turnFor(origin, task, id);
    }
    const nowMs = this.#now();
    // Nothing is written to a paused origin, whatever turn the request holds: a `Retry-After` that
    // came after the turn was given (within its grace, or at an unpaced origin) holds it too.
    if (state.pausedUntilMs > nowMs) return this.#turnFor(origin, task, id);
    const rule = this.#ruleOf(state, task);
    if (rule.gapMs === 0 && rule.jitterMs === 0) return SENT_NOW; // an unpaced origin
    if (state.lastStarter === id) {
      if (nowMs - state.lastStartMs <= Math.min(TURN_GRACE_MS, rule.gapMs / 10)) return SENT_NOW;
      this.#countStart(state, rule, id, nowMs);
      this.#place(state, nowMs); // its next entry may have been ready: it is held now
      return SENT_NOW;
    }
    return this.#turnFor(origin, task, id);
  }

  turnUnused(id: number): void {
    const lease = this.#leases.get(id);
    const state = lease && this.#origins.get(lease.entry.origin);
    if (state === undefined || state.lastStarter !== id) return; // another start followed it
    ({
      nextStartMs: state.nextStartMs,
      lastStartMs: state.lastStartMs,
      lastStarter: state.lastStarter,
    } = state.beforeLastStart);
    const nowMs = this.#now();
    // Held by the withdrawn gap: placed anew (its place in the held heap goes stale).
    if (state.placed === "held") state.placed = undefined;
    this.#place(state, nowMs);
    this.#grant(nowMs);
  }

  done(id: number): void {
    this.#release(id);
  }

  leftOut(id: number): void {
    // Nothing is kept of an ended entry here: the run's books count it (`FetchBook.ended`).
    this.#release(id);
  }

  /** No other process takes a run's own fetches: a failure is the fetch's. */
  givesBack(): boolean {
    return false;
  }

  failed(id: number): void {
    this.#release(id);
  }

  retryAfter(id: number, delayMs: number, payload?: P): void {
    const lease = this.#leases.get(id);
    if (lease === undefined) return;
    this.#release(id);
    lease.entry.attempt++;
    lease.entry.notBeforeMs = this.#now() + delayMs;
    if (payload !== undefined) lease.entry.payload = payload;
    this.#enqueue(
      {
        entry: lease.entry,
        seq: this.#seq++,
        waiter: NO_WAITER,
        nested: false,
        perHost: true,
        count: this.#countOf(lease.entry.task),
      },
      this.#now(),
    );
    this.#grant(this.#now());
  }

  retryWaitMs(origin: string, task: string, delayMs: number): number {
    const state = this.#origins.get(origin);
    if (state === undefined) return delayMs;
    return Math.max(delayMs, this.#heldUntil(state, this.#ruleOf(state, task)) - this.#now());
  }

  pauseOrigin(origin: string, forMs: number): void {
    const untilMs = this.#now() + forMs;
    const state = this.#originState(origin);
    if (untilMs <= state.pausedUntilMs) return;
    state.pausedUntilMs = untilMs;
    // A ready origin is moved to the held heap when next popped; arm the timer for its end.
    this.#place(state, this.#now());
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) this.#loop?.cancelTimer(this.#timer);
    this.#timer = undefined;
    this.#timerAtMs = Infinity;
    this.#grant(this.#now());
  }

  counts(): FrontierCounts {
    return { queued: this.#queued, leased: this.#leases.size };
  }

  /** Origins whose state the frontier keeps, forgotten ones not (for tests). @ignore */
  get originCount(): number {
    return this.#origins.size;
  }

  #now(): number {
    return this.#loop?.now() ?? 0;
  }

  #entryOf(entry: NewEntry<P>): FrontierEntry<P> {
    return {
      id: this.#nextId++,
      origin: entry.origin,
      task: entry.task,
      attempt: 0,
      notBeforeMs: entry.delayMs ? this.#now() + entry.delayMs : 0,
      payload: entry.payload,
    };
  }

  #originState(origin: string): OriginState<P> {
    let state = this.#origins.get(origin);
    if (state === undefined) {
      if (this.#origins.size >= this.#sweepAtSize) this.#sweep(this.#now());
      state = {
        origin,
        queue: [],
        head: 0,
        leased: 0,
        nextStartMs: 0,
        lastStartMs: -Infinity,
        lastStarter: 0,
        beforeLastStart: { nextStartMs: 0, lastStartMs: -Infinity, lastStarter: 0 },
        pausedUntilMs: 0,
        gapEndedInGrant: -1,
        ruleTask: undefined,
        rule: undefined,
        placed: undefined,
      };
      this.#origins.set(origin, state);
    }
    return state;
  }

  /**
   * Forgets every origin nothing about can matter any more (see `#forgettable`). Run as a new
   * origin comes once the kept ones doubled since the last: a walk over them, amortised over the
   * origins that came, and none on a run over one origin.
   */
  #sweep(nowMs: number): void {
    for (const [origin, state] of this.#origins) {
      if (this.#forgettable(state, nowMs)) this.#origins.delete(origin);
    }
    this.#sweepAtSize = Math.max(ORIGINS_BEFORE_SWEEP, 2 * this.#origins.size);
  }

  /**
   * Nothing queued, held or placed at the origin, its pause and its gaps over: a state made anew
   * would hold its next entry no differently. Every gap counts from the last start, a slower task's
   * too (`#heldUntil`), hence the longest. Kept while the entry whose start it counted last holds
   * its lease, so that its request goes out on that start (`sending`).
   */
  #forgettable(state: OriginState<P>, nowMs: number): boolean {
    return state.head >= state.queue.length && state.leased === 0 && state.placed === undefined &&
      state.pausedUntilMs <= nowMs && state.nextStartMs <= nowMs &&
      (state.lastStartMs === -Infinity || state.lastStartMs + this.#longestGapMs <= nowMs) &&
      !this.#leases.has(state.lastStarter);
  }

  #ruleOf(state: OriginState<P>, task: string): OriginRule {
    if (state.origin === NO_ORIGIN) return NO_ORIGIN_RULE;
    // The last task's rule is kept on the origin: runs of one task's fetches ask for it again.
    if (state.ruleTask === task) return state.rule!;
    state.ruleTask = task;
    return state.rule = this.#rulesOf(state.origin, task);
  }

  #enqueue(queued: Queued<P>, nowMs: number): void {
    this.#queued++;
    queued.count.queued++;
    if (queued.entry.notBeforeMs > nowMs) {
      this.#delayed.push(queued, queued.entry.notBeforeMs);
      return;
    }
    this.#append(queued, nowMs);
  }

  #append(queued: Queued<P>, nowMs: number): void {
    const state = this.#originState(queued.entry.origin);
    if (queued.nested) this.#nestedQueued++; // counted once it may start, not while delayed
    if (!queued.nested) {
      state.queue.push(queued);
      if (state.queue.length - state.head === 1) this.#place(state, nowMs);
      return;
    }
    // A nested entry's caller holds a turn that the entries queued before it may wait for: it goes
    // ahead of them (behind earlier nested ones), or the run could wait for itself. A redirect's,
    // which waits for `perHost`, goes behind a callback's fetch, which must not wait for it: the
    // place the redirect waits for may be the callback's caller's.
    let index = state.head;
    while (
      index < state.queue.length && state.queue[index].nested &&
      (queued.perHost || !state.queue[index].perHost)
    ) index++;
    const first = index === state.head;
    if (first && state.head > 0) state.queue[--state.head] = queued;
    else state.queue.splice(index, 0, queued);
    if (first) this.#place(state, nowMs);
  }

  /** Puts an origin with a queued entry in the heap its rules call for (or nowhere: it is full). */
  #place(state: OriginState<P>, nowMs: number): void {
    const head = state.queue[state.head];
    if (head === undefined) return;
    const rule = this.#ruleOf(state, head.entry.task);
    if (head.perHost && state.leased >= rule.perHost) return; // placed again when a lease ends
    const heldUntil = this.#heldUntil(state, rule);
    if (heldUntil > nowMs) {
      if (state.placed === "held") return;
      state.placed = "held";
      this.#held.push(state, heldUntil);
      this.#arm(heldUntil);
    } else if (state.placed !== "ready") {
      state.placed = "ready";
      this.#ready.push(state, head.seq);
    }
  }

  /**
   * When the origin's head entry may start: after the last start's gap (its task's rule, its
   * jitter), the head's own task's gap since that start (the slower of two tasks sets the gap
   * between their starts), and any pause.
   */
  #heldUntil(state: OriginState<P>, rule: OriginRule): number {
    return Math.max(state.nextStartMs, state.lastStartMs + rule.gapMs, state.pausedUntilMs);
  }

  /** Hands out every entry whose turn has come, to parked workers and `acquire`s. */
  #grant(nowMs: number): void {
    const grant = ++this.#grants;
    while (this.#delayed.peekKey <= nowMs) this.#append(this.#delayed.pop()!, nowMs);
    while (this.#held.peekKey <= nowMs) {
      const state = this.#held.pop()!;
      if (state.placed !== "held") continue;
      state.placed = undefined;
      if (this.#heldByGap(state)) state.gapEndedInGrant = grant;
      this.#place(state, nowMs);
    }
    // Origins passed over because every slot is taken, while looking for nested entries (made when
    // one is: most grants, one or more a fetch, pass over none).
    let full: OriginState<P>[] | undefined;
    for (;;) {
      const state = this.#ready.peek();
      if (state === undefined) break;
      const head = state.queue[state.head];
      if (head === undefined || state.placed !== "ready") {
        this.#ready.pop(); // a stale place: the origin moved on since
        if (head === undefined && state.placed === "ready") state.placed = undefined;
        continue;
      }
      if (!head.nested && this.#countedLeases >= this.#concurrency) {
        // The oldest startable entry waits for a slot, and so do the younger ones, except an
        // entry of a fetch made inside a callback, which must not wait for its own caller.
        if (this.#nestedQueued === 0) break;
        (full ??= []).push(this.#ready.pop()!);
        continue;
      }
      this.#ready.pop();
      state.placed = undefined;
      this.#start(state, head, nowMs);
      this.#place(state, nowMs);
    }
    if (full !== undefined) {
      for (const state of full) this.#ready.push(state, state.queue[state.head].seq);
    }
    this.#wakeWorkers();
    this.#armForEarliest();
  }

  /** Whether the gap since the origin's last start held it as long as its pause did, or longer. */
  #heldByGap(state: OriginState<P>): boolean {
    const head = state.queue[state.head];
    if (head === undefined) return false;
    const rule = this.#ruleOf(state, head.entry.task);
    const gapUntil = Math.max(state.nextStartMs, state.lastStartMs + rule.gapMs);
    return gapUntil > 0 && gapUntil >= state.pausedUntilMs;
  }

  #start(state: OriginState<P>, queued: Queued<P>, nowMs: number): void {
    state.queue[state.head++] = undefined as unknown as Queued<P>;
    if (state.head > 1024 && state.head * 2 > state.queue.length) {
      state.queue = state.queue.slice(state.head);
      state.head = 0;
    }
    this.#unqueue(queued);
    const counted = !queued.nested;
    if (counted) this.#countedLeases++;
    const at = queued.perHost ? state : undefined;
    if (at !== undefined) state.leased++;
    this.#leases.set(queued.entry.id, { entry: queued.entry, counted, at });
    // Started in the grant that ended its origin's gap: it waited for the gap, not for a slot.
    queued.entry.heldByGap = state.gapEndedInGrant === this.#grants;
    state.gapEndedInGrant = -1;
    this.#countStart(state, this.#ruleOf(state, queued.entry.task), queued.entry.id, nowMs);
    if (queued.waiter !== undefined) queued.waiter.give(queued.entry);
    else this.#granted.push(queued.entry);
    this.#wakePutters();
  }

  /** Counts a start to the origin now, by `id`: the next waits its gap (and jitter) from it. */
  #countStart(state: OriginState<P>, rule: OriginRule, id: number, nowMs: number): void {
    const gapMs = rule.gapMs + (rule.jitterMs > 0 ? this.#random() * rule.jitterMs : 0);
    // A start moved to now (`sending`) keeps what came before the entry's first.
    if (state.lastStarter !== id) {
      const before = state.beforeLastStart;
      before.nextStartMs = state.nextStartMs;
      before.lastStartMs = state.lastStartMs;
      before.lastStarter = state.lastStarter;
    }
    if (gapMs > 0) state.nextStartMs = nowMs + gapMs;
    state.lastStartMs = nowMs;
    state.lastStarter = id;
  }

  #unqueue(queued: Queued<P>, delayed = false): void {
    this.#queued--;
    const count = queued.count;
    if (--count.queued === 0 && count !== this.#lastTask) this.#queuedByTask.delete(count.task);
    if (queued.nested && !delayed) this.#nestedQueued--;
  }

  #wakeWorkers(): void {
    while (this.#workers.length > 0 && this.#granted.length > 0) {
      const taker = this.#workers.shift()!;
      taker.handed = this.#granted.shift()!;
      taker.parked.give(taker.handed);
    }
    if (this.#drained()) {
      for (const taker of this.#workers.splice(0)) taker.parked.give(null);
    }
  }

  /** Wakes the puts that may go in now (each looks again: a woken one may find the room gone). */
  #wakePutters(): void {
    if (this.#putters.length === 0) return;
    if (this.#queued < this.#capacity) {
      for (const putter of this.#putters.splice(0)) putter.parked.give(undefined);
      return;
    }
    // Full: only a put whose task has nothing queued goes in (its last entry just started).
    if (this.#queued >= this.#capacity + this.#concurrency) return;
    for (let index = 0; index < this.#putters.length; index++) {
      const putter = this.#putters[index];
      if (this.#countOf(putter.task).queued > 0) continue;
      this.#putters.splice(index--, 1);
      putter.parked.give(undefined);
    }
  }

  #drained(): boolean {
    return this.#closed && this.#queued === 0 && this.#leases.size === 0 &&
      this.#granted.length === 0;
  }

  #release(id: number): void {
    const lease = this.#leases.get(id);
    if (lease === undefined) return;
    this.#leases.delete(id);
    if (lease.counted) this.#countedLeases--;
    const nowMs = this.#now();
    const state = lease.at ?? this.#origins.get(lease.entry.origin);
    if (state !== undefined) {
      if (lease.at !== undefined) state.leased--;
      this.#place(state, nowMs);
    }
    this.#grant(nowMs);
  }

  /** An `acquire` whose coroutine was cancelled: its entry leaves the queue or gives back its lease. */
  #forget(id: number, origin: string): void {
    if (this.#leases.has(id)) {
      this.#release(id);
      return;
    }
    // Queued: in its origin's queue (an entry is queued at its own origin).
    const state = this.#origins.get(origin);
    for (let index = state?.head ?? 0; state !== undefined && index < state.queue.length; index++) {
      if (state.queue[index].entry.id !== id) continue;
      const [queued] = state.queue.splice(index, 1);
      this.#unqueue(queued);
      this.#wakePutters(); // a place in the queue came free
      if (index === state.head) {
        if (state.placed === "ready") state.placed = undefined; // its heap place is stale now
        this.#place(state, this.#now());
      }
      return;
    }
    // Still delayed (a ctx.fetch cancelled during its backoff): dropped now, not when it comes due,
    // or a run whose last task gave it up would wait out the backoff before it could end.
    const delayed = this.#delayed.remove((queued) => queued.entry.id === id);
    if (delayed === undefined) return;
    this.#unqueue(delayed, true);
    this.#wakePutters();
    this.#wakeWorkers(); // the frontier may be drained now
  }

  #arm(atMs: number): void {
    if (atMs >= this.#timerAtMs || this.#loop === undefined) return;
    if (this.#timer !== undefined) this.#loop.cancelTimer(this.#timer);
    this.#timerAtMs = atMs;
    // A fresh entry each time: the loop drops a cancelled one lazily, so one object cannot be reused.
    const timer: TimerEntry = {
      cancelled: false,
      fire: (loop) => {
        if (this.#timer !== timer) return;
        this.#timer = undefined;
        this.#timerAtMs = Infinity;
        this.#grant(loop.now());
      },
    };
    this.#timer = timer;
    this.#loop.addTimer(timer, Math.ceil(atMs));
  }

  #armForEarliest(): void {
    const earliest = Math.min(this.#held.peekKey, this.#delayed.peekKey);
    if (earliest !== Infinity) this.#arm(earliest);
  }
}
