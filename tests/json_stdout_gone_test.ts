/**
 * `corun run tasks.yaml --json | head -c 10` in a cron job: when the reader went away before the
 * report was written, the report is lost, and the command must not exit 0 as if a script had it.
 * The reader goes away while the run's one fetch waits for the server, which answers only then.
 */
import { assert, assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { readHead, writeAll } from "./fixtures/raw_conn.ts";
import { within } from "./fixtures/poll.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

const PERMISSIONS = ["--allow-read", "--allow-write", "--allow-net", "--allow-env"];

/** Runs `corun run --json` on one fetch that the server answers with `status` once stdout closed. */
async function runWithReaderGone(status: number): Promise<{ code: number; stderr: string }> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const asked = Promise.withResolvers<void>();
  const released = Promise.withResolvers<void>();
  const served = (async () => {
    // No connection, when the run never asked: the listener is closed, and the test says why.
    const conn = await listener.accept().catch(() => undefined);
    if (conn === undefined) return;
    try {
      if (await readHead(conn) === null) return;
      asked.resolve();
      await released.promise;
      await writeAll(
        conn,
        `HTTP/1.1 ${status} X\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n`,
      );
    } finally {
      conn.close();
    }
  })();
  const dir = await Deno.makeTempDir({ prefix: "corun-json-stdout-gone-" });
  try {
    const { port } = listener.addr as Deno.NetAddr;
    await Deno.writeTextFile(
      `${dir}/page.yaml`,
      `outDir: out\ntasks:\n  - name: page\n    fetch: http://127.0.0.1:${port}/\n    retries: 0\n`,
    );
    return await runDeno(["run", ...PERMISSIONS, MOD, "run", "page.yaml", "--json"], {
      cwd: dir,
      whileRunning: async (child) => {
        await within(asked.promise, "the run's request");
        await child.closeStdout(); // `head -c 10` had its bytes, or died
        released.resolve();
      },
    });
  } finally {
    released.resolve();
    listener.close();
    await served;
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("corun run --json whose reader went away before the report exits 141, saying why", async () => {
  const { code, stderr } = await runWithReaderGone(200);
  assertEquals(code, 141, stderr);
  assertStringIncludes(
    stderr,
    "corun run: Cannot write standard output: its reader went away (broken pipe); the output is " +
      "cut short",
  );
  assert(!stderr.includes("    at "), `no stack trace: ${stderr}`);
});

Deno.test("corun run --json whose reader went away keeps exit 1 when a task failed", async () => {
  const { code, stderr } = await runWithReaderGone(500);
  assertEquals(code, 1, stderr);
  assertStringIncludes(stderr, "corun run: Cannot write standard output");
});
