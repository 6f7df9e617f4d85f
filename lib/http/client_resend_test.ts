/**
 * The client makes one exchange per request (plus redirects). Its one resend of its own: a pooled
 * connection found closed when the request goes out is replaced at once, and a repeatable request,
 * or one whose connection was found closed before it was written, is sent again on a new one.
 * Whether a failed fetch goes again is the frontier's decision (`lib/frontier/retry_test.ts`,
 * `tests/retry_test.ts`).
 */
import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchBody, fetchOnce, withClient } from "../../tests/fixtures/http_harness.ts";
import { encodeResponse } from "../../tests/fixtures/route_server.ts";
import { close, startScriptedServer, write } from "../../tests/fixtures/scripted_server.ts";
import { sleep } from "../loop/mod.ts";
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

Deno.test("a POST on a connection idle a while that its server closes as the POST is to go is sent once, on a new connection", async () => {
  // As a server's keep-alive timeout runs out: the close is on its way when the POST is handed the
  // connection, and is seen before the POST is written there, so it never reached the server.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}/`;
  const methods: string[] = [];
  const conns: Deno.Conn[] = [];
  const open = new Set<Deno.Conn>();
  // One request answered on each connection, which then stays open.
  const serving = (async () => {
    for await (const conn of listener) {
      conns.push(conn);
      open.add(conn);
      const buffer = new Uint8Array(4096);
      const n = await conn.read(buffer);
      if (n === null) continue;
      const method = new TextDecoder().decode(buffer.subarray(0, n)).split(" ")[0];
      methods.push(method);
      await conn.write(encodeResponse({ body: `${method} answered` }));
    }
  })();
  const closeFirst = () => {
    if (!open.has(conns[0])) return;
    open.delete(conns[0]);
    conns[0].close(); // the server's keep-alive timeout, as the POST is about to go
  };
  try {
    const { text, attempts } = await withClient(function* (client) {
      yield* fetchBody(client, url);
      yield* sleep(150); // idle long enough to be looked at before a POST
      const { text, response } = yield* fetchBody(client, post(url), { onAttempt: closeFirst });
      return { text, attempts: response.attempts };
    });
    assertEquals({ text, attempts }, { text: "POST answered", attempts: 2 });
    assertEquals(methods, ["GET", "POST"]);
    assertEquals(conns.length, 2);
  } finally {
    listener.close();
    await serving.catch(() => {});
    for (const conn of open) conn.close();
  }
});

Deno.test("a connection idle nearly as long as its server's Keep-Alive timeout is not lent again", async (t) => {
  // Node.js and Apache say `Keep-Alive: timeout=5` and close the connection when it runs out: a
  // request sent as it does would go into the close. Here the server keeps it open, so a reuse
  // shows as one connection.
  for (const [timeout, connections] of [["1", 2], ["30", 1]] as const) {
    await t.step(`timeout=${timeout}`, async () => {
      const answer = write(
        encodeResponse({ body: "ok", headers: { "Keep-Alive": `timeout=${timeout}, max=100` } }),
      );
      await using server = startScriptedServer({ respond: () => [answer] });
      await withClient(function* (client) {
        yield* fetchBody(client, server.url());
        yield* sleep(600); // past 1 s less its margin (half of it), well within 30 s less 1 s
        yield* fetchBody(client, server.url());
      });
      assertEquals([server.requests.length, server.connectionCount], [2, connections]);
    });
  }
});
