import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import type { HttpResponse } from "../http/mod.ts";
import { validateConfig } from "../config/mod.ts";
import type { FetchRecord } from "../sinks/mod.ts";
import type { RunEnv } from "./env.ts";
import { FetchBook } from "./fetch_book.ts";
import type { FetchItem } from "./fetch_item.ts";
import type { RunEvent } from "./report.ts";
import { TaskTable } from "./task_table.ts";
import { LISTED_FAILED_FETCHES } from "./report.ts";

/**
 * The books of a run of one fetch task, whose one fetch got a 500 and went back into the frontier
 * for a retry, and the run then ended (interrupted): what the books wrote and told.
 */
async function settledWhileWaiting(sharedFrontier: boolean) {
  const config = validateConfig({
    tasks: [{ name: "pages", fetch: "http://127.0.0.1:9/a", save: "a.html" }],
  }, "inline");
  const table = new TaskTable(config.tasks);
  const lines: FetchRecord[] = [];
  const events: RunEvent[] = [];
  const env = {
    virtualTime: false,
    elapsedMs: () => 0,
    emit: (event: RunEvent) => events.push(event),
    stopping: () => true,
    metadata: { append: (record: FetchRecord) => Promise.resolve(void lines.push(record)) },
    frontier: {
      // deno-lint-ignore require-yield
      *put() {
        return 7;
      },
    },
  } as unknown as RunEnv;
  const book = new FetchBook(table, env, { sharedFrontier });
  const ends: string[] = [];
  book.onTaskEnd = (index, outcome) => ends.push(`${table.specs[index].name} ${outcome}`);
  book.open(0, false);
  const item: FetchItem = { task: 0, url: "http://127.0.0.1:9/a", depth: 0 };
  book.put(item).next();
  book.producerDone(0);
  item.firstStartedAtMs = Date.now();
  book.started(7, item, "http://127.0.0.1:9");
  book.responded(7, { status: 500, body: { bytesRead: 0 } } as HttpResponse);
  item.sent = 1;
  book.retryScheduled(7);
  await book.settle();
  return { lines, ends };
}

Deno.test("a fetch the run ended while it waited for its retry is written CANCELLED, with its status", async () => {
  const { lines, ends } = await settledWhileWaiting(false);
  assertEquals(
    lines.map((line) => [line.url, line.status, line.attempts, line.error?.code]),
    [["http://127.0.0.1:9/a", 500, 1, "CANCELLED"]],
  );
  assertEquals(ends, ["pages cancelled"]);
});

Deno.test("a fetch waiting for its retry in a shared queue is left to the queue, not written CANCELLED", async () => {
  const { lines } = await settledWhileWaiting(true);
  assertEquals(lines, []);
});

Deno.test("the books make an error record only for the failed fetches they keep: the first and those listed", () => {
  const config = validateConfig({
    tasks: [{ name: "pages", fetch: "http://127.0.0.1:9/[1-30]", save: "{1}" }],
  }, "inline");
  const table = new TaskTable(config.tasks);
  const env = {
    virtualTime: false,
    elapsedMs: () => 0,
    emit: () => {},
    frontier: {
      // deno-lint-ignore require-yield
      *put() {
        return 0;
      },
    },
  } as unknown as RunEnv;
  const book = new FetchBook(table, env);
  book.open(0, true);
  const items: FetchItem[] = [];
  for (let n = 1; n <= 30; n++) items.push({ task: 0, url: `http://127.0.0.1:9/${n}`, depth: 0 });
  book.putAll(items).next();
  book.producerDone(0);
  let outcome = "";
  book.onTaskEnd = (_, ended) => outcome = ended;
  let read = 0;
  class CountedError extends Error {
    override get message(): string {
      read++;
      return "the server answered 404";
    }
  }
  for (const [id, item] of items.entries()) {
    book.started(id, item, "http://127.0.0.1:9");
    book.ended(id, item, { error: new CountedError() });
  }
  const result = table.result(0, 0);
  assertEquals([outcome, result.items?.failed], ["failed", 30]);
  assertEquals(result.failedFetches?.length, LISTED_FAILED_FETCHES);
  assertEquals(read, LISTED_FAILED_FETCHES);
});

/**
 * Whether a crawl's link to `link` carries its task's credentials, once its seed `seed` was
 * redirected to `landing`.
 */
function linkCredentials(seed: string, landing: string, link: string) {
  const config = validateConfig({
    tasks: [{ name: "site", fetch: { url: seed, auth: { bearer: "T" } }, onResponse() {} }],
  }, "inline");
  const table = new TaskTable(config.tasks);
  const env = {
    virtualTime: false,
    elapsedMs: () => 0,
    emit: () => {},
    warn: () => {},
    frontier: {
      // deno-lint-ignore require-yield
      *put() {
        return 1;
      },
    },
  } as unknown as RunEnv;
  const book = new FetchBook(table, env);
  book.open(0, true);
  const item: FetchItem = { task: 0, url: seed, depth: 0 };
  book.put(item).next();
  book.started(1, item, new URL(seed).origin);
  book.responded(1, { status: 200, redirects: 1, url: landing } as HttpResponse);
  return book.crawlRules.sendsCredentials({ task: 0, url: link, depth: 1 });
}

Deno.test("a crawl's seed upgraded from http to https on its host and default ports keeps its credentials there; another host or port does not", () => {
  const cases: [string, string, boolean][] = [
    ["http://x.test/", "https://x.test/", true],
    ["http://x.test:80/", "https://x.test:443/a", true],
    ["http://[::1]/", "https://[::1]/", true],
    ["http://x.test/", "https://www.x.test/", false],
    ["http://x.test/", "https://x.test:8443/", false],
    ["http://x.test:8080/", "https://x.test/", false],
    ["https://x.test/", "http://x.test/", false],
  ];
  for (const [seed, landing, sends] of cases) {
    const link = new URL("/page", landing).href;
    assertEquals(linkCredentials(seed, landing, link), sends, `${seed} to ${landing}`);
  }
});

/** The books of a worker of a shared queue, one crawling task of `maxFetches: 2`, pages in flight. */
function workerBooks() {
  const config = validateConfig({
    tasks: [{
      name: "site",
      fetch: "http://127.0.0.1:9/",
      save: "{path}.html",
      crawl: { maxFetches: 2 },
      *onResponse() {},
    }],
  }, "inline");
  const table = new TaskTable(config.tasks);
  const warnings: string[] = [];
  const env = {
    virtualTime: false,
    elapsedMs: () => 0,
    emit: () => {},
    warn: (message: string) => warnings.push(message),
    frontier: {
      // deno-lint-ignore require-yield
      *put() {
        return undefined;
      },
    },
  } as unknown as RunEnv;
  const book = new FetchBook(table, env, { sharedFrontier: true });
  book.open(0, false);
  /** A page of `crawl` taken from the queue, in flight as its callback runs. */
  const page = (id: number, crawl: number) => {
    book.started(id, { task: 0, url: `http://127.0.0.1:9/p${id}`, depth: 0 }, "", 0, crawl);
    return (path: string) =>
      book.enqueue(0, 0, `http://127.0.0.1:9/${path}`, undefined, id).next().value;
  };
  return { page, warnings };
}

Deno.test("a worker's crawls keep their own seen pages: a link of one crawl is queued in the next", () => {
  const { page } = workerBooks();
  const first = page(1, 100);
  assertEquals([first("a"), first("a")], [undefined, "seen"]);
  const second = page(2, 200); // the next submit's crawl: its own books
  assertEquals([second("a"), second("a")], [undefined, "seen"]);
  assertEquals(page(3, 100)("a"), "seen", "the first crawl still remembers it");
  assertEquals(page(4, 300)(""), "seen", "the task's own URL, in every crawl");
});

Deno.test("a worker counts crawl.maxFetches per crawl, and says so for each crawl it caps", () => {
  const { page, warnings } = workerBooks();
  const first = page(1, 100);
  assertEquals([first("a"), first("b"), first("c")], [undefined, undefined, "cap"]);
  const second = page(2, 200);
  assertEquals([second("a"), second("b"), second("c")], [undefined, undefined, "cap"]);
  assertEquals(warnings.length, 2);
});
