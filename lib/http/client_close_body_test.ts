/**
 * `HttpClient.close()` under a response still in use: a body nobody reads, a body mid-read, a head
 * being awaited, a pipelined request waiting its turn. Each read that needs the socket fails with
 * `CLIENT_CLOSED`, saying the client was closed (not the runtime's "Bad resource ID"), and nothing
 * stays armed: the op and resource sanitizers (on in `deno task test`) are the check, and the virtual
 * clock is where a deadline keeps a host timer of its own.
 */
import { assertEquals, assertInstanceOf } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  readRequest,
  stall,
  startScriptedServer,
  write,
} from "../../tests/fixtures/scripted_server.ts";
import {
  all,
  type Clock,
  createVirtualClock,
  letOthersRun,
  Loop,
  runOperation,
} from "../loop/mod.ts";
import { Connection } from "../net/mod.ts";
import { HttpClient } from "./client.ts";
import { assertHttpError, caught } from "../../tests/fixtures/caught.ts";
import { HttpError } from "./errors.ts";
import { Watchdog } from "./watchdog.ts";

/** Deadlines far off: only close() can end these reads. */
const TIMEOUTS = { timeouts: { headersMs: 60_000, idleMs: 60_000, totalMs: 120_000 } };

/** A server that sends a head and the first 5 of 10 body bytes, then nothing. */
function startHalfBodyServer() {
  return startScriptedServer({
    routes: { "/": [write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345"), stall()] },
  });
}

/** Runs `body` on the system clock and on a virtual one, as steps. */
async function onBothClocks(t: Deno.TestContext, body: (clock?: Clock) => Promise<void>) {
  await t.step("system clock", () => body());
  await t.step("virtual clock", () => body(createVirtualClock()));
}

function assertClientClosed(error: unknown, message: string): void {
  assertHttpError(error, "CLIENT_CLOSED", message);
}

Deno.test("close() of a client whose body nobody read leaves no deadline of it armed", async (t) => {
  await onBothClocks(t, async (clock) => {
    await using server = startHalfBodyServer();
    const client = new HttpClient();
    const response = await runOperation(
      function* () {
        return yield* client.request({ url: server.url() }, TIMEOUTS);
      }(),
      { clock },
    );
    client.close(); // the body is left as it is: nobody reads or closes it, ever
    assertEquals(response.body.ended, false);
  });
});

Deno.test("a body left unread at close() fails its next read from the socket with CLIENT_CLOSED", async (t) => {
  await onBothClocks(t, async (clock) => {
    await using server = startHalfBodyServer();
    const client = new HttpClient();
    const response = await runOperation(client.request({ url: server.url() }, TIMEOUTS), {
      clock,
    });
    client.close();
    const [first, error] = await runOperation(
      function* () {
        const first = yield* response.body.read(); // the 5 bytes that came with the head are there
        return [first, yield* caught(response.body.read())];
      }(),
      { clock },
    );
    assertEquals(new TextDecoder().decode(first!), "12345");
    assertClientClosed(
      error,
      `Cannot read the body of ${server.url()}: the HTTP client was closed`,
    );
  });
});

Deno.test("a body mid-read when close() is called fails with CLIENT_CLOSED naming its URL, and leaves nothing armed", async (t) => {
  await onBothClocks(t, async (clock) => {
    await using server = startHalfBodyServer();
    const client = new HttpClient();
    const [error] = await runOperation(
      function* () {
        const response = yield* client.request({ url: server.url() }, TIMEOUTS);
        return yield* all([
          function* () {
            yield* response.body.read(); // the bytes that came with the head
            return yield* caught(response.body.read()); // waits for the other 5
          }(),
          function* () {
            yield* letOthersRun(); // the read above is pending now
            client.close();
          }(),
        ]);
      }(),
      { clock },
    );
    assertClientClosed(
      error,
      `Cannot read the body of ${server.url()}: the HTTP client was closed`,
    );
  });
});

Deno.test("a response head awaited when close() is called fails with CLIENT_CLOSED naming its URL", async (t) => {
  await onBothClocks(t, async (clock) => {
    await using server = startScriptedServer({ routes: { "/": [stall()] } });
    const client = new HttpClient();
    const [error] = await runOperation(
      function* () {
        return yield* all([
          caught(client.request({ url: server.url() }, TIMEOUTS)),
          function* () {
            while (server.requests.length === 0) yield* letOthersRun();
            client.close();
          }(),
        ]);
      }(),
      { clock },
    );
    assertClientClosed(error, `Cannot fetch ${server.url()}: the HTTP client was closed`);
  });
});

Deno.test("a pipelined request waiting behind an unread body when close() is called fails with CLIENT_CLOSED at once", async (t) => {
  await onBothClocks(t, async (clock) => {
    // Reads both requests (so the test knows the second is in line), answers half the first.
    await using server = startScriptedServer({
      onConnection: () => [
        readRequest(),
        write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345"),
        readRequest(),
        stall(),
      ],
    });
    const client = new HttpClient();
    const options = { ...TIMEOUTS, pipeline: 2 };
    const { first, second } = await runOperation(
      function* () {
        const first = yield* client.request({ url: server.url() }, options);
        const [second] = yield* all([
          caught(client.request({ url: server.url() }, options)), // waits for the first body
          function* () {
            while (server.requests.length < 2) yield* letOthersRun();
            client.close();
          }(),
        ]);
        return { first, second };
      }(),
      { clock },
    );
    assertEquals(first.body.ended, false); // nobody read it
    assertInstanceOf(second, HttpError);
    assertEquals((second as HttpError).code, "CLIENT_CLOSED");
    assertEquals(server.connectionCount, 1);
  });
});

Deno.test("a response that opens on a connection close() already closed arms no deadline for its body", () => {
  // As between the head and the body (loading the decompressor) when close() comes: the connection
  // is closed, and the body's deadlines, on the virtual clock a host timer, would outlive the run.
  const loop = new Loop({ clock: createVirtualClock() });
  const conn = { close() {} } as Deno.Conn;
  const connection = new Connection(conn, "127.0.0.1:1", false);
  const watchdog = new Watchdog(loop, connection, 120_000);
  connection.close();
  watchdog.readBody(60_000);
  watchdog.beginRead();
  assertEquals(watchdog.expired, undefined);
});
