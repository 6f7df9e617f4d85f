import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchBody, type Fetched, withClient } from "../../tests/fixtures/http_harness.ts";
import {
  encodeResponse,
  type ResponseSpec,
  startRouteServer,
} from "../../tests/fixtures/route_server.ts";
import {
  close,
  type Script,
  startScriptedServer,
  write,
} from "../../tests/fixtures/scripted_server.ts";
import { all, failAfter, sleep } from "../loop/mod.ts";
import { Connection } from "../net/connection.ts";
import type { HttpClient } from "./client.ts";
import type { HttpRequest } from "./request.ts";

/** Fetches `requests` one after another on one client; says which reused a connection. */
function sequential(requests: (string | HttpRequest)[]) {
  return withClient(function* (client: HttpClient) {
    const reused: boolean[] = [];
    const texts: string[] = [];
    for (const request of requests) {
      const { response, text } = yield* fetchBody(client, request);
      reused.push(response.reusedConnection);
      texts.push(text);
    }
    return { reused, texts };
  });
}

Deno.test("sequential requests to one origin share one keep-alive connection", async () => {
  await using server = startRouteServer({ "/a": { body: "a" }, "/b": { body: "b" } });
  const urls = ["/a", "/b", "/a", "/b", "/a"].map((path) => server.url(path));
  const { reused, texts } = await sequential(urls);
  assertEquals(texts, ["a", "b", "a", "b", "a"]);
  assertEquals(reused, [false, true, true, true, true]);
  assertEquals(server.connectionCount, 1);
  assertEquals(server.requests.map((request) => request.connection), [0, 0, 0, 0, 0]);
});

Deno.test("a connection is not reused when either side or the framing rules it out", async (t) => {
  const cases: [string, ResponseSpec | Script, Record<string, string>][] = [
    ["the response says Connection: close", { headers: { Connection: "close" }, body: "x" }, {}],
    ["an HTTP/1.0 response without keep-alive", [
      write("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx"),
    ], {}],
    ["the body runs until the close", [write("HTTP/1.1 200 OK\r\n\r\nx"), close()], {}],
    [
      "more bytes follow the Content-Length body",
      [write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxEXTRA")],
      {},
    ],
  ];
  for (const [name, response, headers] of cases) {
    await t.step(name, async () => {
      const script = Array.isArray(response)
        ? response as Script
        : [write(encodeResponse(response as ResponseSpec))];
      await using server = startScriptedServer({ routes: { "/": script } });
      const { reused, texts } = await sequential([
        { url: server.url(), headers },
        { url: server.url(), headers },
      ]);
      assertEquals(texts, ["x", "x"]);
      assertEquals(reused, [false, false]);
      assertEquals(server.connectionCount, 2);
    });
  }
});

Deno.test("an HTTP/1.0 response with Connection: keep-alive keeps its connection", async () => {
  await using server = startScriptedServer({
    routes: {
      "/": [write("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx")],
    },
  });
  const { reused } = await sequential([server.url(), server.url()]);
  assertEquals(reused, [false, true]);
  assertEquals(server.connectionCount, 1);
});

Deno.test("a body closed before its end does not give its connection back, unless its rest is already in", async (t) => {
  await t.step("the rest still to come: the connection is closed", async () => {
    await using server = startRouteServer({ "/": { body: "x".repeat(4 * 1024 * 1024) } });
    const reused = await withClient(function* (client) {
      const first = yield* client.request({ url: server.url() });
      first.body.close();
      const second = yield* fetchBody(client, server.url());
      return [first.reusedConnection, second.response.reusedConnection];
    });
    assertEquals(reused, [false, false]);
    assertEquals(server.connectionCount, 2);
  });
  await t.step(
    "a short body already buffered: skipped, and the connection serves again",
    async () => {
      await using server = startRouteServer({ "/": { body: "unread" } });
      const result = await withClient(function* (client) {
        const first = yield* client.request({ url: server.url() });
        first.body.close();
        const second = yield* fetchBody(client, server.url());
        return [first.reusedConnection, second.response.reusedConnection, second.text];
      });
      assertEquals(result, [false, true, "unread"]);
      assertEquals(server.connectionCount, 1);
    },
  );
});

Deno.test("a response without a body (HEAD, 204, 304) closed unread gives its connection back", async (t) => {
  const cases: [string, string, string][] = [
    ["HEAD", "HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"],
    ["204", "GET", "HTTP/1.1 204 No Content\r\n\r\n"],
    ["304", "GET", 'HTTP/1.1 304 Not Modified\r\nETag: "x"\r\n\r\n'],
    [
      "a HEAD redirected",
      "HEAD",
      "HTTP/1.1 301 Moved\r\nLocation: /next\r\nContent-Length: 9\r\n\r\n",
    ],
  ];
  for (const [name, method, head] of cases) {
    await t.step(name, async () => {
      await using server = startScriptedServer({
        routes: {
          "/first": [write(head)],
          "/next": [write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n")], // a HEAD's answer
        },
        respond: () => [write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")],
      });
      const reused = await withClient(function* (client) {
        const first = yield* client.request({ url: server.url("/first"), method });
        first.body.close();
        const second = yield* fetchBody(client, server.url("/second"));
        return second.response.reusedConnection;
      });
      assertEquals([reused, server.connectionCount], [true, 1]);
    });
  }
});

Deno.test("a pooled connection the server closed while idle is replaced for a GET, without a retry", async () => {
  await using server = startScriptedServer({
    routes: { "/": [write(encodeResponse({ body: "fresh" })), close()] },
  });
  const result = await withClient(function* (client) {
    yield* fetchBody(client, server.url());
    const { response, text } = yield* fetchBody(client, server.url());
    return [text, response.attempts, response.reusedConnection];
  });
  assertEquals(result, ["fresh", 2, false]); // the resend is an attempt, though not a retry
  assertEquals(server.connectionCount, 2);
  assertEquals(server.requests.map((request) => request.connection), [0, 1]);
});

Deno.test("a POST on a pooled connection the server closed while idle fails: it may have arrived", async () => {
  await using server = startScriptedServer({
    routes: { "/": [write(encodeResponse({ body: "fresh" })), close()] },
  });
  const error = await assertRejects(() =>
    withClient(function* (client) {
      yield* fetchBody(client, server.url());
      return yield* fetchBody(client, { url: server.url(), method: "POST" });
    })
  );
  assert(["EARLY_EOF", "CONNECTION_CLOSED"].includes((error as { code?: string }).code ?? ""));
  assertEquals(server.connectionCount, 1);
});

Deno.test("perHost limits the connections open to one origin at once", async (t) => {
  for (const perHost of [1, 2]) {
    await t.step(`perHost ${perHost}`, async () => {
      await using server = startRouteServer({ "/": { body: "x" } });
      const fetched = await withClient(
        (client) => all<Fetched>([1, 2, 3, 4].map(() => fetchBody(client, server.url()))),
        { client: { perHost } },
      );
      assertEquals(fetched.map(({ text }) => text), ["x", "x", "x", "x"]);
      assertEquals(server.connectionCount, perHost);
    });
  }
});

Deno.test("a request that finds every connection held by an unread body fails unsent at timeouts.total, when the client bounds that wait", async () => {
  await using server = startRouteServer({ "/": { body: "x" } });
  const error = await assertRejects(() =>
    withClient(function* (client) {
      // Its body never read: the origin's one connection stays lent. The guard ends a wait that
      // never ends (without the bound), so the test fails instead of hanging.
      const held = yield* client.request({ url: server.url() });
      try {
        return yield* failAfter(
          10_000,
          client.request({ url: server.url() }, { timeouts: { totalMs: 50 } }),
        );
      } finally {
        held.body.close();
      }
    }, { client: { perHost: 1, boundedConnectionWait: true } })
  );
  const { code, unsent } = error as { code?: string; unsent?: boolean };
  assertEquals([code, unsent], ["TIMEOUT_TOTAL", true]);
  assertStringIncludes(
    (error as Error).message,
    "all 1 requests to it at a time were taken for timeouts.totalMs (50)",
  );
  assertEquals(server.requests.length, 1);
});

Deno.test("by default a request waits its turn for a connection however long it takes", async () => {
  await using server = startRouteServer({ "/": { body: "x" } });
  const text = await withClient(function* (client) {
    const held = yield* client.request({ url: server.url() });
    const [, second] = yield* all([
      function* () {
        yield* sleep(120); // longer than the second request's total
        return yield* held.body.text();
      }(),
      function* () {
        const response = yield* client.request({ url: server.url() }, {
          timeouts: { totalMs: 60 },
        });
        return yield* response.body.text();
      }(),
    ]);
    return second;
  }, { client: { perHost: 1 } });
  assertEquals(text, "x");
  assertEquals(server.requests.length, 2);
});

Deno.test("closing the client closes its idle connections", async () => {
  await using server = startRouteServer({ "/": { body: "x" } });
  await sequential([server.url()]);
  await server.clientClosed(0);
});

Deno.test("an idle connection's read is armed once the loop runs out of work, not when a request takes it again first", async () => {
  await using server = startRouteServer({ "/": { body: "x" } });
  // Counts the reads armed on idle connections: a TLS read pending while the next request is
  // written costs a failed system call, so a connection lent again at once must get none.
  const original = Connection.prototype.watchIdle;
  let watched = 0;
  Connection.prototype.watchIdle = function (buffer) {
    watched++;
    return original.call(this, buffer);
  };
  try {
    const counts = await withClient(function* (client) {
      const seen: number[] = [];
      for (let i = 0; i < 3; i++) {
        yield* fetchBody(client, server.url());
        seen.push(watched); // lent again by the next request before the loop ran out of work
      }
      yield* sleep(1); // the loop waits: the idle connection is watched now
      seen.push(watched);
      const { response } = yield* fetchBody(client, server.url());
      seen.push(response.reusedConnection ? 1 : 0);
      return seen;
    });
    assertEquals(counts, [0, 0, 0, 1, 1]);
    assertEquals(server.connectionCount, 1);
  } finally {
    Connection.prototype.watchIdle = original;
  }
});
