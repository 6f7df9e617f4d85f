// Tasks of many URLs through a whole run: a list file (`fetch: { urls: FILE }`) saves each line's
// body, records bad lines as failed items with their line number, and is read as the frontier
// drains (a 100,000-line list never queues more than the frontier's capacity); a URL pattern
// expands as curl's globs do and saves with `{1}`, `{2}`.
import { assert, assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, loadConfig, run } from "../mod.ts";
import type { LiveRun } from "../lib/tasks/mod.ts";
import { encodeResponse, startRouteServer } from "./fixtures/route_server.ts";
import { type ScriptedServer, startScriptedServer, write } from "./fixtures/scripted_server.ts";
import { listFiles, withTempDir } from "./fixtures/temp_dir.ts";

const withDir = withTempDir("corun-url-list-run-");

async function metadataLines(path: string): Promise<Record<string, unknown>[]> {
  const text = await Deno.readTextFile(path);
  return text.trim().split("\n").map((line) => JSON.parse(line));
}

Deno.test("a list file saves each line's body; bad lines fail as items with their file and line number", async () => {
  await using server = startRouteServer({
    "/a": { body: "body a" },
    "/b": { body: "body b" },
    "/c": { body: "body c" },
  });
  await withDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/urls.txt`,
      [
        "# pages to fetch",
        server.url("/a"),
        `${server.url("/b")}\tnamed/b.txt`,
        "",
        "no-scheme.example/x",
        `  ${server.url("/c")}  `,
        "ftp://127.0.0.1/file",
      ].join("\n") + "\n",
    );
    await Deno.writeTextFile(
      `${dir}/list.yaml`,
      `outDir: out\ntasks:\n  - name: listed\n    fetch: { urls: urls.txt }\n    save: "pages/{path}"\n`,
    );
    const report = await run(await loadConfig(`${dir}/list.yaml`), { state: false });
    const [listed] = report.tasks;
    assertEquals(listed.items, { total: 5, done: 3, failed: 2, cancelled: 0, skipped: 0 });
    assertEquals(listed.outcome, "failed", "a task with a failed item has failed");
    assertMatch(listed.error!.message, /^2 of 5 fetches failed; the first: .*line 5/);
    assertEquals(await listFiles(`${dir}/out`), [
      "corun.jsonl",
      "named/b.txt",
      "pages/a",
      "pages/c",
    ]);
    assertEquals(await Deno.readTextFile(`${dir}/out/pages/a`), "body a");
    assertEquals(await Deno.readTextFile(`${dir}/out/named/b.txt`), "body b");
    assertEquals(await Deno.readTextFile(`${dir}/out/pages/c`), "body c");
    const lines = await metadataLines(`${dir}/out/corun.jsonl`);
    assertEquals(lines.length, 5, "one metadata line per item");
    const failed = lines.filter((line) => line.error !== undefined);
    assertEquals(failed.map((line) => (line.error as { code: string }).code), [
      "BAD_LIST_LINE",
      "BAD_LIST_LINE",
    ]);
    // Each names the line's URL as written, the error its file and line.
    assertEquals(failed.map((line) => line.url), ["no-scheme.example/x", "ftp://127.0.0.1/file"]);
    const messages = failed.map((line) => (line.error as { message: string }).message);
    const list = `${dir}/urls.txt`;
    assertEquals(messages[0], `Task "listed": line 5 of ${list}: not a URL: "no-scheme.example/x"`);
    assertEquals(
      messages[1],
      `Task "listed": line 7 of ${list}: not an http(s) URL: "ftp://127.0.0.1/file"`,
    );
    assertEquals(
      lines.filter((line) => line.error === undefined).map((line) => line.savedPath).sort(),
      ["named/b.txt", "pages/a", "pages/c"],
    );
  });
});

Deno.test("a URL listed twice is fetched twice, the second body saved over the first", async () => {
  let served = 0;
  await using server = startRouteServer({ "/a": () => ({ body: `body ${++served}` }) });
  await withDir(async (dir) => {
    const lines = [server.url("/a"), server.url("/a#again"), `${server.url("/a")}\tother.txt`];
    await Deno.writeTextFile(`${dir}/urls.txt`, lines.join("\n") + "\n");
    const report = await run(
      defineConfig({
        outDir: `${dir}/out`,
        metadata: false,
        concurrency: 1,
        tasks: [fetchTask("twice", { urls: `${dir}/urls.txt` }, { save: "{path}" })],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].items?.done, 3);
    assertEquals(server.requests.map((request) => request.path), ["/a", "/a", "/a"]);
    assertEquals(await listFiles(`${dir}/out`), ["a", "other.txt"]);
    assertEquals(await Deno.readTextFile(`${dir}/out/a`), "body 2");
    assertEquals(await Deno.readTextFile(`${dir}/out/other.txt`), "body 3");
  });
});

Deno.test("a 100,000-line list runs with the frontier never holding more than its capacity", async () => {
  const LINES = 100_000;
  const CAPACITY = 10_000;
  const concurrency = 16;
  let live: LiveRun | undefined;
  let requests = 0;
  let maxQueued = 0;
  // Each request samples the frontier's queue: one sample per fetch, whatever the speed.
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, () => {
    requests++;
    const queued = live!.progress().fetches.queued;
    if (queued > maxQueued) maxQueued = queued;
    return new Response("ok");
  });
  try {
    await withDir(async (dir) => {
      const base = `http://127.0.0.1:${server.addr.port}`;
      const text = Array.from({ length: LINES }, (_, i) => `${base}/item/${i}`).join("\n");
      await Deno.writeTextFile(`${dir}/urls.txt`, text + "\n");
      const report = await run(
        defineConfig({
          outDir: `${dir}/out`,
          metadata: false,
          concurrency,
          perHost: concurrency,
          tasks: [fetchTask("big", { urls: `${dir}/urls.txt` })],
        }),
        { state: false, onStart: (handle) => live = handle },
      );
      const [big] = report.tasks;
      assertEquals(big.items, { total: LINES, done: LINES, failed: 0, cancelled: 0, skipped: 0 });
      assertEquals(requests, LINES);
      assert(maxQueued <= CAPACITY + concurrency, `the frontier held ${maxQueued} queued fetches`);
      // The list is read ahead of the fetches, up to the capacity: the samples saw a full queue.
      assert(maxQueued > CAPACITY / 2, `the queue never filled: at most ${maxQueued}`);
    });
  } finally {
    await server.shutdown();
  }
});

Deno.test("a URL pattern expands in curl's order and saves each URL by the parts it matched", async () => {
  await using echo = startEchoServer();
  await withDir(async (dir) => {
    const report = await run(
      defineConfig({
        outDir: dir,
        metadata: false,
        concurrency: 1,
        tasks: [
          fetchTask("pages", echo.url("/{en,de}/page-[01-03].html"), { save: "{1}/p{2}.html" }),
          fetchTask("stepped", echo.url("/s/[0-10:5]"), { save: "steps/{1}" }),
        ],
      }),
      { state: false },
    );
    const [pages, stepped] = report.tasks;
    assertEquals(pages.items, { total: 6, done: 6, failed: 0, cancelled: 0, skipped: 0 });
    assertEquals(stepped.items, { total: 3, done: 3, failed: 0, cancelled: 0, skipped: 0 });
    assertEquals(echo.requests.map((request) => request.path), [
      "/en/page-01.html",
      "/en/page-02.html",
      "/en/page-03.html",
      "/de/page-01.html",
      "/de/page-02.html",
      "/de/page-03.html",
      "/s/0",
      "/s/5",
      "/s/10",
    ]);
    assertEquals(await listFiles(dir), [
      "de/p01.html",
      "de/p02.html",
      "de/p03.html",
      "en/p01.html",
      "en/p02.html",
      "en/p03.html",
      "steps/0",
      "steps/10",
      "steps/5",
    ]);
    assertEquals(await Deno.readTextFile(`${dir}/de/p02.html`), "/de/page-02.html");
    assertEquals(await Deno.readTextFile(`${dir}/steps/10`), "/s/10");
  });
});

/** A server answering every request with its path. */
function startEchoServer(): ScriptedServer {
  return startScriptedServer({
    respond: (request) => [write(encodeResponse({ body: request.path }))],
  });
}

Deno.test("an interrupted list run stops reading the list, closes it, and its item counts add up", async () => {
  const LINES = 50_000;
  const controller = new AbortController();
  let requests = 0;
  // The run is interrupted from inside the 100th request: no timing involved.
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, () => {
    if (++requests === 100) controller.abort();
    return new Response("ok");
  });
  try {
    await withDir(async (dir) => {
      const base = `http://127.0.0.1:${server.addr.port}`;
      const text = Array.from({ length: LINES }, (_, i) => `${base}/item/${i}`).join("\n");
      await Deno.writeTextFile(`${dir}/urls.txt`, text + "\n");
      const report = await run(
        defineConfig({
          outDir: `${dir}/out`,
          metadata: false,
          tasks: [fetchTask("big", { urls: `${dir}/urls.txt` })],
        }),
        { state: false, signal: controller.signal },
      );
      assertEquals(report.interrupted, true);
      const [big] = report.tasks;
      assertEquals(big.outcome, "cancelled");
      const items = big.items!;
      assertEquals(items.done + items.failed + items.cancelled, items.total);
      assert(items.done >= 1 && items.done < LINES, `done ${items.done}`);
      assert(items.total < LINES, `the list was read to its end: ${items.total} items`);
      assert(requests < LINES);
    });
  } finally {
    await server.shutdown();
  }
});
