// Crawling through a whole run: `onResponse` (and a custom task) call `ctx.enqueue` to add URLs to
// the task, within its crawl rules: a depth limit, URLs seen before in the run skipped, an origin
// allow-list (by default the origins of the task's own URLs) and a cap on the task's fetches.
// Every refused URL is counted in the task's `items.skipped`. A URL is one page however it is
// written: `http://host` is `http://host/`, and `/a#top` is `/a`.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, task } from "../mod.ts";
import type { FetchTaskOptions } from "../lib/config/define.ts";
import type { RunReport } from "../lib/tasks/mod.ts";
import { encodeResponse, startRouteServer } from "./fixtures/route_server.ts";
import { type ScriptedServer, startScriptedServer, write } from "./fixtures/scripted_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-crawl-");

/** A page whose body is its links, one a line. */
const page = (...links: string[]) => ({ body: links.join("\n") });

/**
 * Fetch-task options whose `onResponse` enqueues every line of the body as a link, and notes
 * what `enqueue` answered for each.
 */
function following(
  answers: [string, boolean][],
  options: FetchTaskOptions = {},
): FetchTaskOptions {
  return {
    ...options,
    *onResponse(response, ctx) {
      const text = yield* response.body.text();
      for (const link of text.split("\n").filter((line) => line !== "")) {
        answers.push([link, yield* ctx.enqueue(link)]);
      }
    },
  };
}

/**
 * Pages the server was asked for, in order: its robots.txt (asked before the first link, a 404 that
 * allows all) is the subject of robots_test.ts.
 */
const pathsOf = (server: ScriptedServer) =>
  server.requests.map((request) => request.path).filter((path) => path !== "/robots.txt");

type ConfigInput = Parameters<typeof defineConfig>[0];

async function crawl(
  outDir: string,
  tasks: ConfigInput["tasks"],
  defaults?: ConfigInput["defaults"],
): Promise<RunReport> {
  return await run(
    defineConfig({ outDir, metadata: false, concurrency: 1, defaults, tasks }),
    { virtualTime: true, state: false },
  );
}

Deno.test("maxDepth: links are followed that many steps from the task's own URL, no further", async () => {
  await using site = startRouteServer({
    "/d0": page("/d1"),
    "/d1": page("/d2"),
    "/d2": page("/d3"),
    "/d3": page("/d4"),
  });
  await withOutDir(async (outDir) => {
    const answers: [string, boolean][] = [];
    const report = await crawl(outDir, [
      fetchTask("deep", site.url("/d0"), following(answers, { crawl: { maxDepth: 2 } })),
    ]);
    assertEquals(pathsOf(site), ["/d0", "/d1", "/d2"]);
    assertEquals(answers, [["/d1", true], ["/d2", true], ["/d3", false]]);
    const [deep] = report.tasks;
    assertEquals(deep.outcome, "done");
    assertEquals(deep.items, {
      total: 3,
      done: 3,
      failed: 0,
      cancelled: 0,
      skipped: 1,
      leftOut: { depth: 1 },
    });
  });
});

Deno.test("a URL seen before in the run is skipped, relative links resolving against the page", async () => {
  await using site = startRouteServer({
    "/dir/a": page("b", "./c", "/dir/a", "a"),
    "/dir/b": page("/dir/a", "c", "../shared"),
    "/dir/c": page("b"),
    "/shared": page(),
  });
  await withOutDir(async (outDir) => {
    const answers: [string, boolean][] = [];
    const other: [string, boolean][] = [];
    const report = await crawl(outDir, [
      fetchTask("crawler", site.url("/dir/a"), following(answers)),
      // Another task of the run that links to a page the first one fetched: skipped too.
      fetchTask("later", site.url("/dir/b"), following(other, { after: ["crawler"] })),
    ]);
    assertEquals(pathsOf(site), ["/dir/a", "/dir/b", "/dir/c", "/shared", "/dir/b"]);
    assertEquals(answers, [
      ["b", true],
      ["./c", true],
      ["/dir/a", false],
      ["a", false],
      ["/dir/a", false],
      ["c", false],
      ["../shared", true],
      ["b", false],
    ]);
    assertEquals(other, [["/dir/a", false], ["c", false], ["../shared", false]]);
    const [crawler, later] = report.tasks;
    assertEquals(crawler.items, {
      total: 4,
      done: 4,
      failed: 0,
      cancelled: 0,
      skipped: 5,
      leftOut: { seen: 5 },
    });
    assertEquals(later.items, {
      total: 1,
      done: 1,
      failed: 0,
      cancelled: 0,
      skipped: 3,
      leftOut: { seen: 3 },
    });
  });
});

Deno.test("by default a crawl stays on the origins of the task's own URLs; crawl.origins widens it", async () => {
  await using home = startRouteServer({ "/home-page": page() });
  await using away = startRouteServer({ "/away-page": page() });
  await using third = startRouteServer({ "/third-page": page() });
  await withOutDir(async (outDir) => {
    const links = [home.url("/home-page"), away.url("/away-page"), third.url("/third-page")];
    // First, a link to another site: a crawl is meant to leave it, without a word.
    const elsewhere = "http://elsewhere.invalid/page";
    await using start = startRouteServer({ "/": page(elsewhere, ...links) });
    const stayed: [string, boolean][] = [];
    const report = await crawl(outDir, [
      fetchTask("stays", start.url("/"), following(stayed)),
    ]);
    // Only the start page's own origin is allowed: every link here is another origin.
    assertEquals(stayed.map(([, queued]) => queued), [false, false, false, false]);
    assertEquals(report.tasks[0].fetch?.status, 200, "its own fetch is still reported");
    assertEquals(report.tasks[0].items, {
      total: 1,
      done: 1,
      failed: 0,
      cancelled: 0,
      skipped: 4,
      leftOut: { origin: 4 },
    });
    // Said once, naming the first origin of the same site (its host; another port here) and the
    // knob: else the run ends "1 done; 4 URLs left out".
    assertEquals(report.warnings, [
      `Task "stays" leaves out links to origins other than its own URLs', the first to ` +
      `${
        new URL(home.url()).origin
      }: list the origins to crawl in crawl.origins to follow their links`,
    ]);

    const widened: [string, boolean][] = [];
    const origin = (server: ScriptedServer) => new URL(server.url()).origin;
    const wide = await crawl(outDir, [
      fetchTask(
        "goes",
        start.url("/"),
        following(widened, { crawl: { origins: [origin(start), origin(away)] } }),
      ),
    ]);
    assertEquals(widened.map(([, queued]) => queued), [false, false, true, false]);
    assertEquals(pathsOf(away), ["/away-page"]);
    assertEquals(pathsOf(home), []);
    assertEquals(pathsOf(third), []);
    assertEquals(wide.tasks[0].items, {
      total: 2,
      done: 2,
      failed: 0,
      cancelled: 0,
      skipped: 3,
      leftOut: { origin: 3 },
    });
    assertEquals(wide.warnings, [
      `Task "goes" leaves out links to origins crawl.origins does not list, the first to ` +
      `${
        new URL(home.url()).origin
      }: list the origins to crawl in crawl.origins to follow their links`,
    ]);
  });
});

Deno.test("a list's crawl may follow a link to an origin only a later line names, from its first page on", async () => {
  await using away = startRouteServer({ "/early": page(), "/named": page() });
  // Every page of the list's own origin is empty but its first, which links away.
  await using home = startScriptedServer({
    respond: (
      request,
    ) => [write(encodeResponse(request.path === "/seed" ? page(away.url("/early")) : {}))],
  });
  await withOutDir(async (outDir) => {
    // Past what the frontier holds (10,000) and a batch: the line naming `away` is put only once
    // thousands of the others were fetched, long after the first page's link is judged.
    const own = Array.from({ length: 12_000 }, (_, i) => home.url(`/p${i}`));
    const list = `${outDir}/urls.txt`;
    await Deno.writeTextFile(list, [home.url("/seed"), ...own, away.url("/named")].join("\n"));
    const answers: [string, boolean][] = [];
    // A list's own URLs count against maxFetches: room for them and the links.
    const options = { crawl: { maxFetches: 100_000 } };
    const report = await crawl(outDir, [
      fetchTask("list", { urls: list }, following(answers, options)),
    ]);
    assertEquals(answers, [[away.url("/early"), true]]);
    assertEquals(pathsOf(away).sort(), ["/early", "/named"]);
    assertEquals(report.tasks[0].items?.skipped, 0);
  });
});

Deno.test("a pattern's crawl may follow a link to a host only its later URLs name, from its first page on", async () => {
  await using away = startRouteServer({});
  await using home = startScriptedServer({
    respond: (
      request,
    ) => [write(encodeResponse(request.path === "/p0" ? page(away.url("/early")) : {}))],
  });
  await withOutDir(async (outDir) => {
    // Its URLs on `away` come after 12,000 on `home`: past what the frontier holds.
    const pattern = `http://127.0.0.1:{${home.port},${away.port}}/p[0-11999]`;
    const answers: boolean[] = [];
    const stop = new AbortController();
    await run(
      defineConfig({
        outDir,
        metadata: false,
        concurrency: 1,
        tasks: [fetchTask("pattern", pattern, {
          crawl: { maxFetches: 100_000 },
          *onResponse(response, ctx) {
            for (const link of (yield* response.body.text()).split("\n").filter(Boolean)) {
              answers.push(yield* ctx.enqueue(link));
            }
            stop.abort(); // the first page's answer is in: the other URLs need not be fetched
          },
        })],
      }),
      { virtualTime: true, state: false, signal: stop.signal },
    );
    assertEquals(answers, [true]);
  });
});

Deno.test("a seed written without its trailing slash and a link to / are one page", async () => {
  await using site = startRouteServer({ "/": page("/", "/a"), "/a": page("/", "./") });
  await withOutDir(async (outDir) => {
    const answers: [string, boolean][] = [];
    const seed = new URL(site.url()).origin; // "http://127.0.0.1:PORT", as a user may write it
    const report = await crawl(outDir, [fetchTask("bare", seed, following(answers))]);
    assertEquals(pathsOf(site), ["/", "/a"]);
    assertEquals(answers, [["/", false], ["/a", true], ["/", false], ["./", false]]);
    assertEquals(report.tasks[0].items, {
      total: 2,
      done: 2,
      failed: 0,
      cancelled: 0,
      skipped: 3,
      leftOut: { seen: 3 },
    });
  });
});

Deno.test("a link's fragment is not another page: /a#top is /a, fetched once", async () => {
  await using site = startRouteServer({
    "/": page("/a#top", "/a", "/a#end", "/#x"),
    "/a": page("/a#top"),
  });
  await withOutDir(async (outDir) => {
    const answers: [string, boolean][] = [];
    const report = await crawl(outDir, [fetchTask("frag", site.url("/"), following(answers))]);
    assertEquals(pathsOf(site), ["/", "/a"]);
    assertEquals(answers, [
      ["/a#top", true],
      ["/a", false],
      ["/a#end", false],
      ["/#x", false],
      ["/a#top", false],
    ]);
    assertEquals(report.tasks[0].items, {
      total: 2,
      done: 2,
      failed: 0,
      cancelled: 0,
      skipped: 4,
      leftOut: { seen: 4 },
    });
  });
});

Deno.test("a page spelled with other escapes is fetched once; another path, query or case is another page", async () => {
  const links = [
    // One page each: an escaped unreserved character is the character, hex case does not count.
    "/%7euser",
    "/%7Euser",
    "/~user",
    "/%41",
    "/A",
    "/a%2fb",
    "/a%2Fb",
    "/%c3%a4",
    "/\u00e4",
    // Other pages: an escaped "/" or "&" is not the character; a query's order and a path's case
    // count.
    "/a/b",
    "/q?x=1&y=2",
    "/q?y=2&x=1",
    "/q?x=%26",
    "/q?x=&",
    "/a",
  ];
  await using site = startScriptedServer({
    respond: (
      request,
    ) => [write(encodeResponse({ body: request.path === "/" ? links.join("\n") : "" }))],
  });
  await withOutDir(async (outDir) => {
    const answers: [string, boolean][] = [];
    const report = await crawl(outDir, [fetchTask("escapes", site.url("/"), following(answers))]);
    assertEquals(answers.filter(([, queued]) => !queued).map(([link]) => link), [
      "/%7Euser",
      "/~user",
      "/A",
      "/a%2Fb",
      "/\u00e4",
    ]);
    // Each page is asked for as its first link spelled it.
    assertEquals(pathsOf(site), [
      "/",
      "/%7euser",
      "/%41",
      "/a%2fb",
      "/%c3%a4",
      "/a/b",
      "/q?x=1&y=2",
      "/q?y=2&x=1",
      "/q?x=%26",
      "/q?x=&",
      "/a",
    ]);
    assertEquals(report.tasks[0].items, {
      total: 11,
      done: 11,
      failed: 0,
      cancelled: 0,
      skipped: 5,
      leftOut: { seen: 5 },
    });
  });
});

Deno.test("maxFetches caps the task's fetches, its own URL included, and the run says so once", async () => {
  const children = Array.from({ length: 10 }, (_, i) => `/p${i + 1}`);
  await using site = startRouteServer({
    "/list": page(...children),
    ...Object.fromEntries(children.map((path) => [path, page()])),
  });
  await withOutDir(async (outDir) => {
    const answers: [string, boolean][] = [];
    const report = await crawl(outDir, [
      fetchTask("capped", site.url("/list"), following(answers, { crawl: { maxFetches: 5 } })),
    ]);
    assertEquals(answers.filter(([, queued]) => queued).length, 4);
    assertEquals(pathsOf(site), ["/list", "/p1", "/p2", "/p3", "/p4"]);
    assertEquals(report.tasks[0].items, {
      total: 5,
      done: 5,
      failed: 0,
      cancelled: 0,
      skipped: 6,
      leftOut: { cap: 6 },
    });
    assertEquals(report.warnings, [
      'Task "capped" reached crawl.maxFetches (5): the links it enqueues from now on are left out',
    ]);
  });
});

Deno.test("a link on a redirected page resolves against the page that answered", async () => {
  await using site = startRouteServer({
    "/start": { status: 302, headers: { Location: "/docs/index" } },
    "/docs/index": page("next"),
    "/docs/next": page(),
    "/next": page(),
  });
  await withOutDir(async (outDir) => {
    const answers: [string, boolean][] = [];
    await crawl(outDir, [fetchTask("moved", site.url("/start"), following(answers))]);
    assertEquals(pathsOf(site), ["/start", "/docs/index", "/docs/next"]);
  });
});

Deno.test("a custom task enqueues URLs into its own fetches: saved, deduplicated, counted", async () => {
  await using site = startRouteServer({ "/a": { body: "A" }, "/b": { body: "B" } });
  await withOutDir(async (outDir) => {
    const answers: boolean[] = [];
    const refused: string[] = [];
    const report = await crawl(outDir, [
      task("custom", function* (ctx) {
        answers.push(yield* ctx.enqueue(site.url("/a"), { save: "got/a.txt" }));
        answers.push(yield* ctx.enqueue(site.url("/b"), { save: "got/b.txt" }));
        answers.push(yield* ctx.enqueue(site.url("/a"), { save: "got/again.txt" }));
        try {
          yield* ctx.enqueue("not a url"); // a custom task has no page to resolve it against
        } catch (error) {
          refused.push((error as Error).name);
        }
      }),
    ]);
    assertEquals(answers, [true, true, false]);
    assertEquals(refused, ["TypeError"]);
    const [custom] = report.tasks;
    assertEquals(custom.outcome, "done");
    // The task ends with its last fetch, not when its coroutine returns.
    assertEquals(custom.items, {
      total: 2,
      done: 2,
      failed: 0,
      cancelled: 0,
      skipped: 1,
      leftOut: { seen: 1 },
    });
    assertEquals(await Deno.readTextFile(`${outDir}/got/a.txt`), "A");
    assertEquals(await Deno.readTextFile(`${outDir}/got/b.txt`), "B");
    assertEquals(pathsOf(site), ["/a", "/b"]);
  });
});

Deno.test("a given crawl.origins holds for a custom task's enqueues, its first ones too", async () => {
  await using allowed = startRouteServer({ "/in": { body: "in" } });
  await using outside = startRouteServer({ "/out": { body: "out" }, "/later": { body: "later" } });
  await withOutDir(async (outDir) => {
    const answers: boolean[] = [];
    const report = await crawl(
      outDir,
      [
        task("custom", function* (ctx) {
          // Its first enqueue, on an origin the list leaves out: not a seed that widens it.
          answers.push(yield* ctx.enqueue(outside.url("/out")));
          answers.push(yield* ctx.enqueue(allowed.url("/in")));
          answers.push(yield* ctx.enqueue(outside.url("/later")));
        }),
      ],
      { crawl: { origins: [new URL(allowed.url()).origin] } },
    );
    assertEquals(answers, [false, true, false]);
    assertEquals(pathsOf(allowed), ["/in"]);
    assertEquals(pathsOf(outside), []);
    assertEquals(report.tasks[0].items, {
      total: 1,
      done: 1,
      failed: 0,
      cancelled: 0,
      skipped: 2,
      leftOut: { origin: 2 },
    });
    assertEquals(report.warnings, [
      `Task "custom" leaves out links to origins crawl.origins does not list, the first to ` +
      `${new URL(outside.url()).origin}: list the origins to crawl in crawl.origins to follow ` +
      "their links",
    ]);
  });
});

Deno.test("an enqueued URL is saved by its own save template, or else by the task's", async () => {
  await using site = startRouteServer({
    "/root": { body: "root" },
    "/child": { body: "child" },
    "/other": { body: "other" },
  });
  await withOutDir(async (outDir) => {
    const report = await crawl(outDir, [
      fetchTask("saver", site.url("/root"), {
        save: "pages/{path}",
        // The callback leaves the body unread, so each page is saved after it.
        *onResponse(response, ctx) {
          if (new URL(response.url).pathname !== "/root") return;
          yield* ctx.enqueue("/child", { save: "children/{path}.txt" });
          yield* ctx.enqueue("other");
        },
      }),
    ]);
    assertEquals(report.tasks[0].items, { total: 3, done: 3, failed: 0, cancelled: 0, skipped: 0 });
    assertEquals(await Deno.readTextFile(`${outDir}/pages/root`), "root");
    assertEquals(await Deno.readTextFile(`${outDir}/children/child.txt`), "child");
    assertEquals(await Deno.readTextFile(`${outDir}/pages/other`), "other");
  });
});

Deno.test("a crawl's own URL that redirects to another origin crawls the page it landed on, and no third origin", async () => {
  await using third = startRouteServer({ "/c": page() });
  await using landing = startRouteServer({
    "/": page("a", "/b"),
    "/a": page(third.url("/c")),
    "/b": page(),
  });
  await using start = startRouteServer({
    "/": { status: 301, headers: { Location: landing.url("/") } },
  });
  await withOutDir(async (outDir) => {
    const answers: [string, boolean][] = [];
    const report = await crawl(outDir, [fetchTask("moved", start.url("/"), following(answers))]);
    assertEquals(answers, [["a", true], ["/b", true], [third.url("/c"), false]]);
    assertEquals(pathsOf(landing), ["/", "/a", "/b"]);
    assertEquals(pathsOf(third), []);
    assertEquals(report.tasks[0].items?.skipped, 1);
  });
});
