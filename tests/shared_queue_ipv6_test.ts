/**
 * A database URL whose host is an IPv6 address (`postgres://corun@[::1]:PORT/…`) connects there:
 * the PostgreSQL client split the server at each `:` and looked up the host `[`. The test cluster
 * listens on 127.0.0.1; a relay the test starts on `[::1]` passes each connection on to it.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

/** Whether this machine has an IPv6 loopback address to listen on. */
function hasIpv6Loopback(): boolean {
  try {
    Deno.listen({ hostname: "::1", port: 0 }).close();
    return true;
  } catch {
    return false;
  }
}

/** A listener on `[::1]` that relays each connection to 127.0.0.1:`port`, and counts them. */
function startRelay(port: number) {
  const listener = Deno.listen({ hostname: "::1", port: 0 });
  const relays: Promise<void>[] = [];
  let connections = 0;
  const relay = async (conn: Deno.Conn) => {
    connections++;
    const upstream = await Deno.connect({ hostname: "127.0.0.1", port });
    await Promise.all([
      conn.readable.pipeTo(upstream.writable).catch(() => {}),
      upstream.readable.pipeTo(conn.writable).catch(() => {}),
    ]);
    for (const end of [conn, upstream]) {
      try {
        end.close();
      } catch {
        // Closed by its stream's end already.
      }
    }
  };
  const accepting = (async () => {
    for await (const conn of listener) relays.push(relay(conn));
  })();
  return {
    port: (listener.addr as Deno.NetAddr).port,
    connections: () => connections,
    async close() {
      listener.close();
      await accepting;
      await Promise.all(relays);
    },
  };
}

pgTest("a database at an IPv6 address", async (cluster, t) => {
  await t.step({
    name: "is connected to, as postgres://user@[::1]:PORT/dbname",
    ignore: !hasIpv6Loopback(),
    fn: async () => {
      const relay = startRelay(cluster.port);
      try {
        const url = `postgres://corun@[::1]:${relay.port}/corun_test`;
        const ran = await runDeno(
          ["run", "--allow-read", "--allow-net", "--allow-env", MOD, "db", "migrate", "--db", url],
          { env: { NO_COLOR: "1" } },
        );
        assertEquals(ran.code, 0, ran.stderr);
        assertStringIncludes(ran.stdout, `@[::1]:${relay.port}/corun_test" to version`);
        assertEquals(relay.connections() > 0, true, "it connected through [::1]");
      } finally {
        await relay.close();
      }
    },
  });
});
