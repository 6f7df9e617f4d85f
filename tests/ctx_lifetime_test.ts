// A `ctx` lives as long as the task (or the `onResponse` call) it was given to. When that ends, the
// responses its `ctx.request` handed out and nobody read to the end are closed, so their connections
// go back; and a ctx kept for later refuses every call, so nothing is fetched, written or enqueued
// for a task that is over, but for `ctx.log`, whose late line is told marked (a throw from a timer
// of the task's own would end the whole process).
import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  call,
  defineConfig,
  fetchTask,
  HttpError,
  type HttpResponse,
  type Operation,
  race,
  run,
  type RunEvent,
  runOperation,
  sleep,
  task,
  type TaskContext,
} from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-ctx-lifetime-");

function site() {
  return startRouteServer({
    "/a": { body: "page a" },
    "/b": { body: "page b" },
    "/c": { body: "page c" },
  });
}

Deno.test("a response a custom task's ctx.request handed out, left unread, is closed as the task ends", async () => {
  await using server = site();
  await withOutDir(async (outDir) => {
    let kept: HttpResponse | undefined;
    let endedWhenNextTaskRan: boolean | undefined;
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("peek", function* (ctx) {
            kept = yield* ctx.request(server.url("/a"));
            if (kept.status !== 200) throw new Error("unexpected status");
            // Returns without reading the body.
          }),
          // deno-lint-ignore require-yield
          task("next", function* () {
            endedWhenNextTaskRan = kept!.body.ended;
          }, { after: ["peek"] }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.counts.done, 2);
    assertEquals(endedWhenNextTaskRan, true);
    // Read later, it is no short body taken for the whole: it says why it has no more.
    const error = await assertRejects(() => runOperation(kept!.body.bytes()), HttpError);
    assertEquals(
      [error.code, error.message],
      [
        "BODY_CLOSED",
        `Cannot read the body of ${
          server.url("/a")
        }: it was closed before its end, after 0 bytes, when task "peek" ended`,
      ],
    );
  });
});

Deno.test("a response an onResponse's ctx.request handed out, left unread, is closed as its fetch ends", async () => {
  await using server = site();
  await withOutDir(async (outDir) => {
    let kept: HttpResponse | undefined;
    let endedWhenNextTaskRan: boolean | undefined;
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          fetchTask("page", server.url("/a"), {
            *onResponse(_response, ctx) {
              kept = yield* ctx.request(server.url("/b"));
            },
          }),
          // deno-lint-ignore require-yield
          task("next", function* () {
            endedWhenNextTaskRan = kept!.body.ended;
          }, { after: ["page"] }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.counts.done, 2);
    assertEquals(endedWhenNextTaskRan, true);
  });
});

Deno.test("a ctx.request that could only wait for connections its own task holds unread fails at once", async () => {
  await using server = site();
  await withOutDir(async (outDir) => {
    // perHost 1 and concurrency 1: the run opens at most 2 connections to the origin.
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        perHost: 1,
        concurrency: 1,
        tasks: [
          task("heads", function* (ctx) {
            yield* ctx.request(server.url("/a"));
            yield* ctx.request(server.url("/b"));
            // Without the check this waits forever; the virtual hour then ends the wait.
            yield* race<unknown>([ctx.request(server.url("/c")), sleep(3_600_000)]);
          }),
        ],
      }),
      { state: false, virtualTime: true },
    );
    const [heads] = report.tasks;
    assertEquals([heads.outcome, heads.error?.code], ["failed", "UNREAD_RESPONSES"]);
    assertEquals(
      heads.error?.message,
      `Cannot ctx.request ${server.url("/c")} for task "heads": it holds 2 responses of ` +
        `${server.url("").replace(/\/$/, "")} whose bodies are neither read to the end nor ` +
        "closed, every connection the run opens to that origin; read or close them " +
        "(response.body.close()) first",
    );
    assertEquals(server.requests.map((request) => request.path), ["/a", "/b"]);
  });
});

Deno.test("reading or closing each response lets a task make as many ctx.request calls as it likes", async () => {
  await using server = site();
  await withOutDir(async (outDir) => {
    const bodies: string[] = [];
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        perHost: 1,
        concurrency: 1,
        tasks: [
          task("heads", function* (ctx) {
            for (const path of ["/a", "/b", "/c", "/a"]) {
              const response = yield* ctx.request(server.url(path));
              if (path === "/b") response.body.close();
              else bodies.push(yield* response.body.text());
            }
          }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.counts.done, 1);
    assertEquals(bodies, ["page a", "page c", "page a"]);
  });
});

/** Runs one call of a kept ctx outside its task, and returns what it threw. */
async function refusal(call: () => Operation<unknown>): Promise<Error & { code?: string }> {
  return await assertRejects(() => runOperation(call()));
}

Deno.test("a ctx kept after its task ended refuses every call, and nothing is written or fetched", async () => {
  await using server = site();
  await withOutDir(async (outDir) => {
    let kept: TaskContext | undefined;
    await run(
      defineConfig({
        outDir,
        // deno-lint-ignore require-yield
        tasks: [task("keep", function* (ctx) {
          kept = ctx;
        })],
      }),
      { state: false },
    );
    const ctx = kept!;
    const calls: [string, () => Operation<unknown>][] = [
      ['ctx.write "late.txt"', () => ctx.write("late.txt", "late")],
      ['ctx.append "late.log"', () => ctx.append("late.log", "late\n")],
      [`ctx.fetch "${server.url("/a")}"`, () => ctx.fetch(server.url("/a"))],
      [`ctx.request "${server.url("/b")}"`, () => ctx.request(server.url("/b"))],
      [`ctx.enqueue "${server.url("/c")}"`, () => ctx.enqueue(server.url("/c"))],
      ["ctx.sleep 10 ms", () => ctx.sleep(10)],
    ];
    for (const [call, operation] of calls) {
      const error = await refusal(operation);
      assertEquals(error.code, "CONTEXT_ENDED");
      assertEquals(error.message, `Cannot ${call} for task "keep": the task has ended`);
    }
    // Not a file written, not the metadata log opened again, not a request sent.
    assertEquals([...Deno.readDirSync(outDir)].map((entry) => entry.name), []);
    assertEquals(server.requests.length, 0);
  });
});

Deno.test("an onResponse's ctx kept for later refuses calls once that onResponse has ended", async () => {
  await using server = site();
  await withOutDir(async (outDir) => {
    let kept: TaskContext | undefined;
    let lateError: (Error & { code?: string }) | undefined;
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          fetchTask("page", server.url("/a"), {
            // deno-lint-ignore require-yield
            *onResponse(_response, ctx) {
              kept = ctx;
            },
          }),
          task("later", function* () {
            try {
              yield* kept!.write("late.txt", "late");
            } catch (error) {
              lateError = error as Error & { code?: string };
            }
          }, { after: ["page"] }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.counts.done, 2);
    assert(lateError !== undefined, "the late write was refused");
    assertEquals(lateError!.code, "CONTEXT_ENDED");
    assertEquals(
      lateError!.message,
      `Cannot ctx.write "late.txt" for task "page": its onResponse for ${
        server.url("/a")
      } has ended`,
    );
    assertEquals([...Deno.readDirSync(outDir)].map((entry) => entry.name), []);
  });
});

Deno.test("ctx.log from a timer of a task that has ended is told, marked afterEnd, and nothing fails", async () => {
  await withOutDir(async (outDir) => {
    const logs: Extract<RunEvent, { type: "log" }>[] = [];
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          // deno-lint-ignore require-yield
          task("early", function* (ctx) {
            ctx.log("on time");
            setTimeout(() => ctx.log({ late: true }), 0);
          }),
          // Keeps the run going until the timer above has fired (timers fire in the order set).
          task("later", function* () {
            yield* call(() => new Promise((resolve) => setTimeout(resolve, 0)));
          }, { after: ["early"] }),
        ],
      }),
      { state: false, onEvent: (event) => event.type === "log" && logs.push(event) },
    );
    assertEquals(report.counts.done, 2);
    assertEquals(report.warnings, []);
    assertEquals(
      logs.map(({ name, message, afterEnd }) => ({ name, message, afterEnd })),
      [
        { name: "early", message: "on time", afterEnd: undefined },
        { name: "early", message: "{ late: true }", afterEnd: true },
      ],
    );
  });
});
