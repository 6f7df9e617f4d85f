/**
 * A response callback that runs past its `callbackTimeout` is stopped: its fetch fails with
 * `TIMEOUT_CALLBACK` (not retried, its file not saved), and the run goes on and ends, where the
 * stall detector cannot help (the callback waits on live I/O, or on a sleep). One within its limit
 * is untouched, and one with none given has the default, 5m.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, sleep, task, type TaskContext } from "../mod.ts";
import postgres from "npm:postgres@3.4.9";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { MOD, QUEUE_CLI_ARGS, runDeno } from "./fixtures/run_deno.ts";

/** Runs `body` in a directory of its own. */
async function inDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-callback-timeout-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** What a fetch whose callback ran past `limit` fails with. */
function timedOut(limit: string): { code: string; message: string } {
  return {
    code: "TIMEOUT_CALLBACK",
    message:
      `Its onResponse ran for more than callbackTimeout (${limit}), and was stopped: raise ` +
      "callbackTimeout for a longer callback",
  };
}

/** A server that takes connections and never answers, until closed. */
function startSilentServer(): { url: string; [Symbol.asyncDispose](): Promise<void> } {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    try {
      for await (const conn of listener) held.push(conn);
    } catch {
      // Closed.
    }
  })();
  return {
    url: `http://127.0.0.1:${listener.addr.port}/`,
    async [Symbol.asyncDispose]() {
      listener.close();
      for (const conn of held) conn.close();
      await accepting;
    },
  };
}

/** A line of the run's metadata file, by its URL. */
async function metadataLines(dir: string): Promise<Map<string, Record<string, unknown>>> {
  const text = await Deno.readTextFile(`${dir}/out/corun.jsonl`);
  const lines = text.trim().split("\n").map((line) => JSON.parse(line));
  return new Map(lines.map((line) => [new URL(line.url).pathname, line]));
}

Deno.test("corun run --virtual-time: a callback that sleeps past its callbackTimeout fails its fetch with TIMEOUT_CALLBACK, not retried nor saved; one within its limit is untouched; the default is 5m", async () => {
  await using server = startRouteServer({
    "/slow": { body: "slow" },
    "/quick": { body: "quick" },
    "/unset": { body: "unset" },
    "/page": { body: "page" },
  });
  await inDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/cb.ts`,
      `import { defineConfig, sleep } from ${JSON.stringify(MOD)};
export default defineConfig({ outDir: "out", tasks: [
  { name: "slow", fetch: ${JSON.stringify(server.url("/slow"))}, save: "slow.txt",
    callbackTimeout: "1m", onResponse: function* () { yield* sleep(10 * 60_000); } },
  { name: "quick", fetch: ${JSON.stringify(server.url("/quick"))}, save: "quick.txt",
    callbackTimeout: "1m", onResponse: function* () { yield* sleep(30_000); } },
  { name: "unset", fetch: ${JSON.stringify(server.url("/unset"))}, save: "unset.txt",
    onResponse: function* () { yield* sleep(6 * 60_000); } },
  { name: "page", fetch: ${JSON.stringify(server.url("/page"))}, save: "page.txt" },
] });
`,
    );
    const { code, stdout, stderr } = await runDeno(
      ["run", "-A", MOD, "run", "--json", "--virtual-time", "cb.ts"],
      { cwd: dir },
    );
    assertEquals(code, 1, stderr);
    const report = JSON.parse(stdout);
    const ends = report.tasks.map((task: { name: string; outcome: string; error?: unknown }) => [
      task.name,
      task.outcome,
      task.error,
    ]);
    assertEquals(ends, [
      ["slow", "failed", timedOut("1m")],
      ["quick", "done", undefined],
      ["unset", "failed", timedOut("5m")],
      ["page", "done", undefined],
    ]);
    // The run ends as the default limit passes, on the loop's clock: not at the 6m sleep's end.
    assertEquals(report.durationMs, 5 * 60_000);
    const lines = await metadataLines(dir);
    for (const path of ["/slow", "/unset"]) {
      const line = lines.get(path)!;
      assertEquals([line.error, line.attempts], [timedOut(path === "/slow" ? "1m" : "5m"), 1]);
    }
    assertEquals(lines.get("/quick")?.error, undefined);
    // Asked once each: the default retries (2) do not run the user's code again.
    assertEquals(server.requests.filter((request) => request.path === "/slow").length, 1);
    const saved = (await Array.fromAsync(Deno.readDir(`${dir}/out`)))
      .map((entry) => entry.name).filter((name) => name.endsWith(".txt")).sort();
    assertEquals(saved, ["page.txt", "quick.txt"]);

    // Without --json: the task's line says what happened and the knob, as for any failure.
    const plain = await runDeno(["run", "-A", MOD, "run", "--virtual-time", "cb.ts"], {
      cwd: dir,
    });
    assertEquals(plain.code, 1, plain.stderr);
    assert(plain.stdout.includes(`slow failed 1m00`), plain.stdout);
    assert(plain.stdout.includes(timedOut("1m").message), plain.stdout);
  });
});

Deno.test("corun run: a callback awaiting its own fetch to a server that never answers is stopped at its callbackTimeout, and so is one whose promise settles too late, while a sleep keeps the run busy", async () => {
  await using silent = startSilentServer();
  await using server = startRouteServer({
    "/hung": { body: "hung" },
    "/late": { body: "late" },
    "/page": { body: "page" },
  });
  await inDir(async (dir) => {
    // The sleep keeps the run busy past both limits: no stall, which would fail the callbacks.
    await Deno.writeTextFile(
      `${dir}/cb.ts`,
      `import { call, defineConfig, sleepTask } from ${JSON.stringify(MOD)};
export default defineConfig({ outDir: "out", tasks: [
  sleepTask("nap", "1500ms"),
  { name: "hung", fetch: ${JSON.stringify(server.url("/hung"))}, save: "hung.txt",
    callbackTimeout: "200ms",
    onResponse: function* () {
      yield* call((signal) => fetch(${
        JSON.stringify(silent.url)
      }, { signal }), "the silent server");
    } },
  { name: "late", fetch: ${JSON.stringify(server.url("/late"))}, callbackTimeout: "300ms",
    onResponse: () => new Promise((resolve) => setTimeout(resolve, 1000)) },
  { name: "page", fetch: ${JSON.stringify(server.url("/page"))}, save: "page.txt" },
] });
`,
    );
    const { code, stdout, stderr } = await runDeno(
      ["run", "-A", MOD, "run", "--json", "cb.ts"],
      { cwd: dir },
    );
    assertEquals(code, 1, stderr);
    const report = JSON.parse(stdout);
    const ends = report.tasks.map((task: { name: string; outcome: string; error?: unknown }) => [
      task.name,
      task.outcome,
      task.error,
    ]);
    assertEquals(ends, [
      ["nap", "done", undefined],
      ["hung", "failed", timedOut("200ms")],
      ["late", "failed", timedOut("300ms")],
      ["page", "done", undefined],
    ]);
    const lines = await metadataLines(dir);
    assertEquals(lines.get("/hung")?.error, timedOut("200ms"));
    assertEquals(lines.get("/late")?.error, timedOut("300ms"));
    await Deno.stat(`${dir}/out/page.txt`);
    await assertMissing(`${dir}/out/hung.txt`);
  });
});

Deno.test("library run(): a fetchTask's callbackTimeout stops its onResponse, whose ctx, kept for later, refuses calls", async () => {
  await using server = startRouteServer({ "/a": { body: "page a" } });
  const outDir = await Deno.makeTempDir({ prefix: "corun-callback-timeout-" });
  try {
    let kept: TaskContext | undefined;
    let lateError: (Error & { code?: string }) | undefined;
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          fetchTask("page", server.url("/a"), {
            save: "a.txt",
            callbackTimeout: "100ms",
            *onResponse(_response, ctx) {
              kept = ctx;
              yield* sleep(60_000);
            },
          }),
          task("later", function* () {
            yield* sleep(400);
            try {
              yield* kept!.write("late.txt", "late");
            } catch (error) {
              lateError = error as Error & { code?: string };
            }
          }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((task) => [task.name, task.outcome, task.error]), [
      ["page", "failed", timedOut("100ms")],
      ["later", "done", undefined],
    ]);
    assertEquals(lateError?.code, "CONTEXT_ENDED");
    assertEquals((await Array.fromAsync(Deno.readDir(outDir))).map((entry) => entry.name), []);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

pgTest(
  "corun worker --drain: a job whose callback runs past its callbackTimeout ends failed, the other done, and the worker exits",
  async (cluster) => {
    const db = await cluster.createDatabase("callback_timeout");
    await using server = startRouteServer({
      "/stuck": { body: "stuck" },
      "/page": { body: "page" },
    });
    await inDir(async (dir) => {
      // The PostgreSQL client's sockets are always pending: no stall would ever stop this callback.
      const config = `${dir}/jobs.ts`;
      await Deno.writeTextFile(
        config,
        `import { defineConfig, fetchTask, sleep } from ${JSON.stringify(MOD)};
export default defineConfig({ tasks: [
  fetchTask("stuck", ${JSON.stringify(server.url("/stuck"))}, { save: "stuck.txt",
    callbackTimeout: "300ms", *onResponse() { yield* sleep(10 * 60_000); } }),
  fetchTask("page", ${JSON.stringify(server.url("/page"))}, { save: "page.txt" }),
] });
`,
      );
      const corun = (args: string[]) =>
        runDeno([...QUEUE_CLI_ARGS, ...args, "--db", db], { env: { NO_COLOR: "1" } });
      const submit = await corun(["submit", config]);
      assertEquals(submit.code, 0, submit.stderr);
      const worker = await corun(["worker", config, "--drain", "--out", `${dir}/out`]);
      assertEquals(worker.code, 1, worker.stderr);
      const sql = postgres(db, { onnotice: () => {} });
      try {
        const jobs = await sql<
          { task: string; state: string; attempt: number; last_error: string }[]
        >`
        SELECT task, state, attempt, last_error FROM corun_jobs ORDER BY task`;
        assertEquals(jobs.map((job) => [job.task, job.state, job.attempt]), [
          // Not retried: no attempt after the first (0).
          ["page", "done", 0],
          ["stuck", "failed", 0],
        ]);
        assertEquals(jobs[1].last_error, timedOut("300ms").message);
        const codes = await sql<{ code: string | null }[]>`
        SELECT line->'error'->>'code' AS code FROM corun_results WHERE line->>'task' = 'stuck'`;
        assertEquals(codes.map((row) => row.code), ["TIMEOUT_CALLBACK"]);
      } finally {
        await sql.end();
      }
      await Deno.stat(`${dir}/out/page.txt`);
      await assertMissing(`${dir}/out/stuck.txt`);
    });
  },
);

/** Fails unless `path` does not exist. */
async function assertMissing(path: string): Promise<void> {
  try {
    await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  throw new Error(`${path} exists`);
}
