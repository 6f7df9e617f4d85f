/**
 * A database address that takes connections and never answers (a frozen proxy, a hung network
 * path) is said as such, with the wait and its knob: it was the client's code, `write
 * CONNECT_TIMEOUT 127.0.0.1:PORT` (nothing was being written, and the wait went unnamed).
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { QUEUE_CLI_ARGS, runDeno } from "./fixtures/run_deno.ts";

Deno.test("a database that takes connections and never answers is named, with its connect_timeout", async () => {
  // Takes each connection, and says nothing on it until the test ends.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of listener) held.push(conn);
  })().catch(() => {});
  const address = `127.0.0.1:${listener.addr.port}`;
  try {
    const url = `postgres://corun@${address}/corun?connect_timeout=1`;
    const ran = await runDeno([...QUEUE_CLI_ARGS, "status", "--queue", "q", "--db", url], {
      env: { NO_COLOR: "1", CORUN_DATABASE_URL: "" },
    });
    assertEquals([ran.code, ran.stderr], [
      1,
      `Cannot use database "postgres://***@${address}/corun?connect_timeout=1": no answer from ${address} within 1 s (the URL's ` +
      "connect_timeout)\n",
    ]);
  } finally {
    listener.close();
    await accepting;
    for (const conn of held) conn.close();
  }
});
