import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { encodeResponse, type ResponseSpec, startRouteServer } from "./fixtures/route_server.ts";
import { stall, startScriptedServer, write } from "./fixtures/scripted_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const STATE = ".corun-state.json";

/** Answers 304 to any conditional request, else 200 with an ETag. */
const TAGGED: ResponseSpec = { headers: { ETag: '"t"' }, body: "tagged" };
function tagged(request: { headers: Headers }): ResponseSpec {
  return request.headers.has("if-none-match") ? { status: 304 } : TAGGED;
}

const withOutDir = withTempDir("corun-state-options-");

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

async function readState(path: string): Promise<Record<string, Record<string, string>>> {
  return JSON.parse(await Deno.readTextFile(path)).entries;
}

Deno.test("state: false keeps no state and sends no condition", async () => {
  await using server = startRouteServer({ "/page": tagged });
  const config = defineConfig({
    tasks: [fetchTask("page", server.url("/page"), { save: "page.html" })],
  });
  await withOutDir(async (outDir) => {
    await run(config, { outDir, state: false });
    await run(config, { outDir, state: false });
    assertEquals(await exists(`${outDir}/${STATE}`), false);
    assertEquals(server.requests.map((r) => r.headers.get("if-none-match")), [null, null]);
  });
});

Deno.test("state: PATH keeps the state in that file", async () => {
  await using server = startRouteServer({ "/page": tagged });
  const url = server.url("/page");
  const config = defineConfig({ tasks: [fetchTask("page", url, { save: "page.html" })] });
  await withOutDir(async (outDir) => {
    const statePath = `${outDir}/elsewhere/state.json`;
    await run(config, { outDir: `${outDir}/out`, state: statePath });
    assertEquals(await exists(`${outDir}/out/${STATE}`), false);
    assertEquals((await readState(statePath))[url].etag, '"t"');
    const second = await run(config, { outDir: `${outDir}/out`, state: statePath });
    assertEquals(second.tasks[0].fetch?.unchanged, true);
  });
});

Deno.test("a run without saving fetch tasks, and a dry run, write no state", async () => {
  await using server = startRouteServer({ "/page": tagged });
  await withOutDir(async (outDir) => {
    await run(defineConfig({ tasks: [fetchTask("probe", server.url("/page"))] }), { outDir });
    const saving = defineConfig({
      tasks: [fetchTask("page", server.url("/page"), { save: "page.html" })],
    });
    await run(saving, { outDir, dryRun: true });
    assertEquals(await exists(`${outDir}/${STATE}`), false);
  });
});

Deno.test("a task that sets If-None-Match itself is left alone: its 304 fails as before", async () => {
  await using server = startRouteServer({ "/page": tagged });
  const url = server.url("/page");
  const own = defineConfig({
    tasks: [
      fetchTask("page", { url, headers: { "If-None-Match": '"mine"' } }, { save: "page.html" }),
    ],
  });
  await withOutDir(async (outDir) => {
    const report = await run(own, { outDir });
    assertEquals([report.tasks[0].outcome, report.tasks[0].error?.code], ["failed", "HTTP_STATUS"]);
    assertEquals(await exists(`${outDir}/${STATE}`), false);
  });
});

Deno.test("two tasks that save the same URL keep no state for it", async () => {
  await using server = startRouteServer({ "/page": tagged });
  const url = server.url("/page");
  const config = defineConfig({
    tasks: [
      fetchTask("a", url, { save: "a.html" }),
      fetchTask("b", url, { save: "b.html" }),
    ],
  });
  await withOutDir(async (outDir) => {
    await run(config, { outDir });
    await run(config, { outDir });
    assertEquals(server.requests.map((r) => r.headers.get("if-none-match")), [
      null,
      null,
      null,
      null,
    ]);
    assertEquals(await exists(`${outDir}/${STATE}`), false);
  });
});

Deno.test("an interrupted run still saves what its finished fetches recorded", async () => {
  await using server = startScriptedServer({
    routes: { "/slow": [stall()] },
    respond: () => [write(encodeResponse(TAGGED))],
  });
  const config = defineConfig({
    tasks: [
      fetchTask("fast", server.url("/fast"), { save: "fast.html", sha256: true }),
      fetchTask("slow", server.url("/slow"), { save: "slow.html" }),
    ],
  });
  await withOutDir(async (outDir) => {
    const controller = new AbortController();
    const report = await run(config, {
      outDir,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === "task-end" && event.result.name === "fast") controller.abort();
      },
    });
    assertEquals(report.interrupted, true);
    assertEquals(report.tasks.map((t) => t.outcome), ["done", "cancelled"]);
    const entries = await readState(`${outDir}/${STATE}`);
    assertEquals(Object.keys(entries), [server.url("/fast")]);
    assertMatch(entries[server.url("/fast")].sha256, /^[0-9a-f]{64}$/);
  });
});

Deno.test("a state file that cannot be read is a warning; the run goes on without state", async () => {
  await using server = startRouteServer({ "/page": tagged });
  const config = defineConfig({
    tasks: [fetchTask("page", server.url("/page"), { save: "page.html" })],
  });
  await withOutDir(async (outDir) => {
    await Deno.mkdir(`${outDir}/${STATE}`); // a directory where the file should be
    const warnings: string[] = [];
    const report = await run(config, {
      outDir,
      onEvent: (event) => {
        if (event.type === "warning") warnings.push(event.message);
      },
    });
    assertEquals(report.tasks[0].outcome, "done");
    assertEquals(warnings.length, 1);
    assertMatch(warnings[0], /^Cannot read the state file ".*": .*; running without state$/);
    assertEquals((await Deno.stat(`${outDir}/${STATE}`)).isDirectory, true);
  });
});

Deno.test("state: PATH shared by two output directories keeps each one's file its own", async () => {
  // The server's page changes between runs to another version of the same size.
  let version = 1;
  await using server = startRouteServer({
    "/page": (request) => {
      const etag = `"v${version}"`;
      return request.headers.get("if-none-match") === etag
        ? { status: 304, headers: { ETag: etag } }
        : { headers: { ETag: etag }, body: `version ${version}` };
    },
  });
  const config = defineConfig({
    tasks: [fetchTask("page", server.url("/page"), { save: "page.txt" })],
  });
  await withOutDir(async (dir) => {
    const state = `${dir}/state.json`;
    await run(config, { outDir: `${dir}/a`, state });
    await run(config, { outDir: `${dir}/b`, state });
    version = 2;
    await run(config, { outDir: `${dir}/a`, state });
    // The state's entry is a/page.txt's (version 2): b/page.txt still holds version 1, which a 304
    // to a/page.txt's ETag must not keep.
    const b = await run(config, { outDir: `${dir}/b`, state });
    assertEquals(b.tasks[0].fetch?.unchanged, undefined);
    assertEquals(await Deno.readTextFile(`${dir}/b/page.txt`), "version 2");
    // Each directory's own save is still asked for conditionally.
    const again = await run(config, { outDir: `${dir}/b`, state });
    assertEquals(again.tasks[0].fetch?.unchanged, true);
  });
});

Deno.test("state: PATH shared by two output directories keeps their files of one name apart", async () => {
  await using server = startRouteServer({ "/a/": tagged, "/b/": tagged });
  const site = (name: string) =>
    defineConfig({ tasks: [fetchTask("page", server.url(`/${name}/`), { save: "index.html" })] });
  await withOutDir(async (dir) => {
    const state = `${dir}/state.json`;
    const runs = async () => [
      (await run(site("a"), { outDir: `${dir}/a`, state })).tasks[0].fetch?.unchanged,
      (await run(site("b"), { outDir: `${dir}/b`, state })).tasks[0].fetch?.unchanged,
    ];
    await runs();
    // a/index.html and b/index.html are two files: saving one keeps the other's entry.
    assertEquals(await runs(), [true, true]);
  });
});

Deno.test("state: PATH elsewhere: an entry that names no output directory gets a full request", async () => {
  await using server = startRouteServer({ "/page": tagged });
  const url = server.url("/page");
  const config = defineConfig({ tasks: [fetchTask("page", url, { save: "page.html" })] });
  await withOutDir(async (dir) => {
    const state = `${dir}/state.json`;
    await run(config, { outDir: `${dir}/out`, state });
    // As an older corun wrote it: the same entry, without `outDir`.
    const entries = await readState(state);
    delete entries[url].outDir;
    await Deno.writeTextFile(state, JSON.stringify({ version: 1, entries }));
    const second = await run(config, { outDir: `${dir}/out`, state });
    assertEquals([second.tasks[0].fetch?.status, server.requests[1].headers.get("if-none-match")], [
      200,
      null,
    ]);
    assertEquals((await readState(state))[url].outDir, "out");
  });
});
