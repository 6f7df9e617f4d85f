/**
 * The books of a run's fetches: how many each task has put into the frontier and how they ended, so
 * a task ends when its last fetch does; which fetches are in flight (for the live view); and which
 * fetches wait for a retry (their metadata lines, should the run end). The links `ctx.enqueue` puts
 * pass the run's crawl rules first (`crawl_rules.ts`).
 * @module
 */
import { codeOf, type Effect, messageOf, taskFailureText } from "../loop/mod.ts";
import type { NewEntry } from "../frontier/mod.ts";
import type { HttpResponse } from "../http/mod.ts";
import { withoutCredentials } from "../net/mod.ts";
import { CrawlRules, type EnqueueRefusal } from "./crawl_rules.ts";
import { checkEnqueueSave } from "./enqueue_save.ts";
import type { RunEnv } from "./env.ts";
import type { FetchItem } from "./fetch_item.ts";
import { keptForNextRun } from "./kept_partial.ts";
import { cancelledFetchError, fetchRecordOf } from "./fetch_record_of.ts";
import { FetchStopwatch } from "./fetch_stopwatch.ts";
import {
  type ActiveFetch,
  type FetchLeftOut,
  type FetchSummary,
  type ItemCounts,
  type KeptPartial,
  type LeftOutReason,
  LISTED_FAILED_FETCHES,
  type TaskOutcome,
} from "./report.ts";
import { type ContentRange, parseContentRange } from "./resume.ts";
import type { TaskTable } from "./task_table.ts";
import { queuedOriginOf } from "./url_origin.ts";

/** The fetches of one task. */
interface TaskFetches {
  counts: ItemCounts;
  /** Put and not ended yet. */
  open: number;
  /** Still putting (its list is being read, or its coroutine runs and may enqueue). */
  producing: boolean;
  /** More than one fetch (a list, a pattern, enqueued links): the result has item counts. */
  many: boolean;
  /** How the task's own work ended (a custom task that threw), beside its fetches. */
  ownError?: { code?: string; message: string };
  /** The task's own work was cut off by a cancel. */
  ownCancelled?: boolean;
  firstError?: { code?: string; message: string };
  stopwatch?: FetchStopwatch;
}

interface InFlight {
  task: string;
  url: string;
  startMs: number;
  response?: HttpResponse;
  /** The fetch itself, for its metadata line should the run end while it waits for a retry. */
  item: FetchItem;
  /** The status an earlier attempt received, until this one's response arrives. */
  earlierStatus?: number;
  /** The range of a 206 continuing bytes an earlier attempt kept: its progress is the whole body's. */
  continuedRange?: ContentRange;
  /** The crawl of a shared queue's job (see `FrontierEntry.crawl`): its links join it. */
  crawl?: number;
}

/** A fetch back in the frontier, waiting to be tried again: sent, so it has a metadata line. */
interface AwaitingRetry {
  item: FetchItem;
  /** The last status it received, when one arrived. */
  lastStatus?: number;
}

/** How a run's fetch books are kept. */
export interface FetchBookOptions {
  /**
   * The fetches come from a queue other workers share (`corun worker`): a fetch waiting for its
   * retry stays there for any worker, and is not this run's to end. @default false
   */
  sharedFrontier?: boolean;
}

/** How a fetch ended: done, failed, cancelled, or left out once started (see `CrawlRules.redirectGate`). */
export type FetchEnd =
  | { summary: FetchSummary }
  | {
    error: unknown;
    /** It would have gone again, but it made all its `retries`, this many (see `AttemptEnd`). */
    retriesSpent?: number;
    /** What it got, when its attempt ended (see `AttemptEnd`): a single URL's task keeps it. */
    fetch?: FetchSummary;
  }
  | { cancelled: true }
  /**
   * Given back to a shared queue, for a worker that may run it (`Frontier.givesBack`): counted as
   * cancelled, as its metadata line says, while the frontier is told `error`, which gives it back.
   */
  | { givenBack: unknown }
  /** Left out once started: disallowed by robots.txt, or its redirect refused. */
  | { leftOut: FetchLeftOut };

/** The run's fetch books. */
export class FetchBook {
  readonly #table: TaskTable;
  readonly #env: RunEnv;
  /** Told when a task's last fetch (and its own work) ended: set by the runner that starts tasks. */
  onTaskEnd: (index: number, outcome: TaskOutcome) => void = () => {};
  readonly #tasks = new Map<number, TaskFetches>();
  readonly #inFlight = new Map<number, InFlight>();
  /** Fetches of this run waiting in its own frontier for a retry, by frontier id. */
  readonly #awaitingRetry = new Map<number, AwaitingRetry>();
  readonly #sharedFrontier: boolean;
  /**
   * The crawl rules the links of its tasks obey: what `enqueue` queues, where a crawled link's
   * redirects may go, which links ask robots.txt and which go without their task's credentials.
   */
  readonly crawlRules: CrawlRules;
  #done = 0;
  #failed = 0;
  /** Failed fetches of many-URL tasks kept for the report (at most `LISTED_FAILED_FETCHES`). */
  #listedFailures = 0;
  /** Fetches cut off or never started, their task or the run cancelled (all that `settle` ends). */
  #cancelled = 0;
  /**
   * Body bytes of the attempts no longer in flight, however each ended (done, failed, cancelled, or
   * going again): what arrived stays received, so the run's total never goes down.
   */
  #bytesReceived = 0;

  /**
   * Opens the books of a run.
   *
   * @param table The run's tasks.
   * @param env The run's shared services.
   * @param options Whether the frontier is shared with other workers.
   */
  constructor(table: TaskTable, env: RunEnv, options: FetchBookOptions = {}) {
    this.#table = table;
    this.#env = env;
    this.#sharedFrontier = options.sharedFrontier ?? false;
    this.crawlRules = new CrawlRules(table, env, this.#sharedFrontier);
  }

  /**
   * Opens the books of a task about to put fetches (or run, for a custom task).
   *
   * @param index The task's position.
   * @param many The task has a list or pattern (its result has item counts).
   */
  open(index: number, many: boolean): void {
    const fetches: TaskFetches = {
      counts: { total: 0, done: 0, failed: 0, cancelled: 0, skipped: 0 },
      open: 0,
      producing: true,
      many,
    };
    if (this.#env.virtualTime) fetches.stopwatch = new FetchStopwatch();
    this.#tasks.set(index, fetches);
    if (many) this.#table.detail(index).items = fetches.counts;
    this.crawlRules.open(index);
  }

  /**
   * Puts one fetch of a task into the frontier (waits while the frontier is full).
   *
   * @param item The fetch.
   * @param options `wait: false`: queued even when the frontier is full.
   */
  *put(item: FetchItem, options?: { wait?: boolean }): Generator<Effect, void> {
    yield* this.putAll([item], options);
  }

  /**
   * Puts fetches of a task into the frontier in order, each waiting while the frontier is full: one
   * generator for a batch of a list, not one for each of its lines.
   *
   * @param items The fetches.
   * @param options `wait: false`: queued even when the frontier is full.
   */
  *putAll(items: readonly FetchItem[], options?: { wait?: boolean }): Generator<Effect, void> {
    for (const item of items) {
      const entry = this.#counted(item);
      let queued = false;
      try {
        yield* this.#env.frontier.put(entry, options);
        queued = true;
      } finally {
        if (!queued) this.#uncounted(item);
      }
    }
  }

  /** Counts a fetch about to be put into the frontier, and makes its frontier entry. */
  #counted(item: FetchItem, parent?: number): NewEntry<FetchItem> {
    const fetches = this.#tasks.get(item.task)!;
    const spec = this.#table.specs[item.task];
    fetches.counts.total++;
    fetches.open++;
    if (fetches.counts.total === 2 && !fetches.many) {
      fetches.many = true;
      this.#table.detail(item.task).items = fetches.counts;
    }
    const origin = queuedOriginOf(item);
    this.crawlRules.queued(item, origin, fetches.many);
    this.#table.detail(item.task).waitingFor ??= "queued";
    return { origin, task: spec.name, payload: item, parent };
  }

  /**
   * A fetch given up while it waited for room (a `moveOnAfter` around a custom task's
   * `ctx.enqueue`): never queued, so it never ends; still counted, it would hold its task open
   * forever.
   */
  #uncounted(item: FetchItem): void {
    const fetches = this.#tasks.get(item.task)!;
    fetches.counts.total--;
    fetches.open--;
  }

  /**
   * Notes that a task has put every fetch of its own (its list is read; its coroutine returned).
   *
   * @param index The task's position.
   * @param own How the task's own work ended, when not well (a custom task that threw or was
   *   cancelled).
   */
  producerDone(index: number, own?: { error: unknown } | { cancelled: true }): void {
    const fetches = this.#tasks.get(index)!;
    fetches.producing = false;
    if (own !== undefined && "error" in own) {
      // A task's own code failed (or its list could not be read): said as a bug in it is found.
      fetches.ownError = { code: codeOf(own.error), message: taskFailureText(own.error) };
    }
    if (own !== undefined && "cancelled" in own) fetches.ownCancelled = true;
    this.#endIfDone(index, fetches);
  }

  /**
   * Ends every unfinished task (the run was interrupted with fetches of it still queued, or its
   * list still being read), its fetches that never ended counted as cancelled, so the report's
   * item counts add up and every view hears of its end; and writes the metadata line of each fetch
   * that was waiting for a retry (sent, unlike a fetch still queued), `CANCELLED`.
   */
  async settle(): Promise<void> {
    // Sent, so cut off as one in flight is (its line, written below, says so too).
    for (const { item } of this.#awaitingRetry.values()) {
      this.#cutOff(item, this.#tasks.get(item.task)!);
    }
    for (const [index, fetches] of this.#tasks) {
      if (this.#table.ended(index)) continue;
      // A worker of a shared queue ends jobs it did not put, and what it put stays queued for any
      // worker: its count of open fetches says nothing of what this run cut off.
      if (!this.#sharedFrontier) {
        this.#cancelled += fetches.open;
        fetches.counts.cancelled += fetches.open;
      }
      fetches.open = 0;
      // Cut off before it put every fetch (a list half read, a shared queue a worker left
      // undrained): not every URL was fetched, even when every one put so far was.
      if (fetches.producing) fetches.ownCancelled = true;
      fetches.producing = false;
      // A task under way ends as any task does (its task-end: the plain line, the trace); one that
      // never started ends cancelled without a start, as a skipped task does (a mark in a trace).
      if (this.#table.started(index)) this.#endIfDone(index, fetches);
      else this.#endUnstarted(index, fetches);
    }
    await this.#recordCancelledRetries();
  }

  /**
   * The stopwatch counting a task's real fetch time, under a virtual clock.
   *
   * @param index The task's position.
   * @returns The stopwatch, or undefined in real time.
   */
  stopwatch(index: number): FetchStopwatch | undefined {
    return this.#tasks.get(index)?.stopwatch;
  }

  /**
   * Notes that an attempt at a fetch starts (the task starts with its first).
   *
   * @param id The frontier entry's id.
   * @param item The fetch.
   * @param origin The entry's origin (a crawl's seed when the item is the task's own).
   * @param startMs `performance.now()` as the attempt starts (its elapsed time in a live view).
   * @param crawl The crawl of a shared queue's job (`FrontierEntry.crawl`).
   */
  started(
    id: number,
    item: FetchItem,
    origin: string,
    startMs = performance.now(),
    crawl?: number,
  ): void {
    const index = item.task;
    this.crawlRules.started(item, origin);
    const waited = this.#awaitingRetry.get(id);
    this.#awaitingRetry.delete(id);
    if (!this.#table.started(index)) {
      const atMs = this.#env.elapsedMs();
      this.#table.start(index, atMs);
      this.#table.detail(index).waitingFor = undefined;
      const spec = this.#table.specs[index];
      this.#env.emit({ type: "task-start", name: spec.name, kind: spec.kind, atMs });
    }
    this.#inFlight.set(id, {
      task: this.#table.specs[index].name,
      url: item.url,
      startMs,
      item,
      earlierStatus: waited?.lastStatus,
      crawl,
    });
  }

  /**
   * Keeps the response of a fetch in flight, for its body's progress.
   *
   * @param id The frontier entry's id.
   * @param response Its response.
   */
  responded(id: number, response: HttpResponse): void {
    const flight = this.#inFlight.get(id);
    if (flight === undefined) return;
    flight.response = response;
    if (response.redirects > 0) this.crawlRules.redirected(flight.item, flight.crawl, response.url);
    // Only a request for what a kept partial lacks sends a Range of corun's (never the user's own).
    flight.continuedRange = response.status === 206 && flight.item.partial !== undefined
      ? parseContentRange(response.headers.get("content-range"))
      : undefined;
  }

  /**
   * Notes that a fetch goes back into the frontier to be tried again later.
   *
   * @param id The frontier entry's id.
   */
  retryScheduled(id: number): void {
    const flight = this.#landed(id);
    if (flight === undefined || this.#sharedFrontier) return;
    const lastStatus = flight.response?.status ?? flight.earlierStatus;
    this.#awaitingRetry.set(id, { item: flight.item, lastStatus });
  }

  /**
   * Records how a fetch ended, and ends its task if that was the last.
   *
   * @param id The frontier entry's id.
   * @param item The fetch.
   * @param end Its summary, or its error.
   */
  ended(
    id: number,
    item: FetchItem,
    end: FetchEnd,
  ): void {
    this.#landed(id);
    const fetches = this.#tasks.get(item.task)!;
    fetches.open--;
    if ("leftOut" in end) {
      // Left out once it started (a crawled link that redirected off the crawl's origins, or that
      // robots.txt disallows): counted as a link the rules refused is, so not in the total, nor
      // against `maxFetches`. A worker of a shared queue counts in its total only what it put, and
      // this job may be another's.
      if (!this.#sharedFrontier) fetches.counts.total--;
      countLeftOut(fetches.counts, end.leftOut);
    } else if ("summary" in end) {
      this.#done++;
      fetches.counts.done++;
      if (end.summary.unchanged) fetches.counts.unchanged = (fetches.counts.unchanged ?? 0) + 1;
      if (item.depth === 0 && !fetches.many) this.#table.detail(item.task).fetch = end.summary;
    } else if ("error" in end) {
      this.#failed++;
      fetches.counts.failed++;
      if (item.depth === 0 && !fetches.many && end.fetch) {
        this.#table.detail(item.task).fetch = end.fetch;
      }
      // A single URL's failure is its task's own error; a list's are named, the run's first few.
      const listed = fetches.many && this.#listedFailures < LISTED_FAILED_FETCHES;
      // Made only when kept: a list of 100,000 failures needs its first and the listed ones.
      if (listed || fetches.firstError === undefined) {
        const error = errorRecord(end.error, end.retriesSpent);
        fetches.firstError ??= error;
        if (listed) {
          this.#listedFailures++;
          const url = withoutCredentials(item.url);
          (this.#table.detail(item.task).failedFetches ??= []).push({ url, error });
        }
      }
    } else {
      // Cancelled, or given back to a shared queue: either way not this run's failure.
      this.#cancelled++;
      fetches.counts.cancelled++;
      // A single URL's task line says what its metadata line says of a partial kept. A fetch
      // given back to a shared queue is not cut off: another worker's line tells its end.
      const kept = item.depth === 0 && !fetches.many ? keptForNextRun(item) : undefined;
      if (kept !== undefined) this.#table.detail(item.task).keptPartial = kept;
      if ("cancelled" in end) this.#cutOff(item, fetches, kept);
    }
    this.#endIfDone(item.task, fetches);
  }

  /**
   * Puts a URL a task's callback found, when the task's crawl rules allow it.
   *
   * @param index The task's position.
   * @param fromDepth The depth of the fetch whose callback found it (-1 for a custom task's own).
   * @param url An absolute http(s) URL.
   * @param save A save template of its own.
   * @param parent The frontier entry of the fetch whose callback found it (none for a custom
   *   task's own).
   * @returns Why it was left out, or undefined when queued.
   * @throws {EnqueueSaveError} When it could not be saved where it would go (see `checkEnqueueSave`).
   */
  *enqueue(
    index: number,
    fromDepth: number,
    url: string,
    save: string | undefined,
    parent?: number,
  ): Generator<Effect, EnqueueRefusal | undefined> {
    const spec = this.#table.specs[index];
    // Checked before any rule that may leave it out: a wrong save is wrong for every URL.
    checkEnqueueSave(
      url,
      { name: spec.name, save: spec.kind === "fetch" ? spec.save : undefined },
      save,
    );
    const fetches = this.#tasks.get(index)!;
    const crawl = this.#crawlIdOf(parent);
    const link = this.crawlRules.admit(index, fromDepth, url, crawl, fetches.counts.total);
    if (link === "invalid") return link;
    if (typeof link === "string") {
      countLeftOut(fetches.counts, link);
      // A task whose every link was refused still reports them.
      this.#table.detail(index).items ??= fetches.counts;
      return link;
    }
    // Fetched as first spelled, without its fragment (never sent anyway): most often the very
    // string the crawl's seen pages keep.
    const item: FetchItem = { task: index, url: link.page.url, depth: link.depth };
    if (save !== undefined) item.save = save;
    const entry = this.#counted(item, parent);
    let queued = false;
    try {
      // Found by a callback, which holds a slot: queue it without waiting for room.
      yield* this.#env.frontier.put(entry, { wait: fromDepth < 0 });
      queued = true;
    } finally {
      // Given up while it waited for room: not queued, so not seen either; it may come again.
      if (!queued) {
        this.#uncounted(item);
        this.crawlRules.withdraw(index, link);
      }
    }
    return undefined;
  }

  /**
   * The fetches in flight and the totals, for a live view.
   *
   * @returns Counts, bytes, and the fetches in flight, oldest first.
   */
  progress(): {
    done: number;
    failed: number;
    cancelled: number;
    bytes: number;
    active: ActiveFetch[];
  } {
    const now = performance.now();
    let bytes = this.#bytesReceived;
    const active: ActiveFetch[] = [];
    for (const flight of this.#inFlight.values()) {
      // Decoded bytes so far, as an attempt that ended counts them (`#landed`).
      bytes += flight.response?.body.bytesRead ?? 0;
      active.push({
        task: flight.task,
        url: flight.url,
        ...bodyProgress(flight),
        elapsedMs: now - flight.startMs,
      });
    }
    return { done: this.#done, failed: this.#failed, cancelled: this.#cancelled, bytes, active };
  }

  /** Takes an attempt out of the fetches in flight, its body's bytes kept as received. */
  #landed(id: number): InFlight | undefined {
    const flight = this.#inFlight.get(id);
    if (flight === undefined) return undefined;
    this.#inFlight.delete(id);
    this.#bytesReceived += flight.response?.body.bytesRead ?? 0;
    return flight;
  }

  /**
   * The crawl a link joins: on a worker of a shared queue, that of the job whose callback found it;
   * in a run (undefined), the run's own.
   */
  #crawlIdOf(parent: number | undefined): number | undefined {
    return this.#sharedFrontier && parent !== undefined
      ? this.#inFlight.get(parent)?.crawl
      : undefined;
  }

  /**
   * A sent fetch the run or its task cut off: a single URL's task has its metadata line's error
   * (`CANCELLED`, the URL, why, what is kept), so a report tells what was cut off; a many-URL
   * task's cancelled fetches are counted (`items.cancelled`).
   */
  #cutOff(item: FetchItem, fetches: TaskFetches, kept?: KeptPartial): void {
    if (item.depth !== 0 || fetches.many) return;
    this.#table.detail(item.task).error = errorRecord(
      cancelledFetchError(this.#env, item.url, kept),
    );
  }

  /** Ends a task none of whose fetches started, cancelled with the run; it stays unstarted. */
  #endUnstarted(index: number, fetches: TaskFetches): void {
    const detail = this.#table.detail(index);
    detail.waitingFor = undefined;
    if (fetches.stopwatch) detail.realFetchMs = fetches.stopwatch.totalMs;
    this.onTaskEnd(index, "cancelled");
  }

  /** Writes a `CANCELLED` line for each fetch the run ended while it waited for a retry. */
  async #recordCancelledRetries(): Promise<void> {
    const waiting = [...this.#awaitingRetry.values()];
    this.#awaitingRetry.clear();
    const log = this.#env.metadata;
    if (log === undefined) return;
    for (const { item, lastStatus } of waiting) {
      const spec = this.#table.specs[item.task];
      const startedAtMs = item.firstStartedAtMs ?? Date.now();
      const record = fetchRecordOf({
        task: spec.name,
        url: item.url,
        method: spec.kind === "fetch" ? spec.request.method : "GET",
        response: undefined,
        attempts: item.sent ?? 1,
        bytes: 0,
        sha256: null,
        savedPath: null,
        bodyMs: 0,
        writeMs: 0,
        startedAtMs,
        // Its total time runs from its first attempt, as a fetch's does (kept in wall time).
        startMs: performance.now() - (Date.now() - startedAtMs),
        error: cancelledFetchError(this.#env, item.url),
      });
      record.status = lastStatus ?? null;
      await log.append(record);
    }
  }

  #endIfDone(index: number, fetches: TaskFetches): void {
    if (fetches.producing || fetches.open > 0 || this.#table.ended(index)) return;
    const detail = this.#table.detail(index);
    detail.waitingFor = undefined;
    if (fetches.stopwatch) detail.realFetchMs = fetches.stopwatch.totalMs;
    const { counts } = fetches;
    let outcome: TaskOutcome = "done";
    if (fetches.ownError !== undefined) {
      outcome = "failed";
      detail.error = fetches.ownError;
    } else if (counts.failed > 0) {
      outcome = "failed";
      const first = fetches.firstError!;
      detail.error = fetches.many
        ? {
          code: first.code,
          message:
            `${counts.failed} of ${counts.total} fetches failed; the first: ${first.message}`,
        }
        : first;
    } else if (counts.cancelled > 0 || fetches.ownCancelled) {
      outcome = "cancelled";
    }
    if (!this.#table.started(index)) {
      // Ended before its first fetch (an empty list, one that cannot be read): start it too, so
      // every task-end has its task-start.
      const atMs = this.#env.elapsedMs();
      this.#table.start(index, atMs);
      const spec = this.#table.specs[index];
      this.#env.emit({ type: "task-start", name: spec.name, kind: spec.kind, atMs });
    }
    this.onTaskEnd(index, outcome);
  }
}

/**
 * The error a task reports for a failed fetch; one that would have gone again but for its retries
 * says so, with the setting that allows more.
 */
function errorRecord(error: unknown, retriesSpent?: number): { code?: string; message: string } {
  const message = messageOf(error);
  if (retriesSpent === undefined) return { code: codeOf(error), message };
  const tried = retriesSpent === 0 ? "once" : `${retriesSpent + 1} times`;
  return {
    code: codeOf(error),
    message: `${message}; tried ${tried}, as retries (${retriesSpent}) allows`,
  };
}

/**
 * How far a fetch's body is, like with like: bytes as they come on the wire (a compressed body's
 * before decoding) against its length on the wire, and for a 206 that continues kept bytes, the
 * whole body's (its Content-Range's complete length, the bytes counted from the range's start).
 */
function bodyProgress(
  flight: InFlight,
): Pick<ActiveFetch, "bytes" | "keptBytes" | "totalBytes"> {
  const response = flight.response;
  if (response === undefined) return { bytes: 0, keptBytes: 0, totalBytes: null };
  const received = response.body.rawBytesRead;
  const range = flight.continuedRange;
  if (range !== undefined) {
    return {
      bytes: range.first + received,
      keptBytes: range.first,
      totalBytes: range.complete ?? null,
    };
  }
  return { bytes: received, keptBytes: 0, totalBytes: response.body.declaredLength };
}

/** Counts a URL a crawl left out, in `skipped` and by why (`items.leftOut`). */
function countLeftOut(counts: ItemCounts, why: LeftOutReason): void {
  counts.skipped++;
  const leftOut = counts.leftOut ??= {};
  leftOut[why] = (leftOut[why] ?? 0) + 1;
}
