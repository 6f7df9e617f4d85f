/**
 * The client makes one exchange per request (plus redirects). Its one resend of its own: a pooled
 * connection found closed when the request goes out is replaced at once, and a repeatable request
 * is sent again on a new one. Whether a failed fetch goes again is the frontier's decision
 * (`lib/frontier/retry_test.ts`, `tests/retry_test.ts`).
 */
import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchBody, fetchOnce, withClient } from "../../tests/fixtures/http_harness.ts";
import { encodeResponse } from "../../tests/fixtures/route_server.ts";
import { close, startScriptedServer, write } from "../../tests/fixtures/scripted_server.ts";
import { HttpError } from "./errors.ts";
import type { HttpRequest } from "./request.ts";

const ok = (body = "ok") => write(encodeResponse({ body }));
const status = (code: number) => write(encodeResponse({ status: code, body: `status ${code}` }));

const post = (url: string): HttpRequest => ({
  url,
  method: "POST",
  body: { kind: "bytes", bytes: new TextEncoder().encode("once") },
});

Deno.test("a retryable status is returned as it is, after one send, for GET and POST", async (t) => {
  for (const method of ["GET", "POST"]) {
    await t.step(method, async () => {
      await using server = startScriptedServer({ routes: { "/": [[status(503)], [ok()]] } });
      const request = method === "GET" ? { url: server.url() } : post(server.url());
      const { response, text } = await fetchOnce(request);
      assertEquals([response.status, response.attempts, text], [503, 1, "status 503"]);
      assertEquals(server.requests.length, 1);
    });
  }
});

Deno.test("a new connection that closes before any response fails with EARLY_EOF, not sent again", async (t) => {
  // Only a pooled connection can be stale: a fresh one that closes may have been acted on.
  for (const method of ["GET", "POST"]) {
    await t.step(method, async () => {
      await using server = startScriptedServer({ routes: { "/": [[close()], [ok()]] } });
      const request = method === "GET" ? { url: server.url() } : post(server.url());
      const error = await assertRejects(() => fetchOnce(request), HttpError);
      assertEquals(error.code, "EARLY_EOF");
      assertEquals([server.requests.length, server.connectionCount], [1, 1]);
    });
  }
});

Deno.test("a kept-alive connection that closes after reading a POST does not get it a second time", async () => {
  // The server acted on the POST and died before answering: sending it again would repeat it.
  await using server = startScriptedServer({ routes: { "/": [[ok()], [close()], [ok()]] } });
  const error = await assertRejects(() =>
    withClient(function* (client) {
      yield* fetchBody(client, server.url());
      return yield* fetchBody(client, post(server.url()));
    })
  );
  assertEquals(["EARLY_EOF", "CONNECTION_CLOSED"].includes((error as HttpError).code), true);
  assertEquals(server.requests.map((request) => request.method), ["GET", "POST"]);
});

Deno.test("a GET sent again after its kept-alive connection closed counts both attempts", async () => {
  await using server = startScriptedServer({ routes: { "/": [[ok()], [close()], [ok("again")]] } });
  let sends = 0;
  const { text, attempts } = await withClient(function* (client) {
    yield* fetchBody(client, server.url());
    const { text, response } = yield* fetchBody(client, server.url(), {
      onAttempt: () => sends++,
    });
    return { text, attempts: response.attempts };
  });
  assertEquals({ text, attempts, sends }, { text: "again", attempts: 2, sends: 2 });
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
      return yield* fetchBody(client, server.url());
    })
  );
  assertEquals((error as HttpError).code, "EARLY_EOF");
  assertEquals(server.requests.length, 2);
});
