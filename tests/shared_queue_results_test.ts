/**
 * `corun_results` is the shared queue's record of every fetch its workers made: a worker whose
 * config keeps no metadata file (`metadata: false`) still copies each fetch's line there. It copied
 * none, so a fleet run without local files left no line of what its fetches got. A task's settings
 * come from the worker's config, `sha256` with them: its lines there carry the body's digest.
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

  await t.step(
    "a task's sha256: true gives its lines the body's digest; the others' stay null",
    async () => {
      const db = await cluster.createDatabase("sha256_setting");
      const server = Deno.serve(
        { hostname: "127.0.0.1", port: 0, onListen() {} },
        (request) => new Response(new URL(request.url).pathname),
      );
      const dir = await Deno.makeTempDir({ prefix: "corun-shared-results-" });
      try {
        const base = `http://127.0.0.1:${server.addr.port}`;
        const config = `${dir}/pages.yaml`;
        await Deno.writeTextFile(
          config,
          [
            "tasks:",
            "  - name: hashed",
            `    fetch: "${base}/h[1-2]"`,
            '    save: "h{1}.txt"',
            "    sha256: true",
            "  - name: plain",
            `    fetch: "${base}/p1"`,
            '    save: "p1.txt"',
            "",
          ].join("\n"),
        );
        for (const args of [["submit", config], ["worker", config, "--drain", "--out", dir]]) {
          const ran = await runDeno([...CLI_FLAGS, ...args, "--db", db], {
            env: { NO_COLOR: "1" },
          });
          assertEquals(ran.code, 0, ran.stderr);
        }
        const sha256Of = async (text: string) =>
          new Uint8Array(
            await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)),
          ).toHex();
        const sql = postgres(db, { onnotice: () => {} });
        try {
          const rows = await sql`
          SELECT line->>'url' AS url, line->'sha256' AS sha256 FROM corun_results ORDER BY 1`;
          assertEquals(rows.map((row) => [row.url, row.sha256]), [
            [`${base}/h1`, await sha256Of("/h1")],
            [`${base}/h2`, await sha256Of("/h2")],
            [`${base}/p1`, null],
          ]);
        } finally {
          await sql.end();
        }
      } finally {
        await Deno.remove(dir, { recursive: true });
        await server.shutdown();
      }
    },
  );
});
