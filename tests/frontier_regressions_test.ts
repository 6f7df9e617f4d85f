// Regressions from the review of the frontier (#12): runs that hung, held back unrelated tasks,
// skipped a politeness pause, re-ran callbacks, or emitted unpaired events. Each run has a guard
// that aborts it after a while, so a regression fails its test instead of hanging the suite.
import { assert, assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, validateConfig } from "../mod.ts";
import type { RunEvent, RunReport } from "../lib/tasks/report.ts";
import type { RunOptions } from "../lib/tasks/runner.ts";

/**
 * Long enough for any run here; a run still going then is stuck. A hang guard, not a speed check: the
 * crawl test's 10,001 requests take seconds on a busy machine, more with `--sanitize-ops`.
 */
const GUARD_MS = 60_000;

/** A local HTTP server that remembers the path of every request, in order. */
interface HitServer extends AsyncDisposable {
  hits: string[];
  url(path: string): string;
  count(path: string): number;
}

function serve(handler?: (path: string) => Response): HitServer {
  const hits: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const path = new URL(request.url).pathname;
    hits.push(path);
    return handler?.(path) ?? new Response(`ok ${path}`);
  });
  const { port } = server.addr as Deno.NetAddr;
  return {
    hits,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    count: (path) => hits.filter((hit) => hit === path).length,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

/** A temporary output directory, removed with everything in it. */
async function tempDir(): Promise<AsyncDisposable & { path: string }> {
  const path = await Deno.makeTempDir({ prefix: "corun-frontier-regressions-" });
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

/**
 * Runs with a guard: aborts the run after {@linkcode GUARD_MS} and says so, so a stuck run fails
 * the test. The caller's own signal, if any, still works.
 */
async function guardedRun(
  config: Parameters<typeof run>[0],
  options: RunOptions = {},
): Promise<{ report: RunReport; stuck: boolean }> {
  const guard = new AbortController();
  let stuck = false;
  const timer = setTimeout(() => {
    stuck = true;
    guard.abort();
  }, GUARD_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, guard.signal]) : guard.signal;
  try {
    const report = await run(config, { state: false, ...options, signal });
    return { report, stuck };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs and asserts it ended on its own, neither stuck nor interrupted. */
async function runToEnd(
  config: Parameters<typeof run>[0],
  options: RunOptions = {},
): Promise<RunReport> {
  const { report, stuck } = await guardedRun(config, options);
  assert(!stuck, `the run was still going after ${GUARD_MS} ms`);
  assertEquals(report.interrupted, false);
  return report;
}

function eventLine(event: RunEvent): string {
  if (event.type === "task-start") return `start:${event.name}`;
  if (event.type === "task-end") return `end:${event.result.name}`;
  return event.type;
}

Deno.test("a crawl whose callbacks fill the frontier does not wait for room", async () => {
  // More links than the frontier's capacity (10,000), enqueued by the only slot's callback.
  const links = 10_001;
  await using site = serve((path) =>
    path === "/links"
      ? new Response(Array.from({ length: links }, (_, i) => `/p/${i}`).join("\n"))
      : new Response("page")
  );
  await using out = await tempDir();
  const report = await runToEnd(
    defineConfig({
      outDir: out.path,
      metadata: false,
      concurrency: 1,
      tasks: [
        fetchTask("crawl", site.url("/links"), {
          crawl: { maxFetches: 50_000 },
          *onResponse(response, ctx) {
            const text = yield* response.body.text();
            if (!response.url.endsWith("/links")) return;
            for (const link of text.split("\n")) yield* ctx.enqueue(link);
          },
        }),
      ],
    }),
    { virtualTime: true },
  );
  assertEquals(report.tasks[0].outcome, "done");
  assertEquals(report.tasks[0].items, {
    total: links + 1,
    done: links + 1,
    failed: 0,
    cancelled: 0,
    skipped: 0,
  });
  assertEquals(site.hits.length, links + 2, "the pages, and the origin's robots.txt");
});

Deno.test("a list declared first does not hold back a later task's fetch", async () => {
  // A list longer than the frontier's capacity, at 1 request a second: before the fix the later
  // task on another origin started only once the list's overflow had gone, 20 virtual s later.
  await using listed = serve();
  await using other = serve();
  await using out = await tempDir();
  const lines = 10_020;
  await Deno.writeTextFile(
    `${out.path}/urls.txt`,
    Array.from({ length: lines }, (_, i) => listed.url(`/a/${i}`)).join("\n") + "\n",
  );
  const stop = new AbortController();
  let otherStartMs: number | undefined;
  const { report, stuck } = await guardedRun(
    defineConfig({
      outDir: out.path,
      metadata: false,
      concurrency: 4,
      tasks: [
        fetchTask("list", { urls: `${out.path}/urls.txt` }, { rate: "1/s" }),
        fetchTask("other", other.url("/b")),
      ],
    }),
    {
      virtualTime: true,
      signal: stop.signal,
      onEvent(event) {
        if (event.type === "task-start" && event.name === "other") otherStartMs = event.atMs;
        // The list would take hours of virtual time: stop once the other task is through.
        if (event.type === "task-end" && event.result.name === "other") stop.abort();
      },
    },
  );
  assert(!stuck, `the run was still going after ${GUARD_MS} ms`);
  assertEquals(report.tasks[1].outcome, "done");
  assertEquals(other.hits, ["/b"]);
  assert(
    otherStartMs !== undefined && otherStartMs < 1_000,
    `"other" started at virtual ${otherStartMs} ms`,
  );
});

Deno.test("a task that starts while a long, paced list fills the frontier fetches at once", async () => {
  // The list fills the frontier (10,000) and has lines left over; at 1 request a second, its
  // last line went in 100 virtual s later, and the later task's list waited that long behind it.
  await using listed = serve();
  await using other = serve();
  await using out = await tempDir();
  const write = (name: string, server: HitServer, prefix: string, count: number) =>
    Deno.writeTextFile(
      `${out.path}/${name}`,
      Array.from({ length: count }, (_, i) => server.url(`${prefix}${i}`)).join("\n") + "\n",
    );
  await write("slow.txt", listed, "/a/", 10_100);
  await write("later.txt", other, "/b/", 20);
  const stop = new AbortController();
  const laterStarts: number[] = [];
  const { report, stuck } = await guardedRun(
    defineConfig({
      outDir: out.path,
      metadata: false,
      concurrency: 4,
      tasks: [
        fetchTask("slow", { urls: `${out.path}/slow.txt` }, { rate: "1/s" }),
        { name: "wait", sleep: "100ms" },
        fetchTask("later", { urls: `${out.path}/later.txt` }, {
          after: ["wait"],
          onResponse: (_response, ctx) => ctx.log("fetched"),
        }),
      ],
    }),
    {
      virtualTime: true,
      signal: stop.signal,
      onEvent(event) {
        if (event.type === "log") laterStarts.push(event.atMs);
        // The slow list would take hours of virtual time: stop once the later task is through.
        if (event.type === "task-end" && event.result.name === "later") stop.abort();
      },
    },
  );
  assert(!stuck, `the run was still going after ${GUARD_MS} ms`);
  assertEquals(report.tasks[2].items, { total: 20, done: 20, failed: 0, cancelled: 0, skipped: 0 });
  assertEquals(other.hits.length, 20);
  assert(laterStarts.every((atMs) => atMs < 1_000), `"later" fetched at ${laterStarts} ms`);
});

Deno.test("a listener that throws on a task's end does not stop its dependents", async () => {
  await using site = serve();
  await using out = await tempDir();
  const report = await runToEnd(
    defineConfig({
      outDir: out.path,
      metadata: false,
      concurrency: 1,
      tasks: [
        fetchTask("a", site.url("/a")),
        fetchTask("b", site.url("/b"), { after: ["a"] }),
      ],
    }),
    {
      virtualTime: true,
      onEvent(event) {
        if (event.type === "task-end" && event.result.name === "a") {
          throw new Error("listener boom");
        }
      },
    },
  );
  assertEquals(report.tasks.map((task) => [task.name, task.outcome]), [["a", "done"], [
    "b",
    "done",
  ]]);
  assertEquals(site.hits, ["/a", "/b"]);
  assert(
    report.warnings.some((warning) => warning.includes("listener boom")),
    `warnings: ${JSON.stringify(report.warnings)}`,
  );
});

Deno.test("a listener that throws on a retry does not stop the run", async () => {
  let first = true;
  await using site = serve(() => {
    if (!first) return new Response("ok");
    first = false;
    return new Response("busy", { status: 503 });
  });
  await using out = await tempDir();
  const report = await runToEnd(
    defineConfig({
      outDir: out.path,
      metadata: false,
      concurrency: 1,
      tasks: [
        fetchTask("a", site.url("/a")),
        fetchTask("b", site.url("/b"), { after: ["a"] }),
      ],
    }),
    {
      virtualTime: true,
      onEvent(event) {
        if (event.type === "retry") throw new Error("listener boom");
      },
    },
  );
  assertEquals(report.tasks.map((task) => [task.name, task.outcome]), [["a", "done"], [
    "b",
    "done",
  ]]);
  assertEquals(site.hits, ["/a", "/a", "/b"]);
});

for (const status of [503, 429]) {
  Deno.test(`a ${status} with Retry-After pauses the origin even with retries: 0`, async () => {
    await using site = serve((path) =>
      path === "/1"
        ? new Response("slow down", { status, headers: { "retry-after": "30" } })
        : new Response("ok")
    );
    await using out = await tempDir();
    const report = await runToEnd(
      defineConfig({
        outDir: out.path,
        metadata: false,
        concurrency: 1,
        defaults: { retries: 0 },
        tasks: [fetchTask("pattern", site.url("/[1-3]"))],
      }),
      { virtualTime: true },
    );
    assertEquals(site.hits, ["/1", "/2", "/3"]);
    assertEquals(report.tasks[0].items, { total: 3, done: 2, failed: 1, cancelled: 0, skipped: 0 });
    // /2 and /3 waited out the 30 s pause (virtual time).
    assert(report.durationMs >= 30_000, `the run took virtual ${report.durationMs} ms`);
  });
}

Deno.test("every task-end has its task-start, also for a list that cannot be read", async () => {
  await using site = serve();
  await using out = await tempDir();
  const list = `${out.path}/gone.txt`;
  await Deno.writeTextFile(list, site.url("/x") + "\n");
  const spec = validateConfig(
    defineConfig({
      outDir: out.path,
      metadata: false,
      concurrency: 3,
      tasks: [
        fetchTask("missing", { urls: list }),
        fetchTask("fine", site.url("/fine")),
        fetchTask("dep", site.url("/dep"), { after: ["missing"] }),
        fetchTask("dep2", site.url("/dep2"), { after: ["fine"] }),
      ],
    }),
    "inline",
  );
  // Gone between loading the config and running it.
  await Deno.remove(list);
  const events: string[] = [];
  const report = await runToEnd(spec, { onEvent: (event) => events.push(eventLine(event)) });
  assertEquals(report.tasks.map((task) => [task.name, task.outcome]), [
    ["missing", "failed"],
    ["fine", "done"],
    ["dep", "skipped"],
    ["dep2", "done"],
  ]);
  assertMatch(report.tasks[0].error?.message ?? "", /Cannot read the URL list/);
  const started = new Set<string>();
  for (const line of events) {
    if (line.startsWith("start:")) started.add(line.slice("start:".length));
    if (!line.startsWith("end:")) continue;
    const name = line.slice("end:".length);
    // A skipped task never started, by definition.
    if (name === "dep") continue;
    assert(started.has(name), `"${name}" ended without starting: ${events.join(", ")}`);
  }
  assert(events.indexOf("start:missing") >= 0, `events: ${events.join(", ")}`);
  assertEquals(site.hits.sort(), ["/dep2", "/fine"]);
});

Deno.test("a callback's failing ctx.fetch does not re-run its item", async () => {
  await using site = serve((path) => {
    if (path !== "/nested") return new Response("page");
    // Promises 100 bytes, sends 4: the client sees the body end early.
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("half"));
        controller.close();
      },
    });
    return new Response(body, { headers: { "content-length": "100" } });
  });
  await using out = await tempDir();
  let callbacks = 0;
  const enqueued: boolean[] = [];
  const report = await runToEnd(
    defineConfig({
      outDir: out.path,
      metadata: false,
      concurrency: 1,
      defaults: { retries: 2, backoff: "10ms" },
      tasks: [
        fetchTask("page", site.url("/page"), {
          *onResponse(_response, ctx) {
            callbacks++;
            enqueued.push(yield* ctx.enqueue("/other"));
            yield* ctx.fetch(site.url("/nested"));
          },
        }),
      ],
    }),
    { virtualTime: true },
  );
  const [page] = report.tasks;
  assertEquals(page.outcome, "failed");
  assertEquals(page.error?.code, "EARLY_EOF");
  // One callback for /page, one for /other; each ctx.fetch tries 3 times (retries: 2), no more.
  assertEquals(callbacks, 2);
  assertEquals(enqueued, [true, false]);
  assertEquals(site.count("/page"), 1);
  assertEquals(site.count("/other"), 1);
  assertEquals(site.count("/nested"), 6);
  assertEquals(page.items, {
    total: 2,
    done: 0,
    failed: 2,
    cancelled: 0,
    skipped: 1,
    leftOut: { seen: 1 },
  });
});

Deno.test("a fetch whose CA file vanished fails alone and the run goes on", async () => {
  await using site = serve();
  await using out = await tempDir();
  const caFile = `${out.path}/ca.pem`;
  // A whole certificate: the config's check reads the file when it loads.
  await Deno.copyFile(new URL("./fixtures/tls/ca.pem", import.meta.url), caFile);
  const spec = validateConfig(
    defineConfig({
      outDir: out.path,
      metadata: false,
      concurrency: 1,
      tasks: [
        fetchTask("tls", site.url("/a"), { caFile }),
        fetchTask("plain", site.url("/b")),
      ],
    }),
    "inline",
  );
  // Gone between loading the config and the fetch.
  await Deno.remove(caFile);
  const report = await runToEnd(spec);
  assertEquals(report.tasks.map((task) => [task.name, task.outcome]), [
    ["tls", "failed"],
    ["plain", "done"],
  ]);
  assertMatch(report.tasks[0].error?.message ?? "", /ca\.pem/);
  assertEquals(site.hits, ["/b"]);
});
