/**
 * How many idle keep-alive connections a run keeps over all origins (`maxIdleConnections`): a list
 * that cycles through more origins than that reuses no connection, each request opening a new one.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run } from "../mod.ts";

/**
 * Servers on `count` ports, counting the connections they were asked on: by server and client port
 * (two servers may each see a connection from one client port).
 */
function startServers(count: number) {
  const clientPorts = new Set<string>();
  const servers = Array.from(
    { length: count },
    (_, index) =>
      Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (_request, info) => {
        clientPorts.add(`${index}:${info.remoteAddr.port}`);
        return new Response("ok");
      }),
  );
  return {
    urls: (rounds: number) =>
      Array.from(
        { length: rounds * count },
        (_, i) => `http://127.0.0.1:${servers[i % count].addr.port}/${i}`,
      ),
    connections: () => clientPorts.size,
    async [Symbol.asyncDispose]() {
      await Promise.all(servers.map((server) => server.shutdown()));
    },
  };
}

/** Runs one list task over `urls`, one fetch at a time (so each origin's connection goes idle). */
async function runList(urls: string[], maxIdleConnections?: number) {
  const outDir = await Deno.makeTempDir({ prefix: "corun-idle-connections-" });
  try {
    await Deno.writeTextFile(`${outDir}/urls.txt`, `${urls.join("\n")}\n`);
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        concurrency: 1,
        ...(maxIdleConnections === undefined ? {} : { maxIdleConnections }),
        tasks: [{ name: "list", fetch: { urls: `${outDir}/urls.txt` }, save: "{path}" }],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((task) => task.outcome), ["done"]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

Deno.test("a list cycling through 300 origins reuses one connection per origin by default", async () => {
  await using servers = startServers(300);
  await runList(servers.urls(2));
  assertEquals(servers.connections(), 300);
});

Deno.test("maxIdleConnections below the origins a list cycles through: every request opens a connection", async () => {
  await using servers = startServers(3);
  await runList(servers.urls(3), 2);
  assertEquals(servers.connections(), 9);
});
