import { assert, assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, sleep, sleepTask, task } from "../mod.ts";
import { startDemoSite } from "../tasks/demo_server.ts";
import { bodyOf, startRangeServer } from "./fixtures/range_server.ts";
import { listFiles, withTempDir } from "./fixtures/temp_dir.ts";
import { testFilePlace } from "./fixtures/failure_place.ts";

const withOutDir = withTempDir("corun-run-test-");

Deno.test("two sleeps of 3s and 2s overlap: the run takes 3s of virtual time, not 5s", async () => {
  const report = await run(
    defineConfig({ tasks: [sleepTask("task-1", "3s"), sleepTask("task-2", "2s")] }),
    { virtualTime: true },
  );
  assertEquals(report.durationMs, 3000);
  assertEquals(report.virtualTime, true);
  assertEquals(
    report.tasks.map((t) => [t.name, t.outcome, t.startMs, t.endMs]),
    [["task-1", "done", 0, 3000], ["task-2", "done", 0, 2000]],
  );
  assertEquals(report.counts, { done: 2, failed: 0, cancelled: 0, skipped: 0 });
});

Deno.test("a task with `after` starts when its dependency ends", async () => {
  const report = await run(
    defineConfig({
      tasks: [sleepTask("first", "2s"), sleepTask("second", "1s", { after: ["first"] })],
    }),
    { virtualTime: true },
  );
  assertEquals(report.tasks.map((t) => [t.name, t.startMs, t.endMs]), [
    ["first", 0, 2000],
    ["second", 2000, 3000],
  ]);
});

Deno.test("a failed task does not take the others down, and its dependents are skipped", async () => {
  const report = await run(
    defineConfig({
      tasks: [
        task("breaks", function* () {
          yield* sleep1();
          throw new Error("boom");
        }),
        sleepTask("unrelated", "5s"),
        sleepTask("dependent", "1s", { after: ["breaks"] }),
      ],
    }),
    { virtualTime: true },
  );
  const [breaks, unrelated, dependent] = report.tasks;
  // Its name and where in the task's code, as a bug is found.
  assertEquals([breaks.outcome, testFilePlace(breaks.error?.message)], [
    "failed",
    "Error: boom (at run_test.ts)",
  ]);
  assertEquals(unrelated.outcome, "done");
  assertEquals(dependent.outcome, "skipped");
  assertMatch(dependent.error!.message, /runs after "breaks", which failed/);
  assertEquals(report.counts, { done: 1, failed: 1, cancelled: 0, skipped: 1 });
});

Deno.test("a task that throws null or undefined fails like any other, and the run ends", async () => {
  const site = await startDemoSite();
  try {
    await withOutDir(async (outDir) => {
      const report = await run(
        defineConfig({
          outDir,
          tasks: [
            task("throws-undefined", function* () {
              yield* sleep1();
              throw undefined;
            }),
            fetchTask("callback-throws-null", `${site.httpUrl}/`, {
              // deno-lint-ignore require-yield
              *onResponse() {
                throw null;
              },
            }),
            sleepTask("unrelated", "5ms"),
          ],
        }),
        { state: false },
      );
      assertEquals(
        report.tasks.map((t) => [t.name, t.outcome, t.error?.message]),
        [
          ["throws-undefined", "failed", "undefined"],
          ["callback-throws-null", "failed", "null"],
          ["unrelated", "done", undefined],
        ],
      );
      const line = JSON.parse(await Deno.readTextFile(`${outDir}/corun.jsonl`));
      assertEquals(line.error, { code: "ERROR", message: "null" });
    });
  } finally {
    await site.close();
  }
});

function* sleep1() {
  yield* sleep(1000);
}

Deno.test("an interrupted run cancels its tasks and their finally blocks run", async () => {
  const controller = new AbortController();
  const cleaned: string[] = [];
  const report = await run(
    defineConfig({
      tasks: [
        task("long", function* (ctx) {
          try {
            yield* ctx.sleep(60_000);
          } finally {
            cleaned.push("long");
          }
        }),
        sleepTask("nap", "60s"),
      ],
    }),
    { signal: controller.signal, onStart: () => setTimeout(() => controller.abort(), 10) },
  );
  assertEquals(report.interrupted, true);
  assertEquals(cleaned, ["long"]);
  assertEquals(report.tasks.map((t) => t.outcome), ["cancelled", "cancelled"]);
});

Deno.test("an interrupted pattern task with fetches still queued ends cancelled, and its end is told", async () => {
  await using server = startRangeServer({
    body: bodyOf(64 * 1024),
    slow: { pieceBytes: 1024, pauseMs: 20 },
  });
  await withOutDir(async (outDir) => {
    const controller = new AbortController();
    const ends: [string, string][] = [];
    const report = await run(
      defineConfig({
        outDir,
        perHost: 2,
        tasks: [{ name: "slow", fetch: server.url("/f[1-10]"), save: "{1}.bin" }],
      }),
      {
        state: false,
        signal: controller.signal,
        // Two bodies take a second each to arrive: the other eight are still queued then.
        onStart: () => setTimeout(() => controller.abort(), 150),
        onEvent: (event) => {
          if (event.type === "task-end") ends.push([event.result.name, event.result.outcome]);
        },
      },
    );
    assertEquals(report.interrupted, true);
    assertEquals(ends, [["slow", "cancelled"]]);
    assertEquals(report.tasks[0].items?.cancelled, 10);
  });
});

Deno.test("fetch tasks save bodies atomically and record one metadata line each", async () => {
  const site = await startDemoSite();
  try {
    await withOutDir(async (outDir) => {
      const report = await run(
        defineConfig({
          outDir,
          defaults: { caFile: site.caFile },
          tasks: [
            fetchTask("home", `${site.httpUrl}/`, { save: "{name}.html", sha256: true }),
            fetchTask("secure", `${site.httpsUrl}/data.json`, { save: "{host}/{path}" }),
            fetchTask("zipped", `${site.httpUrl}/gzip`, { save: "zipped.{ext}" }),
            fetchTask("moved", `${site.httpUrl}/old`, { save: "moved.html" }),
            fetchTask("missing", `${site.httpUrl}/nope`, { save: "missing.html" }),
          ],
        }),
      );
      const byName = Object.fromEntries(report.tasks.map((t) => [t.name, t]));
      assertEquals(byName.home.outcome, "done");
      assertEquals(byName.secure.fetch?.status, 200);
      assertEquals(byName.moved.fetch?.finalUrl, `${site.httpUrl}/`);
      assertEquals(byName.missing.outcome, "failed");
      assertEquals(byName.missing.error?.code, "HTTP_STATUS");
      const files = await listFiles(outDir);
      assertEquals(files, [
        "corun.jsonl",
        "home.html",
        `localhost_${new URL(site.httpsUrl).port}/data.json`,
        "moved.html",
        "zipped.txt",
      ]);
      assertEquals(
        await Deno.readTextFile(`${outDir}/zipped.txt`),
        "compressed text\n".repeat(500),
      );
      const lines = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n");
      assertEquals(lines.length, 5);
      const records = lines.map((line) => JSON.parse(line));
      const home = records.find((r) => r.task === "home");
      assertEquals(home.savedPath, "home.html");
      assertMatch(home.sha256, /^[0-9a-f]{64}$/);
      assertEquals(records.find((r) => r.task === "secure").sha256, null); // not asked for
      assert(records.find((r) => r.task === "missing").error.code === "HTTP_STATUS");
    });
  } finally {
    await site.close();
  }
});

Deno.test("a callback write that would leave the output directory fails the task and writes nothing", async () => {
  const site = await startDemoSite();
  try {
    await withOutDir(async (outDir) => {
      const report = await run(defineConfig({
        outDir: `${outDir}/inside`,
        metadata: false,
        tasks: [
          fetchTask("escape", `${site.httpUrl}/`, {
            *onResponse(response, ctx) {
              yield* ctx.write("../escaped.html", yield* response.body.bytes());
            },
          }),
        ],
      }));
      assertEquals(report.tasks[0].outcome, "failed");
      assertMatch(report.tasks[0].error!.message, /leaves the output directory/);
      assertEquals(await listFiles(outDir), []);
    });
  } finally {
    await site.close();
  }
});

Deno.test("live snapshots keep counting while every task sleeps", async () => {
  const seen: (number | null)[] = [];
  await run(defineConfig({ tasks: [sleepTask("nap", "200ms")] }), {
    onStart(live) {
      setTimeout(() => seen.push(live.snapshot()[0].elapsedMs), 50);
      setTimeout(() => seen.push(live.snapshot()[0].elapsedMs), 120);
    },
  });
  assertEquals(seen.length, 2);
  assert(seen[0]! > 0 && seen[1]! > seen[0]!, `elapsed did not advance: ${seen}`);
});

Deno.test("the report lists every task however it is read: JSON, spread, or twice the same", async () => {
  const report = await run(
    defineConfig({ tasks: [sleepTask("a", "1s"), sleepTask("b", "2s", { after: ["a"] })] }),
    { virtualTime: true },
  );
  const expected = [["a", "done", 0, 1000], ["b", "done", 1000, 3000]];
  const rows = (
    tasks: { name: string; outcome: string; startMs: number | null; endMs: number | null }[],
  ) => tasks.map((t) => [t.name, t.outcome, t.startMs, t.endMs]);
  assertEquals(rows(JSON.parse(JSON.stringify(report)).tasks), expected);
  assertEquals(rows({ ...report }.tasks), expected);
  assert(report.tasks === report.tasks, "the list is built once");
  assertEquals(Object.keys(report).includes("tasks"), true);
  assertEquals(rows(structuredClone(report).tasks), expected);
});

Deno.test("the report's task list prints, survives freezing, and can be replaced", async () => {
  const config = defineConfig({ tasks: [sleepTask("a", "1s")] });
  const printed = Deno.inspect(await run(config, { virtualTime: true }), { depth: 4 });
  assertMatch(printed, /tasks: \[\s*\{\s*name: "a"/);
  const frozen = Object.freeze(await run(config, { virtualTime: true }));
  assertEquals(frozen.tasks.map((t) => t.name), ["a"]);
  const replaced = await run(config, { virtualTime: true });
  replaced.tasks = [];
  assertEquals(replaced.tasks, []);
});
