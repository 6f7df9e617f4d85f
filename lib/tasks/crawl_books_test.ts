import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { CrawlBooks, KEPT_CRAWLS } from "./crawl_books.ts";

Deno.test("a worker keeps the books of its most recently used crawls only", () => {
  const books = new CrawlBooks();
  const first = books.of(1);
  for (let crawl = 2; crawl <= 10 * KEPT_CRAWLS; crawl++) {
    books.of(crawl).seen.add("page");
    books.of(1); // used again and again: kept
  }
  assertEquals(books.crawlCount, KEPT_CRAWLS, "a worker of months keeps no book for every crawl");
  assert(books.of(1) === first);
  assert(books.of(2).seen.size === 0, "forgotten long ago: a fresh book");
});

Deno.test("a run's own crawl is one book, never forgotten", () => {
  const books = new CrawlBooks(1);
  const own = books.of(undefined);
  books.of(1);
  books.of(2);
  assert(books.of(undefined) === own);
  assertEquals(books.crawlCount, 1);
});
