/**
 * `corun_results` is the shared queue's record of every fetch its workers made: a worker whose
 * config keeps no metadata file (`metadata: false`) still copies each fetch's line there. It copied
 * none, so a fleet run without local files left no line of what its fetches got.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import postgres from "npm:postgres@3.4.9";

const CLI_FLAGS = ["run", "--allow-read", "--allow-write", "--allow-net", "--allow-env", MOD];

pgTest("the results a worker copies to the database", async (cluster, t) => {
  await t.step("with metadata: false, every fetch's line is still in corun_results", async () => {
    const db = await cluster.createDatabase("no_metadata_file");
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      (request) => new Response(new URL(request.url).pathname),
    );
    const dir = await Deno.makeTempDir({ prefix: "corun-shared-results-" });
    try {
      const config = `${dir}/pages.yaml`;
      await Deno.writeTextFile(
        config,
        `metadata: false\ntasks:\n  - name: pages\n` +
          `    fetch: "http://127.0.0.1:${server.addr.port}/p[1-3]"\n    save: "p{1}.txt"\n`,
      );
      for (const args of [["submit", config], ["worker", config, "--drain", "--out", dir]]) {
        const ran = await runDeno([...CLI_FLAGS, ...args, "--db", db], { env: { NO_COLOR: "1" } });
        assertEquals(ran.code, 0, ran.stderr);
      }
      const sql = postgres(db, { onnotice: () => {} });
      try {
        const rows = await sql`
          SELECT line->>'url' AS url, line->>'status' AS status FROM corun_results ORDER BY 1`;
        assertEquals(
          rows.map((row) => [row.url, row.status]),
          [1, 2, 3].map((n) => [`http://127.0.0.1:${server.addr.port}/p${n}`, "200"]),
        );
      } finally {
        await sql.end();
      }
      const files = [];
      for await (const entry of Deno.readDir(dir)) files.push(entry.name);
      assertEquals(files.sort(), ["p1.txt", "p2.txt", "p3.txt", "pages.yaml"], "no metadata file");
    } finally {
      await Deno.remove(dir, { recursive: true });
      await server.shutdown();
    }
  });
});
