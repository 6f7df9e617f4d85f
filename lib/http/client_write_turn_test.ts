/**
 * A request's `writeTurn` (a run's frontier: `Frontier.sending`) is waited for once its connection
 * is open and before any of the request is written, so that opening a connection never comes
 * between the start a frontier decided and the request; once per request, not for a redirect's
 * (its `redirectTurn`). A turn that fails leaves the connection unused, back in the pool.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { withClient } from "../../tests/fixtures/http_harness.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { type Effect, immediately, sleep } from "../loop/mod.ts";

Deno.test("writeTurn is waited for with the connection open, before the request is written; not for a redirect's request", async () => {
  await using server = startRouteServer({
    "/a": { status: 302, headers: { location: "/b" } },
    "/b": { body: "page b" },
  });
  const seen: string[] = [];
  const text = await withClient(function* (client) {
    const response = yield* client.request({ url: server.url("/a") }, {}, {
      count: 0,
      redirectTurn(url) {
        seen.push(`redirect turn ${url.pathname}`);
        return immediately(undefined);
      },
      *writeTurn(): Generator<Effect, void> {
        // The server accepts the connection: it is open. (A turn waited for before the connect
        // would wait here in vain, and fail below.)
        for (let i = 0; i < 2_000 && server.connectionCount === 0; i++) yield* sleep(1);
        yield* sleep(20); // what the client had written by now, the server would have read
        seen.push(`turn: ${server.connectionCount} open, ${server.requests.length} read`);
      },
    });
    return yield* response.body.text();
  });
  assertEquals(text, "page b");
  assertEquals(seen, ["turn: 1 open, 0 read", "redirect turn /b"]);
  assertEquals(server.requests.map((request) => request.path), ["/a", "/b"]);
});

Deno.test("a writeTurn that fails ends its request unsent, and the connection serves the next", async () => {
  await using server = startRouteServer({ "/": { body: "page" } });
  const { failure, text } = await withClient(function* (client) {
    let failure: unknown;
    try {
      yield* client.request({ url: server.url() }, {}, {
        count: 0,
        writeTurn: () => {
          throw new Error("no turn");
        },
      });
    } catch (error) {
      failure = error;
    }
    const response = yield* client.request({ url: server.url() });
    return { failure, text: yield* response.body.text() };
  });
  assertEquals([(failure as Error).message, text], ["no turn", "page"]);
  assertEquals([server.connectionCount, server.requests.length], [1, 1]);
});
