import { assertEquals, assertInstanceOf, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchBody } from "../../tests/fixtures/http_harness.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { stall, startScriptedServer, write } from "../../tests/fixtures/scripted_server.ts";
import { all, createVirtualClock, letOthersRun, race, runOperation, sleep } from "../loop/mod.ts";
import { HttpClient } from "./client.ts";
import { HttpError } from "./errors.ts";
import { ConnectionPool } from "./pool.ts";
import { loopbackOrigin } from "../../tests/fixtures/origin_settings.ts";

// The resource sanitizer is the check that nothing stays open: a connection the client keeps after
// `close()` fails these tests.

Deno.test("a request after close() fails with CLIENT_CLOSED and opens no connection", async () => {
  await using server = startRouteServer({ "/": { body: "x" } });
  const client = new HttpClient();
  client.close();
  const error = await assertRejects(() => runOperation(fetchBody(client, server.url())));
  assertInstanceOf(error, HttpError);
  assertEquals(error.code, "CLIENT_CLOSED");
  assertEquals(server.connectionCount, 0);
});

Deno.test("close() closes the connection of a body nobody read", async () => {
  await using server = startRouteServer({ "/": { body: "never read" } });
  const client = new HttpClient();
  await runOperation(function* () {
    yield* client.request({ url: server.url() });
  }());
  client.close();
});

Deno.test("a body read to its end after close() does not put its connection back", async () => {
  await using server = startRouteServer({ "/": { body: "already here" } });
  const client = new HttpClient();
  const text = await runOperation(function* () {
    const response = yield* client.request({ url: server.url() });
    client.close();
    return yield* response.body.text(); // its bytes came with the head
  }());
  assertEquals(text, "already here");
});

Deno.test("close() closes a lent connection, and a pool closed lends none after", async () => {
  await using server = startRouteServer({ "/": { body: "x" } });
  const pool = new ConnectionPool();
  const settings = loopbackOrigin(server.port);
  const pooled = await runOperation(pool.acquire(settings));
  pool.close();
  assertEquals(pooled.connection.closed, true);
  pool.release(pooled, true); // as a body read to its end does
  const error = await assertRejects(() => runOperation(pool.acquire(settings)), HttpError);
  assertEquals(error.code, "CLIENT_CLOSED");
});

Deno.test("a closed pool names an IPv6 origin in brackets when it refuses a request", async () => {
  const pool = new ConnectionPool();
  pool.close();
  const settings = { ...loopbackOrigin(8080), hostname: "::1" };
  const error = await assertRejects(() => runOperation(pool.acquire(settings)), HttpError);
  assertEquals(error.message, "Cannot send a request to [::1]:8080: the HTTP client was closed");
});

Deno.test("a request waiting for its turn when close() is called fails with CLIENT_CLOSED", async () => {
  await using server = startRouteServer({ "/": { body: "x" } });
  const client = new HttpClient({ perHost: 1 });
  const outcomes = await runOperation(function* () {
    const first = yield* client.request({ url: server.url() });
    return yield* all([
      function* () {
        try {
          yield* client.request({ url: server.url() }); // waits for the first body's turn to end
          return "sent";
        } catch (error) {
          return (error as { code?: string }).code;
        }
      }(),
      function* () {
        client.close();
        // Its bytes came with the head: read, its turn ends, and the waiting request goes on.
        return yield* first.body.text();
      }(),
    ]);
  }());
  assertEquals(outcomes, ["CLIENT_CLOSED", "x"]);
  assertEquals(server.connectionCount, 1);
});

Deno.test("a request waiting for a connection a body nobody reads holds fails with CLIENT_CLOSED at close()", async () => {
  await using server = startRouteServer({ "/": { body: "x" } });
  const client = new HttpClient({ perHost: 1 });
  const outcome = await runOperation(
    function* () {
      yield* client.request({ url: server.url() }); // its body is neither read nor closed
      return yield* race([
        function* () {
          try {
            yield* client.request({ url: server.url() }); // waits for the first body's turn to end
            return "sent";
          } catch (error) {
            return (error as { code?: string }).code;
          }
        }(),
        function* () {
          yield* letOthersRun(); // the request above is waiting now
          client.close();
          // The virtual clock passes this at once when nothing else can happen: still waiting.
          yield* sleep(3_600_000);
          return "still waiting after close()";
        }(),
      ]);
    }(),
    { clock: createVirtualClock() },
  );
  assertEquals(outcome, "CLIENT_CLOSED");
  assertEquals(server.connectionCount, 1);
});

Deno.test("a body still arriving when close() is called fails to read instead of waiting", async () => {
  await using server = startScriptedServer({
    routes: { "/": [write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345"), stall()] },
  });
  const client = new HttpClient();
  const error = await runOperation(function* () {
    // Without close() ending the read, the idle limit would: the error would then be a timeout.
    const response = yield* client.request({ url: server.url() }, { timeouts: { idleMs: 10_000 } });
    yield* response.body.read();
    client.close();
    try {
      yield* response.body.read();
      return undefined;
    } catch (error) {
      return error;
    }
  }());
  assertEquals((error as { code?: string }).code, "CLIENT_CLOSED");
});
