import {
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import {
  otherCaCert,
  startScriptedServer,
  testCaCert,
} from "../../tests/fixtures/scripted_server.ts";
import { runOperation } from "../loop/mod.ts";
import { connect } from "./connect.ts";
import { NetError } from "./errors.ts";

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
  assertStringIncludes(error.message, "give that CA's certificate as caFile");
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
  assertEquals(server.requests, []);
});
