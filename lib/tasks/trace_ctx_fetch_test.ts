/**
 * A custom task's own fetches (`ctx.fetch`) are traced like a fetch task's: each attempt is told to
 * `RunOptions.onAttempt` with its waits and phases, a retry keeps the fetch's id and counts up.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run, task } from "../config/mod.ts";
import type { AttemptEvent } from "./report.ts";
import { freePort } from "../../tests/fixtures/raw_conn.ts";

Deno.test("a traced run tells each attempt of a custom task's ctx.fetch: a retry, a success, a status handed back, a failure", async () => {
  let flakyHits = 0;
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (request) => {
      const path = new URL(request.url).pathname;
      if (path === "/flaky" && flakyHits++ === 0) return new Response("busy", { status: 503 });
      if (path === "/gone") return new Response("no", { status: 404 });
      return new Response("x".repeat(100_000));
    },
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  // A port nothing listens on: the connection is refused.
  const refusedUrl = `http://127.0.0.1:${freePort()}/`;
  const outDir = await Deno.makeTempDir({ prefix: "corun-trace-ctx-" });
  try {
    const attempts: AttemptEvent[] = [];
    const seenByTask: unknown[] = [];
    const report = await run(
      defineConfig({
        outDir,
        defaults: { backoff: "10ms" },
        tasks: [
          task("crawl", function* (ctx) {
            const page = yield* ctx.fetch(`${base}/flaky`);
            const gone = yield* ctx.fetch(`${base}/gone`);
            seenByTask.push(page.status, page.body.byteLength, gone.status);
            try {
              yield* ctx.fetch(refusedUrl, { retries: 0 });
            } catch (error) {
              seenByTask.push((error as { code?: string }).code);
            }
          }),
        ],
      }),
      { state: false, onAttempt: (attempt) => attempts.push(attempt) },
    );
    assertEquals(report.tasks[0].outcome, "done", report.tasks[0].error?.message);
    const refusedCode = seenByTask[3];
    assertEquals(seenByTask.slice(0, 3), [200, 100_000, 404]);
    assertEquals(
      attempts.map((a) => [a.task, a.url, a.attempt, a.outcome, a.status]),
      [
        ["crawl", `${base}/flaky`, 0, "retry", 503],
        ["crawl", `${base}/flaky`, 1, "done", 200],
        ["crawl", `${base}/gone`, 0, "done", 404],
        ["crawl", refusedUrl, 0, "failed", undefined],
      ],
    );
    const [retried, fetched, gone, refused] = attempts;
    assertEquals(retried.fetchId, fetched.fetchId, "one fetch, two attempts");
    assert(gone.fetchId !== fetched.fetchId, "another fetch, another id");
    assertEquals(retried.error, { code: "HTTP_STATUS", message: "status 503" });
    assert(retried.retryInMs !== undefined && retried.retryInMs >= 0, "the retry's delay is told");
    for (const wait of fetched.waits) {
      assert(wait.startMs >= retried.endMs, "the retry's waits follow the first attempt");
    }
    const kinds = fetched.waits.map((wait) => wait.kind).join();
    assert(kinds === "" || /^(backoff,?)?(queued)?$/.test(kinds), `backoff, then queued: ${kinds}`);
    // The body is read in the turn and kept in memory: a body phase, no write phase.
    assertEquals(fetched.bytes, 100_000);
    assert(fetched.headAtMs! >= fetched.startMs, "the head arrived in the attempt");
    assert(fetched.endMs >= fetched.headAtMs! + fetched.bodyMs, "the body was read after the head");
    assert(fetched.bodyMs > 0, "the body's time is told");
    assertEquals(fetched.writeMs, 0);
    assertEquals(refused.error?.code, refusedCode);
    assert(typeof refusedCode === "string", "the refusal has a code");
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
