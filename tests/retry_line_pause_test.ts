/**
 * A retry line says when the retry is really tried: a `Retry-After` that another fetch to the
 * same origin was given holds this fetch's retry too, past its own short backoff.
 */
import { assert, assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, type RunEvent } from "../mod.ts";
import { plainEventText } from "../lib/cli/plain_log.ts";
import { closeQuietly, readHead, writeAll } from "./fixtures/raw_conn.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-retry-line-");

type RetryEvent = Extract<RunEvent, { type: "retry" }>;

Deno.test("a retry's line gives the origin's Retry-After pause, from another fetch, when it is longer than the backoff", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`;
  const { promise: aEnded, resolve: endA } = Promise.withResolvers<void>();
  const conns: Deno.Conn[] = [];
  const answers: Promise<void>[] = [];
  // /a is told to pause the origin 30 s; /b, sent alongside it, fails once a's pause is in place.
  const answer = async (conn: Deno.Conn) => {
    const head = await readHead(conn);
    if (head === null) return;
    if (head.head.startsWith("GET /a ")) {
      await writeAll(
        conn,
        "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 30\r\nContent-Length: 0\r\n\r\n",
      );
    } else {
      await aEnded;
      await writeAll(conn, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
    }
  };
  const accepting = (async () => {
    for await (const conn of listener) {
      conns.push(conn);
      answers.push(answer(conn).catch(() => {}));
    }
  })();
  const retries: RetryEvent[] = [];
  const interrupt = new AbortController();
  try {
    await withOutDir(async (outDir) => {
      const report = await run(
        defineConfig({
          outDir,
          metadata: false,
          tasks: [
            fetchTask("a", `${base}/a`, { retries: 0 }),
            fetchTask("b", `${base}/b`, { retries: 1, backoff: "10ms", maxBackoff: "10ms" }),
          ],
        }),
        {
          state: false,
          signal: interrupt.signal,
          onEvent: (event) => {
            if (event.type === "task-end" && event.result.name === "a") endA();
            if (event.type !== "retry") return;
            retries.push(event);
            interrupt.abort(); // the retry itself would wait out the pause
          },
        },
      );
      assertEquals(report.interrupted, true);
    });
  } finally {
    endA();
    listener.close();
    await accepting;
    conns.forEach(closeQuietly);
    await Promise.all(answers);
  }
  assertEquals(retries.map((retry) => [retry.name, retry.reason]), [["b", "status 503"]]);
  // Not its 10 ms backoff: the rest of a's 30 s pause, which the frontier holds it to.
  assert(retries[0].delayMs > 20_000 && retries[0].delayMs <= 30_000, `${retries[0].delayMs}`);
  assertMatch(
    plainEventText(retries[0]),
    /^b retry 1\/1 http:\S+\/b in [23]\d(\.\d+)?s: status 503$/,
  );
});

Deno.test("a retry's line gives the wait its origin's delay holds it to, when it is longer than the backoff", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`;
  const conns: Deno.Conn[] = [];
  const answers: Promise<void>[] = [];
  const answer = async (conn: Deno.Conn) => {
    if (await readHead(conn) === null) return;
    await writeAll(conn, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
  };
  const accepting = (async () => {
    for await (const conn of listener) {
      conns.push(conn);
      answers.push(answer(conn).catch(() => {}));
    }
  })();
  const retries: RetryEvent[] = [];
  const interrupt = new AbortController();
  try {
    await withOutDir(async (outDir) => {
      const report = await run(
        defineConfig({
          outDir,
          metadata: false,
          tasks: [
            fetchTask("paced", `${base}/p`, {
              retries: 1,
              backoff: "10ms",
              maxBackoff: "10ms",
              delay: "40s",
            }),
          ],
        }),
        {
          state: false,
          signal: interrupt.signal,
          onEvent: (event) => {
            if (event.type !== "retry") return;
            retries.push(event);
            interrupt.abort(); // the retry itself would wait out the delay
          },
        },
      );
      assertEquals(report.interrupted, true);
    });
  } finally {
    listener.close();
    await accepting;
    conns.forEach(closeQuietly);
    await Promise.all(answers);
  }
  // Not its 10 ms backoff: the rest of the 40 s its origin's delay keeps between two starts.
  assertEquals(retries.length, 1);
  assert(retries[0].delayMs > 30_000 && retries[0].delayMs <= 40_000, `${retries[0].delayMs}`);
});
