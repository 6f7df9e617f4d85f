/**
 * The frontier of one worker of a shared queue, kept in PostgreSQL: `take` claims jobs from the
 * database (the origin rules are the database's, for every worker together), and how each ended is
 * reported back in batches, so a worker sends one transaction for many fetches. A heartbeat extends
 * the worker's leases; a worker that is killed stops extending them, and the others take its jobs
 * when they expire. An idle worker sleeps until a `NOTIFY` (new work, a freed slot) or the earliest
 * waiting job's time. A lost connection (or a deadlock, a server short of connections: see
 * `isTransientError`) is retried with backoff and reported, never fatal: leased work is at worst
 * done again by another worker (at least once). A statement the server rejects is not retried (it
 * would be rejected again): the worker stops with the server's error. A `Retry-After` pause is
 * sent at once, and every worker (told by a `NOTIFY` as it commits) gives back the origin's jobs it
 * claimed ahead rather than start them inside it. A worker with a free slot that finds nothing to
 * claim says so (a `NOTIFY`), and every worker with no free slot gives back what it claimed ahead,
 * for it to start now. A paced origin's turn is the database's, and is
 * confirmed as each request is written (`sending`; a redirect's at its own origin, a resend's):
 * one taken more than a moment before (a connection was opened after it) is moved to that moment,
 * or another is taken. A redirect's request takes its origin's turn and moves the fetch's place
 * under `perHost` there, for every worker (`turnAt`).
 * @module
 */
import {
  action,
  call,
  codeOf,
  type Effect,
  immediately,
  messageOf,
  type Operation,
} from "../../loop/mod.ts";
import type { Frontier, FrontierCounts, FrontierEntry, NewEntry, OriginRule } from "../frontier.ts";
import { isNotPermitted } from "../../net/mod.ts";
import { Parked, removeWaiter } from "../../loop/parked.ts";
import { DEFAULT_LEASE_MS } from "./lease.ts";
import { databaseRetryMs, isTransientError } from "./transient_error.ts";
import { databaseErrorText } from "./database_error_text.ts";
import {
  type ClaimedJob,
  emptyOutcomes,
  type HeldSave,
  type NewJob,
  type Outcomes,
  PAUSE_CHANNEL,
  type PgStore,
  type SaveClaim,
  SHORT_CHANNEL,
  type StoredOriginRule,
  type TurnAnswer,
  WAKE_CHANNEL,
} from "./store.ts";

/** Turns the runner's record into the stored JSON and back. */
export interface PayloadCodec<P> {
  /** The JSON kept in the database (what another worker's `decode` reads). */
  encode(payload: P): unknown;
  /**
   * The runner's record of a claimed job, or a problem: a row its task could not have put fails
   * with that message; a task this worker's config does not have (`notMine`) is another config's,
   * so the job goes back to the queue and the worker stops, saying why. `reserved`: the job is this
   * worker's own coroutine's fetch (`ctx.fetch`), not one put in the queue. `runAt`: when the
   * submit or fire that queued its crawl began (see {@linkcode ClaimedJob.runAt}).
   */
  decode(
    json: unknown,
    job: { task: string; url: string; origin: string; reserved: boolean; runAt: Date },
  ): { payload: P } | { problem: string; notMine?: boolean };
}

/** Options of {@linkcode PgFrontier}. */
export interface PgFrontierOptions<P> {
  /** The tables. */
  store: PgStore;
  /** Which jobs are this worker's (the config's queue). */
  queue: string;
  /** This worker's id (unique; on every lease it holds). */
  worker: string;
  /** Fetches at once at most (the config's `concurrency`). */
  concurrency: number;
  /** The rule of an origin first reached by this worker (a crawled link's). */
  rules: (origin: string, task: string) => OriginRule;
  codec: PayloadCodec<P>;
  /** How long a lease lasts unless the heartbeat extends it. @default {@linkcode DEFAULT_LEASE_MS} */
  leaseMs?: number;
  /** Return null from `take` once the queue has no open work (`corun worker --drain`). */
  drain?: boolean;
  /** Longest idle sleep without a `NOTIFY` (a safety net: expired leases of others). @default 2_000 */
  idleMs?: number;
  /** Told of database trouble (a lost connection, retried). */
  warn: (message: string) => void;
}

/** Milliseconds outcomes wait to be reported together. */
const REPORT_EVERY_MS = 20;

/** The frontier of one worker, in PostgreSQL. */
export class PgFrontier<P> implements Frontier<P> {
  readonly #options: PgFrontierOptions<P>;
  readonly #store: PgStore;
  readonly #leaseMs: number;
  /** Longest sleep of an idle worker between looks at the queue. */
  readonly #idleMs: number;
  /** Claimed, not yet handed to a worker coroutine. */
  readonly #claimed: FrontierEntry<P>[] = [];
  /**
   * When the lease of each job in hand was last confirmed: `performance.now()` as the claim or
   * heartbeat that confirmed it was sent (the database's lease runs from a moment after).
   */
  readonly #confirmedAt = new WeakMap<FrontierEntry<P>, number>();
  /**
   * The jobs that hold a paced origin's turn, claimed or handed out (a claim's, or a `turnAt`'s
   * for a redirect), until they end: when and which turn of the origin each holds, which their
   * requests' writes confirm (`sending`).
   */
  readonly #pacedClaims = new Map<number, PacedClaim>();
  /**
   * Handed out to a worker coroutine (or a `ctx.fetch`) and not yet ended, each with the origin
   * whose `perHost` holds its place: its own, or a redirect's (see `turnAt`); none for a callback's
   * nested fetch, whose redirects no `perHost` counts.
   */
  readonly #leased = new Map<number, string | undefined>();
  /** Jobs of `acquire`: reserved for this worker, for a coroutine that waits for them. */
  readonly #reserved = new Map<number, { origin: string; url: string }>();
  /**
   * Origins paused by a `Retry-After` (this worker's or another's): until when (performance.now).
   * One that ended goes when its origin is asked about, or with the next heartbeat.
   */
  readonly #pausedUntil = new Map<string, number>();
  /** Coroutines waiting while another claims. */
  readonly #waiting: Parked<void>[] = [];
  #claiming = false;
  /** A claim made ahead of need, in the background, while the worker's buffer runs low. */
  #claimingAhead: Promise<void> | undefined;
  /**
   * Why this worker cannot go on (a claim ahead met an error that is not transient; a job
   * of a task its config lacks): the next `take` throws it, once.
   */
  #fatal: unknown;
  /**
   * Claimed jobs kept in hand beyond the free slots, so a freed slot finds one at once; given back
   * when another worker has a free slot and nothing to claim (`#heardShort`).
   */
  readonly #ahead: number;
  #pending: Outcomes = emptyOutcomes();
  /** The batch being sent (its jobs are still leased in the database until it commits). */
  #sending: Outcomes = emptyOutcomes();
  #reporting: Promise<void> | undefined;
  #reportTimer: ReturnType<typeof setTimeout> | undefined;
  /** A stopping worker gave up reporting to a lost database, or the server refused a report. */
  #gaveUp = false;
  /**
   * Why the server refused a report (a statement it rejects: a bug, or a newer corun's tables): it
   * would refuse it again, so no report is sent after it; the worker stops, and the leases of what
   * it held run out for other workers to take.
   */
  #reportRefused: Error | undefined;
  /** Whether `take` threw `#fatal` (the worker's exit line says it): its stop says it no more. */
  #fatalThrown = false;
  /** Coroutines sleeping until there may be work: a NOTIFY, a slot freed here, a stop. */
  readonly #wakers = new Set<() => void>();
  /**
   * Counts the `NOTIFY`s heard (and stops): one that comes while a worker looks for work, before
   * it sleeps, would wake no sleeper, and the worker would sleep `idleMs` for nothing.
   */
  #wakes = 0;
  /**
   * When this worker last told the queue it was short (`tellShort`): `#wakes` then, and
   * `performance.now()`; undefined once it claimed since. Idle at an origin's `perHost` it looks
   * every 50 ms, and each `NOTIFY` goes to every worker of the database: it tells again only after
   * news (a `NOTIFY` of work, a fetch of its own ending), a claim, or `idleMs`.
   */
  #toldShort: { wakes: number; atMs: number } | undefined;
  /**
   * Waits that only a stop ends early (a report's backoff during an outage): a fetch that ends or
   * a `NOTIFY` brings no sooner a database that does not answer.
   */
  readonly #stopWakers = new Set<() => void>();
  #unlisten: (() => Promise<void>) | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #stopping = false;
  #ended = false;
  #refused = 0;
  /** Endings reported that the database did not record: another worker had taken the jobs. */
  #endedLate = 0;
  #troubleSince: number | undefined;

  /**
   * Makes the frontier; call {@linkcode PgFrontier.start} before the run and
   * {@linkcode PgFrontier.shutdown} after it.
   *
   * @param options The store, queue, worker id, concurrency.
   */
  constructor(options: PgFrontierOptions<P>) {
    this.#options = options;
    this.#store = options.store;
    this.#leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.#idleMs = options.idleMs ?? 2_000;
    this.#ahead = Math.ceil(options.concurrency / 4);
  }

  /** Listens for new work and starts the heartbeat. */
  async start(): Promise<void> {
    const listener = await this.#store.sql.listen(WAKE_CHANNEL, (queue) => {
      if (queue === this.#options.queue) this.#wakeAll();
    });
    const pauses = await this.#store.sql.listen(PAUSE_CHANNEL, (text) => this.#heardPause(text));
    const shorts = await this.#store.sql.listen(SHORT_CHANNEL, (queue) => {
      if (queue === this.#options.queue) this.#heardShort();
    });
    this.#unlisten = async () => {
      await listener.unlisten();
      await pauses.unlisten();
      await shorts.unlisten();
    };
    this.#heartbeat = setInterval(() => {
      this.#forgetEndedPauses();
      // Only the leases it knows of: one it lost track of (a claim whose answer was lost) runs out.
      const known = this.#knownIds();
      const sentAt = performance.now();
      this.#store.heartbeat(this.#options.worker, this.#leaseMs, known).then(
        (extended) => {
          this.#confirmHand(new Set(known), new Set(extended), sentAt);
        },
        (error) => {
          if (isTransientError(error)) this.#trouble("extend its leases", error);
          // Rejected, it would be each time: the leases would run out under fetches going on.
          else this.#stopWith(this.#cannot("extend its leases", error));
        },
      );
    }, Math.max(100, Math.floor(this.#leaseMs / 3)));
  }

  /**
   * Stops: what is leased and unreported goes back to the queue (the run was interrupted), the
   * reports in flight are sent, the heartbeat and the listener stop. The store stays open.
   */
  async shutdown(): Promise<void> {
    this.#stopping = true;
    this.#ended = true;
    this.#wakeForStop();
    clearInterval(this.#heartbeat);
    await this.#claimingAhead;
    for (const entry of this.#claimed.splice(0)) this.#pending.released.push(entry.id);
    this.#pacedClaims.clear();
    for (const id of this.#leased.keys()) this.#giveBack(id);
    this.#leased.clear();
    try {
      if (!(await this.#flushAll())) throw this.#unreported();
    } finally {
      await this.#unlisten?.().catch(() => {});
    }
  }

  /**
   * Whether the server refused a report. It still answers: a stop can hand the worker's leases back
   * (`PgStore.stopWorker`), unlike one that gave up on a lost database.
   */
  get reportRefused(): boolean {
    return this.#reportRefused !== undefined;
  }

  /**
   * Stops the worker for `error`, which the next `take` throws. The fetches it cuts off go back to
   * the queue, as at any stop: they are not what went wrong.
   */
  #stopWith(error: Error): void {
    this.#fatal ??= error;
    this.interrupt();
  }

  /** Interrupted: from now on a fetch that ends badly goes back to the queue, not failed. */
  interrupt(): void {
    this.#stopping = true;
    this.#wakeForStop();
  }

  /**
   * Adds a crawled link (the only jobs a worker puts: its tasks' own URLs were submitted). It goes
   * into the database with the next report, in that report's transaction: a page's links cost no
   * transaction each, and they commit no later than the page's own end (a worker killed before
   * then leaves the page to be fetched again, and its links found again). So it has no id yet.
   */
  put(entry: NewEntry<P>): Operation<undefined> {
    this.#pending.links.push({ job: this.#jobOf(entry, undefined), rule: this.#ruleOf(entry) });
    this.#report();
    return immediately(undefined);
  }

  /** Inserts a job at once, and returns its id (a coroutine's own fetch waits for it). */
  *#insert(entry: NewEntry<P>, reservedFor: string): Generator<Effect, number> {
    const [id] = yield* this.#retrying(
      "put a job",
      () =>
        this.#store.insertJobs(
          this.#options.queue,
          [this.#jobOf(entry, reservedFor)],
          () => this.#ruleOf(entry),
        ),
    );
    return id;
  }

  #jobOf(entry: NewEntry<P>, reservedFor: string | undefined): NewJob {
    return {
      task: entry.task,
      origin: entry.origin,
      url: urlOf(entry.payload),
      payload: this.#options.codec.encode(entry.payload),
      delayMs: entry.delayMs,
      reservedFor,
      // A coroutine's own fetch is no crawled link: its insert must never be left out as one.
      parent: reservedFor === undefined ? entry.parent : undefined,
    };
  }

  /** This worker's rule of the entry's origin, for an origin the queue has none for yet. */
  #ruleOf(entry: NewEntry<P>): StoredOriginRule {
    return { origin: entry.origin, ...this.#options.rules(entry.origin, entry.task) };
  }

  *take(): Generator<Effect, FrontierEntry<P> | null> {
    for (;;) {
      // Thrown to one worker coroutine: the run stops with it; the others find the worker stopping
      // and end (each throwing it too would say one failure as many: "(and 1 more)").
      if (this.#fatal !== undefined && !this.#fatalThrown) {
        this.#fatalThrown = true;
        throw this.#fatal;
      }
      // A stopping worker starts nothing more: what it holds in hand goes back at shutdown.
      if (this.#stopping) return null;
      this.#dropLapsed();
      const next = this.#claimed.shift();
      if (next !== undefined) {
        this.#leased.set(next.id, next.origin);
        if (this.#claimed.length < this.#ahead) this.#claimAhead();
        if (yield* this.#turnHolds(next)) return next;
        continue;
      }
      if (this.#ended) return null;
      if (this.#claiming) {
        const parked: Parked<void> = new Parked(
          "queued",
          (gone) => removeWaiter(this.#waiting, gone),
        );
        this.#waiting.push(parked);
        yield* parked.wait();
        continue;
      }
      this.#claiming = true;
      try {
        yield* this.#claimOrSleep();
      } finally {
        this.#claiming = false;
        this.#wakeWaiting();
      }
    }
  }

  /**
   * Whether a job taken from the hand may start: a paced origin's job that waited there for a slot
   * (claimed ahead) renews its turn, as its claim's turn has passed: started late, it would follow
   * another worker's start closer than the gap. The turn is moved to now while it is still the
   * origin's last, else taken again. Refused, stopped, or cancelled while it waits for the turn
   * (its `take` stopped), it goes back to the queue: held here, it would be nobody's, its lease
   * extended until the worker stops.
   */
  *#turnHolds(entry: FrontierEntry<P>): Generator<Effect, boolean> {
    const paced = this.#pacedClaims.get(entry.id);
    if (paced === undefined || isFresh(paced)) return true;
    let holds = false;
    try {
      holds = (yield* this.#moveTurn(paced)) || (yield* this.#takeTurnAgain(paced));
      return holds;
    } finally {
      if (!holds) this.#giveBackUnstarted(entry.id);
    }
  }

  /**
   * Moves a paced job's turn to now, when it is still the origin's last (no start has followed
   * it; see `PgStore.moveTurn`) and the origin is not paused here.
   *
   * @returns Whether it moved: the job may start now.
   */
  *#moveTurn(paced: PacedClaim): Generator<Effect, boolean> {
    const nextStart = paced.nextStart;
    if (nextStart === undefined || this.#pausedMs(paced.origin) > 0) return false;
    // An answer lost may have moved it: asked again, it is not the turn's any more, and the job
    // takes one of its own.
    const moved = yield* this.#retrying(
      "move an origin's turn",
      () => this.#store.moveTurn(this.#options.queue, paced.origin, nextStart),
    );
    if (moved === undefined) return false;
    tookTurn(paced, moved);
    return true;
  }

  /**
   * Takes a paced origin's turn for a job claimed ahead. Before the origin's next start, it waits
   * for it (two turns at most, jitter included: a job given back could wait for ever behind the
   * fetches claimed ahead of it); refused again, or paused longer, it is not granted.
   */
  *#takeTurnAgain(paced: PacedClaim): Generator<Effect, boolean> {
    const takeTurn = () => this.#store.takeTurn(this.#options.queue, paced.origin);
    let answer = yield* this.#retrying("take an origin's turn", takeTurn);
    if (answer.waitMs > 0 && answer.waitMs <= 2 * paced.turnMs) {
      yield* this.#sleepUnlessStopped(answer.waitMs);
      if (!this.#stopping) answer = yield* this.#retrying("take an origin's turn", takeTurn);
    }
    if (answer.waitMs !== 0 || this.#stopping) return false;
    tookTurn(paced, answer.nextStart);
    return true;
  }

  /**
   * A paced job's request is about to be written to `origin`: its turn there holds when it was
   * taken a moment ago. Taken longer ago (a connection was opened after it, or the job waited for
   * one), the turn is moved to now while it is still the origin's last, else the request waits for
   * a turn of its own, as it does at an origin where the job holds none: the start the database
   * decided and the request stay one moment, whatever came between the turn and the write. Every
   * write comes here, a redirect's and a resend's too. Nothing is written to an origin paused here,
   * whatever turn the request holds: a pause heard after the turn was taken (within its grace, or
   * at an unpaced origin) holds it until it ends. A stop ends the wait (the fetch is cut off).
   */
  *sending(id: number, origin: string): Generator<Effect, void> {
    const paced = this.#pacedClaims.get(id);
    const paused = this.#pausedMs(origin) > 0;
    if (paced === undefined) {
      if (paused) yield* this.#untilUnpaused(origin);
      return;
    }
    if (!paused && paced.origin === origin && (isFresh(paced) || (yield* this.#moveTurn(paced)))) {
      return;
    }
    yield* this.turnAt(origin, paced.task, id);
  }

  /**
   * The job is no longer held here (it ended, or goes back to the queue).
   *
   * @returns False when it was not held (a shutdown gave it back already).
   */
  #unlease(id: number): boolean {
    this.#pacedClaims.delete(id);
    return this.#leased.delete(id);
  }

  /** A job handed out but not started goes back to the queue as it was (the same attempt). */
  #giveBackUnstarted(id: number): void {
    if (!this.#unlease(id)) return; // a shutdown gave it back already
    this.#pending.released.push(id);
    this.#report();
  }

  *acquire(entry: NewEntry<P>, nested: boolean): Generator<Effect, FrontierEntry<P>> {
    // Reserved for this worker: another worker (or this one's own workers) must not take it.
    const id = yield* this.#insert(entry, this.#options.worker);
    this.#reserved.set(id, { origin: entry.origin, url: urlOf(entry.payload) });
    return yield* this.#claimReserved(id, nested);
  }

  *turnAt(origin: string, task: string, holder?: number): Generator<Effect, void> {
    const at = holder === undefined ? undefined : this.#leased.get(holder);
    if (at !== undefined && at !== origin) return yield* this.#redirectTurn(origin, task, holder!);
    // The queue keeps one rule per origin (the latest submit's, whatever the task); an origin it
    // has none for (a redirect's target no submit named) gets this worker's rule for it, as a
    // crawled link's origin does. A stopping worker waits no longer: its fetches are given back.
    while (!this.#stopping) {
      yield* this.#untilUnpaused(origin);
      if (this.#stopping) return;
      const answer = yield* this.#retrying(
        "take an origin's turn",
        () =>
          this.#store.takeTurn(this.#options.queue, origin, {
            origin,
            ...this.#options.rules(origin, task),
          }),
      );
      if (answer.waitMs > 0) {
        yield* this.#sleepUnlessStopped(answer.waitMs);
        continue;
      }
      // The turn is the holder's (a redirect's, a crawled link's after its robots.txt): its
      // request's `sending` counts from it, not from the turn before it.
      if (holder !== undefined && this.#leased.has(holder)) {
        this.#holdTurn(holder, origin, task, answer);
      }
      return;
    }
  }

  /**
   * A redirect of the held job `id` to `origin`, which its place under `perHost` follows (see
   * `PgStore.redirectTurn`): it waits for the origin's turn and for a place there, as a job claimed
   * there would, and holds it until it ends. While the origin's `perHost` is taken it looks again
   * when a fetch ends (a `NOTIFY`), or every 50 ms, as a claim does, and the worker keeps nothing
   * in hand: a job claimed ahead holds a place (maybe the one awaited) while it waits for a slot
   * that fetches waiting so may never give back. A stop ends the wait.
   */
  *#redirectTurn(origin: string, task: string, id: number): Generator<Effect, void> {
    const { queue, worker } = this.#options;
    const rule = { origin, ...this.#options.rules(origin, task) };
    while (!this.#stopping) {
      yield* this.#untilUnpaused(origin);
      if (this.#stopping) return;
      const wakes = this.#wakes;
      const answer = yield* this.#retrying(
        "take a redirect's turn",
        () => this.#store.redirectTurn(queue, origin, id, worker, rule),
      );
      if (answer.waitMs === 0 && !answer.full) {
        if (!this.#leased.has(id)) return; // it ended meanwhile (a shutdown gave it back)
        this.#leased.set(id, origin);
        this.#holdTurn(id, origin, task, answer);
        return;
      }
      if (answer.full) this.#giveBackClaimed(keepNone);
      if (answer.waitMs > 0) yield* this.#sleepUnlessStopped(answer.waitMs);
      else if (this.#wakes === wakes) yield* this.#sleep(50);
    }
  }

  /**
   * The held job `id` holds the turn `answer` granted at `origin`: its request's write there
   * confirms it when the origin is paced, and has nothing to confirm when not.
   */
  #holdTurn(id: number, origin: string, task: string, answer: TurnAnswer): void {
    const rule = { gapMs: answer.gapMs ?? 0, jitterMs: answer.jitterMs ?? 0 };
    if (answer.nextStart === undefined || (rule.gapMs === 0 && rule.jitterMs === 0)) {
      this.#pacedClaims.delete(id);
    } else this.#pacedClaims.set(id, pacedTurn(origin, task, rule, answer.nextStart));
  }

  *again(id: number, delayMs: number, nested: boolean): Generator<Effect, FrontierEntry<P>> {
    if (!this.#leased.has(id)) throw new TypeError(`Cannot go again: job ${id} is not held`);
    // The same job, queued again for its next attempt (still reserved): once the report has put it
    // back, the claim below takes it when its time has come.
    this.retryAfter(id, delayMs);
    return yield* this.#claimReserved(id, nested);
  }

  /**
   * Claims the job reserved for this worker once its turn has come. Cancelled before (its
   * coroutine stopped waiting), the job goes: nobody else may claim it, and an open job would keep
   * `--drain` workers waiting for ever.
   */
  *#claimReserved(id: number, nested: boolean): Generator<Effect, FrontierEntry<P>> {
    const { queue, worker } = this.#options;
    const fetch = this.#reserved.get(id);
    let claimed: FrontierEntry<P> | undefined;
    try {
      for (;;) {
        // Paused here, maybe not yet in the database: not claimed until the pause ends.
        const pausedMs = fetch === undefined ? 0 : this.#pausedMs(fetch.origin);
        if (pausedMs > 0) {
          yield* this.#sleep(pausedMs);
          continue;
        }
        const [job] = yield* this.#retrying(
          "claim a job",
          () => this.#store.claim(queue, worker, 1, this.#leaseMs, { id, nested }),
          // A claim whose answer was lost may have leased it: back to the queue, to claim again.
          () => this.#store.releaseUnknown(worker, this.#knownIds(), id),
        );
        if (job === undefined) {
          yield* this.#untilReservedTurn(id, fetch?.url);
          continue;
        }
        const decoded = this.#entryOf(job);
        if ("problem" in decoded) {
          // Failed at once (and warned): it will never come back, so waiting on would hang.
          this.#reserved.delete(id);
          throw new Error(`Cannot fetch ${job.url || `job ${id}`}: ${decoded.problem}`);
        }
        if (this.#pausedMs(decoded.origin) > 0) {
          // Paused while the claim was out: back to the queue, the same attempt, until it ends.
          this.#pending.released.push(id);
          this.#report();
          continue;
        }
        claimed = decoded;
        this.#leased.set(claimed.id, nested ? undefined : claimed.origin);
        if (job.paced) this.#pacedClaims.set(claimed.id, pacedClaim(job));
        return claimed;
      }
    } finally {
      if (claimed === undefined && this.#reserved.has(id)) this.#drop(id);
    }
  }

  /**
   * Waits until the reserved job's turn may have come: its time, or its origin's next start or
   * pause's end (a `NOTIFY` of new work does not bring those sooner); held back by the origin's
   * `perHost` or another claim, 50 ms or until a `NOTIFY` (a slot freed). Throws when the job
   * left the queue: this worker was out of touch for longer than its lease, and was taken for gone
   * (the reaper removed the job; the job whose callback waits for it went back to the queue with
   * its own lease). Waiting on would wait for ever.
   */
  *#untilReservedTurn(id: number, url: string | undefined): Generator<Effect, void> {
    const waitMs = yield* this.#retrying(
      "look for a job",
      () => this.#store.reservedWaitMs(this.#options.worker, id),
    );
    if (waitMs === undefined) {
      this.#reserved.delete(id);
      throw new Error(
        `Cannot fetch ${url || `job ${id}`}: its job left the queue (this worker did not reach ` +
          "the database for longer than its lease, and was taken for gone)",
      );
    }
    yield* (waitMs <= 0 ? this.#sleep(50) : this.#sleepUnlessStopped(waitMs));
  }

  /**
   * Sleeps `ms`, or until a stop: a `NOTIFY` cannot bring a known time sooner, so only a stop wakes
   * it (not every fetch that ends, as the waits for work are).
   */
  *#sleepUnlessStopped(ms: number): Generator<Effect, void> {
    if (!this.#stopping) yield* sleepOn(ms, this.#stopWakers, "waiting for its time");
  }

  /** Removes a reserved job nobody waits for any more. */
  #drop(id: number): void {
    this.#reserved.delete(id);
    this.#pending.dropped.push(id);
    this.#report();
  }

  /** A stop gives back what a worker held: a task's job to the queue, a coroutine's job goes. */
  #giveBack(id: number): void {
    if (this.#reserved.delete(id)) this.#pending.dropped.push(id);
    else this.#pending.released.push(id);
  }

  /**
   * Claims the save path of a held job's fetch, for every worker of the queue (see
   * `PgStore.claimSave`): one round trip, before the body is read. A claim of a job that does not
   * end done is given up with its report.
   *
   * @param id The job, held.
   * @param claim The path and its folders, the task, the URL.
   * @returns Undefined when the path is the job's to save; else the save it met.
   */
  *claimSave(id: number, claim: SaveClaim): Generator<Effect, HeldSave | undefined> {
    return yield* this.#retrying("claim a save path", () => this.#store.claimSave(id, claim));
  }

  turnUnused(id: number): void {
    const paced = this.#pacedClaims.get(id);
    const nextStart = paced?.nextStart;
    if (nextStart === undefined) return; // no turn of a paced origin held
    // Given back: a request the job still wrote would take a turn of its own (`sending`).
    paced!.nextStart = undefined;
    paced!.tookAtMs = -Infinity;
    this.#pending.unusedTurns.push({ origin: paced!.origin, nextStart });
    this.#report();
  }

  done(id: number): void {
    this.#finished(id, this.#pending.done);
  }

  leftOut(id: number): void {
    this.#finished(id, this.#pending.leftOut);
  }

  /** A held job ended done or left out: it goes to `outcomes` of the next report. */
  #finished(id: number, outcomes: number[]): void {
    if (!this.#unlease(id)) return;
    this.#reserved.delete(id);
    outcomes.push(id);
    this.#report();
    this.#wakeAll();
  }

  /**
   * A connect Deno or the system refused is this process's want, not the job's: another worker may
   * run it.
   */
  givesBack(error: unknown): boolean {
    return isNotPermitted(error);
  }

  failed(id: number, error?: unknown): void {
    if (!this.#unlease(id)) return;
    // A fetch cut off by a stopping worker is not a failure: another worker does it.
    if (this.#stopping) this.#giveBack(id);
    else if (this.givesBack(error)) {
      this.#notForThisWorker(
        id,
        `Job ${id} of queue "${this.#options.queue}" went back to the queue, as this worker ` +
          `may not fetch it: ${messageOf(error)}`,
      );
    } else {
      this.#reserved.delete(id);
      this.#pending.failed.push({ id, error: error === undefined ? "failed" : messageOf(error) });
    }
    this.#report();
    this.#wakeAll();
  }

  /**
   * A job this worker cannot run through no fault of its own (a task this worker's config lacks, a
   * host Deno does not let this process reach): failing it would fail every such job of the queue
   * (a worker left on an older config, or started with narrower flags), so it goes back to the
   * queue, for a worker that can run it, and this one stops, saying why.
   */
  #notForThisWorker(id: number, why: string): void {
    this.#giveBack(id);
    this.#report();
    this.#stopWith(new Error(why));
  }

  retryAfter(id: number, delayMs: number, payload?: P): void {
    if (!this.#unlease(id)) return;
    this.#pending.retries.push({
      id,
      delayMs,
      payload: payload === undefined ? null : this.#options.codec.encode(payload),
    });
    this.#report();
    this.#wakeAll();
  }

  retryWaitMs(origin: string, _task: string, delayMs: number): number {
    // The pauses this worker made or heard of: the database's own is the same, told by `NOTIFY`.
    // The origin's pacing is the database's, shared by every worker: not known here.
    return Math.max(delayMs, this.#pausedMs(origin));
  }

  pauseOrigin(origin: string, forMs: number): void {
    // Reported before the jobs it gives back (one transaction, or an earlier one), so no other
    // worker claims them inside the pause.
    this.#pending.pauses.push({ origin, forMs });
    this.#hold(origin, forMs);
    this.#report();
  }

  /** A pause another worker (or this one) committed, told by `NOTIFY`. */
  #heardPause(text: string): void {
    let pause: { queue?: unknown; origin?: unknown; ms?: unknown };
    try {
      pause = JSON.parse(text);
    } catch {
      return;
    }
    if (pause.queue !== this.#options.queue || typeof pause.origin !== "string") return;
    if (typeof pause.ms === "number" && pause.ms > 0) this.#hold(pause.origin, pause.ms);
  }

  /**
   * Holds an origin for `forMs`: nothing of it starts here until then. The jobs of it claimed
   * ahead go back to the queue (the database's pause keeps every worker's claims off them) rather
   * than wait here, leased, for a pause that may last minutes.
   */
  #hold(origin: string, forMs: number): void {
    const until = performance.now() + forMs;
    if (until > (this.#pausedUntil.get(origin) ?? 0)) this.#pausedUntil.set(origin, until);
    this.#giveBackClaimed((entry) => entry.origin !== origin);
  }

  /**
   * Another worker of the queue has a free slot and found nothing to claim: what this one claimed
   * ahead beyond its own free slots goes back to the queue, for that worker to start now, rather
   * than wait here for a slot (at a queue's tail, as long as a fetch) holding `perHost` places.
   */
  #heardShort(): void {
    const free = Math.max(0, this.#options.concurrency - this.#leased.size);
    const kept = new Set(this.#claimed.slice(0, free));
    this.#giveBackClaimed((entry) => kept.has(entry));
  }

  /** Gives the jobs claimed ahead that `keep` refuses back to the queue, unstarted. */
  #giveBackClaimed(keep: (entry: FrontierEntry<P>) => boolean): void {
    const kept = this.#claimed.filter(keep);
    if (kept.length === this.#claimed.length) return;
    for (const entry of this.#claimed) {
      if (keep(entry)) continue;
      this.#pending.released.push(entry.id);
      this.#pacedClaims.delete(entry.id);
    }
    this.#claimed.splice(0, this.#claimed.length, ...kept);
    this.#report();
  }

  /**
   * A heartbeat sent at `sentAt` for the jobs `asked` extended those of `extended`: the jobs in hand
   * it extended are confirmed from then; those it did not are no longer this worker's (their leases
   * ran out while it was cut off, and another worker may hold them), and are dropped unstarted.
   */
  #confirmHand(asked: Set<number>, extended: Set<number>, sentAt: number): void {
    const lost = this.#claimed.filter((entry) => asked.has(entry.id) && !extended.has(entry.id));
    for (const entry of this.#claimed) {
      if (extended.has(entry.id)) this.#confirmedAt.set(entry, sentAt);
    }
    this.#dropFromHand(lost);
  }

  /**
   * Drops the jobs in hand whose leases were last confirmed longer ago than the lease, less a
   * quarter of it (for the request still to go out, and a heartbeat slow to answer): another worker
   * may hold them now, and a request started here would be a second at once, outside every
   * origin's `perHost`. What has started cannot be called back (at least once); this starts nothing
   * more of them.
   */
  #dropLapsed(): void {
    const now = performance.now();
    const startableMs = this.#leaseMs * 3 / 4;
    this.#dropFromHand(
      this.#claimed.filter((entry) => now - (this.#confirmedAt.get(entry) ?? now) >= startableMs),
    );
  }

  /**
   * Drops jobs in hand that may not be this worker's any more. Nothing is reported for them: a
   * release sent later could give back the same job claimed here again meanwhile. Their leases
   * (run out, or about to) give them to the next claim, this worker's or another's.
   */
  #dropFromHand(entries: readonly FrontierEntry<P>[]): void {
    if (entries.length === 0) return;
    const dropped = new Set(entries);
    this.#claimed.splice(
      0,
      this.#claimed.length,
      ...this.#claimed.filter((entry) => !dropped.has(entry)),
    );
    for (const entry of entries) this.#pacedClaims.delete(entry.id);
    const [what, whose, them] = entries.length === 1
      ? ["1 job", "its lease", "it"]
      : [`${entries.length} jobs`, "their leases", "them"];
    this.#options.warn(
      `Worker ${this.#options.worker} drops ${what} it claimed ahead, unstarted: ${whose} ran ` +
        `out while it could not reach the database; the next claim takes ${them}`,
    );
  }

  /** Waits until `origin` is not paused here, or a stop. */
  *#untilUnpaused(origin: string): Generator<Effect, void> {
    for (;;) {
      const pausedMs = this.#pausedMs(origin);
      if (pausedMs <= 0 || this.#stopping) return;
      yield* this.#sleepUnlessStopped(pausedMs);
    }
  }

  /**
   * Forgets the pauses that ended, whatever their origins (with the heartbeat): one is forgotten
   * when its origin is asked about, and a worker that meets many origins asks about few of them
   * again, so it would keep one for every origin it ever saw paused.
   */
  #forgetEndedPauses(): void {
    const now = performance.now();
    for (const [origin, until] of this.#pausedUntil) {
      if (until <= now) this.#pausedUntil.delete(origin);
    }
  }

  /**
   * The origins paused here, and those whose pause ended since the last heartbeat (for a test that
   * they go).
   */
  get pausedOrigins(): string[] {
    return [...this.#pausedUntil.keys()];
  }

  /** How long `origin` is still paused here, in milliseconds (0: not paused). */
  #pausedMs(origin: string): number {
    const until = this.#pausedUntil.get(origin);
    if (until === undefined) return 0;
    const left = until - performance.now();
    if (left > 0) return left;
    this.#pausedUntil.delete(origin);
    return 0;
  }

  close(): void {
    // A worker's queue is never closed by its run: `drain` or a stop ends `take`.
  }

  /** Jobs claimed that this worker's config could not run (failed at once, each warned). */
  get refused(): number {
    return this.#refused;
  }

  /**
   * Fetches this worker ended (done, left out or failed) after its lease on them had run out and
   * another worker had taken them over: the database kept that worker's ending, not this one's.
   */
  get endedLate(): number {
    return this.#endedLate;
  }

  /**
   * Fetches this worker ended (done or failed) whose ends it could not report (it stopped while the
   * database was away): the database counts them for nobody, and other workers do them again.
   */
  get unreportedEnds(): number {
    return this.#pending.done.length + this.#pending.failed.length;
  }

  counts(): FrontierCounts {
    // The database's depth is `corun status`'s to count: here, what this worker holds.
    return { queued: this.#claimed.length, leased: this.#leased.size };
  }

  /** Claims what the free slots can take; with nothing to claim, sleeps until there may be. */
  *#claimOrSleep(): Generator<Effect, void> {
    if (this.#stopping) {
      this.#ended = true;
      return;
    }
    const want = this.#wanted();
    if (want <= 0) {
      // Every slot is held (fetches a callback makes count too): wait for one to end.
      yield* this.#sleep(this.#idleMs);
      return;
    }
    const wakes = this.#wakes;
    let sentAt = performance.now();
    const jobs = yield* this.#retrying(
      "claim jobs",
      () => {
        sentAt = performance.now();
        return this.#store.claim(this.#options.queue, this.#options.worker, want, this.#leaseMs);
      },
      // A claim whose answer was lost may have committed: give back what this worker holds in
      // the database but never received, rather than leave it to its lease.
      () => this.#store.releaseUnknown(this.#options.worker, this.#knownIds()),
    );
    this.#keepClaimed(jobs, sentAt);
    if (jobs.length > 0) this.#toldShort = undefined;
    if (this.#claimed.length > 0) return;
    // Nothing ready: make sure our own reports are in before judging the queue empty. Given up
    // on, the worker is stopping: `take` throws why, or ends (its stop says what is left undone).
    if (!(yield* call(() => this.#flushAll(), "report to the database"))) return;
    const queue = this.#options.queue;
    const open = yield* this.#retrying("count open jobs", () => this.#store.openWork(queue));
    if (this.#options.drain && !open.queued && !open.leased && this.#leased.size === 0) {
      this.#ended = true;
      return;
    }
    // Leased jobs may be another worker's claimed ahead, waiting in its hand for a slot of its own
    // (at a queue's tail, a whole fetch), and holding places under their origin's `perHost`: the
    // workers with no free slot give them back when told, for this one's free slot.
    if (open.leased && this.#shouldTellShort()) {
      const told = { wakes: this.#wakes, atMs: performance.now() };
      yield* this.#retrying("ask for jobs claimed ahead", () => this.#store.tellShort(queue));
      this.#toldShort = told;
    }
    // A NOTIFY heard while it looked (another worker's last report, say): what it counted may be
    // out of date already; look again now rather than sleep through the news.
    if (this.#wakes !== wakes) return;
    // Due now yet not claimed: its origin is at its perHost (a report's NOTIFY wakes this sooner)
    // or another worker was claiming from it; look again shortly, not in a tight loop.
    const dueMs = open.nextDueMs ?? this.#idleMs;
    yield* this.#sleep(Math.min(this.#idleMs, dueMs <= 0 ? 50 : Math.max(5, dueMs)));
  }

  /**
   * Whether an idle worker tells the queue it is short again. The database cannot tell a job
   * claimed ahead from one started, so being told is all it has: once, and again on news (a
   * worker claims ahead as a fetch of its own ends, and that fetch's report wakes this one), or
   * after `idleMs` (a claim ahead that landed just after the last telling, with no news since).
   */
  #shouldTellShort(): boolean {
    const told = this.#toldShort;
    return told === undefined || told.wakes !== this.#wakes ||
      performance.now() - told.atMs >= this.#idleMs;
  }

  /** Jobs to claim now: the free slots, and a few in hand beyond them. */
  #wanted(): number {
    return this.#options.concurrency + this.#ahead - this.#leased.size - this.#claimed.length;
  }

  /**
   * Claims in the background while the worker still has jobs in hand, so the claim's round trip
   * overlaps fetches instead of a free slot waiting for it.
   */
  #claimAhead(): void {
    const want = this.#wanted();
    if (this.#claiming || this.#stopping || want <= 0) return;
    this.#claiming = true;
    const { queue, worker } = this.#options;
    const sentAt = performance.now();
    this.#claimingAhead = this.#store.claim(queue, worker, want, this.#leaseMs).then(
      (jobs) => {
        this.#keepClaimed(jobs, sentAt);
        this.#cleared();
      },
      (error) => {
        if (!isTransientError(error)) {
          this.#stopWith(this.#cannot("claim jobs", error));
          return;
        }
        // The next claim in the foreground retries; what this one may have leased goes back.
        this.#trouble("claim jobs", error);
        return this.#store.releaseUnknown(worker, this.#knownIds()).then(() => {}, () => {});
      },
    ).finally(() => {
      this.#claiming = false;
      this.#claimingAhead = undefined;
      this.#wakeWaiting();
    });
  }

  /**
   * Keeps the claimed jobs that can run here, to be handed out (the others fail at once). A job of
   * an origin paused here goes back: the claim may have left before the pause was committed.
   * `sentAt`: when the claim was sent, from which their leases run.
   */
  #keepClaimed(jobs: readonly ClaimedJob[], sentAt: number): void {
    const released = this.#pending.released.length;
    for (const job of jobs) {
      const entry = this.#entryOf(job);
      if ("problem" in entry) continue;
      if (this.#pausedMs(entry.origin) > 0) this.#pending.released.push(entry.id);
      else {
        this.#claimed.push(entry);
        this.#confirmedAt.set(entry, sentAt);
        if (job.paced) this.#pacedClaims.set(entry.id, pacedClaim(job));
      }
    }
    if (this.#pending.released.length > released) this.#report();
  }

  /** Lets every coroutine waiting for the claim under way look again. */
  #wakeWaiting(): void {
    for (const parked of this.#waiting.splice(0)) parked.give();
  }

  /**
   * A claimed job as an entry, or why it cannot run here: it has then failed at once, or (a task of
   * another config) gone back to the queue as this worker stops.
   */
  #entryOf(job: ClaimedJob): FrontierEntry<P> | { problem: string } {
    const decoded = this.#options.codec.decode(job.payload, job);
    if ("problem" in decoded && decoded.notMine) {
      this.#notForThisWorker(
        job.id,
        `Queue "${this.#options.queue}" holds job ${job.id} (${job.url || "no URL"}) of ` +
          `another config: ${decoded.problem}; it went back to the queue, for a worker with ` +
          "that config",
      );
      return decoded;
    }
    if ("problem" in decoded) {
      this.#refused++;
      this.#options.warn(`Job ${job.id} (${job.url || "no URL"}): ${decoded.problem}`);
      this.#pending.failed.push({ id: job.id, error: decoded.problem });
      this.#report();
      return decoded;
    }
    return {
      id: job.id,
      origin: job.origin,
      task: job.task,
      attempt: job.attempt,
      notBeforeMs: 0,
      payload: decoded.payload,
      crawl: job.crawl,
    };
  }

  /** Sleeps up to `ms`, or until a `NOTIFY` for the queue or a stop. */
  *#sleep(ms: number): Generator<Effect, void> {
    yield* sleepOn(ms, this.#wakers, "waiting for work");
  }

  /**
   * Waits up to `ms` before a report is tried again, or until a stop: a stop must not wait out a
   * backoff grown during an outage (up to 30 s) before it tries its last time. Nothing else ends
   * it, or every fetch that ends would send another report into the outage at once.
   */
  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#stopWakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#stopWakers.add(wake);
    });
  }

  #wakeAll(): void {
    this.#wakes++;
    for (const wake of this.#wakers) wake();
  }

  /** Wakes every wait: the sleeps for work and the report's backoff. */
  #wakeForStop(): void {
    this.#wakeAll();
    for (const wake of this.#stopWakers) wake();
  }

  /** Sends the outcomes gathered so far, one batch at a time (the next gathers meanwhile). */
  #report(): void {
    // A pause goes at once: until it commits, other workers still start the origin's fetches.
    if (this.#pending.pauses.length > 0) {
      clearTimeout(this.#reportTimer);
      this.#reportTimer = undefined;
      this.#reportNow();
      return;
    }
    if (this.#reporting !== undefined || this.#reportTimer !== undefined) return;
    // Outcomes of the next few milliseconds go in the same transaction: one a fetch would cost the
    // worker and the database more CPU than the fetch.
    this.#reportTimer = setTimeout(() => {
      this.#reportTimer = undefined;
      this.#reportNow();
    }, REPORT_EVERY_MS);
  }

  #reportNow(): void {
    if (this.#reporting !== undefined) return;
    this.#reporting = this.#sendPending().then((sent) => {
      this.#reporting = undefined;
      if (!sent) this.#gaveUp = true;
      else if (!isEmpty(this.#pending)) this.#report(); // gathered while this batch was out
    });
  }

  /**
   * Sends the gathered outcomes; false when a stopping worker gave up on a lost database, or the
   * server refused a report. Only a transient error is retried: a statement the server rejects
   * would be rejected again, for ever.
   */
  async #sendPending(): Promise<boolean> {
    for (let attempt = 0; !isEmpty(this.#pending); attempt++) {
      if (this.#reportRefused !== undefined) return false;
      const batch = this.#pending;
      this.#pending = emptyOutcomes();
      this.#sending = batch;
      try {
        this.#endedLate += await this.#store.report(
          this.#options.queue,
          this.#options.worker,
          batch,
        );
        this.#sending = emptyOutcomes();
        this.#cleared();
        return true;
      } catch (error) {
        this.#sending = emptyOutcomes();
        this.#pending = mergeOutcomes(batch, this.#pending);
        if (!isTransientError(error)) {
          this.#reportRefused = this.#cannot("report how its fetches ended", error);
          this.#stopWith(this.#reportRefused);
          return false;
        }
        this.#trouble("report how its fetches ended", error);
        if (this.#ended && attempt >= 2) return false;
        await this.#pause(databaseRetryMs(attempt));
      }
    }
    return true;
  }

  /**
   * Waits until every outcome gathered so far is in the database.
   *
   * @returns False when it gave up: the server refused a report, or a stopping worker's database
   *   is lost.
   */
  async #flushAll(): Promise<boolean> {
    this.#gaveUp = false;
    clearTimeout(this.#reportTimer);
    this.#reportTimer = undefined;
    while (this.#reporting !== undefined || !isEmpty(this.#pending)) {
      if (this.#reporting === undefined) this.#reportNow();
      await this.#reporting;
      if (this.#gaveUp) return false;
    }
    return true;
  }

  /**
   * What a worker that gave up reporting leaves undone, and why: a refused report's error, unless
   * `take` threw it already (the worker's exit line said it).
   */
  #unreported(): Error {
    const left = outcomeIds(this.#pending).length;
    const refused = this.#reportRefused;
    // A server that refused a report still answers: the stop hands the leases back
    // (`reportRefused`). A lost one leaves them to run out.
    const lost = left === 0
      ? "Cannot report a pause an origin asked for to the database"
      : `Cannot report ${left} fetch outcomes to the database; ` +
        `${refused === undefined ? "their leases run out and " : ""}other workers do them again`;
    if (refused === undefined || (this.#fatalThrown && this.#fatal === refused)) {
      return new Error(lost);
    }
    return new Error(`${refused.message}; ${lost[0].toLowerCase()}${lost.slice(1)}`, {
      cause: refused.cause,
    });
  }

  /** The ids this worker holds, has claimed, or has ended but not yet reported. */
  #knownIds(): number[] {
    return [
      ...this.#leased.keys(),
      ...this.#claimed.map((entry) => entry.id),
      ...outcomeIds(this.#pending),
      ...outcomeIds(this.#sending),
    ];
  }

  /**
   * Runs a database call, retrying with backoff while the connection is lost; `recover` runs before
   * each retry.
   */
  *#retrying<T>(
    what: string,
    invoke: () => Promise<T>,
    recover?: () => Promise<unknown>,
  ): Generator<Effect, T> {
    for (let attempt = 0;; attempt++) {
      try {
        if (attempt > 0 && recover !== undefined) yield* call(recover, what);
        const result = yield* call(invoke, what);
        this.#cleared();
        return result;
      } catch (error) {
        if (!isTransientError(error)) throw this.#cannot(what, error);
        this.#trouble(what, error);
        yield* this.#sleep(databaseRetryMs(attempt));
      }
    }
  }

  /** The error a worker stops with when the server rejects a statement (not retried). */
  #cannot(what: string, error: unknown): Error {
    return new Error(
      `Worker ${this.#options.worker} cannot ${what}: ${describe(error, this.#store.url)}`,
      {
        cause: error,
      },
    );
  }

  #trouble(what: string, error: unknown): void {
    if (this.#troubleSince !== undefined) return; // said once per outage
    this.#troubleSince = Date.now();
    this.#options.warn(
      `Worker ${this.#options.worker} cannot ${what}: ${
        describe(error, this.#store.url)
      }; retrying with backoff`,
    );
  }

  #cleared(): void {
    if (this.#troubleSince === undefined) return;
    const seconds = ((Date.now() - this.#troubleSince) / 1000).toFixed(1);
    this.#troubleSince = undefined;
    this.#options.warn(
      `Worker ${this.#options.worker} reaches the database again (after ${seconds}s)`,
    );
  }
}

/** The turn of a paced origin a job holds: which, since when, how long its request may wait. */
interface PacedClaim {
  origin: string;
  /** The job's task: its rule of the origin, should the queue have none. */
  task: string;
  /** When this worker got the turn (performance.now()). */
  tookAtMs: number;
  graceMs: number;
  /** The longest time between two of the origin's starts: its gap and its jitter. */
  turnMs: number;
  /** The origin's next start the turn set: it may be moved while the origin's is still that. */
  nextStart: string | undefined;
}

/**
 * The longest a paced job's request may follow the moment its worker got the turn and still go out
 * on it: about as long as the database's answer takes to come back (under 1 ms at the median here,
 * 2.6 ms at the 90th percentile, with three busy workers on two cores), which no worker can take
 * back either. Opening a connection takes longer
 * (4–5 ms here, the first request of each): with 50 ms, such requests went out on their claim's
 * turn, and reached the server up to 10 ms after it.
 */
const TURN_GRACE_MS = 2;

/**
 * A paced job's turn, as its claim took it. It holds for a request written within the grace of it:
 * the gaps the server sees shrink by that much at most (and by the time the claim's answer took
 * to come back). A tenth of the gap (the least time between starts; none for an origin of jitter
 * alone), and no more than {@linkcode TURN_GRACE_MS}.
 */
function pacedClaim(job: ClaimedJob): PacedClaim {
  return pacedTurn(job.origin, job.task, job, job.nextStart);
}

/** A paced origin's turn taken now under `rule` (a claim's, or a `turnAt`'s for a held job). */
function pacedTurn(
  origin: string,
  task: string,
  rule: { gapMs: number; jitterMs: number },
  nextStart: string | undefined,
): PacedClaim {
  return {
    origin,
    task,
    tookAtMs: performance.now(),
    graceMs: Math.min(TURN_GRACE_MS, rule.gapMs / 10),
    turnMs: rule.gapMs + rule.jitterMs,
    nextStart,
  };
}

/** The job holds a turn taken now (moved, or taken again), which set the origin's `nextStart`. */
function tookTurn(paced: PacedClaim, nextStart: string | undefined): void {
  paced.tookAtMs = performance.now();
  paced.nextStart = nextStart;
}

/** Whether a request written now starts on the turn: taken within its grace. */
function isFresh(paced: PacedClaim): boolean {
  return performance.now() - paced.tookAtMs <= paced.graceMs;
}

/** Keeps no entry (see `PgFrontier.#giveBackClaimed`). */
function keepNone(): boolean {
  return false;
}

/**
 * An error's message and code, for a line a person reads; the client's codes that say nothing to a
 * person are put in words instead (see `databaseErrorText`).
 */
function describe(error: unknown, url: string | undefined): string {
  const message = messageOf(error);
  const text = databaseErrorText(error, url);
  if (text !== message) return text;
  const code = codeOf(error);
  return code !== undefined && !message.includes(code) ? `${message} (${code})` : message;
}

function urlOf(payload: unknown): string {
  const url = (payload as { url?: unknown })?.url;
  return typeof url === "string" ? url : "";
}

/** The jobs whose end (or give-back) `outcomes` reports. */
function outcomeIds(outcomes: Outcomes): number[] {
  return [
    ...outcomes.done,
    ...outcomes.leftOut,
    ...outcomes.released,
    ...outcomes.failed.map(({ id }) => id),
    ...outcomes.retries.map(({ id }) => id),
  ];
}

function isEmpty(outcomes: Outcomes): boolean {
  return outcomes.links.length + outcomes.done.length + outcomes.leftOut.length +
      outcomes.failed.length + outcomes.retries.length + outcomes.released.length +
      outcomes.dropped.length + outcomes.pauses.length + outcomes.unusedTurns.length === 0;
}

function mergeOutcomes(a: Outcomes, b: Outcomes): Outcomes {
  return {
    links: [...a.links, ...b.links],
    done: [...a.done, ...b.done],
    leftOut: [...a.leftOut, ...b.leftOut],
    failed: [...a.failed, ...b.failed],
    retries: [...a.retries, ...b.retries],
    released: [...a.released, ...b.released],
    dropped: [...a.dropped, ...b.dropped],
    pauses: [...a.pauses, ...b.pauses],
    unusedTurns: [...a.unusedTurns, ...b.unusedTurns],
  };
}

/**
 * Sleeps up to `ms`, or until one of `wakers` is called (each sleep adds its own while it sleeps).
 *
 * @param ms The longest sleep.
 * @param wakers Where the sleep's waker waits to be called.
 * @param label What the task waits on, for the live view.
 */
function sleepOn(ms: number, wakers: Set<() => void>, label: string): Operation<void> {
  return action<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    const wake = () => resolve();
    wakers.add(wake);
    return () => {
      clearTimeout(timer);
      wakers.delete(wake);
    };
  }, label);
}
