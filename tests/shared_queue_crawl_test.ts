/**
 * Crawling into a shared queue with `corun worker`s as separate processes: a worker that never
 * fetched the crawl's own URL (another worker did) still queues the links of the pages it takes,
 * a page that links back to the task's own URL does not have it fetched again, and with
 * `crawl.origins` a link that redirects off them sends nothing there. A worker reads each origin's
 * robots.txt once, and leaves out the links it disallows, which hold no turn at a paced origin
 * (its `delay` is kept between the requests sent, not spent on links never sent). Three workers that find the same links
 * fetch each page once. One worker that takes two submits crawls each whole, its `maxFetches` counted
 * per crawl.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import postgres from "npm:postgres@3.4.9";

const CLI_FLAGS = ["run", "--allow-read", "--allow-write", "--allow-net", "--allow-env", MOD];

/** Pages /n/2 to /n/15: /n/K links to the start page and to /n/2K and /n/2K+1 (a tree). */
const LAST_PAGE = 15;

interface SiteServer {
  url: string;
  /** Pages in the order they were asked for (not its robots.txt). */
  paths: string[];
  /** How often its robots.txt was asked for. */
  robotsAsked: number;
  close(): Promise<void>;
}

/** @param robots The site's robots.txt (none: a 404). */
function startSite(robots?: string): SiteServer {
  const paths: string[] = [];
  const site = { robotsAsked: 0 };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const path = new URL(request.url).pathname;
    if (path === "/robots.txt") {
      site.robotsAsked++;
      return new Response(robots ?? "", { status: robots === undefined ? 404 : 200 });
    }
    paths.push(path);
    const page = path === "/" ? 1 : Number(path.slice("/n/".length));
    const children = [2 * page, 2 * page + 1].filter((child) => child <= LAST_PAGE);
    const links = ["/", ...children.map((child) => `/n/${child}`)];
    const html = links.map((link) => `<a href="${link}">${link}</a>`).join("\n");
    return new Response(html, { headers: { "content-type": "text/html" } });
  });
  return Object.assign(site, {
    url: `http://127.0.0.1:${server.addr.port}`,
    paths,
    close: () => server.shutdown(),
  });
}

/**
 * A config of one crawling task whose start page is the site's `/`: its path.
 *
 * @param extra More of the task's options, as TypeScript (`crawl: { … },`).
 */
async function writeCrawlConfig(dir: string, site: string, extra = ""): Promise<string> {
  const path = `${dir}/crawl.ts`;
  await Deno.writeTextFile(
    path,
    `import { defineConfig, fetchTask } from ${JSON.stringify(`file://${MOD}`)};
export default defineConfig({ concurrency: 2, tasks: [fetchTask("site", "${site}/", {
  save: "{path}.html",${extra}
  *onResponse(response, ctx) {
    const html = yield* response.body.text();
    for (const [, href] of html.matchAll(/href="([^"]+)"/g)) yield* ctx.enqueue(href);
  },
})] });
`,
  );
  return path;
}

function corun(args: string[]) {
  return runDeno([...CLI_FLAGS, ...args], { env: { NO_COLOR: "1" } });
}

async function withSiteAndDir(
  body: (site: SiteServer, dir: string) => Promise<void>,
  robots?: string,
) {
  const site = startSite(robots);
  const dir = await Deno.makeTempDir({ prefix: "corun-shared-crawl-" });
  try {
    await body(site, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
    await site.close();
  }
}

/** Every page of the site but the start page. */
function innerPages(): string[] {
  return Array.from({ length: LAST_PAGE - 1 }, (_, i) => `/n/${i + 2}`).sort();
}

pgTest("crawling into a shared queue", async (cluster, t) => {
  await t.step(
    "a worker that never fetched the crawl's own URL queues the links of the pages it takes",
    async () => {
      const db = await cluster.createDatabase("crawl_without_seed");
      await withSiteAndDir(async (site, dir) => {
        const config = await writeCrawlConfig(dir, site.url);
        assertEquals((await corun(["submit", config, "--db", db])).code, 0);
        // Another worker fetched the start page and queued its links (as its `ctx.enqueue` does).
        const sql = postgres(db, { onnotice: () => {} });
        try {
          await sql`UPDATE corun_jobs SET state = 'done', finished_at = now()`;
          const links = ["/n/2", "/n/3"].map((path) => ({
            queue: "crawl",
            task: "site",
            origin: site.url,
            url: `${site.url}${path}`,
            payload: sql.json({ url: `${site.url}${path}`, depth: 1 }),
          }));
          await sql`INSERT INTO corun_jobs ${sql(links)}`;
        } finally {
          await sql.end();
        }
        const worker = await corun(["worker", config, "--db", db, "--drain", "--out", dir]);
        assertEquals(worker.code, 0, worker.stderr);
        assertEquals([...site.paths].sort(), innerPages(), "every page below the two links");
      });
    },
  );

  await t.step(
    "with crawl.origins, a link that redirects off them is left out on a worker too",
    async () => {
      const db = await cluster.createDatabase("crawl_offsite_redirect");
      await using away = startRouteServer({ "/landing": { body: "away" } });
      await using home = startRouteServer({
        "/": { body: '<a href="/out">out</a> <a href="/a">a</a>' },
        "/a": { body: "a" },
        "/out": { status: 302, headers: { Location: away.url("/landing") } },
      });
      const site = new URL(home.url("/")).origin;
      const dir = await Deno.makeTempDir({ prefix: "corun-shared-crawl-" });
      try {
        const config = await writeCrawlConfig(dir, site, `\n  crawl: { origins: ["${site}"] },`);
        assertEquals((await corun(["submit", config, "--db", db])).code, 0);
        const worker = await corun(["worker", config, "--db", db, "--drain", "--out", dir]);
        assertEquals(worker.code, 0, worker.stderr);
        assertEquals(
          home.requests.map((request) => request.path).sort(),
          ["/", "/a", "/out", "/robots.txt"],
        );
        assertEquals(away.requests.length, 0, "nothing sent off the crawl's origins");
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  );

  await t.step(
    "a worker saves a folder's page whose link redirects to its slash as index, the pages under it beside it",
    async () => {
      const db = await cluster.createDatabase("crawl_slash_redirect");
      await using home = startRouteServer({
        "/": { body: "home" },
        "/about": { body: "about" },
        "/docs": { status: 301, headers: { Location: "/docs/" } },
        "/docs/": { body: "docs" },
        "/docs/intro": { body: "intro" },
        "/docs/guide": { body: "guide" },
      });
      const dir = await Deno.makeTempDir({ prefix: "corun-shared-crawl-" });
      try {
        const config = `${dir}/crawl.ts`;
        const site = new URL(home.url("/")).origin;
        // The callback leaves the body to `save`: it knows each page's links without reading it.
        await Deno.writeTextFile(
          config,
          `import { defineConfig, fetchTask } from ${JSON.stringify(`file://${MOD}`)};
const links = { "/": ["/docs", "/about"], "/docs/": ["intro", "guide"] };
export default defineConfig({ tasks: [fetchTask("site", "${site}/", {
  save: "{host}/{path}",
  *onResponse(response, ctx) {
    for (const link of links[new URL(response.url).pathname] ?? []) yield* ctx.enqueue(link);
  },
})] });
`,
        );
        assertEquals((await corun(["submit", config, "--db", db])).code, 0);
        const worker = await corun(["worker", config, "--db", db, "--drain", "--out", dir]);
        assertEquals(worker.code, 0, worker.stderr);
        const host = new URL(site).host.replace(":", "_");
        const saved = (await Array.fromAsync(Deno.readDir(`${dir}/${host}/docs`)))
          .map((entry) => entry.name).sort();
        assertEquals(saved, ["guide", "index", "intro"]);
        assertEquals(await Deno.readTextFile(`${dir}/${host}/docs/intro`), "intro");
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  );

  await t.step("three workers crawling one site fetch each of its pages once", async () => {
    const db = await cluster.createDatabase("crawl_three_workers");
    // Every page links to every page: each worker finds every link on the first page it takes.
    const pages = Array.from({ length: 30 }, (_, n) => `/d/${n}`);
    const asked: string[] = [];
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
      const path = new URL(request.url).pathname;
      if (path === "/robots.txt") return new Response("", { status: 404 });
      asked.push(path);
      const html = pages.map((link) => `<a href="${link}">${link}</a>`).join("\n");
      return new Response(html, { headers: { "content-type": "text/html" } });
    });
    const dir = await Deno.makeTempDir({ prefix: "corun-shared-crawl-" });
    try {
      const config = await writeCrawlConfig(dir, `http://127.0.0.1:${server.addr.port}`);
      assertEquals((await corun(["submit", config, "--db", db])).code, 0);
      const workers = await Promise.all(
        [1, 2, 3].map((n) =>
          corun(["worker", config, "--db", db, "--drain", "--out", `${dir}/out${n}`])
        ),
      );
      for (const worker of workers) assertEquals(worker.code, 0, worker.stderr);
      assertEquals(asked.sort(), ["/", ...pages].sort(), "each page asked for once");
    } finally {
      await Deno.remove(dir, { recursive: true });
      await server.shutdown();
    }
  });

  await t.step("two submits are two crawls for one worker: each is crawled whole", async () => {
    const db = await cluster.createDatabase("crawl_two_submits");
    await withSiteAndDir(async (site, dir) => {
      const config = await writeCrawlConfig(dir, site.url);
      for (const _ of [1, 2]) assertEquals((await corun(["submit", config, "--db", db])).code, 0);
      // One worker takes both: the pages it saw in one crawl do not hold back the other's links.
      const worker = await corun(["worker", config, "--db", db, "--drain", "--out", dir]);
      assertEquals(worker.code, 0, worker.stderr);
      assertEquals(site.paths.sort(), ["/", "/", ...innerPages(), ...innerPages()].sort());
    });
  });

  await t.step("a worker counts crawl.maxFetches per crawl, not for its whole life", async () => {
    const db = await cluster.createDatabase("crawl_cap_per_crawl");
    await withSiteAndDir(async (site, dir) => {
      const config = await writeCrawlConfig(dir, site.url, "\n  crawl: { maxFetches: 4 },");
      for (const _ of [1, 2]) assertEquals((await corun(["submit", config, "--db", db])).code, 0);
      const worker = await corun(["worker", config, "--db", db, "--drain", "--out", dir]);
      assertEquals(worker.code, 0, worker.stderr);
      // Each crawl: its start page and the 4 links its cap allows.
      assertEquals(site.paths.filter((path) => path === "/").length, 2);
      assertEquals(site.paths.length, 2 + 2 * 4);
      const warned = worker.stderr.match(/reached crawl\.maxFetches \(4\)[^\n]*of this crawl/g);
      assertEquals(warned?.length, 2, worker.stderr);
    });
  });

  await t.step("a page linking back to the task's own URL does not fetch it again", async () => {
    const db = await cluster.createDatabase("crawl_link_to_seed");
    await withSiteAndDir(async (site, dir) => {
      const config = await writeCrawlConfig(dir, site.url);
      assertEquals((await corun(["submit", config, "--db", db])).code, 0);
      const worker = await corun(["worker", config, "--db", db, "--drain", "--out", dir]);
      assertEquals(worker.code, 0, worker.stderr);
      assertEquals([...site.paths].sort(), ["/", ...innerPages()], "each page once");
    });
  });

  await t.step(
    "a worker reads robots.txt once, and leaves out the links it disallows",
    async () => {
      const db = await cluster.createDatabase("crawl_robots");
      await withSiteAndDir(async (site, dir) => {
        const config = await writeCrawlConfig(dir, site.url);
        assertEquals((await corun(["submit", config, "--db", db])).code, 0);
        const worker = await corun(["worker", config, "--db", db, "--drain", "--out", dir]);
        assertEquals(worker.code, 0, worker.stderr);
        // /n/3 is left out unsent, and so the pages only it links to are never found.
        assertEquals(
          [...site.paths].sort(),
          ["/", "/n/10", "/n/11", "/n/2", "/n/4", "/n/5", "/n/8", "/n/9"],
        );
        assertEquals(site.robotsAsked, 1);
        const sql = postgres(db, { onnotice: () => {} });
        try {
          const rows = await sql`SELECT state FROM corun_jobs WHERE url = ${`${site.url}/n/3`}`;
          assertEquals(rows.map((row) => row.state), ["skipped"]);
        } finally {
          await sql.end();
        }
      }, "User-agent: *\nDisallow: /n/3$\n");
    },
  );
  await t.step(
    "links robots.txt disallows hold no turn at a paced origin: the next allowed page follows one delay on",
    async () => {
      const db = await cluster.createDatabase("crawl_robots_paced");
      const refused = Array.from({ length: 8 }, (_, i) => `/no/${i}`);
      const arrivals: [string, number][] = [];
      const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
        const path = new URL(request.url).pathname;
        arrivals.push([path, Date.now()]);
        if (path === "/robots.txt") return new Response("User-agent: *\nDisallow: /no/\n");
        const links = path === "/" ? [...refused, "/yes"] : [];
        return new Response(links.map((link) => `<a href="${link}">`).join("\n"));
      });
      const dir = await Deno.makeTempDir({ prefix: "corun-shared-crawl-" });
      try {
        const site = `http://127.0.0.1:${server.addr.port}`;
        const config = await writeCrawlConfig(dir, site, `\n  delay: "500ms",`);
        assertEquals((await corun(["submit", config, "--db", db])).code, 0);
        const worker = await corun(["worker", config, "--db", db, "--drain", "--out", dir]);
        assertEquals(worker.code, 0, worker.stderr);
        assertEquals(arrivals.map(([path]) => path), ["/", "/robots.txt", "/yes"]);
        const times = arrivals.map(([, atMs]) => atMs);
        const gaps = times.slice(1).map((atMs, i) => atMs - times[i]);
        // The delay between the requests sent (the database's clock and this one may differ by
        // a few ms); the eight links left out held 4 s more between robots.txt and /yes.
        for (const gap of gaps) assert(gap >= 450 && gap < 1_500, `gaps ${gaps}`);
      } finally {
        await Deno.remove(dir, { recursive: true });
        await server.shutdown();
      }
    },
  );
});
