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
    interrupted: () => true,
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
  book.responded(7, { status: 500 } as HttpResponse);
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
  return book.sendsCredentials({ task: 0, url: link, depth: 1 });
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
