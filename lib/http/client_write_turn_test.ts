/**
 * A request's `writeTurn` (a run's frontier: `Frontier.sending`) is waited for once its connection
 * is open and before any of the request is written, so that opening a connection never comes
 * between the start a frontier decided and the request: for every send, a redirect's (after its
 * `redirectTurn`) and a resend's on a new connection included. A turn that fails leaves the
 * connection unused, back in the pool.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { withClient } from "../../tests/fixtures/http_harness.ts";
import { encodeResponse, startRouteServer } from "../../tests/fixtures/route_server.ts";
import { close, startScriptedServer, write } from "../../tests/fixtures/scripted_server.ts";
import { type Effect, immediately, sleep } from "../loop/mod.ts";

/** A server's counts, as a turn waited for at some moment saw them. */
interface Counting {
  readonly connectionCount: number;
  readonly requests: readonly unknown[];
}

/**
 * Waits until `server` has accepted `connections` (a turn waited for before the connect would wait
 * here in vain), then a little more (what the client had written by then, the server would have
 * read), and says what the server had by then.
 */
function* seenBy(server: Counting, connections: number): Generator<Effect, string> {
  for (let i = 0; i < 2_000 && server.connectionCount < connections; i++) yield* sleep(1);
  yield* sleep(20);
  return `${server.connectionCount} open, ${server.requests.length} read`;
}

Deno.test("writeTurn is waited for with the connection open, before each request is written, a redirect's too", async () => {
  await using other = startRouteServer({ "/b": { body: "page b" } });
  await using server = startRouteServer({
    "/a": { status: 302, headers: { location: other.url("/b") } },
  });
  const seen: string[] = [];
  const text = await withClient(function* (client) {
    const response = yield* client.request({ url: server.url("/a") }, {}, {
      count: 0,
      redirectTurn(url) {
        seen.push(`redirect turn ${url.pathname}`);
        return immediately(undefined);
      },
      *writeTurn(url): Generator<Effect, void> {
        // The redirect goes to another origin: its request's connection is a new one, there.
        const at = url.pathname === "/a" ? server : other;
        seen.push(`turn ${url.pathname}: ${yield* seenBy(at, 1)}`);
      },
    });
    return yield* response.body.text();
  });
  assertEquals(text, "page b");
  assertEquals(seen, ["turn /a: 1 open, 0 read", "redirect turn /b", "turn /b: 1 open, 0 read"]);
  assertEquals(server.requests.map((request) => request.path), ["/a"]);
  assertEquals(other.requests.map((request) => request.path), ["/b"]);
});

Deno.test("a request sent again on a new connection (its kept-alive one closed) waits for writeTurn again, that connection open", async () => {
  const ok = (body: string) => write(encodeResponse({ body }));
  await using server = startScriptedServer({
    routes: { "/": [[ok("first")], [close()], [ok("again")]] },
  });
  const seen: string[] = [];
  const texts = await withClient(function* (client) {
    const texts: string[] = [];
    for (const name of ["first", "second"]) {
      const response = yield* client.request({ url: server.url() }, {}, {
        count: 0,
        *writeTurn(): Generator<Effect, void> {
          // The second's first send goes on the kept-alive connection; its resend on a new one.
          seen.push(`${name}: ${yield* seenBy(server, seen.length === 2 ? 2 : 1)}`);
        },
      });
      texts.push(yield* response.body.text());
    }
    return texts;
  });
  assertEquals(texts, ["first", "again"]);
  assertEquals(seen, ["first: 1 open, 0 read", "second: 1 open, 1 read", "second: 2 open, 2 read"]);
  assertEquals(server.requests.map((request) => request.connection), [0, 0, 1]);
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
