import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchBody, withClient } from "../../tests/fixtures/http_harness.ts";
import { encodeResponse } from "../../tests/fixtures/route_server.ts";
import { close, startScriptedServer, write } from "../../tests/fixtures/scripted_server.ts";
import { createVirtualClock, join, sleep, spawn } from "../loop/mod.ts";
import { NetError } from "../net/mod.ts";
import type { RetryInfo } from "./client.ts";
import { HttpError } from "./errors.ts";
import type { HttpRequest, RequestOptions } from "./request.ts";

/** Whole seconds, so HTTP-dates (second precision) land exactly on virtual times. */
const START_WALL_MS = 1_700_000_000_000;

const ok = (body = "ok") => write(encodeResponse({ body }));
const status = (code: number, headers: Record<string, string> = {}) =>
  write(encodeResponse({ status: code, headers, body: `status ${code}` }));

/** Fetches on a virtual clock; says when (virtual ms) the response arrived and which retries ran. */
async function fetchTimed(
  request: string | HttpRequest,
  options: RequestOptions = {},
  random = () => 0,
) {
  const clock = createVirtualClock({ startWallMs: START_WALL_MS });
  const retries: RetryInfo[] = [];
  const fetched = await withClient(function* (client) {
    const result = yield* fetchBody(client, request, options);
    return { ...result, atMs: clock.now() };
  }, { clock, client: { random, onRetry: (info) => retries.push(info) } });
  return { ...fetched, retries };
}

const post = (url: string): HttpRequest => ({
  url,
  method: "POST",
  body: { kind: "bytes", bytes: new TextEncoder().encode("once") },
});

Deno.test("a GET answered 500 is retried after a jittered backoff and then succeeds", async () => {
  await using server = startScriptedServer({ routes: { "/": [[status(500)], [ok()]] } });
  const { response, text, atMs, retries } = await fetchTimed(server.url(), {}, () => 0.5);
  assertEquals([response.status, text, response.attempts], [200, "ok", 2]);
  assertEquals(atMs, 250); // half of the first backoff ceiling, 500 ms
  assertEquals(retries, [{ url: server.url(), attempt: 1, delayMs: 250, reason: "status 500" }]);
  assertEquals(server.requests.length, 2);
});

Deno.test("a POST answered 500 is not retried", async () => {
  await using server = startScriptedServer({ routes: { "/": [[status(500)], [ok()]] } });
  const { response, retries } = await fetchTimed(post(server.url()));
  assertEquals([response.status, response.attempts, retries.length], [500, 1, 0]);
  assertEquals(server.requests.length, 1);
});

Deno.test("when retries run out, the last response is returned", async () => {
  await using server = startScriptedServer({ routes: { "/": [status(502)] } });
  const { response, atMs } = await fetchTimed(server.url(), { retries: 2 }, () => 0.5);
  assertEquals([response.status, response.attempts], [502, 3]);
  assertEquals(atMs, 250 + 500); // backoff ceilings 500 then 1000, halved by the jitter
});

Deno.test("429 and 503 with Retry-After are retried when the server asked, for GET and POST", async (t) => {
  const retryAt = new Date(START_WALL_MS + 10_000).toUTCString();
  const cases: [string, number, Record<string, string>, RequestOptions, number][] = [
    ["429, delta-seconds", 429, { "Retry-After": "3" }, {}, 3000],
    ["503, HTTP-date", 503, { "Retry-After": retryAt }, {}, 10_000],
    ["429, capped by maxBackoffMs", 429, { "Retry-After": "120" }, { maxBackoffMs: 5000 }, 5000],
  ];
  for (const [name, code, headers, options, expectedMs] of cases) {
    for (const method of ["GET", "POST"]) {
      await t.step(`${name}, ${method}`, async () => {
        await using server = startScriptedServer({
          routes: { "/": [[status(code, headers)], [ok()]] },
        });
        const request = method === "GET" ? server.url() : post(server.url());
        const { response, atMs } = await fetchTimed(request, options);
        assertEquals([response.status, response.attempts], [200, 2]);
        assertEquals(atMs, expectedMs);
        if (method === "POST") {
          assertEquals(new TextDecoder().decode(server.requests[1].body), "once");
        }
      });
    }
  }
});

Deno.test("a Retry-After holds back other requests to the same origin, not other origins", async () => {
  await using server = startScriptedServer({
    routes: {
      "/limited": [[status(429, { "Retry-After": "5" })], [ok("limited")]],
      "/other": [ok("other")],
    },
  });
  await using elsewhere = startScriptedServer({ routes: { "/": [ok("elsewhere")] } });
  const clock = createVirtualClock({ startWallMs: START_WALL_MS });
  const times = await withClient(function* (client) {
    const limited = yield* spawn(function* () {
      yield* fetchBody(client, server.url("/limited"));
      return clock.now();
    }());
    yield* sleep(1000); // by now the 429 has arrived and the origin is held until 5000
    yield* fetchBody(client, elsewhere.url());
    const elsewhereMs = clock.now();
    yield* fetchBody(client, server.url("/other"));
    return { elsewhereMs, otherMs: clock.now(), limitedMs: yield* join(limited) };
  }, { clock });
  assertEquals(times, { elsewhereMs: 1000, otherMs: 5000, limitedMs: 5000 });
});

Deno.test("a GET whose connection closes before any response is retried on a new connection", async () => {
  await using server = startScriptedServer({ routes: { "/": [[close()], [ok()]] } });
  const { response, retries } = await fetchTimed(server.url());
  assertEquals([response.status, response.attempts], [200, 2]);
  assertEquals(retries.length, 1);
  assertEquals(server.connectionCount, 2);
});

Deno.test("a POST whose connection closes before any response is not sent again", async () => {
  await using server = startScriptedServer({ routes: { "/": [[close()], [ok()]] } });
  const error = await assertRejects(() => fetchTimed(post(server.url())), HttpError);
  assertEquals(error.code, "EARLY_EOF");
  assertEquals(server.requests.length, 1);
});

Deno.test("a POST is retried when the connection could not be made, since nothing was sent", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const retries: RetryInfo[] = [];
  const error = await assertRejects(
    () =>
      withClient((client) => fetchBody(client, post(`http://127.0.0.1:${port}/`), { retries: 2 }), {
        clock: createVirtualClock(),
        client: { onRetry: (info) => retries.push(info) },
      }),
    NetError,
  );
  assertEquals(error.code, "CONNECT_FAILED");
  assertEquals(retries.map((info) => info.attempt), [1, 2]);
});

Deno.test("a kept-alive connection that closes after reading a POST does not get it a second time", async () => {
  // The server acted on the POST and died before answering: sending it again would repeat it.
  await using server = startScriptedServer({ routes: { "/": [[ok()], [close()], [ok()]] } });
  const error = await assertRejects(() =>
    withClient(function* (client) {
      yield* fetchBody(client, server.url());
      return yield* fetchBody(client, post(server.url()), { retries: 0 });
    })
  );
  assertEquals(["EARLY_EOF", "CONNECTION_CLOSED"].includes((error as HttpError).code), true);
  assertEquals(server.requests.map((request) => request.method), ["GET", "POST"]);
});

Deno.test("a GET sent again after its kept-alive connection closed counts both attempts", async () => {
  await using server = startScriptedServer({ routes: { "/": [[ok()], [close()], [ok("again")]] } });
  const { text, attempts } = await withClient(function* (client) {
    yield* fetchBody(client, server.url());
    const { text, response } = yield* fetchBody(client, server.url(), { retries: 0 });
    return { text, attempts: response.attempts };
  });
  assertEquals({ text, attempts }, { text: "again", attempts: 2 });
  assertEquals(server.requests.map((request) => request.connection), [0, 0, 1]);
});

Deno.test("a kept-alive connection that answers 100 Continue and then closes is not taken for stale", async () => {
  // The server has seen the request (it answered), so it is not sent again behind the caller's back.
  await using server = startScriptedServer({
    routes: { "/": [[ok()], [write("HTTP/1.1 100 Continue\r\n\r\n"), close()], [ok("again")]] },
  });
  const error = await assertRejects(() =>
    withClient(function* (client) {
      yield* fetchBody(client, server.url());
      return yield* fetchBody(client, server.url(), { retries: 0 });
    })
  );
  assertEquals((error as HttpError).code, "EARLY_EOF");
  assertEquals(server.requests.length, 2);
});
