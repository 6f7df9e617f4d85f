// A list task interrupted while its list is still being read ends `cancelled`, even when every
// fetch it had put so far was done: not every line of its list was fetched. So does a `corun
// worker`'s task when the worker is interrupted before its queue drained.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { type LiveRun, run } from "../mod.ts";
import { validateConfig } from "../lib/config/mod.ts";
import type { RunEnv } from "../lib/tasks/env.ts";
import { FetchBook } from "../lib/tasks/fetch_book.ts";
import { TaskTable } from "../lib/tasks/task_table.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

/** Lines the list reader hands on at once (url_list.ts): the first batch is read whole. */
const LIST_BATCH = 1024;

Deno.test("a list task interrupted while its list is still being read ends cancelled, its fetches so far done", async () => {
  await using server = startRouteServer({ "/page": { body: "page" } });
  const dir = await Deno.makeTempDir({ prefix: "corun-list-interrupt-" });
  try {
    const list = `${dir}/urls.txt`;
    await Deno.writeTextFile(list, "");
    const config = validateConfig({
      outDir: `${dir}/out`,
      metadata: false,
      tasks: [{ name: "mirror", fetch: { urls: list } }],
    }, "inline");
    // A list still being written (a pipe; a config names a file, so made after the config loads):
    // the run reads one batch of it, then waits for more.
    await Deno.remove(list);
    await new Deno.Command("mkfifo", { args: [list] }).output();
    const controller = new AbortController();
    let live: LiveRun | undefined;
    const running = run(config, {
      state: false,
      signal: controller.signal,
      onStart: (started) => (live = started),
    });
    let over = false;
    running.finally(() => (over = true)).catch(() => {});
    // Opened for reading too, so it never waits for the run to open the pipe (should run fail).
    const writer = await Deno.open(list, { read: true, write: true });
    const lines = `${server.url("/page")}\n`.repeat(LIST_BATCH);
    for (let bytes = new TextEncoder().encode(lines); bytes.length > 0;) {
      bytes = bytes.subarray(await writer.write(bytes));
    }
    // Every fetch of the first batch done, the rest of the list not written yet: Ctrl-C.
    while (!over && (live?.progress().fetches.done ?? 0) < LIST_BATCH) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    controller.abort();
    writer.close(); // the reader's pending read ends, so the list file is closed
    const report = await running;
    const [mirror] = report.tasks;
    assertEquals(report.interrupted, true);
    assertEquals(mirror.outcome, "cancelled");
    assertEquals(mirror.items, {
      total: LIST_BATCH,
      done: LIST_BATCH,
      failed: 0,
      cancelled: 0,
      skipped: 0,
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a worker's task whose fetches were all done, the queue not drained, ends cancelled with the run", async () => {
  const config = validateConfig({
    tasks: [{ name: "pages", fetch: "http://127.0.0.1:9/a" }],
  }, "inline");
  const table = new TaskTable(config.tasks);
  const ends: string[] = [];
  const env = { virtualTime: false, elapsedMs: () => 0, emit: () => {} } as unknown as RunEnv;
  const book = new FetchBook(table, env, { sharedFrontier: true });
  book.onTaskEnd = (index, outcome) => ends.push(`${table.specs[index].name} ${outcome}`);
  // A worker opens the books of every fetch task, and closes them once its queue drained.
  book.open(0, true);
  const item = { task: 0, url: "http://127.0.0.1:9/a", depth: 0 };
  book.started(1, item, "http://127.0.0.1:9");
  book.ended(1, item, {
    summary: { status: 200, bytes: 1, savedPath: null, attempts: 1, redirects: 0 },
  } as never);
  // Interrupted before it drained: the run settles the books.
  await book.settle();
  assertEquals(ends, ["pages cancelled"]);
});
