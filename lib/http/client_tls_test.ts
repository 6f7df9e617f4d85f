import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchBody, fetchOnce, withClient } from "../../tests/fixtures/http_harness.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { otherCaCert, testCaCert } from "../../tests/fixtures/scripted_server.ts";
import { NetError } from "../net/mod.ts";
import type { HttpClient } from "./client.ts";
import { HttpError } from "./errors.ts";

Deno.test("https with the test CA in caCerts verifies the chain and keeps the connection alive", async () => {
  await using server = startRouteServer({ "/": { body: "secure" } }, { tls: true });
  const options = { caCerts: [testCaCert()] };
  const result = await withClient(function* (client: HttpClient) {
    const first = yield* fetchBody(client, server.url(), options);
    const second = yield* fetchBody(client, server.url(), options);
    return [
      first.text,
      second.text,
      first.response.reusedConnection,
      second.response.reusedConnection,
    ];
  });
  assertEquals(result, ["secure", "secure", false, true]);
  assertEquals(server.connectionCount, 1);
  assertEquals(server.requests[0].headers.get("host"), `127.0.0.1:${server.port}`);
});

Deno.test("a body of many TLS records read in bulk arrives whole, and the connection is reused", async () => {
  // Many records, so bulk reads gather several; the next request proves no read went past the body.
  const body = new Uint8Array(600 * 1024).map((_, index) => index % 251);
  await using server = startRouteServer({ "/big": { body } }, { tls: true });
  const options = { caCerts: [testCaCert()] };
  const result = await withClient(function* (client: HttpClient) {
    const first = yield* fetchBody(client, server.url("/big"), options);
    const second = yield* fetchBody(client, server.url("/big"), options);
    return [first.bytes, second.bytes, second.response.reusedConnection];
  });
  assertEquals(result, [body, body, true]);
});

Deno.test("a certificate from an untrusted CA fails with TLS_FAILED on its one connection", async (t) => {
  const cases = { "another CA": [otherCaCert()], "no extra CA": [] as string[] };
  for (const [name, caCerts] of Object.entries(cases)) {
    await t.step(name, async () => {
      await using server = startRouteServer({ "/": { body: "secure" } }, { tls: true });
      const error = await assertRejects(
        () => fetchOnce(server.url(), { caCerts }),
        NetError,
      );
      assertEquals(error.code, "TLS_FAILED");
      assertEquals(server.connectionCount, 1);
      assertEquals(server.requests, []);
    });
  }
});

Deno.test("connections made with different trusted CAs are not shared", async () => {
  await using server = startRouteServer({ "/": { body: "secure" } }, { tls: true });
  const reused = await withClient(function* (client: HttpClient) {
    const first = yield* fetchBody(client, server.url(), { caCerts: [testCaCert()] });
    const second = yield* fetchBody(client, server.url(), {
      caCerts: [testCaCert(), otherCaCert()],
    });
    return [first.response.reusedConnection, second.response.reusedConnection];
  });
  assertEquals(reused, [false, false]);
  assertEquals(server.connectionCount, 2);
});

Deno.test("a request body from a file is streamed whole, over plain TCP and TLS", async (t) => {
  const path = await Deno.makeTempFile({ prefix: "corun-body-" });
  try {
    // Larger than the client's file chunk, with a pattern that shows any reordering.
    const bytes = new Uint8Array(700_000).map((_, i) => (i * 31 + (i >> 8)) & 0xff);
    await Deno.writeFile(path, bytes);
    for (const tls of [false, true]) {
      await t.step(tls ? "TLS" : "plain", async () => {
        await using server = startRouteServer({ "/upload": { status: 201 } }, { tls });
        const { response } = await fetchOnce({
          url: server.url("/upload"),
          method: "PUT",
          body: { kind: "file", path, contentType: "application/octet-stream" },
        }, { caCerts: [testCaCert()] });
        assertEquals(response.status, 201);
        const request = server.requests[0];
        assertEquals(request.headers.get("content-length"), String(bytes.length));
        assertEquals(request.headers.get("content-type"), "application/octet-stream");
        assert(request.body.length === bytes.length, `got ${request.body.length} bytes`);
        assertEquals(request.body, bytes);
      });
    }
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("a file body is sent again after a 307 redirect", async () => {
  const path = await Deno.makeTempFile({ prefix: "corun-body-" });
  try {
    await Deno.writeTextFile(path, "file contents");
    await using server = startRouteServer({
      "/from": { status: 307, headers: { Location: "/to" } },
      "/to": { body: "stored" },
    });
    const { text } = await fetchOnce({
      url: server.url("/from"),
      method: "POST",
      body: { kind: "file", path },
    });
    assertEquals(text, "stored");
    const bodies = server.requests.map((request) => new TextDecoder().decode(request.body));
    assertEquals(bodies, ["file contents", "file contents"]);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("an http URL whose server speaks TLS fails saying so, not only quoting its bytes", async () => {
  // A TLS server answers the plain request with an alert record (0x15 0x03 …), as rustls does.
  await using server = startRouteServer({ "/": { body: "secure" } }, { tls: true });
  const error = await assertRejects(
    () => fetchOnce(server.url().replace("https:", "http:"), {}),
    HttpError,
  );
  assertEquals(error.code, "BAD_STATUS_LINE");
  assertStringIncludes(
    error.message,
    'is not "HTTP/1.x NNN reason" (it is a TLS record: the server wants https on this port)',
  );
});
