/**
 * Ctrl-C (SIGINT) or SIGTERM while a body streams in: the real command line, a real server that
 * sends part of a big body and then holds still. The fetch is cancelled everywhere it is reported.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { readHead, writeAll } from "./fixtures/raw_conn.ts";
import { within } from "./fixtures/poll.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

const BODY_BYTES = 64 * 1024 * 1024;
/** More than loopback socket buffers hold: once written, the client is reading the body. */
const SENT_BEFORE_PAUSE = 16 * 1024 * 1024;

/** A server that answers one request with a 64 MiB head, sends 16 MiB of it, then waits. */
function startStallingServer() {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  let release!: () => void;
  const released = new Promise<void>((resolve) => release = resolve);
  let paused!: () => void;
  const midBody = new Promise<void>((resolve) => paused = resolve);
  const served = (async () => {
    // No connection, when the run never asked: the listener is closed, and the test says why.
    const conn = await listener.accept().catch(() => undefined);
    if (conn === undefined) return;
    try {
      if (await readHead(conn) === null) return;
      await writeAll(conn, `HTTP/1.1 200 OK\r\nContent-Length: ${BODY_BYTES}\r\n\r\n`);
      const chunk = new Uint8Array(256 * 1024).fill(120);
      for (let sent = 0; sent < SENT_BEFORE_PAUSE; sent += chunk.length) {
        await writeAll(conn, chunk);
      }
      paused();
      await released;
    } catch {
      // The client went away: what the test is about.
    } finally {
      conn.close();
    }
  })();
  const { port } = listener.addr as Deno.NetAddr;
  return {
    url: `http://127.0.0.1:${port}/big.bin`,
    midBody,
    async close() {
      release();
      listener.close();
      await served;
    },
  };
}

async function interruptMidBody(signal: Deno.Signal, flags: string[]) {
  const dir = await Deno.makeTempDir({ prefix: "corun-interrupt-" });
  const server = startStallingServer();
  try {
    await Deno.writeTextFile(
      `${dir}/big.yaml`,
      `outDir: out\ntasks:\n  - name: big\n    fetch: ${server.url}\n    save: big.bin\n`,
    );
    const { code, stdout, stderr } = await runDeno(
      ["run", "-A", MOD, "run", "big.yaml", ...flags],
      {
        cwd: dir,
        whileRunning: async (child) => {
          await within(server.midBody, "the server to have sent 16 MiB of the body");
          child.kill(signal);
        },
      },
    );
    const metadata = await Deno.readTextFile(`${dir}/out/corun.jsonl`).catch(() => "");
    const files: string[] = [];
    for await (const entry of Deno.readDir(`${dir}/out`)) files.push(entry.name);
    return {
      url: server.url,
      code,
      stdout,
      stderr,
      metadataLines: metadata.split("\n").filter((line) => line !== "").map((l) => JSON.parse(l)),
      files: files.sort(),
    };
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** The README's promise: an interrupted fetch writes one metadata line, CANCELLED, and no file. */
function assertOneCancelledLine(
  lines: { savedPath?: unknown; error?: { code?: string } }[],
  files: string[],
) {
  assertEquals(
    lines.map((line) => [line.error?.code, line.savedPath]),
    [["CANCELLED", null]],
    "one metadata line for the interrupted fetch",
  );
  assert(!files.includes("big.bin"), `files: ${files}`);
}

Deno.test({
  name:
    "SIGINT mid-body: --json reports the fetch cancelled, its one metadata line says so, exit 130",
  ignore: Deno.build.os === "windows",
  async fn() {
    const run = await interruptMidBody("SIGINT", ["--json"]);
    assertEquals(run.code, 130, run.stderr);
    const report = JSON.parse(run.stdout);
    assertEquals(report.interrupted, true);
    assertEquals(report.counts, { done: 0, failed: 0, cancelled: 1, skipped: 0 });
    assertEquals(report.tasks[0].outcome, "cancelled");
    assertEquals(report.tasks[0].fetch, undefined);
    // What a script reading the report needs: what was cut off, and why.
    assertEquals(report.tasks[0].error, {
      code: "CANCELLED",
      message: `Cancelled during the fetch of ${run.url}: the run was interrupted`,
    });
    assertOneCancelledLine(run.metadataLines, run.files);
  },
});

Deno.test({
  name:
    "SIGTERM mid-body: the plain lines say cancelled, never done, the summary counts it, one CANCELLED metadata line",
  ignore: Deno.build.os === "windows",
  async fn() {
    const run = await interruptMidBody("SIGTERM", []);
    assertEquals(run.code, 130, run.stderr);
    const lines = run.stdout.trim().split("\n");
    assert(lines.some((line) => / big cancelled\b/.test(line)), run.stdout);
    assert(!lines.some((line) => / big done\b/.test(line)), run.stdout);
    assert(lines.at(-1)!.includes("1 cancelled"), run.stdout);
    assertOneCancelledLine(run.metadataLines, run.files);
  },
});
