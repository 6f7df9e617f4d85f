/**
 * The times of each fetch attempt, for a trace of the run: how long it waited in the frontier and
 * why, and how long its connect, TLS, head, body and write took. Made only when the run is asked for
 * them (`RunOptions.onAttempt`): without, the frontier is not wrapped and the workers build nothing.
 *
 * The wrapper reads why an entry waited off what it sees: the time the entry was put or re-queued, a
 * retry's delay, the origin's `Retry-After` pauses, and the origin's gaps between starts. A paced
 * origin's backlog waits through gap after gap: the frontier says of each entry it hands out whether
 * the gap held it up to its turn (`heldByGap`), so such a gap goes on from the last one, and the
 * whole wait behind the origin's `rate` or `delay` is `politeness`, not only its last gap. What is
 * left is waiting for a slot (`queued`).
 *
 * A coroutine's own fetches (`ctx.fetch`, `ctx.request`) take their first turn with `acquire` and
 * each later attempt's with `again`: the wrapper times each from the call, and `turnAttemptTiming`
 * gives the turn its stopwatch, numbered as the fetch's attempts (`fetchId` is the first attempt's
 * entry).
 * @module
 */
import { codeOf, type Effect, messageOf, type Operation } from "../loop/mod.ts";
import type { HttpResponse, RequestPhase } from "../http/mod.ts";
import type {
  Frontier,
  FrontierCounts,
  FrontierEntry,
  NewEntry,
  OriginRule,
} from "../frontier/mod.ts";
import type { AttemptEnd, FetchItem } from "./fetch_item.ts";
import { refusedStatusOf } from "./fetch_end.ts";
import type { AttemptEvent, AttemptWait, AttemptWaitKind } from "./report.ts";

/** Where an entry stands in the frontier, between its attempts. */
interface EntryTimes {
  /** It entered (or re-entered) the frontier. */
  sinceMs: number;
  /** A retry's backoff ends (0 for none). */
  backoffUntilMs: number;
}

/** A stretch of time an origin was held, in real milliseconds. */
export interface HeldSpan {
  fromMs: number;
  untilMs: number;
}

/** What the wrapper knows of an origin. */
export interface OriginTimes {
  /** When an entry there last started. */
  lastStartMs: number;
  /**
   * The latest stretches its gap between starts held it, oldest first: gaps that followed one
   * another with no slot waited for between them are one.
   */
  gaps: HeldSpan[];
  /** A server's pause (`Retry-After`). */
  pauseFromMs: number;
  pauseUntilMs: number;
}

/** Gaps kept per origin: an entry that waited through more lost its earliest ones to `queued`. */
const KEPT_GAPS = 8;

/** The time of the run's tracer: real milliseconds. */
const now = () => performance.now();

/** Collects the times of every attempt of a run and hands each out as an {@linkcode AttemptEvent}. */
export class AttemptTracer {
  readonly #onAttempt: (event: AttemptEvent) => void;
  readonly #rules: (origin: string, task: string) => OriginRule;
  readonly #entries = new Map<number, EntryTimes>();
  readonly #origins = new Map<string, OriginTimes>();
  /** The waits of entries taken and not yet ended, by id. */
  readonly #taken = new Map<number, AttemptWait[]>();

  /**
   * Makes a tracer.
   *
   * @param onAttempt Told each attempt as it ends.
   * @param rules The run's per-origin rules (the gap between starts).
   */
  constructor(
    onAttempt: (event: AttemptEvent) => void,
    rules: (origin: string, task: string) => OriginRule,
  ) {
    this.#onAttempt = onAttempt;
    this.#rules = rules;
  }

  /**
   * Wraps the run's frontier so that the tracer sees each entry come in, start, and go again.
   *
   * @param frontier The run's frontier.
   * @returns The same frontier, watched.
   */
  watch(frontier: Frontier<FetchItem>): Frontier<FetchItem> {
    return new WatchedFrontier(frontier, this);
  }

  /** @internal An entry came in. */
  put(id: number): void {
    this.#entries.set(id, { sinceMs: now(), backoffUntilMs: 0 });
  }

  /** @internal A worker took an entry: its waits are known now. */
  took(entry: FrontierEntry<FetchItem>): void {
    const at = now();
    const times = this.#entries.get(entry.id) ?? { sinceMs: at, backoffUntilMs: 0 };
    const origin = this.#originTimes(entry.origin);
    const gaps = origin.gaps;
    // A gap's end here is a guess (the frontier draws its jitter, on the loop's clock, virtual
    // perhaps): the frontier says whether it held this entry until now, or had ended before.
    const last = gaps.at(-1);
    if (entry.heldByGap === true) {
      // Held since the origin's last start: by the gap that began there, or by one it went on.
      const fromMs = Number.isFinite(origin.lastStartMs) ? origin.lastStartMs : times.sinceMs;
      if (last !== undefined && last.untilMs >= origin.lastStartMs) last.untilMs = at;
      else keepGap(gaps, fromMs, at);
    } else if (entry.heldByGap === false && last !== undefined) {
      last.untilMs = Math.min(last.untilMs, at);
    }
    this.#taken.set(entry.id, waitsOf(times, origin, at));
    const rule = this.#rules(entry.origin, entry.task);
    const gapMs = rule.gapMs + rule.jitterMs;
    origin.lastStartMs = at;
    if (gapMs <= 0) return;
    // Held up to this start, the origin is held on from it: the entries behind wait through both.
    if (entry.heldByGap === true) gaps.at(-1)!.untilMs = at + gapMs;
    else keepGap(gaps, at, at + gapMs);
  }

  /** @internal A taken entry goes again after `delayMs`. */
  retrying(id: number, delayMs: number): void {
    const at = now();
    this.#entries.set(id, { sinceMs: at, backoffUntilMs: at + delayMs });
  }

  /** @internal A taken entry ended for good. */
  ended(id: number): void {
    this.#entries.delete(id);
    this.#taken.delete(id);
  }

  /** @internal A server paused an origin. */
  paused(origin: string, forMs: number): void {
    const times = this.#originTimes(origin);
    const at = now();
    if (at + forMs <= times.pauseUntilMs) return;
    if (times.pauseUntilMs < at) times.pauseFromMs = at;
    times.pauseUntilMs = at + forMs;
  }

  /**
   * @internal A coroutine's turn was granted: it waited from `sinceMs`, the first `delayMs` of it a
   * retry's backoff.
   */
  acquired(entry: FrontierEntry<FetchItem>, sinceMs: number, delayMs: number): void {
    this.#entries.set(entry.id, { sinceMs, backoffUntilMs: delayMs > 0 ? sinceMs + delayMs : 0 });
    this.took(entry);
  }

  /**
   * Starts timing one attempt of a taken entry.
   *
   * @param entry The entry a worker took (or a coroutine's turn).
   * @param turn For a coroutine's turn: which attempt of its fetch it is, and the fetch's id.
   * @returns The attempt's stopwatch: tell it the response, the saved body, and how it ended.
   */
  attempt(entry: FrontierEntry<FetchItem>, turn?: TurnAttempt): AttemptTiming {
    const waits = this.#taken.get(entry.id) ?? [];
    this.#taken.delete(entry.id);
    return new AttemptTiming(entry, waits, this.#onAttempt, turn);
  }

  #originTimes(origin: string): OriginTimes {
    let times = this.#origins.get(origin);
    if (times === undefined) {
      times = { lastStartMs: -Infinity, gaps: [], pauseFromMs: 0, pauseUntilMs: 0 };
      this.#origins.set(origin, times);
    }
    return times;
  }
}

/**
 * The waits of an entry from the time it entered the frontier to `takenMs`, in order. Each moment
 * is told by the first thing that held it then: its own backoff, the origin's pause, the origin's
 * gap between starts; else it waited for a slot (`queued`).
 *
 * @param times When the entry came in, and when its backoff ended (0: none).
 * @param origin What held its origin, and when.
 * @param takenMs When a worker took it.
 * @returns Its waits, each a stretch of one kind, none empty.
 */
export function waitsOf(
  times: { sinceMs: number; backoffUntilMs: number },
  origin: OriginTimes,
  takenMs: number,
): AttemptWait[] {
  const holds: [AttemptWaitKind, number, number][] = [
    ["backoff", times.sinceMs, times.backoffUntilMs],
    ["retry-after", origin.pauseFromMs, origin.pauseUntilMs],
    ...origin.gaps.map((gap): [AttemptWaitKind, number, number] => [
      "politeness",
      gap.fromMs,
      gap.untilMs,
    ]),
  ];
  // Every hold's ends inside the wait cut it into pieces, each held by the same holds throughout.
  const cuts = [times.sinceMs, takenMs];
  for (const [, fromMs, untilMs] of holds) {
    for (const at of [fromMs, untilMs]) if (at > times.sinceMs && at < takenMs) cuts.push(at);
  }
  cuts.sort((a, b) => a - b);
  const stretches: AttemptWait[] = [];
  for (let index = 1; index < cuts.length; index++) {
    const startMs = cuts[index - 1];
    const endMs = cuts[index];
    if (endMs <= startMs) continue;
    const kind = holds.find(([, fromMs, untilMs]) => fromMs <= startMs && untilMs >= endMs)?.[0] ??
      "queued";
    const last = stretches.at(-1);
    if (last?.kind === kind) last.endMs = endMs;
    else stretches.push({ kind, startMs, endMs });
  }
  return stretches;
}

/** Adds a gap to an origin's, forgetting the oldest beyond `KEPT_GAPS`. */
function keepGap(gaps: HeldSpan[], fromMs: number, untilMs: number): void {
  if (gaps.push({ fromMs, untilMs }) > KEPT_GAPS) gaps.shift();
}

/** Which attempt of a coroutine's fetch a turn is (each attempt is an entry of its own). */
export interface TurnAttempt {
  /** Attempts of the fetch made before this one. */
  attempt: number;
  /** The frontier id of the fetch's first attempt, the same for all of them. */
  fetchId: number;
  /** A read of robots.txt for a crawled link (`AttemptEvent.robots`). */
  robots?: true;
}

/**
 * The stopwatch of one attempt of a coroutine's own fetch (`ctx.fetch`, `ctx.request`), when the run
 * is traced: the run's frontier is then the tracer's wrapper, which has timed the turn's wait.
 *
 * @param frontier The run's frontier (`RunEnv.frontier`).
 * @param entry The turn `acquire` or `again` granted.
 * @param turn Which attempt of the fetch it is.
 * @returns The stopwatch, or undefined when the run is not traced.
 */
export function turnAttemptTiming(
  frontier: Frontier<FetchItem>,
  entry: FrontierEntry<FetchItem>,
  turn: TurnAttempt,
): AttemptTiming | undefined {
  return frontier instanceof WatchedFrontier ? frontier.tracer.attempt(entry, turn) : undefined;
}

/** The times of one attempt, told by its worker as they happen; hands out the event at its end. */
export class AttemptTiming {
  readonly #event: AttemptEvent;
  readonly #onAttempt: (event: AttemptEvent) => void;
  #closed = false;
  #ended = false;
  #response: HttpResponse | undefined;
  /** When the phases of the exchange under way began (see `began`): real ms, or undefined. */
  #connectAtMs: number | undefined;
  #tlsAtMs: number | undefined;
  #sentAtMs: number | undefined;

  /**
   * A phase of the attempt's exchange began (`RequestProgress.began`). Of an attempt that ends
   * without a response head, the event has the phases it reached, the last up to its end. A
   * redirect's exchange starts them over: its `connect`, or its request sent on a reused connection.
   */
  readonly began = (phase: RequestPhase): void => {
    const at = now();
    if (phase === "connect") {
      this.#connectAtMs = at;
      this.#tlsAtMs = this.#sentAtMs = undefined;
    } else if (phase === "tls") this.#tlsAtMs = at;
    else {
      if (this.#sentAtMs !== undefined) this.#connectAtMs = this.#tlsAtMs = undefined;
      this.#sentAtMs = at;
    }
  };

  /**
   * Starts timing.
   *
   * @param entry The entry taken.
   * @param waits Its waits before it was taken.
   * @param onAttempt Told the attempt when it ends.
   * @param turn For a coroutine's turn: its attempt number and fetch id, instead of the entry's.
   */
  constructor(
    entry: FrontierEntry<FetchItem>,
    waits: AttemptWait[],
    onAttempt: (event: AttemptEvent) => void,
    turn?: TurnAttempt,
  ) {
    this.#onAttempt = onAttempt;
    this.#event = {
      type: "attempt",
      task: entry.task,
      url: entry.payload.url,
      fetchId: turn?.fetchId ?? entry.id,
      attempt: turn?.attempt ?? entry.attempt,
      waits,
      startMs: now(),
      connectMs: 0,
      tlsMs: 0,
      headMs: 0,
      bodyMs: 0,
      writeMs: 0,
      endMs: 0,
      outcome: "cancelled",
      bytes: 0,
    };
    if (turn?.robots) this.#event.robots = true;
  }

  /**
   * The response head arrived.
   *
   * @param response The response.
   */
  responded(response: HttpResponse): void {
    const event = this.#event;
    this.#response = response;
    event.headAtMs = now();
    event.connectMs = response.timings.connectMs;
    event.tlsMs = response.timings.tlsMs;
    event.headMs = response.timings.firstByteMs;
    event.reusedConnection = response.reusedConnection;
    event.status = response.status;
  }

  /**
   * The body was read and saved.
   *
   * @param saved How long that took, and of it writing.
   */
  saved(saved: { bodyMs: number; writeMs: number }): void {
    this.#event.bodyMs = saved.bodyMs;
    this.#event.writeMs = saved.writeMs;
  }

  /**
   * The attempt ended as the fetch code says.
   *
   * @param end How it ended.
   * @param cancelled The run was being cancelled (a failure is then a cancel).
   */
  ended(end: AttemptEnd, cancelled = false): void {
    const event = this.#event;
    this.#ended = true;
    event.endMs = now(); // before the frontier hears of it: a retry's backoff starts after
    if (end.kind === "done") event.outcome = "done";
    else if (end.kind === "left out") {
      event.outcome = "left out";
      event.error = errorRecord(end.error);
    } else if (end.kind === "retry") {
      event.outcome = "retry";
      event.retryInMs = end.delayMs;
      event.error = { code: end.code, message: end.reason };
    } else {
      event.outcome = cancelled ? "cancelled" : "failed";
      event.error = errorRecord(end.error);
      this.#refused(end.error);
    }
  }

  /**
   * A coroutine's fetch got its response (any status it hands back to the caller): its body, if
   * read in the turn, is counted by `close`.
   */
  handedOver(): void {
    const event = this.#event;
    this.#ended = true;
    event.endMs = now();
    event.outcome = "done";
  }

  /**
   * The attempt threw instead of ending (a listener, a cancel).
   *
   * @param error What it threw.
   */
  threw(error: unknown): void {
    if (this.#ended) return; // a listener threw after it had ended
    this.#ended = true;
    this.#event.endMs = now();
    this.#event.outcome = "failed";
    this.#event.error = errorRecord(error);
    this.#refused(error);
  }

  /**
   * An answer refused (a redirect, a body too large): it arrived as no response, but its status is
   * the one the attempt got.
   */
  #refused(error: unknown): void {
    const status = refusedStatusOf(error);
    if (status !== undefined) this.#event.status ??= status;
  }

  /**
   * Hands out the event (once): what was not said ended is a cancel. Its bytes are those this
   * attempt read, not the fetch's whole body: a body continued with `Range` counts only the rest.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const event = this.#event;
    if (!this.#ended) event.endMs = now();
    if (event.headAtMs === undefined) this.#reached(event);
    const body = this.#response?.body;
    event.bytes = body?.bytesRead ?? 0;
    if (body !== undefined && body.rawBytesRead !== event.bytes) {
      event.wireBytes = body.rawBytesRead;
    }
    this.#onAttempt(event);
  }

  /** The phases an attempt without a response head reached, each up to the next or its end. */
  #reached(event: AttemptEvent): void {
    const sentAt = this.#sentAtMs;
    const tlsAt = this.#tlsAtMs;
    if (sentAt !== undefined) event.headMs = event.endMs - sentAt;
    if (tlsAt !== undefined) event.tlsMs = (sentAt ?? event.endMs) - tlsAt;
    if (this.#connectAtMs !== undefined) {
      event.connectMs = (tlsAt ?? sentAt ?? event.endMs) - this.#connectAtMs;
    }
  }
}

function errorRecord(error: unknown): { code?: string; message: string } {
  const code = codeOf(error);
  const message = messageOf(error);
  return code === undefined ? { message } : { code, message };
}

/** The run's frontier, telling the tracer what happens to each entry. */
class WatchedFrontier implements Frontier<FetchItem> {
  readonly #inner: Frontier<FetchItem>;
  readonly #tracer: AttemptTracer;

  constructor(inner: Frontier<FetchItem>, tracer: AttemptTracer) {
    this.#inner = inner;
    this.#tracer = tracer;
    const sending = inner.sending;
    if (sending !== undefined) this.sending = (id, origin) => sending.call(inner, id, origin);
  }

  /** The tracer it tells, for the stopwatches of coroutines' turns. */
  get tracer(): AttemptTracer {
    return this.#tracer;
  }

  *put(
    entry: NewEntry<FetchItem>,
    options?: { wait?: boolean },
  ): Generator<Effect, number | undefined> {
    const id = yield* this.#inner.put(entry, options);
    if (id !== undefined) this.#tracer.put(id);
    return id;
  }

  *take(): Generator<Effect, FrontierEntry<FetchItem> | null> {
    const entry = yield* this.#inner.take();
    if (entry !== null) this.#tracer.took(entry);
    return entry;
  }

  *acquire(
    entry: NewEntry<FetchItem>,
    nested: boolean,
  ): Generator<Effect, FrontierEntry<FetchItem>> {
    const sinceMs = now();
    const taken = yield* this.#inner.acquire(entry, nested);
    this.#tracer.acquired(taken, sinceMs, entry.delayMs ?? 0);
    return taken;
  }

  *again(
    id: number,
    delayMs: number,
    nested: boolean,
  ): Generator<Effect, FrontierEntry<FetchItem>> {
    const sinceMs = now();
    this.#tracer.ended(id);
    const taken = yield* this.#inner.again(id, delayMs, nested);
    this.#tracer.acquired(taken, sinceMs, delayMs);
    return taken;
  }

  turnAt(origin: string, task: string, holder?: number): Operation<void> {
    // A redirect's wait is part of its fetch's attempt: nothing of its own to trace.
    return this.#inner.turnAt(origin, task, holder);
  }

  /** The inner frontier's, when it has one: a wait within the attempt, nothing of its own to trace. */
  readonly sending?: (id: number, origin: string) => Operation<void>;

  turnUnused(id: number): void {
    this.#inner.turnUnused(id);
  }

  done(id: number): void {
    this.#tracer.ended(id);
    this.#inner.done(id);
  }

  leftOut(id: number): void {
    this.#tracer.ended(id);
    this.#inner.leftOut(id);
  }

  failed(id: number, error?: unknown): void {
    this.#tracer.ended(id);
    this.#inner.failed(id, error);
  }

  givesBack(error: unknown): boolean {
    return this.#inner.givesBack(error);
  }

  retryAfter(id: number, delayMs: number, payload?: FetchItem): void {
    this.#tracer.retrying(id, delayMs);
    this.#inner.retryAfter(id, delayMs, payload);
  }

  retryWaitMs(origin: string, task: string, delayMs: number): number {
    return this.#inner.retryWaitMs(origin, task, delayMs);
  }

  pauseOrigin(origin: string, forMs: number): void {
    this.#tracer.paused(origin, forMs);
    this.#inner.pauseOrigin(origin, forMs);
  }

  close(): void {
    this.#inner.close();
  }

  counts(): FrontierCounts {
    return this.#inner.counts();
  }
}
