/**
 * A pool that lives for months (a `corun worker` is one run) keeps nothing for the origins it met
 * once: idle connections unused for `maxIdleMs` are closed, and an origin left with nothing is
 * forgotten. Without this, every origin ever fetched kept its state and an idle socket (with its
 * 256 KiB read buffer) for the life of the process. The pool's clock is the test's.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { runOperation } from "../loop/mod.ts";
import { ConnectionPool } from "./pool.ts";
import { loopbackOrigin } from "../../tests/fixtures/origin_settings.ts";

/** Loopback listeners, each its own origin, holding every connection they accept until closed. */
function listeners(count: number) {
  const all = Array.from({ length: count }, () => {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const accepted: Deno.Conn[] = [];
    const accepting = (async () => {
      for await (const conn of listener) accepted.push(conn);
    })();
    return { listener, accepted, accepting };
  });
  return {
    ports: all.map(({ listener }) => (listener.addr as Deno.NetAddr).port),
    async [Symbol.asyncDispose]() {
      for (const { listener, accepted, accepting } of all) {
        listener.close();
        await accepting;
        for (const conn of accepted) conn.close();
      }
    },
  };
}

Deno.test("an idle connection unused for maxIdleMs is closed, and its origin forgotten", async () => {
  await using servers = listeners(3);
  let nowMs = 0;
  const pool = new ConnectionPool({ maxIdleMs: 1_000, now: () => nowMs });
  try {
    const first = await Promise.all(
      servers.ports.map((port) => runOperation(pool.acquire(loopbackOrigin(port)))),
    );
    for (const pooled of first) pool.release(pooled, true);
    assertEquals(pool.originCount, 3, "kept idle for the next request");
    nowMs = 400;
    const again = await runOperation(pool.acquire(loopbackOrigin(servers.ports[0])));
    assertEquals(again, first[0], "reused within maxIdleMs");
    nowMs = 1_200;
    pool.release(again, true); // idle since 1,200; the other two since 0
    assertEquals(first.map((pooled) => pooled.connection.closed), [false, true, true]);
    assertEquals(pool.originCount, 1, "only the origin with a connection left");
  } finally {
    pool.close();
  }
});

Deno.test("an origin whose connection was not kept is forgotten", async () => {
  await using servers = listeners(2);
  let nowMs = 0;
  const pool = new ConnectionPool({ maxIdleMs: 1_000, now: () => nowMs });
  try {
    const pooled = await runOperation(pool.acquire(loopbackOrigin(servers.ports[0])));
    pool.release(pooled, false); // `Connection: close`, a body not read to its end
    assertEquals(pooled.connection.closed, true);
    nowMs = 1_000;
    const other = await runOperation(pool.acquire(loopbackOrigin(servers.ports[1])));
    assertEquals(pool.originCount, 1, "the first origin holds nothing");
    pool.release(other, true);
  } finally {
    pool.close();
  }
});

Deno.test("an origin whose connect failed is forgotten", async () => {
  await using servers = listeners(1);
  // A port nobody listens on: taken, then freed.
  const gone = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const refusing = (gone.addr as Deno.NetAddr).port;
  gone.close();
  let nowMs = 0;
  const pool = new ConnectionPool({ maxIdleMs: 1_000, now: () => nowMs });
  try {
    const refused = await runOperation(pool.acquire(loopbackOrigin(refusing))).then(
      () => "connected",
      (error) => (error as { code?: string }).code,
    );
    assertEquals(refused, "CONNECT_FAILED");
    nowMs = 1_000;
    const pooled = await runOperation(pool.acquire(loopbackOrigin(servers.ports[0])));
    assertEquals(pool.originCount, 1);
    pool.release(pooled, true);
  } finally {
    pool.close();
  }
});

Deno.test("past maxIdleConnections idle connections over all origins, the one idle longest is closed", async () => {
  await using servers = listeners(4);
  const pool = new ConnectionPool({ maxIdleConnections: 2 });
  try {
    const lent = await Promise.all(
      servers.ports.map((port) => runOperation(pool.acquire(loopbackOrigin(port)))),
    );
    for (const pooled of lent) pool.release(pooled, true);
    // Given back in order: the first two went as the third and the fourth came.
    assertEquals(lent.map((pooled) => pooled.connection.closed), [true, true, false, false]);
    const again = await runOperation(pool.acquire(loopbackOrigin(servers.ports[0])));
    assertEquals(lent.includes(again), false, "a new connection for an origin whose idle one went");
    const kept = await runOperation(pool.acquire(loopbackOrigin(servers.ports[3])));
    assertEquals(kept, lent[3], "an idle one within the cap is lent again");
    pool.release(again, true);
    pool.release(kept, true);
    assertEquals(
      lent[2].connection.closed,
      true,
      "lent again and given back, these two are the newest",
    );
  } finally {
    pool.close();
  }
});

Deno.test("a pool keeps at least one origin's idle connections, whatever maxIdleConnections's default", async () => {
  await using servers = listeners(1);
  const pool = new ConnectionPool({ perOrigin: 300 });
  try {
    const lent = await Promise.all(
      Array.from(
        { length: 300 },
        () => runOperation(pool.acquire(loopbackOrigin(servers.ports[0]))),
      ),
    );
    for (const pooled of lent) pool.release(pooled, true);
    assertEquals(lent.filter((pooled) => pooled.connection.closed).length, 0);
  } finally {
    pool.close();
  }
});
