// A crawled link that redirects off the crawl's origins is left out there: nothing is sent to the
// other origin, its callback never sees the page, and the fetch counts as a link the rules refused
// (skipped), with a metadata line that says where it would have gone. A seed may still land
// anywhere, and an origin listed in `crawl.origins` may be reached by a redirect as by a link.
import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { type ConfigInput, defineConfig, fetchTask, run, type RunReport, task } from "../mod.ts";
import { type Route, startRouteServer } from "./fixtures/route_server.ts";
import type { ScriptedServer } from "./fixtures/scripted_server.ts";

/** A page whose body is its links, one a line. */
const page = (...links: string[]) => ({ body: links.join("\n") });

interface Crawl {
  report: RunReport;
  /** The pages handed to `onResponse`, by URL. */
  visited: string[];
  lines: { url: string; status: number | null; error?: { code: string; message: string } }[];
}

/** Crawls `seed`; returns the report, the pages its callback saw and the metadata lines. */
async function crawl(seed: string, origins?: string[]): Promise<Crawl> {
  const outDir = await Deno.makeTempDir({ prefix: "corun-crawl-offsite-" });
  const visited: string[] = [];
  try {
    const report = await run(
      defineConfig({
        outDir,
        concurrency: 1,
        tasks: [
          fetchTask("site", seed, {
            crawl: origins ? { origins } : {},
            *onResponse(response, ctx) {
              visited.push(response.url);
              for (const link of (yield* response.body.text()).split("\n")) {
                if (link !== "") yield* ctx.enqueue(link);
              }
            },
          }),
        ],
      }),
      { state: false },
    );
    const lines = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n")
      .map((line) => JSON.parse(line));
    return { report, visited, lines };
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

function sites(): { home: ScriptedServer; away: ScriptedServer } {
  const away = startRouteServer({ "/landing": page() });
  const home = startRouteServer({
    "/": page("/a", "/out"),
    "/a": page(),
    "/out": { status: 302, headers: { Location: away.url("/landing") } },
  });
  return { home, away };
}

Deno.test("a crawled link that redirects to another origin is left out: nothing sent there, no callback", async () => {
  const { home, away } = sites();
  await using _home = home;
  await using _away = away;
  const { report, visited, lines } = await crawl(home.url("/"));
  const [site] = report.tasks;
  assertEquals(site.outcome, "done", JSON.stringify(site));
  // /out was fetched and left out; the seed and /a were done.
  assertEquals(site.items, {
    total: 2,
    done: 2,
    failed: 0,
    cancelled: 0,
    skipped: 1,
    leftOut: { redirect: 1 },
  });
  assertEquals(away.requests.length, 0);
  assertEquals(visited, [home.url("/"), home.url("/a")]);
  const out = lines.find((line) => line.url === home.url("/out"));
  assertEquals(out?.error?.code, "REDIRECT_REFUSED");
  assertEquals(out?.status, 302, "the line says which answer was refused");
  assertMatch(out?.error?.message ?? "", /not one of them/);
});

Deno.test("a redirect to an origin in crawl.origins is followed, and a seed may land anywhere", async () => {
  const { home, away } = sites();
  await using _home = home;
  await using _away = away;
  const origins = [new URL(home.url("/")).origin, new URL(away.url("/")).origin];
  const listed = await crawl(home.url("/"), origins);
  assertEquals(listed.report.tasks[0].items?.skipped, 0);
  assertEquals(listed.visited, [home.url("/"), home.url("/a"), away.url("/landing")]);
  assertEquals(away.requests.map((request) => request.path), ["/landing"]);
  // The seed itself redirects away: its landing is fetched, and becomes an origin of the crawl.
  const seeded = await crawl(home.url("/out"));
  assertEquals(seeded.report.tasks[0].outcome, "done");
  assertEquals(away.requests.map((request) => request.path), ["/landing", "/landing"]);
});

/** Runs a config of `tasks` (and `defaults`) in a temporary output directory, without metadata. */
async function runTasks(
  tasks: ConfigInput["tasks"],
  defaults?: ConfigInput["defaults"],
): Promise<RunReport> {
  const outDir = await Deno.makeTempDir({ prefix: "corun-crawl-offsite-" });
  try {
    return await run(defineConfig({ outDir, metadata: false, defaults, tasks }), { state: false });
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

Deno.test("a custom task's enqueues may not leave crawl.origins by a redirect either", async () => {
  const { home, away } = sites();
  await using _home = home;
  await using _away = away;
  const report = await runTasks([
    task("seeds", function* (ctx) {
      yield* ctx.enqueue(home.url("/a"), { save: "a.txt" });
      yield* ctx.enqueue(home.url("/out"), { save: "out.txt" });
    }),
  ], { crawl: { origins: [new URL(home.url("/")).origin] } });
  assertEquals(report.tasks[0].outcome, "done", JSON.stringify(report.tasks[0]));
  assertEquals(report.tasks[0].items?.skipped, 1);
  assertEquals(away.requests.length, 0);
});

Deno.test("a callback's own ctx.fetch refused by its redirectGate fails the fetch, not left out", async () => {
  const { home, away } = sites();
  await using _home = home;
  await using _away = away;
  const report = await runTasks([
    fetchTask("page", home.url("/a"), {
      *onResponse(_response, ctx) {
        yield* ctx.fetch(home.url("/out"), { redirectGate: () => "not there" });
      },
    }),
  ]);
  const [page] = report.tasks;
  assertEquals([page.outcome, page.error?.code], ["failed", "REDIRECT_REFUSED"]);
  assertEquals(away.requests.length, 0);
});

Deno.test("a crawl whose own URL redirects away sends no credentials to the links found there, nor their robots.txt; the config's own origins get them", async () => {
  const awayRoutes: Record<string, Route> = { "/robots.txt": { status: 404 }, "/next": page() };
  const away = startRouteServer(awayRoutes);
  const home = startRouteServer({
    "/robots.txt": { status: 404 },
    "/out": { status: 302, headers: { Location: away.url("/landing") } },
    "/back": page(),
  });
  awayRoutes["/landing"] = page("/next", home.url("/back"));
  await using _home = home;
  await using _away = away;
  const sent = (server: ScriptedServer) =>
    server.requests.map((request) =>
      `${request.path} ${request.headers.get("authorization")} ${request.headers.get("cookie")}`
    );
  const crawlWith = (origins: string[]) =>
    runTasks([fetchTask("site", {
      url: home.url("/out"),
      auth: { bearer: "TOKEN" },
      headers: { Cookie: "sid=S" },
    }, {
      crawl: { origins },
      *onResponse(response, ctx) {
        for (const link of (yield* response.body.text()).split("\n")) {
          if (link !== "") yield* ctx.enqueue(new URL(link, response.url).href);
        }
      },
    })]);
  // The redirect left the origin without them (as curl and the Fetch standard do): so do the links
  // on the page it landed on, and the robots.txt they ask. A link back home carries them.
  const report = await crawlWith([]);
  assertEquals(report.tasks[0].outcome, "done");
  assertEquals(sent(away), ["/landing null null", "/robots.txt null null", "/next null null"]);
  const own = ["/out", "/robots.txt", "/back"].map((path) => `${path} Bearer TOKEN sid=S`);
  assertEquals(sent(home), own);
  // An origin crawl.origins lists is the config's own choice, as the seed's is.
  away.requests.length = home.requests.length = 0;
  const origins = [new URL(home.url("/")).origin, new URL(away.url("/")).origin];
  assertEquals((await crawlWith(origins)).tasks[0].outcome, "done");
  assertEquals(sent(away), [
    "/landing null null",
    "/robots.txt Bearer TOKEN sid=S",
    "/next Bearer TOKEN sid=S",
  ]);
  assertEquals(sent(home), own);
});

Deno.test("a crawl whose links go without its credentials warns once per origin; one without credentials, or listing the origin, does not", async () => {
  const awayRoutes: Record<string, Route> = {
    "/robots.txt": { status: 404 },
    "/one": page(),
    "/two": page(),
  };
  const away = startRouteServer(awayRoutes);
  const home = startRouteServer({
    "/out": { status: 302, headers: { Location: away.url("/landing") } },
  });
  awayRoutes["/landing"] = page("/one", "/two");
  await using _home = home;
  await using _away = away;
  const awayOrigin = new URL(away.url("/")).origin;
  const crawlWith = (credentials: boolean, origins: string[] = []) =>
    runTasks([fetchTask("site", {
      url: home.url("/out"),
      ...(credentials ? { headers: { Cookie: "sid=S" } } : {}),
    }, {
      crawl: { origins },
      *onResponse(response, ctx) {
        for (const link of (yield* response.body.text()).split("\n")) {
          if (link !== "") yield* ctx.enqueue(new URL(link, response.url).href);
        }
      },
    })]);
  const report = await crawlWith(true);
  assertEquals(report.tasks[0].items?.done, 3);
  assertEquals(report.warnings, [
    `Links on ${awayOrigin} go without task "site"'s Authorization and Cookie: only a redirect ` +
    "led there; list it in crawl.origins to send them",
  ]);
  assertEquals((await crawlWith(false)).warnings, []);
  const listed = await crawlWith(true, [new URL(home.url("/")).origin, awayOrigin]);
  assertEquals([listed.tasks[0].items?.done, listed.warnings], [3, []]);
});
