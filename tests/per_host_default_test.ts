/**
 * How many requests go to one origin at once when nothing sets `perHost`: the same for a config and
 * for a library's `new HttpClient()`, and the connect and TLS limits a config gets are the ones a
 * bare connection has. Each default has one owner, so they cannot drift apart.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, HttpClient, run } from "../mod.ts";
import { builtinFetchDefaults, DEFAULT_PER_HOST } from "../lib/config/defaults.ts";
import { runOperation } from "../lib/loop/mod.ts";
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_TLS_TIMEOUT_MS } from "../lib/net/mod.ts";

const REQUESTS = DEFAULT_PER_HOST + 4;

/** A server whose answers take a while, counting the most requests it held at once. */
function startHoldingServer() {
  let now = 0;
  const seen = { peak: 0 };
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async () => {
    seen.peak = Math.max(seen.peak, ++now);
    await new Promise((resolve) => setTimeout(resolve, 150));
    now--;
    return new Response("ok");
  });
  return { server, seen, url: (path: string) => `http://127.0.0.1:${server.addr.port}${path}` };
}

Deno.test("with no perHost, a run and a library's HttpClient send the same number of requests to one origin at once", async () => {
  const config = startHoldingServer();
  const outDir = await Deno.makeTempDir({ prefix: "corun-per-host-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: Array.from({ length: REQUESTS }, (_, i) => ({
          name: `t${i}`,
          fetch: config.url(`/${i}`),
        })),
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((task) => task.outcome), Array(REQUESTS).fill("done"));
  } finally {
    await config.server.shutdown();
    await Deno.remove(outDir, { recursive: true });
  }
  const library = startHoldingServer();
  const client = new HttpClient();
  try {
    await Promise.all(Array.from({ length: REQUESTS }, (_, i) =>
      runOperation(function* () {
        const response = yield* client.request({ url: library.url(`/${i}`) });
        yield* response.body.text();
      }())));
  } finally {
    client.close();
    await library.server.shutdown();
  }
  assertEquals([config.seen.peak, library.seen.peak], [DEFAULT_PER_HOST, DEFAULT_PER_HOST]);
});

Deno.test("a config's default connect and TLS limits are a bare connection's", () => {
  const { connectMs, tlsMs } = builtinFetchDefaults().timeouts;
  assertEquals([connectMs, tlsMs], [DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_TLS_TIMEOUT_MS]);
});
