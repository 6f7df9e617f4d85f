/**
 * A retry line says when the retry is really tried: a `Retry-After` that another fetch to the
 * same origin was given holds this fetch's retry too, past its own short backoff.
 */
import { assert, assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, type RunEvent, type TaskInput } from "../mod.ts";
import { plainEventText } from "../lib/cli/plain_log.ts";
import { closeQuietly, readHead, writeAll } from "./fixtures/raw_conn.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-retry-line-");

type RetryEvent = Extract<RunEvent, { type: "retry" }>;

/**
 * Runs the tasks `tasksAt` makes for a server that answers each request with `answer`, until the
 * first retry is announced (the retry itself would wait out its pause or delay): the retries told.
 */
async function firstRetry(
  answer: (conn: Deno.Conn, head: string) => Promise<void>,
  tasksAt: (base: string) => TaskInput[],
  onEvent: (event: RunEvent) => void = () => {},
): Promise<RetryEvent[]> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`;
  const conns: Deno.Conn[] = [];
  const answers: Promise<void>[] = [];
  const accepting = (async () => {
    for await (const conn of listener) {
      conns.push(conn);
      answers.push(
        readHead(conn).then((head) => head === null ? undefined : answer(conn, head.head))
          .catch(() => {}),
      );
    }
  })();
  const retries: RetryEvent[] = [];
  const interrupt = new AbortController();
  try {
    await withOutDir(async (outDir) => {
      const report = await run(
        defineConfig({ outDir, metadata: false, tasks: tasksAt(base) }),
        {
          state: false,
          signal: interrupt.signal,
          onEvent: (event) => {
            onEvent(event);
            if (event.type !== "retry") return;
            retries.push(event);
            interrupt.abort();
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
  return retries;
}

const UNAVAILABLE = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n";

Deno.test("a retry's line gives the origin's Retry-After pause, from another fetch, when it is longer than the backoff", async () => {
  const { promise: aEnded, resolve: endA } = Promise.withResolvers<void>();
  // /a is told to pause the origin 30 s; /b, sent alongside it, fails once a's pause is in place.
  const answer = async (conn: Deno.Conn, head: string) => {
    if (head.startsWith("GET /a ")) {
      await writeAll(
        conn,
        "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 30\r\nContent-Length: 0\r\n\r\n",
      );
    } else {
      await aEnded;
      await writeAll(conn, UNAVAILABLE);
    }
  };
  let retries: RetryEvent[];
  try {
    retries = await firstRetry(answer, (base) => [
      fetchTask("a", `${base}/a`, { retries: 0 }),
      fetchTask("b", `${base}/b`, { retries: 1, backoff: "10ms", maxBackoff: "10ms" }),
    ], (event) => {
      if (event.type === "task-end" && event.result.name === "a") endA();
    });
  } finally {
    endA();
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
  const retries = await firstRetry(
    (conn) => writeAll(conn, UNAVAILABLE),
    (base) => [
      fetchTask("paced", `${base}/p`, {
        retries: 1,
        backoff: "10ms",
        maxBackoff: "10ms",
        delay: "40s",
      }),
    ],
  );
  // Not its 10 ms backoff: the rest of the 40 s its origin's delay keeps between two starts.
  assertEquals(retries.length, 1);
  assert(retries[0].delayMs > 30_000 && retries[0].delayMs <= 40_000, `${retries[0].delayMs}`);
});
