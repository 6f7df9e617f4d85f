/**
 * A fetch waiting to retry holds no slot: its wait is a not-before time in the frontier, so with
 * `concurrency: 1` another task's fetch runs during the backoff, whether the retry is a fetch task's
 * (a body that broke off, a retryable status) or a `ctx.fetch`'s.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  type ConfigInput,
  defineConfig,
  fetchTask,
  run,
  type RunEvent,
  type RunReport,
  sleepTask,
  task,
} from "../mod.ts";
import { close, startScriptedServer, write } from "./fixtures/scripted_server.ts";

type RetryEvent = Extract<RunEvent, { type: "retry" }>;

/** Runs a config on a virtual clock (backoffs take no real time) with one slot for fetches. */
async function runWithOneSlot(
  config: Omit<ConfigInput, "outDir" | "concurrency">,
): Promise<{ report: RunReport; retries: RetryEvent[]; files: Record<string, string> }> {
  const outDir = await Deno.makeTempDir({ prefix: "corun-retry-wait-" });
  const retries: RetryEvent[] = [];
  try {
    const report = await run(defineConfig({ ...config, outDir, metadata: false, concurrency: 1 }), {
      virtualTime: true,
      state: false,
      onEvent: (event) => event.type === "retry" && retries.push(event),
    });
    const files: Record<string, string> = {};
    for await (const entry of Deno.readDir(outDir)) {
      if (entry.isFile) files[entry.name] = await Deno.readTextFile(`${outDir}/${entry.name}`);
    }
    return { report, retries, files };
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

const okBody = (body: string) =>
  write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`);

Deno.test("a fetch waiting to retry a broken body holds no slot: with concurrency 1, another task's fetch runs during the backoff", async () => {
  await using server = startScriptedServer({
    routes: {
      "/flaky": [
        [write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), close()],
        [okBody("abcdefghij")],
      ],
      "/steady": [okBody("ok")],
    },
  });
  const { report, retries, files } = await runWithOneSlot({
    defaults: { retries: 1, backoff: "10s" },
    tasks: [
      fetchTask("flaky", server.url("/flaky"), { save: "flaky.txt" }),
      fetchTask("steady", server.url("/steady"), { save: "steady.txt" }),
    ],
  });
  assertEquals(report.tasks.map((t) => t.outcome), ["done", "done"]);
  // "steady" ran while "flaky" backed off, not after it: the order holds whatever the jitter.
  assertEquals(server.requests.map((r) => r.path), ["/flaky", "/steady", "/flaky"]);
  assertEquals(files, { "flaky.txt": "abcdefghij", "steady.txt": "ok" });
  const [flaky, steady] = report.tasks;
  assertEquals(retries.map((retry) => retry.name), ["flaky"]);
  assertEquals([steady.endMs, flaky.endMs], [0, retries[0].delayMs]);
});

Deno.test("a fetch waiting to retry a 503 holds no slot: with concurrency 1, another task's fetch runs during the backoff", async () => {
  await using server = startScriptedServer({
    routes: {
      "/busy": [
        [write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")],
        [okBody("busy")],
      ],
      "/other": [okBody("ok")],
    },
  });
  const { report, retries } = await runWithOneSlot({
    defaults: { retries: 1, backoff: "10s" },
    tasks: [
      fetchTask("busy", server.url("/busy"), { save: "busy.txt" }),
      fetchTask("other", server.url("/other"), { save: "other.txt" }),
    ],
  });
  assertEquals(report.tasks.map((t) => t.outcome), ["done", "done"]);
  // "other" ran while "busy" waited to go again, not after it.
  assertEquals(server.requests.map((r) => r.path), ["/busy", "/other", "/busy"]);
  assertEquals(retries.map((retry) => [retry.name, retry.reason]), [["busy", "status 503"]]);
});

Deno.test("a ctx.fetch waiting out a Retry-After holds no slot: with concurrency 1, another task's fetch runs meanwhile", async () => {
  await using limited = startScriptedServer({
    routes: {
      "/": [
        [write("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Length: 0\r\n\r\n")],
        [okBody("limited")],
      ],
    },
  });
  await using other = startScriptedServer({ routes: { "/": [okBody("other")] } });
  // The nap ends at 1 s, inside the 5 s the limited origin asked for: "other" starts then.
  const { report } = await runWithOneSlot({
    tasks: [
      task("custom", function* (ctx) {
        const page = yield* ctx.fetch(limited.url());
        yield* ctx.write("limited.txt", page.body);
      }),
      sleepTask("nap", "1s"),
      fetchTask("other", other.url(), { save: "other.txt", after: ["nap"] }),
    ],
  });
  const ends = report.tasks.map((t) => [t.name, t.outcome, t.endMs]);
  assertEquals(ends, [["custom", "done", 5000], ["nap", "done", 1000], ["other", "done", 1000]]);
  assertEquals([limited.requests.length, other.requests.length], [2, 1]);
});
