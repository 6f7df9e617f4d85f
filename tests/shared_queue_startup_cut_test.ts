/**
 * A database connection cut at its first statement, as an administrator's `pg_terminate_backend`
 * or a failover does to a connection still starting up, neither ends the process nor leaves the
 * client unable to send arrays: the statement fails with a connection error, which corun retries,
 * and the retry works. The PostgreSQL client's own first statement (the catalog's array types,
 * porsager/postgres#1192, #1223) used to fail there as an unhandled rejection, which killed a
 * worker, and its next connection sent `{1,2,3}` as `1,2,3`.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { isTransientError } from "../lib/frontier/pg/transient_error.ts";
import { postgresClient, textArrayLiteral } from "../lib/frontier/pg/store.ts";
import { pgTest } from "./fixtures/postgres_cluster.ts";

/** What PostgreSQL sends a backend's client as `pg_terminate_backend` stops it. */
function terminationMessage(): Uint8Array {
  const fields = "SFATAL\0VFATAL\0C57P01\0Mterminating connection due to administrator command\0\0";
  const body = new TextEncoder().encode(fields);
  const message = new Uint8Array(5 + body.length);
  message[0] = "E".charCodeAt(0);
  new DataView(message.buffer).setInt32(1, 4 + body.length);
  message.set(body, 5);
  return message;
}

/**
 * A TCP proxy to the cluster that cuts the first connection at the first statement its client
 * sends (the bytes after the startup message): it answers as a terminated backend does, the error
 * then the connection closed, and passes every later connection through.
 */
function startCuttingProxy(port: number) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const state = { connections: 0, cuts: 0 };
  const pipes: Promise<void>[] = [];
  const open = new Set<Deno.Conn>();
  const close = (conn: Deno.Conn) => {
    if (open.delete(conn)) conn.close();
  };
  const pipe = async (from: Deno.Conn, to: Deno.Conn, cutAfter?: number) => {
    const buffer = new Uint8Array(64 * 1024);
    let passed = 0;
    try {
      for (;;) {
        const n = await from.read(buffer);
        if (n === null) break;
        if (cutAfter !== undefined && passed + n > cutAfter) {
          await to.write(buffer.subarray(0, cutAfter - passed));
          state.cuts++;
          await from.write(terminationMessage());
          break;
        }
        passed += n;
        await to.write(buffer.subarray(0, n));
      }
    } catch {
      // The other direction closed the pair.
    } finally {
      close(from);
      close(to);
    }
  };
  const accepting = (async () => {
    for await (const client of listener) {
      const server = await Deno.connect({ hostname: "127.0.0.1", port });
      open.add(client).add(server);
      // The startup message is the client's first, its length its first four bytes.
      const first = ++state.connections === 1;
      const startup = first ? await readStartupLength(client, server) : undefined;
      pipes.push(pipe(client, server, startup), pipe(server, client));
    }
  })();
  return {
    url: `postgres://corun@127.0.0.1:${(listener.addr as Deno.NetAddr).port}/corun_test`,
    state,
    async close() {
      listener.close();
      await accepting;
      for (const conn of [...open]) close(conn);
      await Promise.all(pipes);
    },
  };
}

/** Reads the startup message's length and passes those four bytes on; the rest it leaves. */
async function readStartupLength(client: Deno.Conn, server: Deno.Conn): Promise<number> {
  const head = new Uint8Array(4);
  for (let got = 0; got < 4;) {
    const n = await client.read(head.subarray(got));
    if (n === null) throw new Error("the client closed before its startup message");
    got += n;
  }
  await server.write(head);
  return new DataView(head.buffer).getInt32(0) - 4;
}

pgTest(
  "a connection cut at its first statement is retried, and arrays work after",
  async (cluster) => {
    const proxy = startCuttingProxy(cluster.port);
    const sql = postgresClient(proxy.url, { max: 1 });
    try {
      const errors: unknown[] = [];
      let row: { ids: string; lines: string } | undefined;
      const lines = ['{"a":"b,c"}', 'say "hi" \\ {NULL}', "NULL"];
      for (let attempt = 0; attempt < 5 && row === undefined; attempt++) {
        try {
          [row] = await sql<{ ids: string; lines: string }[]>`
          SELECT ${[1, 2, 3]}::bigint[]::text AS ids, to_json(${lines}::text[])::text AS lines`;
        } catch (error) {
          if (!isTransientError(error)) throw error;
          errors.push(error);
        }
      }
      assertEquals(proxy.state.cuts, 1, "the proxy cut the first connection");
      assert(errors.length >= 1, "the statement the cut connection carried failed");
      assertEquals(row?.ids, "{1,2,3}");
      assertEquals(JSON.parse(row?.lines ?? "null"), lines);
    } finally {
      await sql.end({ timeout: 1 });
      await proxy.close();
    }
  },
);

Deno.test("a text array literal keeps commas, braces, quotes, backslashes and NULL as text", () => {
  assertEquals(textArrayLiteral([]), "{}");
  assertEquals(textArrayLiteral(["a,b", "{c}", "NULL"]), '{"a,b","{c}","NULL"}');
  assertEquals(textArrayLiteral(['say "hi"', "a\\b"]), '{"say \\"hi\\"","a\\\\b"}');
});
