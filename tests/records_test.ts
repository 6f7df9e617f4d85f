// What a run leaves about itself in the output directory: run ids on metadata lines, the metadata
// of the last `keepRuns` runs, and a state file a virtual-time preview never changes.
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { call, defineConfig, fetchTask, run, task } from "../mod.ts";
import { isRunId, METADATA_ARCHIVE_DIR, newRunId } from "../lib/tasks/mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { close, startScriptedServer, write } from "./fixtures/scripted_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

/** A time long past, set on files so a rewrite would show as a new mtime without any waiting. */
const LONG_AGO = new Date("2020-01-02T03:04:05Z");

const withOutDir = withTempDir("corun-records-");

async function runIdsIn(path: string): Promise<string[]> {
  const text = await Deno.readTextFile(path);
  return text.trim().split("\n").map((line) => JSON.parse(line).runId);
}

async function archived(outDir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(`${outDir}/${METADATA_ARCHIVE_DIR}`)) {
      names.push(entry.name);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return names.sort();
}

Deno.test("every metadata line carries its run's id", async () => {
  await using server = startRouteServer({ "/a": { body: "a" }, "/b": { body: "b" } });
  await withOutDir(async (outDir) => {
    const config = defineConfig({
      outDir,
      tasks: [fetchTask("a", server.url("/a")), fetchTask("b", server.url("/b"), { save: "b" })],
    });
    await run(config, { state: false });
    const [first, second] = await runIdsIn(`${outDir}/corun.jsonl`);
    assert(isRunId(first), first);
    assertEquals(second, first, "one id per run");
    const given = newRunId();
    await run(config, { state: false, runId: given });
    assertEquals(await runIdsIn(`${outDir}/corun.jsonl`), [given, given]);
  });
});

Deno.test("the metadata file holds the latest run; earlier runs are archived, the last keepRuns kept", async () => {
  await using server = startRouteServer({ "/a": { body: "a" } });
  await withOutDir(async (outDir) => {
    const config = defineConfig({ outDir, keepRuns: 3, tasks: [fetchTask("a", server.url("/a"))] });
    const ids = [1, 2, 3, 4, 5].map((day) => newRunId(Date.UTC(2026, 0, day)));
    for (const runId of ids) await run(config, { state: false, runId });
    assertEquals(await runIdsIn(`${outDir}/corun.jsonl`), [ids[4]]);
    assertEquals(await archived(outDir), [ids[2], ids[3]].map((id) => `${id}.jsonl`));
    for (const id of [ids[2], ids[3]]) {
      assertEquals(await runIdsIn(`${outDir}/${METADATA_ARCHIVE_DIR}/${id}.jsonl`), [id]);
    }
  });
});

Deno.test("a metadata file written before run ids is archived on the next run, not lost", async () => {
  await using server = startRouteServer({ "/a": { body: "a" } });
  await withOutDir(async (outDir) => {
    const legacy = '{"task":"old","url":"https://example.com/"}\n';
    await Deno.writeTextFile(`${outDir}/corun.jsonl`, legacy);
    await Deno.utime(`${outDir}/corun.jsonl`, LONG_AGO, LONG_AGO);
    await run(defineConfig({ outDir, tasks: [fetchTask("a", server.url("/a"))] }), {
      state: false,
    });
    const [name, ...more] = await archived(outDir);
    assertEquals(more, []);
    assertEquals(name, "20200102T030405000Z-legacy.jsonl");
    assertEquals(await Deno.readTextFile(`${outDir}/${METADATA_ARCHIVE_DIR}/${name}`), legacy);
  });
});

Deno.test("a virtual-time run uses the state for conditional requests but never saves it", async () => {
  let etag = '"v1"';
  await using server = startRouteServer({
    "/page": () => ({ headers: { ETag: etag }, body: `body ${etag}` }),
  });
  await withOutDir(async (outDir) => {
    const config = defineConfig({
      outDir,
      tasks: [fetchTask("page", server.url("/page"), { save: "page.html" })],
    });
    await run(config);
    const statePath = `${outDir}/.corun-state.json`;
    const before = await Deno.readTextFile(statePath);
    assert(before.includes('\\"v1\\"'), before);
    await Deno.utime(statePath, LONG_AGO, LONG_AGO);
    etag = '"v2"';
    const preview = await run(config, { virtualTime: true });
    assertEquals(preview.counts.done, 1);
    assertEquals(await Deno.readTextFile(`${outDir}/page.html`), 'body "v2"', "it did fetch");
    assertEquals(
      await Deno.readTextFile(statePath),
      before,
      "the state is as the real run left it",
    );
    assertEquals((await Deno.stat(statePath)).mtime?.getTime(), LONG_AGO.getTime());
  });
});

Deno.test("archiving never writes through a link: .corun leading outside is refused with a warning", async () => {
  await using server = startRouteServer({ "/a": { body: "a" } });
  await withOutDir(async (outDir) => {
    const outside = await Deno.makeTempDir({ prefix: "corun-records-outside-" });
    try {
      await Deno.symlink(outside, `${outDir}/.corun`);
      const config = defineConfig({ outDir, tasks: [fetchTask("a", server.url("/a"))] });
      await run(config, { state: false });
      const second = await run(config, { state: false });
      assertEquals([...Deno.readDirSync(outside)], [], "nothing was written outside");
      assert(
        second.warnings.some((warning) => warning.startsWith("Cannot archive the earlier runs'")),
        second.warnings.join("\n"),
      );
      // The run's lines still reach the metadata file, after the earlier run's.
      assertEquals((await runIdsIn(`${outDir}/corun.jsonl`)).length, 2);
    } finally {
      await Deno.remove(outside, { recursive: true });
    }
  });
});

Deno.test("an archive is never replaced: runs that overlapped and share a first line keep both parts", async () => {
  await using server = startRouteServer({ "/a": { body: "a" } });
  await withOutDir(async (outDir) => {
    // Run A's first lines were archived when run B started; A's later lines and B's followed in
    // corun.jsonl, which starts with A's line again.
    const a = newRunId(Date.UTC(2026, 0, 1));
    const line = (runId: string, task: string) => `${JSON.stringify({ runId, task })}\n`;
    await Deno.mkdir(`${outDir}/${METADATA_ARCHIVE_DIR}`, { recursive: true });
    await Deno.writeTextFile(`${outDir}/${METADATA_ARCHIVE_DIR}/${a}.jsonl`, line(a, "first"));
    const rest = line(a, "later") + line(newRunId(Date.UTC(2026, 0, 2)), "b");
    await Deno.writeTextFile(`${outDir}/corun.jsonl`, rest);
    await run(defineConfig({ outDir, tasks: [fetchTask("a", server.url("/a"))] }), {
      state: false,
    });
    assertEquals(await archived(outDir), [`${a}.2.jsonl`, `${a}.jsonl`]);
    const archive = (name: string) =>
      Deno.readTextFile(`${outDir}/${METADATA_ARCHIVE_DIR}/${name}`);
    assertEquals(await archive(`${a}.jsonl`), line(a, "first"));
    assertEquals(await archive(`${a}.2.jsonl`), rest);
  });
});

Deno.test("runs that overlap in one process share the metadata file: neither run's lines are split", async () => {
  const { promise: gate, resolve: open } = Promise.withResolvers<void>();
  await using server = startRouteServer({ "/a": { body: "a" } });
  await withOutDir(async (outDir) => {
    const earlier = newRunId(Date.UTC(2026, 0, 1));
    const [first, second] = [newRunId(Date.UTC(2026, 0, 2)), newRunId(Date.UTC(2026, 0, 3))];
    const fetchA = (name: string) =>
      defineConfig({ outDir, tasks: [fetchTask(name, server.url("/a"))] });
    await run(fetchA("a"), { state: false, runId: earlier });
    // The first run writes its line, then stays open (its metadata file too) until the gate opens.
    const holding = defineConfig({
      outDir,
      tasks: [fetchTask("a", server.url("/a")), task("hold", () => call(() => gate, "gate"))],
    });
    const going = run(holding, { state: false, runId: first });
    // However long that takes (a loaded machine): the second run must start after it.
    const start = Date.now();
    for (;;) {
      const text = await Deno.readTextFile(`${outDir}/corun.jsonl`).catch(() => "");
      if (text.includes(first)) break;
      if (Date.now() - start > 30_000) {
        open();
        await going;
        throw new Error(`the first run wrote no line in 30 s:\n${text}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await run(fetchA("b"), { state: false, runId: second });
    open();
    await going;
    assertEquals(await archived(outDir), [`${earlier}.jsonl`]);
    assertEquals(await runIdsIn(`${outDir}/corun.jsonl`), [first, second]);
  });
});

Deno.test("a fetch's totalMs runs from its first attempt: the wait before a retry counts", async () => {
  let answered = 0;
  await using server = startRouteServer({
    "/busy": () =>
      answered++ === 0 ? { status: 503, headers: { "Retry-After": "1" } } : { body: "ok" },
  });
  await withOutDir(async (outDir) => {
    await run(defineConfig({ outDir, tasks: [fetchTask("r", server.url("/busy"))] }), {
      state: false,
    });
    const line = JSON.parse(await Deno.readTextFile(`${outDir}/corun.jsonl`));
    assertEquals([line.status, line.attempts], [200, 2]);
    assert(line.timings.totalMs >= 900, `totalMs ${line.timings.totalMs} leaves out the wait`);
  });
});

Deno.test("a fetch's attempts count every request sent: a resend on a fresh connection in an earlier attempt too", async () => {
  // /x closes a reused connection without an answer (a stale one: the client sends again on a new
  // connection), answers 500 the first time on a new one, then 200.
  let xRequests = 0;
  let xAnswered = 0;
  const servedOn: number[] = []; // responses sent, by connection
  await using server = startScriptedServer({
    respond(request) {
      const served = servedOn[request.connection] ?? 0;
      if (request.path === "/x") {
        xRequests++;
        if (served > 0) return [close()]; // reused: closed without an answer
        if (xAnswered++ === 0) {
          servedOn[request.connection] = served + 1;
          return [write("HTTP/1.1 500 X\r\nContent-Length: 0\r\n\r\n")];
        }
      }
      servedOn[request.connection] = served + 1;
      return [write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")];
    },
  });
  await withOutDir(async (outDir) => {
    await run(
      defineConfig({
        outDir,
        concurrency: 1,
        defaults: { retries: 3, backoff: "1ms" },
        tasks: [
          fetchTask("warm", server.url("/w")),
          fetchTask("x", server.url("/x"), { after: ["warm"] }),
        ],
      }),
      { state: false },
    );
    const lines = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n");
    const x = lines.map((line) => JSON.parse(line)).find((record) => record.task === "x");
    assertEquals([x.status, x.attempts], [200, xRequests]);
    assert(xRequests >= 3, `the server saw ${xRequests} requests`);
  });
});
