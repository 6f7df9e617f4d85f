/**
 * The books of a run's fetches: how many each task has put into the frontier and how they ended, so
 * a task ends when its last fetch does; which fetches are in flight (for the live view); and the
 * crawl rules `ctx.enqueue` obeys (URLs seen before in the crawl, depth, allowed origins, a cap), and
 * which crawled links ask robots.txt. A run is one crawl; a worker of a shared queue keeps them per
 * crawl (see `crawl_books.ts`).
 * @module
 */
import { codeOf, type Effect, messageOf, taskFailureText } from "../loop/mod.ts";
import type { NewEntry } from "../frontier/mod.ts";
import { type HttpResponse, isCredentialHeader } from "../http/mod.ts";
import { withoutCredentials } from "../net/mod.ts";
import { type CrawlBook, CrawlBooks } from "./crawl_books.ts";
import { checkEnqueueSave } from "./enqueue_save.ts";
import type { RunEnv } from "./env.ts";
import type { FetchItem } from "./fetch_item.ts";
import { keptForNextRun } from "./kept_partial.ts";
import { cancelledFetchError, fetchRecordOf } from "./fetch_record_of.ts";
import { FetchStopwatch } from "./fetch_stopwatch.ts";
import {
  type ActiveFetch,
  type FetchSummary,
  type ItemCounts,
  LISTED_FAILED_FETCHES,
  type TaskOutcome,
} from "./report.ts";
import { type ContentRange, parseContentRange } from "./resume.ts";
import { RobotsGate } from "./robots_gate.ts";
import type { CrawlSpec, TaskSpec } from "./spec.ts";
import type { TaskTable } from "./task_table.ts";
import {
  type CrawlPage,
  crawlPageOf,
  originOf,
  queuedOriginOf,
  upgradedOrigin,
} from "./url_origin.ts";

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
  /** Origins its own URLs have: where a crawl may go when `crawl.origins` is empty. */
  seedOrigins?: Set<string>;
  /**
   * Those of `seedOrigins` that only a redirect of its own URLs led to (none of its URLs names
   * them): its crawled links go there without its credentials (see `sendsCredentials`).
   */
  landedOrigins?: Set<string>;
  /** Those of `landedOrigins` its links went to, without its credentials: the run was told. */
  warnedOrigins?: Set<string>;
  /** Refuses its crawled links' redirects off the crawl's origins (made once, at the first). */
  redirectGate?: (url: URL) => string | undefined;
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

/** Why `enqueue` left a URL out, or undefined when it was queued. */
export type EnqueueRefusal = "seen" | "depth" | "origin" | "cap" | "invalid";

/** How a fetch ended: done, failed, cancelled, or left out once started (see `redirectGate`). */
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
  | { leftOut: true };

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
   * Pages put by tasks that may enqueue (crawl dedup), by `crawlPageOf` key (most often the very
   * string an enqueued fetch carries as its URL), and a worker's links put: the run's, or a worker's
   * per crawl.
   */
  readonly #books = new CrawlBooks();
  /**
   * A worker's one-URL crawling tasks' own URLs (and where they landed), seen in every crawl: it
   * never put them, and they belong to every submit. Made when first needed.
   */
  #sharedSeeds: Set<string> | undefined;
  /** The robots.txt rules of the origins crawled links go to (made at the first such link). */
  #robots: RobotsGate | undefined;
  #done = 0;
  #failed = 0;
  /** Failed fetches of many-URL tasks kept for the report (at most `LISTED_FAILED_FETCHES`). */
  #listedFailures = 0;
  /** Fetches cut off or never started, their task or the run cancelled (all that `settle` ends). */
  #cancelled = 0;
  #bytesDone = 0;

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
    if (this.#sharedFrontier) this.#knowSharedSeed(index, fetches);
  }

  /**
   * A worker of a shared queue puts none of its tasks' own URLs: another worker may fetch the one
   * URL of a task that crawls. Known from the config, it is still a seen page (a link back to it is
   * not queued again) and its origin one the crawl may go to.
   */
  #knowSharedSeed(index: number, fetches: TaskFetches): void {
    const spec = this.#table.specs[index];
    if (spec.kind !== "fetch" || spec.urls !== undefined || !this.#crawls(spec)) return;
    namedOrigin(fetches, originOf(spec.request.url));
    (this.#sharedSeeds ??= new Set()).add(crawlPageOf(spec.request.url)?.key ?? spec.request.url);
  }

  /**
   * Whether a task's own URLs must all be known before the first link it enqueues is judged: its
   * URLs are a list or a pattern, read as the frontier drains, and it crawls without
   * `crawl.origins`, so its links may go to the origins its own URLs name. Known only as they were
   * put, a link to an origin a later line names was refused or followed by how far the list had
   * been read.
   *
   * @param index The task's position.
   * @returns True when the runner must tell its origins ({@linkcode ownOrigin}) before its fetches.
   */
  needsOwnOriginsAhead(index: number): boolean {
    const spec = this.#table.specs[index];
    return spec.kind === "fetch" && spec.urls !== undefined && this.#crawls(spec) &&
      spec.options.crawl.origins.length === 0;
  }

  /**
   * Notes an origin a task's own URLs name, told ahead of its fetches: its links may go there.
   *
   * @param index The task's position.
   * @param origin The origin.
   */
  ownOrigin(index: number, origin: string): void {
    namedOrigin(this.#tasks.get(index)!, origin);
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
    if (item.depth === 0 && this.#crawls(spec)) {
      namedOrigin(fetches, origin);
      // A list's or pattern's own URLs are not remembered: a million would stay in memory.
      if (!fetches.many) this.#books.of(undefined).seen.add(crawlPageOf(item.url)?.key ?? item.url);
    }
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
    for (const [index, fetches] of this.#tasks) {
      if (this.#table.ended(index)) continue;
      this.#cancelled += fetches.open;
      fetches.counts.cancelled += fetches.open;
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
    // A worker of a shared queue never put its task's own URLs: they are its crawl's seeds too. Nor
    // need it have fetched them: a link another worker queued was on an origin its crawl allowed.
    if ((item.depth === 0 || this.#sharedFrontier) && this.#crawls(this.#table.specs[index])) {
      const fetches = this.#tasks.get(index);
      if (fetches !== undefined && item.depth === 0) namedOrigin(fetches, origin);
      else if (fetches !== undefined) (fetches.seedOrigins ??= new Set()).add(origin);
    }
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
    // A crawl's own URL that redirected (http:// to https://www., say): links on the page it landed
    // on are the crawl's own too, as they would be had the task named that page.
    if (flight.item.depth === 0 && response.redirects > 0) {
      this.#seedLandedAt(flight.item.task, response.url);
    }
    if (response.redirects > 0) this.#seeLanding(flight, response.url);
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
    const flight = this.#inFlight.get(id);
    this.#inFlight.delete(id);
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
    this.#inFlight.delete(id);
    const fetches = this.#tasks.get(item.task)!;
    fetches.open--;
    if ("leftOut" in end) {
      // Left out once it started (a crawled link that redirected off the crawl's origins, or that
      // robots.txt disallows): counted as a link the rules refused is, so not in the total, nor
      // against `maxFetches`. A worker of a shared queue counts in its total only what it put, and
      // this job may be another's.
      if (!this.#sharedFrontier) fetches.counts.total--;
      fetches.counts.skipped++;
    } else if ("summary" in end) {
      this.#done++;
      this.#bytesDone += end.summary.bytes;
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
      this.#cancelled++;
      fetches.counts.cancelled++;
      // A single URL's task line says what its metadata line says of a partial kept.
      const kept = item.depth === 0 && !fetches.many ? keptForNextRun(item) : undefined;
      if (kept !== undefined) this.#table.detail(item.task).keptPartial = kept;
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
    const crawl = this.#crawlOf(spec);
    const depth = fromDepth + 1;
    const page = crawlPageOf(url);
    if (page === undefined) return "invalid";
    const book = this.#bookOf(parent);
    const refusal = this.#refusal(fetches, crawl, page, depth, { book, index });
    if (refusal !== undefined) {
      fetches.counts.skipped++;
      // A crawl cut short by its cap is one a user would think whole: said once, with the knob.
      if (refusal === "cap" && !book.capped.has(index)) {
        book.capped.add(index);
        this.#env.warn(
          `Task "${spec.name}" reached crawl.maxFetches (${crawl.maxFetches}): the links it ` +
            `enqueues from now on are left out${this.#sharedFrontier ? " of this crawl" : ""}`,
        );
      }
      // A task whose every link was refused still reports them.
      this.#table.detail(index).items ??= fetches.counts;
      return refusal;
    }
    const seen = book.seen;
    seen.add(page.key);
    const linksPut = (book.linksPut.get(index) ?? 0) + 1;
    if (this.#sharedFrontier) book.linksPut.set(index, linksPut);
    // Fetched as first spelled, without its fragment (never sent anyway): most often the very
    // string the set keeps.
    const item: FetchItem = { task: index, url: page.url, depth };
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
        seen.delete(page.key);
        if (this.#sharedFrontier) book.linksPut.set(index, linksPut - 1);
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
    let bytes = this.#bytesDone;
    const active: ActiveFetch[] = [];
    for (const flight of this.#inFlight.values()) {
      // Decoded bytes, as a fetch that ended counts its body.
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

  /**
   * The book of the crawl a link joins: on a worker of a shared queue, that of the job whose
   * callback found it; in a run, the run's own.
   */
  #bookOf(parent: number | undefined): CrawlBook {
    const crawl = this.#sharedFrontier && parent !== undefined
      ? this.#inFlight.get(parent)?.crawl
      : undefined;
    return this.#books.of(crawl);
  }

  #refusal(
    fetches: TaskFetches,
    crawl: CrawlSpec,
    { key, origin }: CrawlPage,
    depth: number,
    { book, index }: { book: CrawlBook; index: number },
  ): EnqueueRefusal | undefined {
    if (book.seen.has(key) || this.#sharedSeeds?.has(key)) return "seen";
    if (depth > crawl.maxDepth) return "depth";
    if (!this.#allowed(fetches, crawl, origin, depth)) return "origin";
    // A run counts its task's fetches; a worker, the links it put in this crawl (it put no others).
    const put = this.#sharedFrontier ? book.linksPut.get(index) ?? 0 : fetches.counts.total;
    if (put >= crawl.maxFetches) return "cap";
    if (depth === 0) namedOrigin(fetches, origin);
    return undefined;
  }

  /**
   * What keeps a crawled link's redirects on the crawl's origins (where its enqueue may go, by the
   * same rule): a redirect elsewhere ends the fetch, left out. A task's own URLs, a list's and a
   * pattern's may land anywhere (where a seed lands becomes an origin of a crawl without
   * `crawl.origins`), and so may a custom task's enqueues unless `crawl.origins` lists where
   * they may go.
   *
   * @param item The fetch.
   * @returns Why a redirect may not go to a URL (undefined when it may), or undefined for a fetch
   *   that is no crawled link.
   */
  redirectGate(item: FetchItem): ((url: URL) => string | undefined) | undefined {
    const spec = this.#table.specs[item.task];
    const crawl = this.#crawlOf(spec);
    const listed = crawl.origins.length > 0;
    // A custom task's enqueues are all of depth 0: with origins listed, they may not leave them.
    if (item.depth === 0 && !(listed && spec.kind === "custom")) return undefined;
    // A worker of a shared queue learns a crawl's origins from the jobs it takes, not from every
    // seed's landing: without a list, it could refuse what another worker would follow.
    if (this.#sharedFrontier && !listed) return undefined;
    const fetches = this.#tasks.get(item.task);
    if (fetches === undefined) return undefined;
    return fetches.redirectGate ??= this.#redirectGateOf(fetches, crawl);
  }

  /**
   * What reads and obeys robots.txt for a crawled link (enqueued from a callback, or any of a custom
   * task's enqueues) when its task's `crawl.robots` is on. A task's own URLs, a list's and a
   * pattern's never ask: the user named them.
   *
   * @param item The fetch.
   * @returns The run's robots.txt rules, or undefined for a fetch that does not ask them.
   */
  robotsGate(item: FetchItem): RobotsGate | undefined {
    const spec = this.#table.specs[item.task];
    if (item.depth === 0 && spec.kind !== "custom") return undefined;
    if (!this.#crawlOf(spec).robots) return undefined;
    return this.#robots ??= new RobotsGate(this.#env);
  }

  /**
   * The gate of a task's crawled links, the same for every link: listed origins hold at any depth,
   * and without a list a link (depth 1 and on) may go to its seeds' origins. (Made apart from
   * `redirectGate`, whose every call, most with no gate to make, would otherwise make the scope it
   * closes over.)
   */
  #redirectGateOf(fetches: TaskFetches, crawl: CrawlSpec): (url: URL) => string | undefined {
    return (url) =>
      this.#allowed(fetches, crawl, url.origin, 1)
        ? undefined
        : `a crawled link may not leave the crawl's origins, and ${url.origin} is not one of them`;
  }

  /** Whether a crawl may go to an origin: a given `crawl.origins` holds at every depth. */
  #allowed(fetches: TaskFetches, crawl: CrawlSpec, origin: string, depth: number): boolean {
    if (crawl.origins.length > 0) return crawl.origins.includes(origin);
    // Without a list, a custom task's own first enqueues are its seeds: they set where it may go.
    return depth === 0 || (fetches.seedOrigins?.has(origin) ?? false);
  }

  /**
   * A page the run remembers (a crawl's own URL, an enqueued link) that redirected: the page it
   * landed on is seen too, so a link to it (the logo's link home on a seed that redirected to
   * `/en/`) is not fetched again. A list's or pattern's own URLs are not remembered, nor where
   * they land.
   */
  #seeLanding(flight: InFlight, url: string): void {
    const item = flight.item;
    if (!this.#crawls(this.#table.specs[item.task])) return;
    const seen = this.#books.of(this.#sharedFrontier ? flight.crawl : undefined).seen;
    const asked = crawlPageOf(item.url);
    if (asked === undefined) return;
    if (!seen.has(asked.key) && !this.#sharedSeeds?.has(asked.key)) return;
    const landed = crawlPageOf(url);
    if (landed !== undefined) seen.add(landed.key);
  }

  /** Adds the origin a crawl's own URL was redirected to, to those it may crawl. */
  #seedLandedAt(index: number, url: string): void {
    if (!this.#crawls(this.#table.specs[index])) return;
    const fetches = this.#tasks.get(index);
    if (fetches === undefined) return;
    const origin = originOf(url);
    const seeds = fetches.seedOrigins ??= new Set();
    // http://x.org moving to https://x.org is the task's own origin still: TLS proves the host.
    const upgraded = upgradedOrigin(origin);
    if (!seeds.has(origin) && (upgraded === undefined || !seeds.has(upgraded))) {
      (fetches.landedOrigins ??= new Set()).add(origin);
    }
    seeds.add(origin);
  }

  /**
   * Whether a fetch carries its task's credentials (the `Authorization` and `Cookie` of its
   * headers or `auth`). Not a crawled link to an origin that only a redirect of the task's own URLs
   * led to: the redirect went there without them (they stay with their origin, as curl and the
   * Fetch standard keep them), and a server that redirects to a site of its choosing must not get
   * them by the links found there. Its own URLs, a custom task's enqueues, the origins
   * `crawl.origins` lists (the config's own choice) and the https upgrade of an http origin of its
   * own carry them. The run is warned, once per task and origin, of a task with credentials whose
   * links go without them.
   *
   * @param item The fetch.
   * @returns False when its request goes without the task's credentials.
   */
  sendsCredentials(item: FetchItem): boolean {
    if (item.depth === 0) return true;
    const fetches = this.#tasks.get(item.task);
    const landed = fetches?.landedOrigins;
    const spec = this.#table.specs[item.task];
    if (landed === undefined || this.#crawlOf(spec).origins.length > 0) return true;
    const origin = originOf(item.url);
    if (!landed.has(origin)) return true;
    const warned = fetches!.warnedOrigins ??= new Set();
    if (!warned.has(origin) && hasCredentials(spec)) {
      this.#env.warn(
        `Links on ${origin} go without task ${JSON.stringify(spec.name)}'s ` +
          `${credentialsNamed(spec)}: only a redirect led there; list it in ` +
          "crawl.origins to send them",
      );
    }
    warned.add(origin);
    return false;
  }

  #crawls(spec: TaskSpec): boolean {
    return spec.kind === "custom" || (spec.kind === "fetch" && spec.onResponse !== undefined);
  }

  #crawlOf(spec: TaskSpec): CrawlSpec {
    return spec.kind === "fetch" ? spec.options.crawl : this.#env.defaults.crawl;
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

/**
 * Whether a task sends credentials of its own (the `Authorization` and `Cookie` of its `auth` or
 * headers, and the headers it gave as `{ env }` or `{ file }`), which its links to an origin only
 * a redirect led to go without.
 */
function hasCredentials(spec: TaskSpec): boolean {
  if (spec.kind !== "fetch") return false;
  if (spec.request.auth !== undefined) return true;
  const declared = spec.request.credentialHeaders;
  return Object.keys(spec.request.headers).some((name) => isCredentialHeader(name, declared));
}

/** `Authorization and Cookie`, and the task's headers given as `{ env }` or `{ file }` by name. */
function credentialsNamed(spec: TaskSpec): string {
  const names = ["Authorization", "Cookie"];
  if (spec.kind === "fetch") {
    const declared = spec.request.credentialHeaders ?? [];
    for (const name of Object.keys(spec.request.headers)) {
      if (declared.includes(name.toLowerCase()) && !isCredentialHeader(name)) names.push(name);
    }
  }
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** Records an origin a task's own URLs name: its crawl may go there, with its credentials. */
function namedOrigin(fetches: TaskFetches, origin: string): void {
  (fetches.seedOrigins ??= new Set()).add(origin);
  fetches.landedOrigins?.delete(origin);
}
