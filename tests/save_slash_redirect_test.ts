// A link to a folder without its slash (`/docs`) that the server redirects to the slash (`/docs/`),
// as nginx, Apache and most static hosts do: its page is saved as a link to `/docs/` is
// (`docs/index`), so the pages under it (`docs/intro`) find a folder there, not a file.
import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import type { RecordedRequest } from "./fixtures/request_reader.ts";
import { type ResponseSpec, startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-slash-redirect-");
const SAVE = "{host}/{path}";
const TO_SLASH: ResponseSpec = { status: 301, headers: { Location: "/docs/" } };

/** A page with an ETag, answering a matching If-None-Match with a 304. */
function page(body: () => string, etag: () => string) {
  return (request: RecordedRequest): ResponseSpec =>
    request.headers.get("if-none-match") === etag()
      ? { status: 304, headers: { ETag: etag() } }
      : { headers: { ETag: etag() }, body: body() };
}

/** The files under `dir`, as paths relative to it, without corun's own. */
async function filesUnder(dir: string, prefix = ""): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(`${dir}/${prefix}`)) {
    const path = prefix + entry.name;
    if (entry.name.startsWith(".corun") || entry.name === "corun.jsonl") continue;
    if (entry.isDirectory) files.push(...await filesUnder(dir, `${path}/`));
    else files.push(path);
  }
  return files.sort();
}

/** The metadata lines of the run's URL `url`, last run's last. */
async function recordsOf(outDir: string, url: string): Promise<Record<string, unknown>[]> {
  const lines = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n");
  return lines.map((line) => JSON.parse(line)).filter((record) => record.url === url);
}

Deno.test("a crawl saves a folder's page whose link redirects to its slash as index, and the pages under it beside it", async () => {
  const links: Record<string, string[]> = {
    "/": ["/docs", "/about"],
    "/docs/": ["intro", "guide"],
  };
  await using site = startRouteServer({
    "/": { body: "home" },
    "/about": { body: "about" },
    "/docs": TO_SLASH,
    "/docs/": { body: "docs" },
    "/docs/intro": { body: "intro" },
    "/docs/guide": { body: "guide" },
  });
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({
        tasks: [fetchTask("crawl", site.url("/"), {
          save: SAVE,
          *onResponse(response, ctx) {
            for (const link of links[new URL(response.url).pathname] ?? []) {
              yield* ctx.enqueue(link);
            }
          },
        })],
      }),
      { outDir, virtualTime: true },
    );
    assertEquals([report.tasks[0].outcome, report.tasks[0].items?.failed], ["done", 0]);
    const host = new URL(site.url("/")).host.replace(":", "_");
    assertEquals(await filesUnder(outDir), [
      `${host}/about`,
      `${host}/docs/guide`,
      `${host}/docs/index`,
      `${host}/docs/intro`,
      `${host}/index`,
    ]);
    assertEquals(await Deno.readTextFile(`${outDir}/${host}/docs/index`), "docs");
    // The metadata line names where the body went.
    const [docs] = await recordsOf(outDir, site.url("/docs"));
    assertEquals([docs.finalUrl, docs.savedPath], [site.url("/docs/"), `${host}/docs/index`]);
  });
});

/**
 * A list task without a callback (its saves are kept in the state) of `paths` on the site, its list
 * beside `outDir`. (A config naming `/docs` and `/docs/intro` itself is refused as it loads: it
 * cannot tell that `/docs` redirects.)
 */
function listConfig(site: { url(path: string): string }, outDir: string, ...paths: string[]) {
  const list = `${outDir}.urls.txt`;
  Deno.writeTextFileSync(list, paths.map((path) => site.url(path)).join("\n") + "\n");
  return defineConfig({
    concurrency: 1,
    tasks: [fetchTask("docs", { urls: list }, { save: SAVE })],
  });
}

/** Runs the list of `paths` into `outDir`, and removes the list. */
async function runList(site: { url(path: string): string }, outDir: string, ...paths: string[]) {
  try {
    return await run(listConfig(site, outDir, ...paths), { outDir });
  } finally {
    await Deno.remove(`${outDir}.urls.txt`);
  }
}

Deno.test("a folder's page saved as index through its slash redirect: the next run asks for it again conditionally, a 304 keeps it, a 200 saves it again", async () => {
  let version = "one";
  await using site = startRouteServer({
    "/docs": TO_SLASH,
    "/docs/": page(() => `docs ${version}`, () => `"${version}"`),
    "/docs/intro": { body: "intro" },
  });
  await withOutDir(async (outDir) => {
    const host = new URL(site.url("/")).host.replace(":", "_");
    const index = `${outDir}/${host}/docs/index`;
    const first = await runList(site, outDir, "/docs", "/docs/intro");
    assertEquals([first.tasks[0].outcome, first.tasks[0].items?.done], ["done", 2]);
    assertEquals(await Deno.readTextFile(index), "docs one");

    const second = await runList(site, outDir, "/docs", "/docs/intro");
    assertEquals([second.tasks[0].outcome, second.tasks[0].items?.done], ["done", 2]);
    const kept = (await recordsOf(outDir, site.url("/docs"))).at(-1)!;
    assertEquals([kept.status, kept.unchanged, kept.savedPath], [304, true, `${host}/docs/index`]);
    const asked = site.requests.filter((request) => request.path === "/docs/")
      .map((request) => request.headers.get("if-none-match"));
    assertEquals(asked, [null, '"one"']);

    version = "two";
    const third = await runList(site, outDir, "/docs", "/docs/intro");
    assertEquals(third.tasks[0].outcome, "done");
    const saved = (await recordsOf(outDir, site.url("/docs"))).at(-1)!;
    assertEquals([saved.status, saved.unchanged, saved.savedPath], [
      200,
      undefined,
      `${host}/docs/index`,
    ]);
    assertEquals(await Deno.readTextFile(index), "docs two");
    assertEquals(await filesUnder(outDir), [`${host}/docs/index`, `${host}/docs/intro`]);
  });
});

Deno.test("a page an older run saved as the file `docs` is never removed for its folder: the fetch fails naming it, and once it is moved the page saves as docs/index", async () => {
  let redirects = false;
  let slashStatus = 200;
  const docs = page(() => "docs", () => '"d"');
  await using site = startRouteServer({
    // An older run: `/docs` answered itself, or corun rendered the path before the redirect.
    "/docs": (request) => redirects ? TO_SLASH : docs(request),
    "/docs/": (request) => slashStatus === 200 ? docs(request) : { status: slashStatus },
    "/docs/intro": { body: "intro" },
  });
  await withOutDir(async (outDir) => {
    const host = new URL(site.url("/")).host.replace(":", "_");
    await runList(site, outDir, "/docs");
    assertEquals(await filesUnder(outDir), [`${host}/docs`]);
    const state = await Deno.readTextFile(`${outDir}/.corun-state.json`);

    // The folder's page fails, by a 500 or by the earlier file in the way: the file stays, whole.
    redirects = true;
    for (const status of [500, 200]) {
      slashStatus = status;
      const report = await runList(site, outDir, "/docs");
      assertEquals(report.tasks[0].outcome, "failed");
      assertEquals(await filesUnder(outDir), [`${host}/docs`]);
      assertEquals(await Deno.readTextFile(`${outDir}/${host}/docs`), "docs");
      assertEquals(await Deno.readTextFile(`${outDir}/.corun-state.json`), state);
    }
    const [refused] = (await recordsOf(outDir, site.url("/docs"))).slice(-1);
    assertEquals(
      (refused.error as { message: string }).message,
      `Cannot save the page of ${site.url("/docs")} inside the folder "${host}/docs": an ` +
        `earlier run saved it as the file "${host}/docs", before it redirected to ` +
        `${site.url("/docs/")}; move or remove that file, and the next run saves the page inside ` +
        "the folder, with the pages under it",
    );

    // Moved away by the user: the page and the pages under it save in the folder.
    await Deno.rename(`${outDir}/${host}/docs`, `${outDir}/docs.old`);
    const report = await runList(site, outDir, "/docs", "/docs/intro");
    assertEquals([report.tasks[0].outcome, report.tasks[0].items?.done], ["done", 2]);
    assertEquals(await filesUnder(outDir), [
      `${host}/docs/index`,
      `${host}/docs/intro`,
      "docs.old",
    ]);
  });
});

Deno.test("a link that redirects to its slash claims the page's path: a task saving the slash's URL there too fails, not both", async () => {
  await using site = startRouteServer({ "/docs": TO_SLASH, "/docs/": { body: "docs" } });
  await withOutDir(async (outDir) => {
    const config = listConfig(site, outDir, "/docs");
    try {
      const report = await run(
        defineConfig({
          concurrency: 1,
          tasks: [
            config.tasks[0],
            fetchTask("with", site.url("/docs/"), { save: SAVE, after: ["docs"] }),
          ],
        }),
        { outDir },
      );
      assertEquals(report.tasks.map((task) => task.outcome), ["done", "failed"]);
      const error = report.tasks[1].error;
      assertEquals(error?.code, "SAVE_COLLISION");
      // The path the redirect rendered is the list's (without the fix, `docs` was a file there).
      assertMatch(
        error?.message ?? "",
        /docs\/index" for task "with": task "docs" saves to that path/,
      );
    } finally {
      await Deno.remove(`${outDir}.urls.txt`);
    }
  });
});

Deno.test("resume: true: a body under a slash redirect that broke off is continued by the next run, and saved as index", async () => {
  const body = new Uint8Array(400_000).map((_, i) => i % 251);
  let cut = true;
  const ranges: (string | null)[] = [];
  await using server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === "/big") {
      return new Response(null, { status: 301, headers: { Location: "/big/" } });
    }
    const range = request.headers.get("range");
    ranges.push(range);
    const headers = { ETag: '"v1"', "Content-Type": "application/octet-stream" };
    if (range !== null) {
      const from = Number(/^bytes=(\d+)-$/.exec(range)![1]);
      return new Response(body.slice(from), {
        status: 206,
        headers: { ...headers, "Content-Range": `bytes ${from}-${body.length - 1}/${body.length}` },
      });
    }
    const sent = cut ? body.slice(0, 200_000) : body;
    return new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(sent);
          if (!cut) controller.close();
        },
        // Once the first bytes are out: the connection breaks off.
        async pull(controller) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          controller.close(); // short of its Content-Length: the connection closes
        },
      }),
      { headers: { ...headers, "Content-Length": String(body.length) } },
    );
  });
  const url = `http://127.0.0.1:${server.addr.port}/big`;
  await withOutDir(async (outDir) => {
    const config = defineConfig({
      tasks: [fetchTask("big", url, { save: SAVE, resume: true, retries: 0 })],
    });
    const first = await run(config, { outDir });
    assertEquals(first.tasks[0].outcome, "failed");
    cut = false;
    const second = await run(config, { outDir });
    assertEquals(second.tasks[0].outcome, "done", second.tasks[0].error?.message);
    assertEquals(ranges, [null, "bytes=200000-"]);
    const host = `127.0.0.1_${server.addr.port}`;
    assertEquals(await Deno.readFile(`${outDir}/${host}/big/index`), body);
    assertEquals(await filesUnder(outDir), [`${host}/big/index`]);
  });
});

Deno.test("a URL with a fragment that redirects to its slash saves as index too: the fragment it carries over is no other place", async () => {
  await using site = startRouteServer({ "/docs": TO_SLASH, "/docs/": { body: "docs" } });
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({ tasks: [fetchTask("docs", site.url("/docs#intro"), { save: "{path}" })] }),
      { outDir },
    );
    assertEquals(report.tasks[0].outcome, "done");
    // The redirect lands on /docs/#intro (RFC 9110 §10.2.2): without the fix, saved as `docs`.
    assertEquals(await filesUnder(outDir), ["docs/index"]);
  });
});
