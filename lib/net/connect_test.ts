import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { fillBacklog } from "../../tests/fixtures/full_backlog.ts";
import {
  close,
  otherCaCert,
  stall,
  startScriptedServer,
  testCaCert,
  write,
} from "../../tests/fixtures/scripted_server.ts";
import { type Effect, moveOnAfter, runOperation } from "../loop/mod.ts";
import { connect, type ConnectOptions } from "./connect.ts";
import type { Connection } from "./connection.ts";
import { NetError } from "./errors.ts";
import { ProxyError } from "./proxy_error.ts";
import { parseProxyUrl } from "./proxy_url.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Reads until the peer closes. */
function* readAll(connection: Connection): Generator<Effect, string> {
  const buffer = new Uint8Array(1024);
  let text = "";
  for (
    let count = yield* connection.read(buffer);
    count !== null;
    count = yield* connection.read(buffer)
  ) {
    text += decoder.decode(buffer.subarray(0, count));
  }
  return text;
}

/** Connects, sends `text`, and reads the reply to its end. */
function* roundTrip(options: ConnectOptions, text: string) {
  const { connection, timings } = yield* connect(options);
  try {
    yield* connection.write(encoder.encode(text));
    return { reply: yield* readAll(connection), secure: connection.secure, timings };
  } finally {
    connection.close();
  }
}

async function rejectsWithCode(run: () => Promise<unknown>, code: string): Promise<NetError> {
  const error = await assertRejects(run, NetError);
  assertEquals(error.code, code, error.message);
  return error;
}

Deno.test("connect() opens a plain TCP connection that reads and writes", async () => {
  await using server = startScriptedServer({ routes: { "/": [write("pong"), close()] } });
  const result = await runOperation(
    roundTrip({ hostname: "127.0.0.1", port: server.port }, "GET / HTTP/1.1\r\n\r\n"),
  );
  assertEquals(result.reply, "pong");
  assertEquals(result.secure, false);
  assertEquals(result.timings.tlsMs, 0);
  assertEquals(server.requests[0].path, "/");
});

Deno.test("connect() fails with CONNECT_FAILED when nothing listens on the port", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const error = await rejectsWithCode(
    () => runOperation(connect({ hostname: "127.0.0.1", port })),
    "CONNECT_FAILED",
  );
  assertEquals(error.address, `127.0.0.1:${port}`);
  assert(error.cause !== undefined);
});

Deno.test("connect() fails with TIMEOUT_CONNECT when the TCP handshake never completes", async () => {
  using backlog = await fillBacklog();
  await rejectsWithCode(
    () =>
      runOperation(connect({ hostname: "127.0.0.1", port: backlog.port, connectTimeoutMs: 50 })),
    "TIMEOUT_CONNECT",
  );
});

Deno.test("cancelling connect() while the TCP handshake hangs abandons the connect", async () => {
  using backlog = await fillBacklog();
  const log: string[] = [];
  const result = await runOperation(moveOnAfter(
    50,
    function* () {
      try {
        return yield* connect({ hostname: "127.0.0.1", port: backlog.port });
      } finally {
        log.push("finally");
      }
    }(),
  ));
  assertEquals(result, undefined);
  assertEquals(log, ["finally"]);
  // The op sanitizer fails this test if the Deno.connect call were still pending.
});

Deno.test("connect() verifies a TLS chain against caCerts", async () => {
  await using server = startScriptedServer({
    tls: true,
    routes: { "/": [write("secure"), close()] },
  });
  const result = await runOperation(roundTrip(
    { hostname: "127.0.0.1", port: server.port, tls: { caCerts: [testCaCert()] } },
    "GET / HTTP/1.1\r\n\r\n",
  ));
  assertEquals(result.reply, "secure");
  assertEquals(result.secure, true);
});

Deno.test("connect() refuses a TLS server whose chain leads to an untrusted CA", async () => {
  await using server = startScriptedServer({ tls: true });
  await rejectsWithCode(
    () =>
      runOperation(connect({
        hostname: "127.0.0.1",
        port: server.port,
        tls: { caCerts: [otherCaCert()] },
      })),
    "TLS_FAILED",
  );
  assertEquals(server.requests, []);
});

// Closing a Deno.TlsConn while its handshake is pending does not release the TCP socket underneath
// (Deno 2.9): the server sees no close until it closes its own side, so these tests cannot await
// server.clientClosed(). The resource sanitizer still checks that the TLS resource was closed.
Deno.test("connect() fails with TIMEOUT_TLS when the server never answers the ClientHello", async () => {
  await using server = startScriptedServer({ onConnection: () => [stall()] });
  await rejectsWithCode(
    () =>
      runOperation(connect({
        hostname: "127.0.0.1",
        port: server.port,
        tls: { caCerts: [testCaCert()] },
        tlsTimeoutMs: 50,
      })),
    "TIMEOUT_TLS",
  );
});

Deno.test("cancelling connect() during the TLS handshake closes the connection and runs finally", async () => {
  await using server = startScriptedServer({ onConnection: () => [stall()] });
  const log: string[] = [];
  const result = await runOperation(moveOnAfter(
    50,
    function* () {
      try {
        return yield* connect({
          hostname: "127.0.0.1",
          port: server.port,
          tls: { caCerts: [testCaCert()] },
        });
      } finally {
        log.push("finally");
      }
    }(),
  ));
  assertEquals(result, undefined);
  assertEquals(log, ["finally"]);
});

Deno.test({
  name:
    "connect() fails with NOT_PERMITTED when --allow-net does not cover the host, naming the flag",
  permissions: { net: ["127.0.0.1:1"] },
  async fn() {
    const { connect } = await import("./connect.ts");
    const { runOperation } = await import("../loop/mod.ts");
    const { NetError } = await import("./errors.ts");
    const error = await runOperation(function* () {
      try {
        yield* connect({ hostname: "127.0.0.1", port: 2 });
      } catch (caught) {
        return caught;
      }
      return undefined;
    }());
    if (!(error instanceof NetError)) throw new Error(`expected a NetError, got ${error}`);
    if (error.code !== "NOT_PERMITTED") {
      throw new Error(`expected NOT_PERMITTED, got ${error.code}`);
    }
    const said = "Cannot connect to 127.0.0.1:2: Deno's permissions do not allow it: run again " +
      "with --allow-net=127.0.0.1:2 (or --allow-net)";
    if (error.message !== said) throw new Error(`expected "${said}", got "${error.message}"`);
  },
});

Deno.test({
  name: "connect() through a proxy --allow-net does not cover names the proxy's flag",
  permissions: { net: ["127.0.0.1:1"] },
  async fn() {
    const { connect } = await import("./connect.ts");
    const { runOperation } = await import("../loop/mod.ts");
    const { parseProxyUrl } = await import("./proxy_url.ts");
    const error = await runOperation(function* () {
      try {
        yield* connect({
          hostname: "127.0.0.1",
          port: 1,
          proxy: parseProxyUrl("http://127.0.0.1:3", "the proxy setting"),
        });
      } catch (caught) {
        return caught;
      }
      return undefined;
    }());
    if (!(error instanceof NetError)) throw new Error(`expected a NetError, got ${error}`);
    assertEquals(error.code, "NOT_PERMITTED");
    assertEquals(
      error.message,
      "Cannot connect to proxy http://127.0.0.1:3 (for 127.0.0.1:1): Deno's permissions do not " +
        "allow it: run again with --allow-net=127.0.0.1:3 (or --allow-net)",
    );
  },
});

Deno.test("connect() the system refuses (a firewall rule, IPAddressDeny=) says so in the system's words, naming no Deno flag", async () => {
  const real = Deno.connect;
  // EPERM from connect(2), as an OUTPUT rule that drops the address gives: Deno's PermissionDenied.
  (Deno as { connect: unknown }).connect = () =>
    Promise.reject(new Deno.errors.PermissionDenied("Operation not permitted (os error 1)"));
  try {
    const error = await rejectsWithCode(
      () => runOperation(connect({ hostname: "127.0.0.1", port: 2 })),
      "NOT_PERMITTED",
    );
    assertEquals(
      error.message,
      "Cannot connect to 127.0.0.1:2: the system refused it (Operation not permitted (os error 1))",
    );
  } finally {
    (Deno as { connect: unknown }).connect = real;
  }
});

/** A port nothing listens on at `hostname` (bound, then released). */
function closedPort(hostname: string): number {
  const listener = Deno.listen({ hostname, port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test("connect() names an IPv6 target in brackets, so its port reads apart from the address", async (t) => {
  await t.step("a refused connect: [::1]:port, not ::1:port", async () => {
    const port = closedPort("::1");
    const error = await rejectsWithCode(
      () => runOperation(connect({ hostname: "::1", port })),
      "CONNECT_FAILED",
    );
    assertEquals(error.address, `[::1]:${port}`);
    assert(error.message.startsWith(`Cannot connect to [::1]:${port}: `), error.message);
  });

  await t.step("a certificate that does not cover the address", async () => {
    // The test certificate names localhost and 127.0.0.1, not ::1.
    const listener = Deno.listenTls({
      hostname: "::1",
      port: 0,
      cert: Deno.readTextFileSync(new URL("../../tests/fixtures/tls/server.pem", import.meta.url)),
      key: Deno.readTextFileSync(
        new URL("../../tests/fixtures/tls/server-key.pem", import.meta.url),
      ),
    });
    const port = (listener.addr as Deno.NetAddr).port;
    const accepted = listener.accept().then(async (conn) => {
      await conn.handshake().catch(() => {});
      conn.close();
    });
    try {
      const error = await rejectsWithCode(
        () => runOperation(connect({ hostname: "::1", port, tls: { caCerts: [testCaCert()] } })),
        "TLS_FAILED",
      );
      assert(
        error.message.startsWith(`Cannot finish the TLS handshake with [::1]:${port}: `),
        error.message,
      );
    } finally {
      await accepted;
      listener.close();
    }
  });

  await t.step("through a proxy that cannot be reached", async () => {
    const proxyPort = closedPort("127.0.0.1");
    const proxy = parseProxyUrl(`http://127.0.0.1:${proxyPort}`, "proxy");
    const error = await assertRejects(
      () => runOperation(connect({ hostname: "::1", port: 443, tls: {}, proxy })),
      ProxyError,
    );
    assertEquals(error.target, "[::1]:443");
    assert(error.message.includes("(for [::1]:443)"), error.message);
  });
});

Deno.test("connect() reaches a name under localhost (app.localhost, localhost.) at localhost, as RFC 6761 and curl do", async () => {
  // The system resolver has no answer for these: it would look them up in the DNS.
  await using server = startScriptedServer({ routes: { "/": [write("pong"), close()] } });
  for (const hostname of ["app.localhost", "a.b.localhost", "localhost."]) {
    const result = await runOperation(
      roundTrip({ hostname, port: server.port }, "GET / HTTP/1.1\r\n\r\n"),
    );
    assertEquals(result.reply, "pong", hostname);
  }
  // A name that only ends in "localhost" is looked up as it is.
  await rejectsWithCode(
    () => runOperation(connect({ hostname: "notlocalhost.invalid", port: server.port })),
    "HOST_NOT_FOUND",
  );
});

Deno.test({
  name: "connect() to a name under localhost --allow-net does not cover names localhost's flag",
  permissions: { net: ["127.0.0.1:1"] },
  async fn() {
    const { connect } = await import("./connect.ts");
    const { runOperation } = await import("../loop/mod.ts");
    const error = await runOperation(function* () {
      try {
        yield* connect({ hostname: "app.localhost", port: 2 });
      } catch (caught) {
        return caught;
      }
      return undefined;
    }());
    if (!(error instanceof NetError)) throw new Error(`expected a NetError, got ${error}`);
    assertEquals(error.code, "NOT_PERMITTED");
    assertEquals(
      error.message,
      "Cannot connect to app.localhost:2: Deno's permissions do not allow it: run again with " +
        "--allow-net=localhost:2 (or --allow-net)",
    );
  },
});
