import {
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import {
  close,
  otherCaCert,
  startScriptedServer,
  testCaCert,
  write,
} from "../../tests/fixtures/scripted_server.ts";
import { runOperation } from "../loop/mod.ts";
import { connect } from "./connect.ts";
import { NetError } from "./errors.ts";
import { explainTlsFailure, isTlsRefusal } from "./tls_failure.ts";

const fixture = (name: string) =>
  Deno.readTextFileSync(new URL(`../../tests/fixtures/tls/${name}`, import.meta.url));

Deno.test("a certificate no trusted CA signed fails saying to give that CA as caFile", async () => {
  await using server = startScriptedServer({ tls: true });
  const error = await assertRejects(
    () =>
      runOperation(connect({
        hostname: "127.0.0.1",
        port: server.port,
        tls: { caCerts: [otherCaCert()] },
      })),
    NetError,
  );
  assertEquals(error.code, "TLS_FAILED");
  assertStringIncludes(error.message, "UnknownIssuer (no authority trusted here signed");
  assertStringIncludes(error.message, "name that CA's certificate in the fetch's caFile");
  // Deno trusts its own copy of Mozilla's roots, not the system's store (as curl does): a CA
  // installed there is trusted only when DENO_TLS_CA_STORE says so.
  assertStringIncludes(
    error.message,
    "a CA installed in the system's store is trusted only with DENO_TLS_CA_STORE=mozilla,system",
  );
});

Deno.test("a self-signed CA certificate served as the server's fails saying why caFile cannot help", async () => {
  const listener = Deno.listenTls({
    hostname: "127.0.0.1",
    port: 0,
    cert: fixture("self-signed.pem"),
    key: fixture("self-signed-key.pem"),
  });
  const served = (async () => {
    const conn = await listener.accept();
    await conn.handshake().catch(() => {}); // the client refuses the certificate
    conn.close();
  })();
  try {
    const error = await assertRejects(
      () =>
        runOperation(connect({
          hostname: "127.0.0.1",
          port: (listener.addr as Deno.NetAddr).port,
          tls: { caCerts: [fixture("self-signed.pem")] },
        })),
      NetError,
    );
    assertEquals(error.code, "TLS_FAILED");
    assertStringIncludes(error.message, "CaUsedAsEndEntity)) (the server's certificate is a CA");
    assertStringIncludes(error.message, "a self-signed one with basicConstraints=CA:FALSE");
  } finally {
    await served;
    listener.close();
  }
});

Deno.test("a server that sends its certificate without the intermediate fails naming that cause, its root trusted", async (t) => {
  // Its CA's root is the caFile, as the message's first advice asks: what is missing is the
  // intermediate, which only the server can send.
  for (
    const [name, cert, connects] of [
      ["its certificate alone", fixture("behind-intermediate.pem"), false],
      [
        "with the intermediate",
        fixture("behind-intermediate.pem") + fixture("intermediate.pem"),
        true,
      ],
    ] as const
  ) {
    await t.step(name, async () => {
      const listener = Deno.listenTls({
        hostname: "127.0.0.1",
        port: 0,
        cert,
        key: fixture("behind-intermediate-key.pem"),
      });
      const served = (async () => {
        const conn = await listener.accept();
        await conn.handshake().catch(() => {}); // the client may refuse the chain
        conn.close();
      })();
      try {
        const connecting = runOperation(connect({
          hostname: "127.0.0.1",
          port: (listener.addr as Deno.NetAddr).port,
          tls: { caCerts: [testCaCert()] },
        }));
        if (connects) (await connecting).connection.close();
        else {
          const error = await assertRejects(() => connecting, NetError);
          assertStringIncludes(error.message, "UnknownIssuer (no authority trusted here signed");
          assertStringIncludes(
            error.message,
            "or the server sends its certificate without the intermediate ones",
          );
        }
      } finally {
        await served;
        listener.close();
      }
    });
  }
});

Deno.test("an expired certificate fails saying so, its CA trusted (caFile adds trust, it checks no less)", async () => {
  await using server = startScriptedServer({ tls: "expired" });
  const error = await assertRejects(
    () =>
      runOperation(connect({
        hostname: "127.0.0.1",
        port: server.port,
        tls: { caCerts: [testCaCert()] },
      })),
    NetError,
  );
  assertEquals(error.code, "TLS_FAILED");
  assertStringIncludes(error.message, "invalid peer certificate: certificate expired");
  // rustls gives the dates as UNIX seconds: they are shown as dates, the machine's clock beside.
  assertStringIncludes(
    error.message,
    "(it was valid until 2001-01-01T00:00:00Z; this machine's clock says 20",
  );
  assertEquals(server.requests, []);
});

Deno.test("a certificate not valid yet fails with its first date, and the clock is named as a cause", () => {
  const reason = "invalid peer certificate: certificate not valid yet: verification time " +
    "1796684819 (UNIX), but certificate is not valid before 2208988800 (412303981 seconds in future)";
  assertEquals(
    explainTlsFailure(reason),
    `${reason} (it is valid from 2040-01-01T00:00:00Z; this machine's clock says ` +
      "2026-12-07T23:06:59Z: a clock set wrong makes certificates look so)",
  );
});

Deno.test("a DENO_CERT naming a file that cannot be read fails saying it is DENO_CERT's", () => {
  // Deno's words, which name neither the variable nor the file, on every https connection.
  assertEquals(
    explainTlsFailure("Failed opening CA file: No such file or directory (os error 2)"),
    "Failed opening CA file: No such file or directory (os error 2) (the CA file the DENO_CERT " +
      "variable (or deno's --cert) names cannot be read: fix or unset it)",
  );
});

Deno.test("a server on a TLS version older than 1.2 fails saying so, not only naming the alert", () => {
  // What `openssl s_server -tls1_1` answers rustls's ClientHello with.
  assertEquals(
    explainTlsFailure("received fatal alert: ProtocolVersion"),
    "received fatal alert: ProtocolVersion (the server speaks no TLS version Deno's TLS does: it " +
      "offers TLS 1.2 and 1.3 only, and the server wants an older one)",
  );
});

Deno.test("an https URL whose server answers in plain HTTP fails saying the server does not speak TLS", async () => {
  // A plain-http server answers the ClientHello with a 400, as nginx and Python's http.server do.
  await using server = startScriptedServer({
    onConnection: () => [write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"), close()],
  });
  const error = await assertRejects(
    () =>
      runOperation(connect({
        hostname: "127.0.0.1",
        port: server.port,
        tls: { caCerts: [testCaCert()] },
      })),
    NetError,
  );
  assertEquals(error.code, "TLS_FAILED");
  assertStringIncludes(
    error.message,
    "InvalidContentType (the server did not answer in TLS, as a plain-http server does: check " +
      "the URL's port and scheme; an http:// URL sends the request unencrypted)",
  );
});

Deno.test("isTlsRefusal() tells a server refusing the session from a connection broken on its way", () => {
  // Final: what the server wants of the client.
  assertEquals(isTlsRefusal("peer closed: received fatal alert: CertificateRequired"), true);
  assertEquals(isTlsRefusal("received fatal alert: HandshakeFailure"), true);
  // Retryable as a reset is: bytes damaged or misread mid-stream.
  assertEquals(isTlsRefusal("received fatal alert: BadRecordMac"), false);
  assertEquals(isTlsRefusal("received fatal alert: DecodeError"), false);
  assertEquals(isTlsRefusal("Connection reset by peer (os error 104)"), false);
});
