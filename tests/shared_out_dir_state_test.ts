// Configs that share one output directory share its state file: a run keeps the entries another
// config's run saved, and a 304 keeps a file only while it is the body that was saved there.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { call, defineConfig, fetchTask, run, type RunOptions, task } from "../mod.ts";
import type { RecordedRequest } from "./fixtures/request_reader.ts";
import { type ResponseSpec, startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

/** A time long past, and one to come: modification times that need no waiting. */
const LONG_AGO = new Date("2020-01-02T03:04:05Z");
const LATER = new Date(Date.now() + 3_600_000);

/** A page with an ETag, answering a matching If-None-Match with a 304. */
function page(body: string) {
  const etag = `"${body}"`;
  return (request: RecordedRequest): ResponseSpec =>
    request.headers.get("if-none-match") === etag
      ? { status: 304, headers: { ETag: etag } }
      : { headers: { ETag: etag }, body };
}

const withOutDir = withTempDir("corun-shared-state-");

/** Runs one fetch task and returns how it ended. */
async function fetchOnce(url: string, save: string, outDir: string, options: RunOptions = {}) {
  const report = await run(defineConfig({ tasks: [fetchTask("page", url, { save })] }), {
    outDir,
    ...options,
  });
  const fetch = report.tasks[0].fetch;
  return { status: fetch?.status, unchanged: fetch?.unchanged ?? false };
}

Deno.test("a file another config's run saved over gets a full request, not a 304 that keeps the other body", async () => {
  await using server = startRouteServer({ "/a": page("body a"), "/b": page("body b") });
  await withOutDir(async (outDir) => {
    const [a, b] = [server.url("/a"), server.url("/b")];
    assertEquals(await fetchOnce(a, "shared.txt", outDir), { status: 200, unchanged: false });
    assertEquals(await fetchOnce(b, "shared.txt", outDir), { status: 200, unchanged: false });
    assertEquals(await fetchOnce(a, "shared.txt", outDir), { status: 200, unchanged: false });
    assertEquals(server.requests.at(-1)?.headers.get("if-none-match"), null);
    assertEquals(await Deno.readTextFile(`${outDir}/shared.txt`), "body a");
    // And it is a's again: the next run of a keeps it by a 304.
    assertEquals(await fetchOnce(a, "shared.txt", outDir), { status: 304, unchanged: true });
  });
});

Deno.test("a saved file changed since its save gets a full request, also when no state says who changed it", async (t) => {
  await using server = startRouteServer({ "/a": page("body a") });
  const a = server.url("/a");
  const changes: [string, string, Date][] = [
    ["another size, an old modification time", "longer body", LONG_AGO],
    ["the same size, written after the save", "body b", LATER],
  ];
  for (const [what, text, mtime] of changes) {
    await t.step(what, () =>
      withOutDir(async (outDir) => {
        // Its own state file: another config's run (with its own) leaves no trace in it.
        const options = { state: `${outDir}/a-state.json` };
        await fetchOnce(a, "shared.txt", outDir, options);
        await Deno.writeTextFile(`${outDir}/shared.txt`, text);
        await Deno.utime(`${outDir}/shared.txt`, mtime, mtime);
        assertEquals(await fetchOnce(a, "shared.txt", outDir, options), {
          status: 200,
          unchanged: false,
        });
        assertEquals(await Deno.readTextFile(`${outDir}/shared.txt`), "body a");
      }));
  }
  await t.step("a file as saved is kept by a 304", () =>
    withOutDir(async (outDir) => {
      await fetchOnce(a, "shared.txt", outDir);
      await Deno.utime(`${outDir}/shared.txt`, LONG_AGO, LONG_AGO);
      assertEquals(await fetchOnce(a, "shared.txt", outDir), { status: 304, unchanged: true });
    }));
});

Deno.test("two configs' runs that overlap in one output directory keep both state entries", async () => {
  await using server = startRouteServer({ "/a": page("body a"), "/b": page("body b") });
  await withOutDir(async (outDir) => {
    const { promise: gate, resolve: open } = Promise.withResolvers<void>();
    const { promise: fetched, resolve: saidFetched } = Promise.withResolvers<void>();
    // Run a loads the state, saves a.txt, then holds until run b has started, run and saved.
    const holding = defineConfig({
      outDir,
      tasks: [
        fetchTask("a", server.url("/a"), { save: "a.txt" }),
        task("hold", () => {
          saidFetched();
          return call(() => gate, "gate");
        }, { after: ["a"] }),
      ],
    });
    const runningA = run(holding);
    await fetched;
    assertEquals(await fetchOnce(server.url("/b"), "b.txt", outDir), {
      status: 200,
      unchanged: false,
    });
    open();
    await runningA;
    // The next runs of both configs ask conditionally, and keep their files.
    assertEquals(await fetchOnce(server.url("/b"), "b.txt", outDir), {
      status: 304,
      unchanged: true,
    });
    assertEquals(await fetchOnce(server.url("/a"), "a.txt", outDir), {
      status: 304,
      unchanged: true,
    });
  });
});
