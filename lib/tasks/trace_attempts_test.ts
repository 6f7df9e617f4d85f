import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../config/mod.ts";
import type { AttemptEvent } from "./report.ts";
import { type OriginTimes, waitsOf } from "./trace_attempts.ts";
import { bodyOf, startRangeServer } from "../../tests/fixtures/range_server.ts";
import { close, startScriptedServer, write } from "../../tests/fixtures/scripted_server.ts";

const NO_ORIGIN: OriginTimes = {
  lastStartMs: -Infinity,
  gaps: [],
  pauseFromMs: 0,
  pauseUntilMs: 0,
};

Deno.test("an entry that only waited for a slot waited queued, from the time it came in", () => {
  assertEquals(waitsOf({ sinceMs: 10, backoffUntilMs: 0 }, NO_ORIGIN, 25), [
    { kind: "queued", startMs: 10, endMs: 25 },
  ]);
  assertEquals(waitsOf({ sinceMs: 10, backoffUntilMs: 0 }, NO_ORIGIN, 10), []);
});

Deno.test("a retry waits its backoff, then the origin's pause, then its gap, then for a slot", () => {
  const waits = waitsOf(
    { sinceMs: 100, backoffUntilMs: 150 },
    {
      lastStartMs: 190,
      gaps: [{ fromMs: 190, untilMs: 210 }],
      pauseFromMs: 120,
      pauseUntilMs: 180,
    },
    230,
  );
  assertEquals(waits, [
    { kind: "backoff", startMs: 100, endMs: 150 },
    { kind: "retry-after", startMs: 150, endMs: 180 },
    { kind: "queued", startMs: 180, endMs: 190 },
    { kind: "politeness", startMs: 190, endMs: 210 },
    { kind: "queued", startMs: 210, endMs: 230 },
  ]);
});

Deno.test("an origin's gap that began before the entry came in counts from its coming", () => {
  const waits = waitsOf(
    { sinceMs: 50, backoffUntilMs: 0 },
    { ...NO_ORIGIN, lastStartMs: 40, gaps: [{ fromMs: 40, untilMs: 70 }] },
    70,
  );
  assertEquals(waits, [{ kind: "politeness", startMs: 50, endMs: 70 }]);
});

Deno.test("an entry behind a paced origin's backlog waits for the origin through every gap", () => {
  // Gaps that followed one another are one; a slot waited for between two gaps is `queued`.
  const origin = {
    ...NO_ORIGIN,
    gaps: [{ fromMs: 10, untilMs: 40 }, { fromMs: 60, untilMs: 90 }],
  };
  assertEquals(waitsOf({ sinceMs: 0, backoffUntilMs: 0 }, origin, 90), [
    { kind: "queued", startMs: 0, endMs: 10 },
    { kind: "politeness", startMs: 10, endMs: 40 },
    { kind: "queued", startMs: 40, endMs: 60 },
    { kind: "politeness", startMs: 60, endMs: 90 },
  ]);
  // A server's pause over a gap is the pause's: it held the origin, whatever its gap.
  const paused = { ...origin, pauseFromMs: 30, pauseUntilMs: 70 };
  assertEquals(waitsOf({ sinceMs: 0, backoffUntilMs: 0 }, paused, 90), [
    { kind: "queued", startMs: 0, endMs: 10 },
    { kind: "politeness", startMs: 10, endMs: 30 },
    { kind: "retry-after", startMs: 30, endMs: 70 },
    { kind: "politeness", startMs: 70, endMs: 90 },
  ]);
});

Deno.test("a traced run tells each attempt with its phases: a retry, a failure, a success", async () => {
  let hits = 0;
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (request) => {
      const path = new URL(request.url).pathname;
      if (path === "/flaky" && hits++ === 0) return new Response("busy", { status: 503 });
      if (path === "/gone") return new Response("no", { status: 404 });
      return new Response("x".repeat(10_000));
    },
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  const outDir = await Deno.makeTempDir({ prefix: "corun-trace-" });
  try {
    const attempts: AttemptEvent[] = [];
    const report = await run(
      defineConfig({
        outDir,
        concurrency: 1,
        defaults: { backoff: "10ms" },
        tasks: [
          fetchTask("ok", `${base}/ok`, { save: "ok.txt" }),
          fetchTask("flaky", `${base}/flaky`, { save: "flaky.txt" }),
          fetchTask("gone", `${base}/gone`, { save: "gone.txt" }),
        ],
      }),
      { state: false, onAttempt: (attempt) => attempts.push(attempt) },
    );
    assertEquals(report.counts, { done: 2, failed: 1, cancelled: 0, skipped: 0 });
    const seen = attempts.map((a) => [a.task, a.attempt, a.outcome, a.status]);
    assertEquals(seen.toSorted(), [
      ["flaky", 0, "retry", 503],
      ["flaky", 1, "done", 200],
      ["gone", 0, "failed", 404],
      ["ok", 0, "done", 200],
    ]);
    const ok = attempts.find((a) => a.task === "ok")!;
    assertEquals(ok.bytes, 10_000);
    assert(ok.headAtMs! >= ok.startMs && ok.endMs >= ok.headAtMs!, "head inside the attempt");
    assert(ok.bodyMs > 0, "the saved body's time is told");
    const retried = attempts.filter((a) => a.task === "flaky");
    assertEquals(retried[0].fetchId, retried[1].fetchId);
    assertEquals(retried[0].error, { code: "HTTP_STATUS", message: "status 503" });
    // Full jitter may draw a backoff of 0 ms (then there is no backoff stretch, only the queue):
    // what waits there is, is backoff then queue, after the first attempt (waitsOf's own tests pin
    // the stretches).
    const kinds = retried[1].waits.map((wait) => wait.kind);
    assert(
      kinds.join() === "" || /^(backoff,?)?(queued)?$/.test(kinds.join()),
      `backoff, then queued: ${kinds}`,
    );
    for (const wait of retried[1].waits) {
      assert(wait.startMs >= retried[0].endMs, "the waits follow the attempt");
    }
    const gone = attempts.find((a) => a.task === "gone")!;
    assertEquals(gone.error?.code, "HTTP_STATUS");
    // One slot: the fetches behind the first waited for it.
    assert(attempts.some((a) => a.waits.some((w) => w.kind === "queued")), "someone queued");
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a body continued with Range counts, per attempt, only the bytes that attempt received", async (t) => {
  const body = bodyOf(600_000, 3);
  // Each first request (the log is emptied between steps) breaks off at 300,000 bytes.
  await using server = startRangeServer({ body, cutAt: (i) => i === 0 ? 300_000 : undefined });
  const outDir = await Deno.makeTempDir({ prefix: "corun-trace-resume-" });
  /** Runs the one fetch, traced: each attempt's outcome and bytes. */
  const bytesPerAttempt = async (options: { retries: number; resume?: boolean }) => {
    const attempts: AttemptEvent[] = [];
    await run(
      defineConfig({
        outDir,
        defaults: { backoff: "1ms", resume: options.resume ?? false },
        tasks: [fetchTask("big", server.url(), { save: "big.bin", retries: options.retries })],
      }),
      { state: false, onAttempt: (attempt) => attempts.push(attempt) },
    );
    return attempts.map((attempt) => [attempt.outcome, attempt.bytes]);
  };
  try {
    await t.step("within a run: the retry's 206 brings the other 300,000 bytes", async () => {
      assertEquals(await bytesPerAttempt({ retries: 1 }), [["retry", 300_000], ["done", 300_000]]);
      assertEquals(await Deno.readFile(`${outDir}/big.bin`), body);
    });
    await t.step("across runs (resume: true): the next run's 206 brings the rest", async () => {
      await Deno.remove(`${outDir}/big.bin`);
      server.log.length = 0;
      // Not retried: the partial waits for the next run.
      assertEquals(await bytesPerAttempt({ retries: 0, resume: true }), [["failed", 300_000]]);
      assertEquals(await bytesPerAttempt({ retries: 0, resume: true }), [["done", 300_000]]);
      assertEquals(server.log.map((entry) => entry.status), [200, 206]);
      assertEquals(await Deno.readFile(`${outDir}/big.bin`), body);
    });
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a coded body's attempt counts its bytes decoded and, apart, as they came over the connection", async () => {
  const text = Array.from({ length: 20_000 }, (_, i) => `line ${i * 7919 % 10007}\n`).join("");
  const gzip = new Uint8Array(
    await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream("gzip")))
      .arrayBuffer(),
  );
  const head =
    `HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${gzip.length}\r\n\r\n`;
  await using server = startScriptedServer({
    routes: {
      "/whole": [write(head), write(gzip)],
      "/short": [write(head), write(gzip.subarray(0, 5000)), close()],
      "/plain": [write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")],
    },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-trace-wire-" });
  const attempts: AttemptEvent[] = [];
  try {
    const report = await run(
      defineConfig({
        outDir,
        defaults: { retries: 0 },
        tasks: ["whole", "short", "plain"].map((name) =>
          fetchTask(name, server.url(`/${name}`), { save: `${name}.txt` })
        ),
      }),
      { state: false, onAttempt: (attempt) => attempts.push(attempt) },
    );
    const counts = Object.fromEntries(
      attempts.map((attempt) => [attempt.task, [attempt.bytes, attempt.wireBytes]]),
    );
    assertEquals(counts.whole, [text.length, gzip.length]);
    assertEquals(counts.plain, [5, undefined]);
    // The error's count is the connection's, and so is `wireBytes`; `bytes` is what 5000 decoded to.
    const short = report.tasks.find((task) => task.name === "short")!;
    assert(
      short.error!.message.includes(`promised ${gzip.length} bytes, got 5000`),
      short.error!.message,
    );
    assertEquals(counts.short[1], 5000);
    assert(counts.short[0]! > 5000, `${counts.short[0]} bytes decoded`);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
