/**
 * A keep-alive connection the server writes to, or closes, while it waits idle in the pool is never
 * lent out again: those bytes are not the next request's response (RFC 9112 §6.3).
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchBody, withClient } from "../../tests/fixtures/http_harness.ts";
import { writeAll } from "../../tests/fixtures/raw_conn.ts";
import { RequestReader } from "../../tests/fixtures/request_reader.ts";
import { call } from "../loop/mod.ts";

const INJECTED = "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nINJECTED";
/**
 * How long the server waits for the client to drop a connection before it goes on anyway (a client
 * that never drops it fails the test then). Long: a loaded machine may pause this process for a
 * while between the trick and the client's noticing it.
 */
const GIVE_UP_MS = 30_000;

/** What the server does after its first answer on a connection. */
type Trick = "inject" | "close";

/**
 * A server whose first answer on each connection is `first`, followed by `trick`: a second, unasked
 * response, or a half-close. It then waits until the client has closed that connection (or gives up
 * after GIVE_UP_MS) before `ready` resolves, so the test's next request comes after the trick is seen.
 * Every later request gets `real <path>`.
 */
function startTrickServer(first: string, trick: Trick) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const ready = Promise.withResolvers<void>();
  const handlers = new Set<Promise<void>>();
  const conns = new Set<Deno.Conn>();
  let connections = 0;
  const answer = (path: string) => {
    const body = `real ${path}`;
    return `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
  };
  const handle = async (conn: Deno.Conn, index: number) => {
    const reader = new RequestReader(conn, index);
    try {
      let request = await reader.read();
      if (request && index === 0) {
        await writeAll(conn, first);
        // A few ms later, as a buggy server would: after the client has pooled the connection.
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (trick === "inject") await writeAll(conn, INJECTED);
        else await conn.closeWrite();
        const next = reader.read();
        let timer: ReturnType<typeof setTimeout> | undefined;
        const gaveUp = new Promise((resolve) => timer = setTimeout(resolve, GIVE_UP_MS));
        await Promise.race([next.catch(() => null), gaveUp]);
        clearTimeout(timer);
        ready.resolve();
        request = await next;
      }
      while (request) {
        await writeAll(conn, answer(request.path));
        request = await reader.read();
      }
    } catch {
      // The client went away: nothing to answer.
    } finally {
      if (conns.delete(conn)) conn.close();
    }
  };
  const accepting = (async () => {
    for await (const conn of listener) {
      conns.add(conn);
      const handler = handle(conn, connections++);
      handlers.add(handler);
      handler.finally(() => handlers.delete(handler));
    }
  })();
  return {
    url: (path: string) => `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}${path}`,
    ready: ready.promise,
    get connections() {
      return connections;
    },
    async [Symbol.asyncDispose]() {
      listener.close();
      await accepting;
      for (const conn of conns) conn.close(); // ends the handler's pending read
      conns.clear();
      while (handlers.size > 0) await Promise.all([...handlers]);
    },
  };
}

/** Sends `method` to /first, waits until the server played its trick, then GETs /second. */
function firstThenSecond(server: ReturnType<typeof startTrickServer>, method: string) {
  return withClient(function* (client) {
    yield* fetchBody(client, { url: server.url("/first"), method });
    yield* call(() => server.ready);
    const second = yield* fetchBody(client, { url: server.url("/second"), method: "POST" });
    return second.text;
  });
}

Deno.test("bytes a server sends on an idle pooled connection are never the next response", async (t) => {
  const cases: [string, string, string][] = [
    ["after a 204", "GET", "HTTP/1.1 204 No Content\r\n\r\n"],
    ["after a 304", "GET", "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n"],
    ["after a response to HEAD", "HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"],
    ["after a framed 200", "GET", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"],
  ];
  for (const [name, method, first] of cases) {
    await t.step(name, async () => {
      await using server = startTrickServer(first, "inject");
      assertEquals(await firstThenSecond(server, method), "real /second");
      assertEquals(server.connections, 2);
    });
  }
});

Deno.test("a pooled connection the server closed while idle is not lent out", async () => {
  await using server = startTrickServer(
    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    "close",
  );
  // A POST is never sent again after a failure on a reused connection: only a fresh one succeeds.
  assertEquals(await firstThenSecond(server, "GET"), "real /second");
  assertEquals(server.connections, 2);
});
