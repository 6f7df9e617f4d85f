/**
 * Retries as a run makes them: the frontier's one decision (`lib/frontier/retry.ts`) for fetch tasks
 * and `ctx.fetch` alike, each retry a re-enqueue with a not-before time and a `retry` event, and the
 * attempts counted on the fetch's metadata line. Backoff waits are on the loop clock, so these runs
 * use virtual time; network deadlines stay real time. Jitter is `Math.random`: a retry's delay is
 * checked against its ceiling, and the run's clock against the delays its events announced.
 */
import {
  assert,
  assertEquals,
  assertGreaterOrEqual,
  assertLess,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import {
  type ConfigInput,
  createVirtualClock,
  defineConfig,
  fetchTask,
  type LiveRun,
  run,
  type RunEvent,
  type RunOptions,
  type RunReport,
  sleepTask,
  task,
} from "../mod.ts";
import { fillBacklog } from "./fixtures/full_backlog.ts";
import { withResolverSaying } from "./fixtures/http_harness.ts";
import { startOpensslServer } from "./fixtures/openssl_server.ts";
import { freePort } from "./fixtures/raw_conn.ts";
import { encodeResponse, startRouteServer } from "./fixtures/route_server.ts";
import {
  close,
  readRequest,
  stall,
  startScriptedServer,
  write,
} from "./fixtures/scripted_server.ts";

type RetryEvent = Extract<RunEvent, { type: "retry" }>;

/** A run's report, its retry events, and its metadata lines. */
interface Ran {
  report: RunReport;
  retries: RetryEvent[];
  records: Record<string, unknown>[];
  /** Saved files' texts, by name (top level of the output directory). */
  saved: Record<string, string>;
}

/** Whole seconds, so HTTP-dates (second precision) land exactly on virtual times. */
const START_WALL_MS = 1_700_000_000_000;

/** Runs a config in a fresh output directory, on a virtual clock unless `options` give another. */
async function runConfig(
  config: Omit<ConfigInput, "outDir">,
  options: RunOptions = {},
): Promise<Ran> {
  const outDir = await Deno.makeTempDir({ prefix: "corun-retry-" });
  const retries: RetryEvent[] = [];
  try {
    const report = await run(defineConfig({ ...config, outDir }), {
      clock: createVirtualClock({ startWallMs: START_WALL_MS }),
      state: false,
      onEvent: (event) => event.type === "retry" && retries.push(event),
      ...options,
    });
    const saved: Record<string, string> = {};
    let records: Record<string, unknown>[] = [];
    for await (const entry of Deno.readDir(outDir)) {
      if (!entry.isFile) continue;
      const text = await Deno.readTextFile(`${outDir}/${entry.name}`);
      if (entry.name === "corun.jsonl") {
        records = text.trim().split("\n").filter(Boolean).map((line) => JSON.parse(line));
      } else saved[entry.name] = text;
    }
    return { report, retries, records, saved };
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

const ok = (body = "ok") => write(encodeResponse({ body }));
const status = (code: number, headers: Record<string, string> = {}) =>
  write(encodeResponse({ status: code, headers, body: `status ${code}` }));
const post = (url: string) => ({ url, method: "POST", body: { text: "once" } });

/** The metadata line of task `name` (a fetch task has one per fetch). */
function recordOf(ran: Ran, name: string): Record<string, unknown> {
  const found = ran.records.filter((record) => record.task === name);
  assertEquals(found.length, 1, `one metadata line for ${name}`);
  return found[0];
}

Deno.test("a GET answered 500 is retried after a jittered backoff and then succeeds", async () => {
  await using server = startScriptedServer({ routes: { "/": [[status(500)], [ok()]] } });
  const ran = await runConfig({
    tasks: [fetchTask("page", server.url(), { save: "page.txt" })],
  });
  const [page] = ran.report.tasks;
  assertEquals([page.outcome, page.fetch?.status, page.fetch?.attempts], ["done", 200, 2]);
  assertEquals(ran.saved["page.txt"], "ok");
  assertEquals(ran.retries.length, 1);
  const [retry] = ran.retries;
  assertEquals(
    [retry.name, retry.url, retry.reason, retry.atMs],
    ["page", server.url(), "status 500", 0],
  );
  // Full jitter under the first ceiling (backoff 500ms), and the run waited exactly that long.
  assertGreaterOrEqual(retry.delayMs, 0);
  assertLess(retry.delayMs, 500);
  assertEquals(page.endMs, retry.delayMs);
  assertEquals([recordOf(ran, "page").status, recordOf(ran, "page").attempts], [200, 2]);
  assertEquals(server.requests.length, 2);
});

Deno.test("a POST answered 500 is not retried", async () => {
  await using server = startScriptedServer({ routes: { "/": [[status(500)], [ok()]] } });
  const ran = await runConfig({
    tasks: [fetchTask("send", post(server.url()), { save: "sent.txt" })],
  });
  const [send] = ran.report.tasks;
  assertEquals([send.outcome, send.error?.code], ["failed", "HTTP_STATUS"]);
  assertEquals([recordOf(ran, "send").status, recordOf(ran, "send").attempts], [500, 1]);
  assertEquals(ran.retries, []);
  assertEquals(server.requests.length, 1);
});

Deno.test("when retries run out, the last response is what the task reports, and what ctx.fetch returns", async () => {
  await using server = startScriptedServer({ routes: { "/": [status(502)] } });
  let got: number | undefined;
  const ran = await runConfig({
    defaults: { retries: 2 },
    tasks: [
      fetchTask("page", server.url(), { save: "page.txt" }),
      task("custom", function* (ctx) {
        got = (yield* ctx.fetch(server.url())).status;
      }),
    ],
  });
  const [page, custom] = ran.report.tasks;
  assertEquals([page.outcome, page.error?.code], ["failed", "HTTP_STATUS"]);
  assertStringIncludes(page.error!.message, "502");
  assertEquals([recordOf(ran, "page").status, recordOf(ran, "page").attempts], [502, 3]);
  assertEquals([custom.outcome, got], ["done", 502]);
  assertEquals([recordOf(ran, "custom").status, recordOf(ran, "custom").attempts], [502, 3]);
  assertEquals(server.requests.length, 6);
  // The task's two retries: ceilings of 500 then 1000 ms, and the run's clock moved by both.
  const own = ran.retries.filter((retry) => retry.name === "page");
  assertEquals(own.map((retry) => retry.reason), ["status 502", "status 502"]);
  assertLess(own[0].delayMs, 500);
  assertLess(own[1].delayMs, 1000);
  assertEquals(own[1].atMs, own[0].delayMs);
  assertEquals(page.endMs, own[0].delayMs + own[1].delayMs);
});

Deno.test("the run's progress counts every retry, a fetch task's and ctx.fetch's alike", async () => {
  await using server = startScriptedServer({ routes: { "/": [status(502)] } });
  const config = {
    defaults: { retries: 2 },
    tasks: [
      fetchTask("page", server.url(), { save: "page.txt" }),
      task("custom", function* (ctx) {
        yield* ctx.fetch(server.url());
      }),
    ],
  };
  let live: LiveRun | undefined;
  const ran = await runConfig(config, { onStart: (started) => live = started });
  // What the live view's frame shows: two retries of each, one for each retry event.
  assertEquals(ran.retries.map((retry) => retry.name).sort(), ["custom", "custom", "page", "page"]);
  assertEquals(live?.progress().retries, 4);
  // Counted with no one told of them too.
  await runConfig(config, { onStart: (started) => live = started, onEvent: undefined });
  assertEquals(live?.progress().retries, 4);
});

Deno.test("when retries run out, the last failure is what the task reports", async () => {
  await using server = startScriptedServer({
    routes: { "/": [write("HTTP/1.1 200 OK\r\nContent-"), close()] },
  });
  const ran = await runConfig({
    tasks: [fetchTask("page", server.url(), { save: "page.txt", retries: 2 })],
  });
  const [page] = ran.report.tasks;
  assertEquals([page.outcome, page.error?.code], ["failed", "EARLY_EOF"]);
  assertEquals(recordOf(ran, "page").attempts, 3);
  assertEquals(ran.retries.length, 2);
  assertEquals(server.connectionCount, 3);
  assertEquals(ran.saved, {});
});

Deno.test("429 and 503 with Retry-After are retried when the server asked, for GET and POST", async (t) => {
  // A date is measured from the response's Date: both the server's clock.
  const date = (ms: number) => new Date(START_WALL_MS + ms).toUTCString();
  const dated = { "Date": date(0), "Retry-After": date(10_000) };
  const cases: [string, number, Record<string, string>, Record<string, unknown>, number][] = [
    ["429, delta-seconds", 429, { "Retry-After": "3" }, {}, 3000],
    ["503, HTTP-date", 503, dated, {}, 10_000],
    ["429, capped by maxBackoff", 429, { "Retry-After": "120" }, { maxBackoff: "5s" }, 5000],
  ];
  for (const [name, code, headers, settings, expectedMs] of cases) {
    for (const method of ["GET", "POST"]) {
      await t.step(`${name}, ${method}`, async () => {
        await using server = startScriptedServer({
          routes: { "/": [[status(code, headers)], [ok()]] },
        });
        const request = method === "GET" ? server.url() : post(server.url());
        const ran = await runConfig({
          tasks: [fetchTask("page", request, { save: "page.txt", ...settings })],
        });
        const [page] = ran.report.tasks;
        assertEquals([page.outcome, page.fetch?.status, page.fetch?.attempts], ["done", 200, 2]);
        assertEquals(
          ran.retries.map((retry) => [retry.delayMs, retry.reason]),
          [[expectedMs, `status ${code}`]],
        );
        assertEquals(page.endMs, expectedMs);
        if (method === "POST") {
          assertEquals(new TextDecoder().decode(server.requests[1].body), "once");
        }
      });
    }
  }
});

Deno.test("an HTTP-date Retry-After is a length of real time, waited on the virtual clock however far ahead it is", async (t) => {
  // The run's clock starts an hour ahead of real time, as after a sleep or in a schedule preview.
  const clock = () => createVirtualClock({ startWallMs: Date.now() + 3_600_000 });
  await t.step("measured from the response's Date: the server's clock, skew and all", async () => {
    const serverNowMs = Date.now() - 86_400_000; // a server a day behind
    const headers = {
      "Date": new Date(serverNowMs).toUTCString(),
      "Retry-After": new Date(serverNowMs + 4000).toUTCString(),
    };
    await using server = startScriptedServer({ routes: { "/": [[status(429, headers)], [ok()]] } });
    const ran = await runConfig(
      { tasks: [fetchTask("page", server.url(), { save: "page.txt" })] },
      {
        clock: clock(),
      },
    );
    assertEquals(ran.retries.map((retry) => retry.delayMs), [4000]);
    assertEquals(ran.report.tasks[0].endMs, 4000);
  });
  await t.step("without a Date, measured from the real time the answer came", async () => {
    const headers = { "Retry-After": new Date(Date.now() + 30_000).toUTCString() };
    await using server = startScriptedServer({ routes: { "/": [[status(429, headers)], [ok()]] } });
    const ran = await runConfig(
      { tasks: [fetchTask("page", server.url(), { save: "page.txt" })] },
      {
        clock: clock(),
      },
    );
    // The date has whole seconds, and some real time passes before the answer.
    const [delayMs] = ran.retries.map((retry) => retry.delayMs);
    assertGreaterOrEqual(delayMs, 28_000);
    assertLess(delayMs, 30_001);
  });
});

Deno.test("ctx.fetch retries by the config's defaults, or by the retry settings of the call", async () => {
  await using server = startScriptedServer({
    routes: {
      "/defaults": [[status(503, { "Retry-After": "2" })], [ok("defaults")]],
      "/own": [[status(429, { "Retry-After": "120" })], [ok("own")]],
      "/none": [[status(503)], [ok("none")]],
    },
  });
  // Each answer is logged: a log event says when (loop clock) the task had it.
  const logs: [string, number][] = [];
  const ran = await runConfig({
    defaults: { retries: 1 },
    tasks: [
      task("custom", function* (ctx) {
        const first = yield* ctx.fetch(server.url("/defaults"));
        ctx.log(`${first.status} ${first.text()}`);
        const own = yield* ctx.fetch({
          url: server.url("/own"),
          method: "POST",
          body: { kind: "bytes", bytes: new TextEncoder().encode("once") },
        }, { maxBackoffMs: 5000 });
        ctx.log(`${own.status} ${own.text()}`);
        const none = yield* ctx.fetch(server.url("/none"), { retries: 0 });
        ctx.log(`${none.status} ${none.text()}`);
      }),
    ],
  }, {
    onEvent: (event) => event.type === "log" && logs.push([event.message, event.atMs]),
  });
  assertEquals(ran.report.tasks[0].outcome, "done", ran.report.tasks[0].error?.message);
  assertEquals(logs, [
    ["200 defaults", 2000],
    ["200 own", 7000], // Retry-After 120 s, capped by the call's own maxBackoffMs
    ["503 status 503", 7000], // the call's retries: 0
  ]);
  assertEquals(ran.records.map((record) => [record.status, record.attempts]), [
    [200, 2],
    [200, 2],
    [503, 1],
  ]);
  assertEquals(new TextDecoder().decode(server.requests[3].body), "once");
});

Deno.test("a Retry-After holds back every fetch to the same origin, and no other origin", async () => {
  await using server = startScriptedServer({
    routes: {
      "/limited": [[status(429, { "Retry-After": "5" })], [ok("limited")]],
      "/other": [ok("other")],
      "/custom": [ok("custom")],
    },
  });
  await using elsewhere = startScriptedServer({ routes: { "/": [ok("elsewhere")] } });
  // By the end of the nap (1 s) the 429 has come, and the origin is held until 5 s.
  const ran = await runConfig({
    tasks: [
      fetchTask("limited", server.url("/limited"), { save: "limited.txt" }),
      sleepTask("nap", "1s"),
      fetchTask("other", server.url("/other"), { save: "other.txt", after: ["nap"] }),
      fetchTask("elsewhere", elsewhere.url(), { save: "elsewhere.txt", after: ["nap"] }),
      task("custom", function* (ctx) {
        yield* ctx.fetch(server.url("/custom"));
      }, { after: ["nap"] }),
    ],
  });
  const ends = Object.fromEntries(ran.report.tasks.map((t) => [t.name, [t.outcome, t.endMs]]));
  assertEquals(ends, {
    limited: ["done", 5000],
    nap: ["done", 1000],
    other: ["done", 5000],
    elsewhere: ["done", 1000],
    custom: ["done", 5000],
  });
  assertEquals(ran.retries.map((retry) => [retry.name, retry.delayMs]), [["limited", 5000]]);
});

Deno.test("a GET whose connection closes before any response is retried on a new connection", async () => {
  await using server = startScriptedServer({ routes: { "/": [[close()], [ok()]] } });
  const ran = await runConfig({ tasks: [fetchTask("page", server.url(), { save: "page.txt" })] });
  const [page] = ran.report.tasks;
  assertEquals([page.outcome, page.fetch?.attempts], ["done", 2]);
  assertEquals(ran.saved["page.txt"], "ok");
  assertEquals(ran.retries.length, 1);
  assertEquals(server.connectionCount, 2);
});

Deno.test("a POST whose connection closes before any response is not sent again", async () => {
  await using server = startScriptedServer({ routes: { "/": [[close()], [ok()]] } });
  const ran = await runConfig({
    tasks: [fetchTask("send", post(server.url()), { save: "sent.txt" })],
  });
  const [send] = ran.report.tasks;
  assertEquals([send.outcome, send.error?.code], ["failed", "EARLY_EOF"]);
  assertEquals(recordOf(ran, "send").attempts, 1);
  assertEquals(ran.retries, []);
  assertEquals(server.requests.length, 1);
});

Deno.test("a POST is retried when the connection could not be made, since nothing was sent", async () => {
  // Nothing listens on the port: connecting fails at once.
  const ran = await runConfig({
    tasks: [fetchTask("send", post(`http://127.0.0.1:${freePort()}/`), { retries: 2 })],
  });
  const [send] = ran.report.tasks;
  assertEquals([send.outcome, send.error?.code], ["failed", "CONNECT_FAILED"]);
  assertEquals(ran.retries.length, 2);
  assertEquals(recordOf(ran, "send").attempts, 3);
});

Deno.test("a connect that hangs (TIMEOUT_CONNECT) is retried, for POST too", async () => {
  using backlog = await fillBacklog();
  const ran = await runConfig({
    tasks: [
      fetchTask("send", post(`http://127.0.0.1:${backlog.port}/`), {
        timeout: { connect: "50ms" },
        retries: 1,
      }),
    ],
  });
  const [send] = ran.report.tasks;
  assertEquals([send.outcome, send.error?.code], ["failed", "TIMEOUT_CONNECT"]);
  assertEquals(ran.retries.length, 1);
  assertEquals(recordOf(ran, "send").attempts, 2);
});

Deno.test("a GET that timed out waiting for the head is retried on a new connection", async () => {
  await using server = startScriptedServer({
    onConnection: (index) => index === 0 ? [readRequest(), stall()] : undefined,
    routes: { "/": [ok("second time")] },
  });
  const ran = await runConfig({
    tasks: [fetchTask("page", server.url(), { save: "page.txt", timeout: { headers: "100ms" } })],
  });
  const [page] = ran.report.tasks;
  assertEquals([page.outcome, page.fetch?.attempts], ["done", 2], page.error?.message);
  assertEquals(ran.saved["page.txt"], "second time");
  assertEquals(ran.retries.length, 1);
  assertEquals(server.connectionCount, 2);
});

Deno.test("a host name that does not resolve is not retried; a resolver that did not answer is", async (t) => {
  const url = "http://corun-test.invalid/page";
  await t.step("HOST_NOT_FOUND", async () => {
    const { ran, lookups } = await withResolverSaying(
      "Name or service not known",
      async (lookups) => ({
        ran: await runConfig({ tasks: [fetchTask("page", url, { retries: 3 })] }),
        lookups: lookups.length,
      }),
    );
    const [page] = ran.report.tasks;
    assertEquals([page.outcome, page.error?.code], ["failed", "HOST_NOT_FOUND"]);
    assertEquals([ran.retries.length, lookups, recordOf(ran, "page").attempts], [0, 1, 1]);
  });
  await t.step("CONNECT_FAILED", async () => {
    const { ran, lookups } = await withResolverSaying(
      "Temporary failure in name resolution",
      async (lookups) => ({
        ran: await runConfig({ tasks: [fetchTask("page", url, { retries: 2 })] }),
        lookups: lookups.length,
      }),
    );
    const [page] = ran.report.tasks;
    assertEquals([page.outcome, page.error?.code], ["failed", "CONNECT_FAILED"]);
    assertEquals([ran.retries.length, lookups, recordOf(ran, "page").attempts], [2, 3, 3]);
  });
});

Deno.test("a host that is no host name (an empty label, a $) fails at once and is not retried", async () => {
  // `Deno.connect` refuses such a name before any lookup, every time (a URIError).
  const ran = await runConfig({
    tasks: [fetchTask("page", "http://corun..invalid/page", { retries: 3 })],
  });
  const [page] = ran.report.tasks;
  assertEquals([page.outcome, page.error?.code], ["failed", "HOST_NOT_FOUND"], page.error?.message);
  assertEquals([ran.retries.length, recordOf(ran, "page").attempts], [0, 1]);
});

Deno.test("a certificate from an untrusted CA is not retried", async () => {
  await using server = startRouteServer({ "/": { body: "secure" } }, { tls: true });
  const ran = await runConfig({
    tasks: [fetchTask("page", server.url(), { retries: 2 })],
  });
  const [page] = ran.report.tasks;
  assertEquals([page.outcome, page.error?.code], ["failed", "TLS_FAILED"]);
  assertEquals([ran.retries.length, server.connectionCount], [0, 1]);
});

Deno.test("a retried broken body and a retried 503 draw on one budget", async (t) => {
  const script = () => ({
    "/": [
      [status(503)],
      [write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), close()],
      [ok("whole")],
    ],
  });
  await t.step("retries: 1, spent by the 503: the broken body ends the fetch", async () => {
    await using server = startScriptedServer({ routes: script() });
    const ran = await runConfig({
      tasks: [fetchTask("page", server.url(), { save: "page.txt", retries: 1 })],
    });
    const [page] = ran.report.tasks;
    assertEquals([page.outcome, page.error?.code], ["failed", "EARLY_EOF"]);
    assertEquals(recordOf(ran, "page").attempts, 2);
    assertEquals(ran.retries.map((retry) => retry.reason), ["status 503"]);
    assertEquals(ran.saved, {});
  });
  await t.step("retries: 2: the third attempt saves the whole body", async () => {
    await using server = startScriptedServer({ routes: script() });
    const ran = await runConfig({
      tasks: [fetchTask("page", server.url(), { save: "page.txt", retries: 2 })],
    });
    const [page] = ran.report.tasks;
    assertEquals([page.outcome, page.fetch?.attempts], ["done", 3]);
    assertEquals(ran.retries[0].reason, "status 503");
    assert(ran.retries[1].reason !== "status 503", ran.retries[1].reason);
    assertEquals(ran.saved["page.txt"], "whole");
  });
});

Deno.test("a retry event numbers the attempt it announces from 0: the first retry is attempt 1", async () => {
  // RunEvent: "will be tried again (attempt `attempt`, counting from 0)"; the metadata line counts
  // attempts from 1, so the last retry event's attempt + 1 is the line's `attempts`.
  await using server = startScriptedServer({
    routes: { "/": [[status(503)], [status(503)], [ok()]] },
  });
  const ran = await runConfig({ tasks: [fetchTask("page", server.url(), { save: "page.txt" })] });
  assertEquals(ran.report.tasks[0].fetch?.attempts, 3);
  assertEquals(ran.retries.map((retry) => retry.attempt), [1, 2]);
});

Deno.test("a ctx.fetch that goes again is a retry event too, like a fetch task's", async () => {
  await using server = startScriptedServer({ routes: { "/": [[status(503)], [ok()]] } });
  const ran = await runConfig({
    tasks: [
      task("custom", function* (ctx) {
        yield* ctx.fetch(server.url());
      }),
    ],
  });
  assertEquals(ran.report.tasks[0].outcome, "done");
  assertEquals(recordOf(ran, "custom").attempts, 2);
  assertEquals(
    ran.retries.map((retry) => [retry.name, retry.url, retry.reason]),
    [["custom", server.url(), "status 503"]],
  );
  assertEquals(ran.report.tasks[0].endMs, ran.retries[0].delayMs);
});

Deno.test("a TLS handshake the server cuts short is retried, as a connect that failed is", async () => {
  // It closes each connection before the handshake (a server restarting, a full accept queue):
  // nothing was sent, so any method goes again; an untrusted certificate (above) does not.
  await using server = startScriptedServer({ onConnection: () => [close()] });
  const url = `https://127.0.0.1:${server.port}/`;
  const ran = await runConfig({ tasks: [fetchTask("send", post(url), { retries: 2 })] });
  const [send] = ran.report.tasks;
  assertEquals([send.outcome, send.error?.code], ["failed", "CONNECT_FAILED"], send.error?.message);
  assertEquals([ran.retries.length, server.connectionCount], [2, 3]);
  assertStringIncludes(
    send.error!.message,
    `Cannot finish the TLS handshake with 127.0.0.1:${server.port}: the server closed the ` +
      "connection",
  );
});

Deno.test("a server that wants a client certificate fails the fetch at once, saying so", async (t) => {
  // In TLS 1.3 the server checks the client's certificate after the client's handshake ends: its
  // refusal is an alert on the first read, as final as one during the handshake. A TLS 1.2 server
  // refuses the handshake itself, with an alert that names no cause.
  const cases = {
    "TLS 1.3": [
      "-tls1_3",
      "CertificateRequired (the server asks for a client certificate, " +
      "which corun cannot send)",
    ],
    "TLS 1.2": [
      "-tls1_2",
      "HandshakeFailure (the server refused the handshake: it may want a " +
      "client certificate, which corun cannot send, or share no TLS version or cipher suite)",
    ],
  };
  for (const [name, [version, explained]] of Object.entries(cases)) {
    await t.step(name, async () => {
      const server = await startOpensslServer([version, "-Verify", "1"]);
      if (server === undefined) return;
      try {
        const caFile = new URL("./fixtures/tls/ca.pem", import.meta.url).pathname;
        const ran = await runConfig({
          tasks: [fetchTask("page", { url: server.url, caFile }, { retries: 2 })],
        });
        const [page] = ran.report.tasks;
        assertEquals(
          [page.outcome, page.error?.code],
          ["failed", "TLS_FAILED"],
          page.error?.message,
        );
        assertEquals(ran.retries.length, 0);
        assertStringIncludes(page.error!.message, `received fatal alert: ${explained}`);
      } finally {
        await server.stop();
      }
    });
  }
});
