/**
 * A timeout longer than `setTimeout` keeps (2^31 - 1 ms, 24.8 days; a longer delay fires after
 * 1 ms) is waited out in full: `timeout: { tls: 30d, total: 30d }` is a long limit, not none.
 * Before, such a connect or TLS handshake failed at once (`TIMEOUT_CONNECT`, `TIMEOUT_TLS`), and a
 * wait for a connection held by unread responses ended at once too.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";

const fixture = (name: string) => new URL(`./fixtures/tls/${name}`, import.meta.url);

Deno.test("a connect and TLS handshake under timeouts of 30 days are not cut off at once", async () => {
  const listener = Deno.listenTls({
    hostname: "127.0.0.1",
    port: 0,
    cert: Deno.readTextFileSync(fixture("server.pem")),
    key: Deno.readTextFileSync(fixture("server-key.pem")),
  });
  const served = (async () => {
    const conn = await listener.accept();
    try {
      // The handshake starts a moment after the connect: long past a 1 ms timer.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await conn.handshake();
      const buffer = new Uint8Array(4096);
      await conn.read(buffer);
      const answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
      await conn.write(new TextEncoder().encode(answer));
    } finally {
      conn.close();
    }
  })();
  const outDir = await Deno.makeTempDir({ prefix: "corun-long-timeout-" });
  try {
    const { port } = listener.addr as Deno.NetAddr;
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        defaults: {
          retries: 0,
          caFile: decodeURIComponent(fixture("ca.pem").pathname),
          timeout: { connect: "30d", tls: "30d", headers: "30d", idle: "30d", total: "30d" },
        },
        tasks: [fetchTask("slow-tls", `https://127.0.0.1:${port}/`, { save: "page.txt" })],
      }),
      { state: false },
    );
    const [task] = report.tasks;
    assertEquals([task.outcome, task.error?.message], ["done", undefined]);
    assertEquals(await Deno.readTextFile(`${outDir}/page.txt`), "ok");
  } finally {
    listener.close(); // ends an accept still waiting (a client that gave up before it connected)
    await served.catch(() => {});
    await Deno.remove(outDir, { recursive: true });
  }
});
