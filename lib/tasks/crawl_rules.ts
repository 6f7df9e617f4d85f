/**
 * The crawl rules of a run: which links `ctx.enqueue` queues (URLs seen before in the crawl, depth,
 * allowed origins, `crawl.maxFetches`), where a crawled link's redirects may go, which crawled
 * links ask robots.txt, and which go without their task's credentials (an origin only a redirect
 * led to). A run is one crawl; a worker of a shared queue keeps them per crawl (see
 * `crawl_books.ts`). How many fetches a task has and how they ended is `fetch_book.ts`'s.
 * @module
 */
import { isCredentialHeader } from "../http/mod.ts";
import { type CrawlBook, CrawlBooks } from "./crawl_books.ts";
import type { RunEnv } from "./env.ts";
import type { FetchItem } from "./fetch_item.ts";
import type { FetchLeftOut, LeftOutReason } from "./report.ts";
import { RobotsGate } from "./robots_gate.ts";
import type { CrawlSpec, TaskSpec } from "./spec.ts";
import type { TaskTable } from "./task_table.ts";
import { type CrawlPage, crawlPageOf, originOf, upgradedOrigin } from "./url_origin.ts";

/** Why `enqueue` left a URL out, or undefined when it was queued. */
export type EnqueueRefusal = Exclude<LeftOutReason, FetchLeftOut> | "invalid";

/** A link the crawl rules let in: seen in its crawl from now on, unless it is withdrawn. */
export interface AdmittedLink {
  /** The page, as fetched: first spelled, without its fragment. */
  readonly page: CrawlPage;
  /** Links followed to reach it. */
  readonly depth: number;
  /** The book of the crawl it joined. */
  readonly book: CrawlBook;
}

/** Where one task's crawl may go, and with what. */
interface TaskCrawl {
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
  /** A link of it was refused for its origin: the run was told, once. */
  originRefused?: true;
}

/** The crawl rules of a run's tasks, and what they remember. */
export class CrawlRules {
  readonly #table: TaskTable;
  readonly #env: RunEnv;
  readonly #sharedFrontier: boolean;
  readonly #tasks = new Map<number, TaskCrawl>();
  /**
   * Pages put by tasks that may enqueue (crawl dedup), by `crawlPageOf` key (most often the very
   * string an enqueued fetch carries as its URL), and a worker's links put: the run's, or a worker's
   * per crawl.
   */
  readonly #books = new CrawlBooks();
  /** The sites of the origins refused links were compared with (`#sameSiteAsAllowed`). */
  readonly #sites = new Map<string, string>();
  /**
   * A worker's one-URL crawling tasks' own URLs (and where they landed), seen in every crawl: it
   * never put them, and they belong to every submit. Made when first needed.
   */
  #sharedSeeds: Set<string> | undefined;
  /** The robots.txt rules of the origins crawled links go to (made at the first such link). */
  #robots: RobotsGate | undefined;

  /**
   * Makes the crawl rules of a run.
   *
   * @param table The run's tasks.
   * @param env The run's shared services.
   * @param sharedFrontier The fetches come from a queue other workers share (`corun worker`).
   */
  constructor(table: TaskTable, env: RunEnv, sharedFrontier: boolean) {
    this.#table = table;
    this.#env = env;
    this.#sharedFrontier = sharedFrontier;
  }

  /**
   * Starts the crawl of a task about to put fetches (or run, for a custom task).
   *
   * @param index The task's position.
   */
  open(index: number): void {
    const crawl: TaskCrawl = {};
    this.#tasks.set(index, crawl);
    if (this.#sharedFrontier) this.#knowSharedSeed(index, crawl);
  }

  /**
   * A worker of a shared queue puts none of its tasks' own URLs: another worker may fetch the one
   * URL of a task that crawls. Known from the config, it is still a seen page (a link back to it is
   * not queued again) and its origin one the crawl may go to.
   */
  #knowSharedSeed(index: number, crawl: TaskCrawl): void {
    const spec = this.#table.specs[index];
    if (spec.kind !== "fetch" || spec.urls !== undefined || !this.#crawls(spec)) return;
    namedOrigin(crawl, originOf(spec.request.url));
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
   * Notes a fetch about to be put into the frontier: a crawl's own URL names an origin its links
   * may go to, and is a page seen.
   *
   * @param item The fetch.
   * @param origin Its frontier entry's origin.
   * @param many Its task has more than one fetch.
   */
  queued(item: FetchItem, origin: string, many: boolean): void {
    if (item.depth !== 0 || !this.#crawls(this.#table.specs[item.task])) return;
    namedOrigin(this.#tasks.get(item.task)!, origin);
    // A list's or pattern's own URLs are not remembered: a million would stay in memory.
    if (!many) this.#books.of(undefined).seen.add(crawlPageOf(item.url)?.key ?? item.url);
  }

  /**
   * Notes that an attempt at a fetch starts: a crawl's own URL names an origin its links may go
   * to. A worker of a shared queue never put its task's own URLs: they are its crawl's seeds too.
   * Nor need it have fetched them: a link another worker queued was on an origin its crawl allowed.
   *
   * @param item The fetch.
   * @param origin The entry's origin (a crawl's seed when the item is the task's own).
   */
  started(item: FetchItem, origin: string): void {
    const index = item.task;
    if ((item.depth === 0 || this.#sharedFrontier) && this.#crawls(this.#table.specs[index])) {
      const crawl = this.#tasks.get(index);
      if (crawl !== undefined && item.depth === 0) namedOrigin(crawl, origin);
      else if (crawl !== undefined) (crawl.seedOrigins ??= new Set()).add(origin);
    }
  }

  /**
   * Notes that a fetch was redirected. A crawl's own URL that redirected (http:// to https://www.,
   * say): links on the page it landed on are the crawl's own too, as they would be had the task
   * named that page. And a page the crawl remembers is seen where it landed too.
   *
   * @param item The fetch.
   * @param crawl The crawl of a shared queue's job (`FrontierEntry.crawl`).
   * @param url Where it landed.
   */
  redirected(item: FetchItem, crawl: number | undefined, url: string): void {
    if (item.depth === 0) this.#seedLandedAt(item.task, url);
    this.#seeLanding(item, crawl, url);
  }

  /**
   * Judges a URL a task's callback found by the task's crawl rules. One let in is seen in its crawl
   * from now on (and, on a worker, counted against `crawl.maxFetches`): {@linkcode withdraw} it if
   * it is not put after all.
   *
   * @param index The task's position.
   * @param fromDepth The depth of the fetch whose callback found it (-1 for a custom task's own).
   * @param url An absolute http(s) URL.
   * @param crawl The crawl of the shared queue's job whose callback found it; undefined in a run.
   * @param taskFetches Fetches its task has put in all (what a run's `crawl.maxFetches` counts).
   * @returns Why it is left out, or the link to put.
   */
  admit(
    index: number,
    fromDepth: number,
    url: string,
    crawl: number | undefined,
    taskFetches: number,
  ): EnqueueRefusal | AdmittedLink {
    const spec = this.#table.specs[index];
    const rules = this.#crawlOf(spec);
    const depth = fromDepth + 1;
    const page = crawlPageOf(url);
    if (page === undefined) return "invalid";
    const book = this.#books.of(crawl);
    const refusal = this.#refusal(index, rules, page, depth, book, taskFetches);
    if (refusal === "cap") this.#capReached(index, spec, rules, book);
    else if (refusal === "origin") this.#originRefused(index, spec, rules, page.origin);
    if (refusal !== undefined) return refusal;
    book.seen.add(page.key);
    if (this.#sharedFrontier) book.linksPut.set(index, (book.linksPut.get(index) ?? 0) + 1);
    return { page, depth, book };
  }

  /** Says a crawl cut short by its cap, once a task and crawl: a user would think it whole. */
  #capReached(index: number, spec: TaskSpec, rules: CrawlSpec, book: CrawlBook): void {
    if (book.capped.has(index)) return;
    book.capped.add(index);
    this.#env.warn(
      `Task "${spec.name}" reached crawl.maxFetches (${rules.maxFetches}): the links it enqueues ` +
        `from now on are left out${this.#sharedFrontier ? " of this crawl" : ""}`,
    );
  }

  /**
   * Says, once a task, that it left out a link for its origin, naming it and `crawl.origins`: a
   * crawl of `https://example.org/` whose pages all link `https://www.example.org/` would end with
   * its seed alone, told only a count of links left out. Only for an origin of the same site as
   * one the crawl may go to (the same host, or one `www.` apart, whatever the scheme and port): a
   * link to another site is what a crawl is meant to leave, and a warning of every crawl that
   * links out would be noise in every cron mail.
   */
  #originRefused(index: number, spec: TaskSpec, rules: CrawlSpec, origin: string): void {
    const crawl = this.#tasks.get(index);
    if (crawl === undefined || crawl.originRefused) return;
    const listed = rules.origins.length > 0;
    if (!this.#sameSiteAsAllowed(origin, listed ? rules.origins : crawl.seedOrigins)) return;
    crawl.originRefused = true;
    const whose = spec.kind === "custom" ? "its first enqueues'" : "its own URLs'";
    this.#env.warn(
      `Task ${JSON.stringify(spec.name)} leaves out links to origins ` +
        (listed ? "crawl.origins does not list" : `other than ${whose}`) +
        `, the first to ${origin}: list the origins to crawl in crawl.origins to follow their links`,
    );
  }

  /**
   * Whether `origin` is of the same site as one of `allowed`: its host the same, or one `www.`
   * apart. The sites of the allowed origins are kept (one parse each), and past
   * {@linkcode SITE_COMPARED_ORIGINS} of them a refused origin is not compared with the rest.
   */
  #sameSiteAsAllowed(origin: string, allowed: Iterable<string> | undefined): boolean {
    const site = siteOf(origin);
    let compared = 0;
    for (const each of allowed ?? []) {
      let known = this.#sites.get(each);
      if (known === undefined) this.#sites.set(each, known = siteOf(each));
      if (known === site) return true;
      if (++compared >= SITE_COMPARED_ORIGINS) return false;
    }
    return false;
  }

  /**
   * Takes back a link let in but given up while it waited for room: not queued, so not seen
   * either; it may come again.
   *
   * @param index The task's position.
   * @param link The link {@linkcode admit} let in.
   */
  withdraw(index: number, link: AdmittedLink): void {
    link.book.seen.delete(link.page.key);
    // One less than now, not than when it was let in: links let in meanwhile stay counted.
    if (this.#sharedFrontier) link.book.linksPut.set(index, link.book.linksPut.get(index)! - 1);
  }

  #refusal(
    index: number,
    rules: CrawlSpec,
    { key, origin }: CrawlPage,
    depth: number,
    book: CrawlBook,
    taskFetches: number,
  ): EnqueueRefusal | undefined {
    const crawl = this.#tasks.get(index)!;
    if (book.seen.has(key) || this.#sharedSeeds?.has(key)) return "seen";
    if (depth > rules.maxDepth) return "depth";
    if (!this.#allowed(crawl, rules, origin, depth)) return "origin";
    // A run counts its task's fetches; a worker, the links it put in this crawl (it put no others).
    const put = this.#sharedFrontier ? book.linksPut.get(index) ?? 0 : taskFetches;
    if (put >= rules.maxFetches) return "cap";
    if (depth === 0) namedOrigin(crawl, origin);
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
    const rules = this.#crawlOf(spec);
    const listed = rules.origins.length > 0;
    // A custom task's enqueues are all of depth 0: with origins listed, they may not leave them.
    if (item.depth === 0 && !(listed && spec.kind === "custom")) return undefined;
    // A worker of a shared queue learns a crawl's origins from the jobs it takes, not from every
    // seed's landing: without a list, it could refuse what another worker would follow.
    if (this.#sharedFrontier && !listed) return undefined;
    const crawl = this.#tasks.get(item.task);
    if (crawl === undefined) return undefined;
    return crawl.redirectGate ??= this.#redirectGateOf(crawl, rules);
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
  #redirectGateOf(crawl: TaskCrawl, rules: CrawlSpec): (url: URL) => string | undefined {
    return (url) =>
      this.#allowed(crawl, rules, url.origin, 1)
        ? undefined
        : `a crawled link may not leave the crawl's origins, and ${url.origin} is not one of them`;
  }

  /** Whether a crawl may go to an origin: a given `crawl.origins` holds at every depth. */
  #allowed(crawl: TaskCrawl, rules: CrawlSpec, origin: string, depth: number): boolean {
    if (rules.origins.length > 0) return rules.origins.includes(origin);
    // Without a list, a custom task's own first enqueues are its seeds: they set where it may go.
    return depth === 0 || (crawl.seedOrigins?.has(origin) ?? false);
  }

  /**
   * A page the run remembers (a crawl's own URL, an enqueued link) that redirected: the page it
   * landed on is seen too, so a link to it (the logo's link home on a seed that redirected to
   * `/en/`) is not fetched again. A list's or pattern's own URLs are not remembered, nor where
   * they land.
   */
  #seeLanding(item: FetchItem, crawl: number | undefined, url: string): void {
    if (!this.#crawls(this.#table.specs[item.task])) return;
    const seen = this.#books.of(this.#sharedFrontier ? crawl : undefined).seen;
    const asked = crawlPageOf(item.url);
    if (asked === undefined) return;
    if (!seen.has(asked.key) && !this.#sharedSeeds?.has(asked.key)) return;
    const landed = crawlPageOf(url);
    if (landed !== undefined) seen.add(landed.key);
  }

  /** Adds the origin a crawl's own URL was redirected to, to those it may crawl. */
  #seedLandedAt(index: number, url: string): void {
    if (!this.#crawls(this.#table.specs[index])) return;
    const crawl = this.#tasks.get(index);
    if (crawl === undefined) return;
    const origin = originOf(url);
    const seeds = crawl.seedOrigins ??= new Set();
    // http://x.org moving to https://x.org is the task's own origin still: TLS proves the host.
    const upgraded = upgradedOrigin(origin);
    if (!seeds.has(origin) && (upgraded === undefined || !seeds.has(upgraded))) {
      (crawl.landedOrigins ??= new Set()).add(origin);
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
    const crawl = this.#tasks.get(item.task);
    const landed = crawl?.landedOrigins;
    const spec = this.#table.specs[item.task];
    if (landed === undefined || this.#crawlOf(spec).origins.length > 0) return true;
    const origin = originOf(item.url);
    if (!landed.has(origin)) return true;
    const warned = crawl!.warnedOrigins ??= new Set();
    if (!warned.has(origin) && taskSendsCredentials(spec)) {
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
}

/**
 * Whether a task sends credentials of its own (the `Authorization` and `Cookie` of its `auth` or
 * headers, and the headers it gave as `{ env }` or `{ file }`), which its links to an origin only
 * a redirect led to go without.
 */
function taskSendsCredentials(spec: TaskSpec): boolean {
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
function namedOrigin(crawl: TaskCrawl, origin: string): void {
  (crawl.seedOrigins ??= new Set()).add(origin);
  crawl.landedOrigins?.delete(origin);
}

/** Past this many origins a crawl may go to, a refused one is not compared with each. */
const SITE_COMPARED_ORIGINS = 256;

/** An origin's host without a leading `www.`. */
function siteOf(origin: string): string {
  const host = URL.parse(origin)?.hostname ?? origin;
  return host.startsWith("www.") ? host.slice(4) : host;
}
