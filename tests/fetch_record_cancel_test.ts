/**
 * One metadata line per fetch, also for a fetch that never ends: cancelled while it waits for the
 * response head, or with half a body in, by an interrupted run or by its own task's `moveOnAfter`.
 * And a fetch that fails after its retries records how many attempts it made.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, moveOnAfter, run, task } from "../mod.ts";
import { pollUntil } from "./fixtures/poll.ts";
import { close, stall, startScriptedServer, write } from "./fixtures/scripted_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-cancel-record-");

async function records(outDir: string): Promise<Record<string, unknown>[]> {
  const text = await Deno.readTextFile(`${outDir}/corun.jsonl`);
  return text.trim().split("\n").map((line) => JSON.parse(line));
}

/** Resolves once `count()` reaches `wanted` (polled: the server has no event for it). */
function until(count: () => number, wanted: number): Promise<void> {
  return pollUntil(() => count() >= wanted, `${wanted} requests`, 5);
}

Deno.test("an interrupted run writes one CANCELLED line per fetch: waiting for the head, half a small body in, a ctx.fetch", async () => {
  await using server = startScriptedServer({
    routes: {
      "/head": [stall()],
      "/small": [write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhalf"), stall()],
      "/ctx": [stall()],
    },
  });
  await withOutDir(async (outDir) => {
    const controller = new AbortController();
    const running = run(
      defineConfig({
        outDir,
        tasks: [
          fetchTask("head", server.url("/head"), { save: "head.bin" }),
          fetchTask("small", server.url("/small"), { save: "small.bin" }),
          task("custom", function* (ctx) {
            yield* ctx.fetch(server.url("/ctx"));
          }),
        ],
      }),
      { state: false, signal: controller.signal },
    );
    await until(() => server.requests.length, 3);
    controller.abort();
    const report = await running;
    assertEquals(report.tasks.map((t) => t.outcome), ["cancelled", "cancelled", "cancelled"]);
    const lines = await records(outDir);
    const byTask = (name: string) => lines.filter((line) => line.task === name);
    for (const name of ["head", "small", "custom"]) {
      const mine = byTask(name);
      assertEquals(mine.length, 1, `${name}: ${JSON.stringify(lines)}`);
      const error = mine[0].error as { code: string; message: string };
      assertEquals([mine[0].savedPath, error.code], [null, "CANCELLED"], name);
      assert(error.message.includes("the run was interrupted"), error.message);
    }
    assertEquals([...Deno.readDirSync(outDir)].map((entry) => entry.name), ["corun.jsonl"]);
  });
});

Deno.test("a small body cut off half-way by an interrupt is one CANCELLED line with the status and the bytes that came", async () => {
  await using server = startScriptedServer({
    routes: { "/small": [write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhalf"), stall()] },
  });
  await withOutDir(async (outDir) => {
    const controller = new AbortController();
    const headArrived = Promise.withResolvers<void>();
    const running = run(
      defineConfig({
        outDir,
        tasks: [fetchTask("small", server.url("/small"), {
          save: "small.bin",
          // Told once the head is in; by the time the test hears it, the task waits for the body.
          // deno-lint-ignore require-yield
          onResponse: function* () {
            headArrived.resolve();
          },
        })],
      }),
      { state: false, signal: controller.signal },
    );
    await headArrived.promise;
    controller.abort();
    assertEquals((await running).tasks[0].outcome, "cancelled");
    const lines = await records(outDir);
    assertEquals(
      lines.map((line) => [
        line.status,
        line.bytes,
        line.savedPath,
        (line.error as { code: string }).code,
      ]),
      [[200, 4, null, "CANCELLED"]],
    );
    assertEquals([...Deno.readDirSync(outDir)].map((entry) => entry.name), ["corun.jsonl"]);
  });
});

Deno.test("a ctx.fetch cut off by its task's moveOnAfter is one CANCELLED line; the task goes on", async () => {
  await using server = startScriptedServer({
    routes: {
      "/slow": [stall()],
      "/fast": [write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")],
    },
  });
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({
        outDir,
        tasks: [task("impatient", function* (ctx) {
          yield* moveOnAfter(20, ctx.fetch(server.url("/slow")));
          yield* ctx.fetch(server.url("/fast"));
        })],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].outcome, "done", report.tasks[0].error?.message);
    const lines = await records(outDir);
    assertEquals(
      lines.map((line) => [line.url, line.status, (line.error as { code?: string })?.code]),
      [[server.url("/slow"), null, "CANCELLED"], [server.url("/fast"), 200, undefined]],
    );
    const message = (lines[0].error as { message: string }).message;
    assert(message.includes("the task stopped waiting for it"), message);
  });
});

Deno.test("a ctx.fetch and a fetch task that fail after their retries record every attempt", async () => {
  await using server = startScriptedServer({ routes: { "/gone": [close()] } });
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({
        outDir,
        defaults: { retries: 2, backoff: "1ms" },
        tasks: [
          task("custom", function* (ctx) {
            yield* ctx.fetch(server.url("/gone"));
          }),
          fetchTask("fetch", server.url("/gone"), { save: "gone.bin" }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((t) => t.outcome), ["failed", "failed"]);
    const lines = await records(outDir);
    assertEquals(
      lines.map((line) => [line.task, line.attempts]).sort(),
      [["custom", 3], ["fetch", 3]],
    );
  });
});
