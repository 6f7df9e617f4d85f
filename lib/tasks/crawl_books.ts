/**
 * What a crawl remembers: the pages it has seen (a link to one of them is not queued again) and,
 * on a worker of a shared queue, how many links each task put (`crawl.maxFetches`). A run is one
 * crawl. A worker is one run that lasts for months and takes the pages of many crawls (every
 * submit or schedule fire, with the links found from it, is one): its books are kept per crawl, so
 * one crawl's pages never hold back another's links, and a cap reached once is not reached for
 * ever. Only the most recently used crawls are kept ({@linkcode KEPT_CRAWLS}): one it comes back to
 * after that starts a book afresh, and the database still queues each of its links once.
 * @module
 */

/** What one crawl has seen and put. */
export interface CrawlBook {
  /** Pages seen, by `crawlPageOf` key. */
  readonly seen: Set<string>;
  /** Links put by each task (by position), on a worker of a shared queue. */
  readonly linksPut: Map<number, number>;
  /** Tasks whose `crawl.maxFetches` this crawl reached (the run was told, once each). */
  readonly capped: Set<number>;
}

/**
 * Crawls a worker keeps books for. A worker takes fetches of few crawls at once (a queue serves
 * the oldest submit or fire first); each book holds at most about `crawl.maxFetches` pages a task.
 */
export const KEPT_CRAWLS = 16;

/** The books of a run's crawls: the run's own, or those of the crawls a worker takes part in. */
export class CrawlBooks {
  /** The run's own crawl (every page of a run that is no worker's), made when first needed. */
  #own: CrawlBook | undefined;
  /** A worker's crawls by id, the least recently used first. */
  readonly #byCrawl = new Map<number, CrawlBook>();
  readonly #keep: number;
  /** The crawl asked for last, and its book: most calls ask for the same one again. */
  #last: { crawl: number; book: CrawlBook } | undefined;

  /** @param keep Crawls of a worker kept at most. @default KEPT_CRAWLS */
  constructor(keep = KEPT_CRAWLS) {
    this.#keep = keep;
  }

  /**
   * The book of a crawl, made when new. A worker's crawl becomes its most recently used; past
   * `keep`, the least recently used is forgotten.
   *
   * @param crawl The crawl's id in a shared queue; undefined for the run's own.
   * @returns Its book.
   */
  of(crawl: number | undefined): CrawlBook {
    if (crawl === undefined) return this.#own ??= newBook();
    if (this.#last?.crawl === crawl) return this.#last.book;
    let book = this.#byCrawl.get(crawl);
    if (book !== undefined) this.#byCrawl.delete(crawl);
    else {
      book = newBook();
      if (this.#byCrawl.size >= this.#keep) {
        this.#byCrawl.delete(this.#byCrawl.keys().next().value!);
      }
    }
    this.#byCrawl.set(crawl, book);
    this.#last = { crawl, book };
    return book;
  }

  /** A worker's crawls with a book now (the run's own is not counted). */
  get crawlCount(): number {
    return this.#byCrawl.size;
  }
}

function newBook(): CrawlBook {
  return { seen: new Set(), linksPut: new Map(), capped: new Set() };
}
