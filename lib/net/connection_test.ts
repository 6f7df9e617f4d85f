import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { close, stall, startScriptedServer, write } from "../../tests/fixtures/scripted_server.ts";
import { all, moveOnAfter, runOperation, sleep } from "../loop/mod.ts";
import { connect } from "./connect.ts";
import { NetError } from "./errors.ts";

Deno.test("Connection.write() sends every byte of a buffer larger than one socket write", async () => {
  await using server = startScriptedServer({ routes: { "/": [write("ok"), close()] } });
  const body = new Uint8Array(4 * 1024 * 1024).fill(120);
  const head = new TextEncoder().encode(`PUT / HTTP/1.1\r\nContent-Length: ${body.length}\r\n\r\n`);
  await runOperation(function* () {
    const { connection } = yield* connect({ hostname: "127.0.0.1", port: server.port });
    try {
      yield* connection.write(head);
      yield* connection.write(body);
      assertEquals(yield* connection.read(new Uint8Array(16)), 2);
    } finally {
      connection.close();
    }
  }());
  assertEquals(server.requests[0].body, body);
});

Deno.test("cancelling a pending read closes the connection", async () => {
  await using server = startScriptedServer({ onConnection: () => [stall()] });
  const { connection, result } = await runOperation(function* () {
    const { connection } = yield* connect({ hostname: "127.0.0.1", port: server.port });
    const result = yield* moveOnAfter(30, connection.read(new Uint8Array(16)));
    return { connection, result };
  }());
  assertEquals(result, undefined);
  assert(connection.closed);
  await server.clientClosed(0);
});

Deno.test("a read after close() fails with CONNECTION_CLOSED, and closing twice is harmless", async () => {
  await using server = startScriptedServer({ onConnection: () => [stall()] });
  const error = await assertRejects(
    () =>
      runOperation(function* () {
        const { connection } = yield* connect({ hostname: "127.0.0.1", port: server.port });
        connection.close();
        connection.close();
        yield* connection.read(new Uint8Array(16));
      }()),
    NetError,
  );
  assertEquals(error.code, "CONNECTION_CLOSED");
  assertEquals(error.address, `127.0.0.1:${server.port}`);
});

Deno.test("read() returns null once the peer has closed", async () => {
  await using server = startScriptedServer({ onConnection: () => [write("x"), close()] });
  const reads = await runOperation(function* () {
    const { connection } = yield* connect({ hostname: "127.0.0.1", port: server.port });
    try {
      const buffer = new Uint8Array(16);
      return [yield* connection.read(buffer), yield* connection.read(buffer)];
    } finally {
      connection.close();
    }
  }());
  assertEquals(reads, [1, null]);
});

Deno.test("each read is its own: one made and never run, or one given up, leaves the next alone", async () => {
  await using server = startScriptedServer({ onConnection: () => [write("ab"), stall()] });
  const outcome = await runOperation(function* () {
    const { connection } = yield* connect({ hostname: "127.0.0.1", port: server.port });
    try {
      const buffer = new Uint8Array(16);
      connection.read(buffer); // never run
      const first = yield* connection.read(buffer);
      const givenUp = yield* moveOnAfter(30, connection.read(buffer));
      try {
        yield* connection.read(buffer);
        return { first, givenUp, after: "read" };
      } catch (error) {
        return { first, givenUp, after: (error as NetError).code };
      }
    } finally {
      connection.close();
    }
  }());
  assertEquals(outcome, { first: 2, givenUp: undefined, after: "CONNECTION_CLOSED" });
});

Deno.test("after a write is abandoned, the next write closes the connection and fails at once", async () => {
  // Accepts and never reads: a large write stays pending until it is abandoned.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = listener.accept();
  const { abandoned, next, closed } = await runOperation(function* () {
    const { connection } = yield* connect({ hostname: "127.0.0.1", port: listener.addr.port });
    try {
      const abandoned = yield* all([
        (function* () {
          try {
            yield* connection.write(new Uint8Array(32 << 20));
            return "written";
          } catch (error) {
            return (error as NetError).code;
          }
        })(),
        (function* () {
          yield* sleep(100);
          return connection.abandonWrite("given up");
        })(),
      ]);
      // Bytes of the first write are still going out: a second must not join them, nor wait.
      let next: string | undefined;
      try {
        const done = yield* moveOnAfter(2000, connection.write(new TextEncoder().encode("GET")));
        next = done === undefined ? "still waiting" : "written";
      } catch (error) {
        next = (error as NetError).code;
      }
      return { abandoned, next, closed: connection.closed };
    } finally {
      connection.close();
    }
  }());
  (await accepted).close();
  listener.close();
  assertEquals(abandoned, ["CONNECTION_CLOSED", true]);
  assertEquals(next, "CONNECTION_CLOSED");
  assert(closed);
});
