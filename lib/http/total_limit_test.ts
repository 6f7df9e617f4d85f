// timeouts.totalMs covers opening the connection: no phase runs past it, and no request is sent
// once it has passed (a POST would be acted on after its caller gave up). Nothing here asserts how
// long anything took: the outcome (code, message, what the server got) tells.
import {
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchOnce } from "../../tests/fixtures/http_harness.ts";
import { loopbackOrigin } from "../../tests/fixtures/origin_settings.ts";
import { closeQuietly, readHead, writeAll } from "../../tests/fixtures/raw_conn.ts";
import { encodeResponse } from "../../tests/fixtures/route_server.ts";
import {
  pause,
  startScriptedServer,
  testCaCert,
  write,
} from "../../tests/fixtures/scripted_server.ts";
import { type Effect, runOperation } from "../loop/mod.ts";
import { HttpError } from "./errors.ts";
import { attempt } from "./exchange.ts";
import { ConnectionPool, type OriginSettings, type PooledConnection } from "./pool.ts";
import { prepareRequest } from "./prepare_request.ts";
import { type HttpRequest, resolveRequestOptions } from "./request.ts";

/** A pool whose new connections report that opening them took `openingMs` (a slow proxy, say). */
class SlowOpeningPool extends ConnectionPool {
  readonly #openingMs: number;

  constructor(openingMs: number) {
    super();
    this.#openingMs = openingMs;
  }

  override *acquire(
    settings: OriginSettings,
    fresh?: boolean,
  ): Generator<Effect, PooledConnection> {
    const pooled = yield* super.acquire(settings, fresh);
    if (pooled.uses === 0) pooled.timings = { connectMs: this.#openingMs, tlsMs: 0 };
    return pooled;
  }
}

function* send(pool: ConnectionPool, port: number, request: HttpRequest, totalMs: number) {
  const prepared = prepareRequest(request, { userAgent: "test", decompress: false });
  const options = resolveRequestOptions({ timeouts: { totalMs } });
  const result = yield* attempt(pool, loopbackOrigin(port), prepared, options, false);
  return yield* result.body.text();
}

Deno.test("a POST whose connection took all of timeouts.totalMs to open fails with TIMEOUT_TOTAL and is never sent", async () => {
  await using server = startScriptedServer({
    routes: { "/": [write(encodeResponse({ body: "ok" }))] },
  });
  const pool = new SlowOpeningPool(200);
  try {
    const post: HttpRequest = {
      url: server.url(),
      method: "POST",
      body: { kind: "bytes", bytes: new TextEncoder().encode("order=1") },
    };
    const error = await assertRejects(
      () => runOperation(send(pool, server.port, post, 200)),
      HttpError,
    );
    assertEquals(error.code, "TIMEOUT_TOTAL");
    assertEquals(error.unsent, true); // so it may go again, POST as it is (frontier/retry.ts)
    // Nothing was sent on the connection: it went back to the pool, and the next request uses it.
    const text = await runOperation(send(pool, server.port, { url: server.url() }, 10_000));
    assertEquals(text, "ok");
    assertEquals(server.requests.map((request) => request.method), ["GET"]);
    assertEquals(server.connectionCount, 1);
    assertStringIncludes(
      error.message,
      "opening the connection took all of timeouts.totalMs (200); the request was not sent",
    );
  } finally {
    pool.close();
  }
});

/**
 * A forward proxy that answers `CONNECT` after `answerMs`, then holds back the target's first bytes
 * (its TLS ServerHello) for `helloMs`: each phase of opening the connection is slow, none too slow
 * for its own limit.
 */
function startSlowProxy(targetPort: number, answerMs: number, helloMs: number) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const tunnels: Promise<void>[] = [];
  let closing = false;
  const track = (conn: Deno.Conn) => {
    if (closing) closeQuietly(conn);
    else conns.add(conn);
    return conn;
  };
  const tunnel = async (client: Deno.Conn) => {
    if (await readHead(client) === null) return; // closed before the end of its CONNECT
    await delay(answerMs);
    await writeAll(client, "HTTP/1.1 200 Connection established\r\n\r\n");
    const target = track(await Deno.connect({ hostname: "127.0.0.1", port: targetPort }));
    await Promise.all([pipe(client, target, 0), pipe(target, client, helloMs)]);
  };
  const accepting = (async () => {
    for await (const client of listener) tunnels.push(tunnel(track(client)).catch(() => {}));
  })();
  return {
    url: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    async [Symbol.asyncDispose]() {
      closing = true;
      listener.close();
      for (const conn of conns) closeQuietly(conn);
      await accepting;
      await Promise.allSettled(tunnels);
    },
  };
}

async function pipe(from: Deno.Conn, to: Deno.Conn, holdFirstMs: number): Promise<void> {
  const buffer = new Uint8Array(16 * 1024);
  try {
    for (let count = await from.read(buffer); count !== null; count = await from.read(buffer)) {
      if (holdFirstMs > 0) await delay(holdFirstMs);
      holdFirstMs = 0;
      await writeAll(to, buffer.subarray(0, count));
    }
  } catch {
    // Either side closed.
  }
  closeQuietly(to);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

Deno.test("a TLS handshake gets only what the connect left of timeouts.totalMs, and the request is not sent", async () => {
  await using server = startScriptedServer({
    tls: true,
    respond: () => [write(encodeResponse({ body: "ok" }))],
  });
  // Each phase well within its own limit and below the total, together past it (half a second
  // either way: the old TLS limit, the whole total, would have let the handshake end).
  await using proxy = startSlowProxy(server.port, 1_000, 2_500);
  const error = await assertRejects(() =>
    fetchOnce({ url: server.url(), method: "POST" }, {
      caCerts: [testCaCert()],
      proxy: proxy.url,
      timeouts: { connectMs: 5_000, tlsMs: 5_000, totalMs: 3_000 },
    })
  );
  assertEquals((error as { code?: string }).code, "TIMEOUT_TLS", String(error));
  assertStringIncludes(
    (error as Error).message,
    "no answer before timeouts.totalMs (3000) ran out",
  );
  assertEquals(server.requests, []);
});

Deno.test("timeouts.totalMs covers a redirect's hops together, as curl's --max-time does", async () => {
  // Each hop takes 60% of the limit: alone within it, together past it by a fifth (the rest is room
  // for a loaded machine). Before, each hop had a limit of its own and the fetch succeeded.
  await using server = startScriptedServer({
    routes: {
      "/from": [
        pause(1_200),
        write("HTTP/1.1 302 Found\r\nLocation: /to\r\nContent-Length: 0\r\n\r\n"),
      ],
      "/to": [pause(1_200), write(encodeResponse({ body: "arrived" }))],
    },
  });
  const error = await assertRejects(
    () => fetchOnce(server.url("/from"), { timeouts: { totalMs: 2_000 } }),
    HttpError,
  );
  assertEquals(error.code, "TIMEOUT_TOTAL", String(error));
  assertEquals(server.requests.map((request) => request.path), ["/from", "/to"]);
});

Deno.test("a redirect's later hop gets only what the hops before left of timeouts.totalMs for its TLS handshake", async () => {
  // A TLS server that never answers the handshake.
  const silent = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of silent) held.push(conn);
  })();
  const to = `https://127.0.0.1:${(silent.addr as Deno.NetAddr).port}/`;
  try {
    await using server = startScriptedServer({
      routes: {
        "/from": [
          pause(1_000),
          write(`HTTP/1.1 302 Found\r\nLocation: ${to}\r\nContent-Length: 0\r\n\r\n`),
        ],
      },
    });
    const error = await assertRejects(
      () =>
        fetchOnce(server.url("/from"), {
          caCerts: [testCaCert()],
          timeouts: { tlsMs: 2_500, totalMs: 3_000 },
        }),
      Error,
    );
    assertEquals((error as { code?: string }).code, "TIMEOUT_TLS", String(error));
    // The first hop took a third of the total: what is left, less than tlsMs, cut the handshake
    // (before, the hop had the whole total, and tlsMs (2500) would have).
    assertStringIncludes(error.message, "no answer before timeouts.totalMs (3000) ran out");
    assertStringIncludes(error.message, `Cannot fetch ${to}`);
  } finally {
    silent.close();
    await accepting;
    for (const conn of held) conn.close();
  }
});

Deno.test("a redirect under no total limit (Infinity) is followed", async () => {
  await using server = startScriptedServer({
    routes: {
      "/from": [write("HTTP/1.1 302 Found\r\nLocation: /to\r\nContent-Length: 0\r\n\r\n")],
      "/to": [write(encodeResponse({ body: "arrived" }))],
    },
  });
  const { text } = await fetchOnce(server.url("/from"), { timeouts: { totalMs: Infinity } });
  assertEquals(text, "arrived");
});
