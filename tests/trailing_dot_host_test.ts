/**
 * A host name with a trailing dot (`https://example.com./`, a fully qualified name) goes as curl
 * sends it: the dot stays in the request target of a proxy, in `CONNECT` and in `Host`; the TLS
 * server name (SNI, which RFC 6066 writes without it) and the certificate check go without it. Such
 * a name resolves nowhere here (`localhost.` is not in /etc/hosts), so a proxy that reaches every
 * name at 127.0.0.1 stands in for the resolver.
 */
import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { NetError } from "../lib/net/mod.ts";
import { fetchOnce } from "./fixtures/http_harness.ts";
import { readUntil } from "./fixtures/raw_conn.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { testCaCert } from "./fixtures/scripted_server.ts";
import { TunnelProxy } from "./fixtures/tunnel_proxy.ts";

const TLS = { caCerts: [testCaCert()] };

Deno.test("a trailing dot stays in CONNECT and Host, and the certificate is checked for the name without it", async () => {
  await using target = startRouteServer({ "/": { body: "ok" } }, { tls: true }); // localhost
  await using proxy = new TunnelProxy();
  const fetched = await fetchOnce(`https://localhost.:${target.port}/`, {
    ...TLS,
    proxy: proxy.url(),
  });
  assertEquals([fetched.response.status, fetched.text], [200, "ok"]);
  assert(proxy.heads[0].startsWith(`CONNECT localhost.:${target.port} `), proxy.heads[0]);
  assertEquals(target.requests[0].headers.get("host"), `localhost.:${target.port}`);
});

Deno.test("a certificate for another name is refused with the dot as without it", async () => {
  await using target = startRouteServer({ "/": { body: "ok" } }, { tls: "wrong-name" }); // other.test
  await using proxy = new TunnelProxy();
  const options = { ...TLS, proxy: proxy.url() };
  const error = await assertRejects(() => fetchOnce(`https://localhost.:${target.port}/`, options));
  assert(error instanceof NetError && error.code === "TLS_FAILED", String(error));
  const fetched = await fetchOnce(`https://other.test.:${target.port}/`, options);
  assertEquals(fetched.text, "ok");
  assertEquals(target.requests[0].headers.get("host"), `other.test.:${target.port}`);
});

Deno.test("a plain-http request through a proxy keeps the dot in its target and its Host", async () => {
  await using target = startRouteServer({ "/a": { body: "ok" } });
  await using proxy = new TunnelProxy();
  const url = `http://localhost.:${target.port}/a`;
  assertEquals((await fetchOnce(url, { proxy: proxy.url() })).text, "ok");
  assert(proxy.heads[0].startsWith(`GET ${url} HTTP/1.1\r\n`), proxy.heads[0]);
  assertEquals(target.requests[0].headers.get("host"), `localhost.:${target.port}`);
});

Deno.test("the TLS server name (SNI) goes without the trailing dot", async () => {
  await using proxy = new TunnelProxy();
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const asked = (async () => {
    const conn = await listener.accept();
    try {
      return serverNameOf(await readRecord(conn));
    } finally {
      conn.close();
    }
  })();
  try {
    // The server closes after the ClientHello: the fetch fails, and only what it asked for counts.
    await assertRejects(() =>
      fetchOnce(`https://localhost.:${port}/`, { ...TLS, proxy: proxy.url() })
    );
    assertEquals(await asked, "localhost");
  } finally {
    listener.close();
  }
});

/** The first TLS record a client sends: its ClientHello. */
async function readRecord(conn: Deno.Conn): Promise<Uint8Array> {
  const bytes = await readUntil(
    conn,
    (bytes) => bytes.length >= 5 && bytes.length >= 5 + ((bytes[3] << 8) | bytes[4]),
  );
  if (bytes === null) throw new Error("closed before a whole TLS record");
  return bytes;
}

/** The host name of a ClientHello's server_name extension (RFC 6066 §3), if it has one. */
function serverNameOf(record: Uint8Array): string | undefined {
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  let at = 5 + 4 + 2 + 32; // record header, handshake header, version, random
  at += 1 + record[at]; // session id
  at += 2 + view.getUint16(at); // cipher suites
  at += 1 + record[at]; // compression methods
  const end = at + 2 + view.getUint16(at);
  for (at += 2; at < end; at += 4 + view.getUint16(at + 2)) {
    if (view.getUint16(at) !== 0) continue;
    // The list's length (2), the name's type (1, host_name), the name's length (2), the name.
    const length = view.getUint16(at + 7);
    return new TextDecoder().decode(record.subarray(at + 9, at + 9 + length));
  }
  return undefined;
}
