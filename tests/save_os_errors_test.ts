/**
 * File system errors a save meets that Deno gives no `code` (a file size limit, EFBIG; a quota,
 * EDQUOT): said like a full disk, naming the URL and the final path with the errno as the code,
 * never the temporary the runtime's message names, and never tried again. Injected through the
 * run's output directory, in the shape the runtime raises them.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask } from "../mod.ts";
import { runWithHooks } from "../lib/config/mod.ts";
import { failingDisk } from "./fixtures/failing_disk.ts";
import { MOD, runDeno, runProgram } from "./fixtures/run_deno.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

/** The system's words for each errno, and its number here (Linux; macOS and the BSDs differ). */
const ERRNOS = {
  EFBIG: { words: "File too large", number: 27 },
  EDQUOT: { words: "Disk quota exceeded", number: Deno.build.os === "linux" ? 122 : 69 },
  ENOSPC: { words: "No space left on device", number: 28 },
};
type Errno = keyof typeof ERRNOS;

const problemOf = (errno: Errno) => `${ERRNOS[errno].words} (os error ${ERRNOS[errno].number})`;

/**
 * The runtime's error: the system's words, the number, the call and the temporary it wrote;
 * `code` only for the errnos Deno names (ENOSPC), none for EFBIG and EDQUOT.
 */
function osError(errno: Errno, temporary: string): Error {
  const error = new Error(`${problemOf(errno)}: writefile '${temporary}'`);
  return errno === "ENOSPC" ? Object.assign(error, { code: "ENOSPC" }) : error;
}

const withOutDir = withTempDir("corun-save-os-errors-");

const SMALL = "small body";
const BIG = new Uint8Array(1024 * 1024).fill(7); // past the small-body size: it streams

Deno.test("a save Deno gives no code (EFBIG, EDQUOT) fails naming the URL, the final path and the errno, once", async (t) => {
  for (const errno of ["EFBIG", "EDQUOT"] as const) {
    for (const [size, body] of [["small", SMALL], ["streamed", BIG]] as const) {
      await t.step(`${errno}, ${size} body`, async () => {
        await using server = startRouteServer({ "/a.bin": { body } });
        await withOutDir(async (outDir) => {
          const report = await runWithHooks(
            defineConfig({
              outDir,
              metadata: false,
              tasks: [fetchTask("a", server.url("/a.bin"), { save: "files/a.bin", retries: 2 })],
            }),
            { state: false, sinks: failingDisk((temporary) => osError(errno, temporary)) },
          );
          const [task] = report.tasks;
          assertEquals(task.outcome, "failed");
          assertEquals(task.error, {
            code: errno,
            message: `Cannot save ${server.url("/a.bin")} as "files/a.bin": ${problemOf(errno)}`,
          });
          assertEquals(server.requests.length, 1); // a quota or a size limit is not tried again
        });
      });
    }
  }
});

Deno.test("a save error names the final path, not the temporary, when the path holds a quote", async () => {
  await using server = startRouteServer({ "/it": { body: SMALL } });
  await withOutDir(async (outDir) => {
    const report = await runWithHooks(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [fetchTask("it", server.url("/it"), { save: "it's.txt" })],
      }),
      { state: false, sinks: failingDisk((temporary) => osError("ENOSPC", temporary)) },
    );
    assertEquals(report.tasks[0].error, {
      code: "ENOSPC",
      message: `Cannot save ${server.url("/it")} as "it's.txt": ${problemOf("ENOSPC")}`,
    });
  });
});

/** `prlimit`, to lower a running process's file size limit (`ulimit -f` would hit Deno's caches). */
const HAS_PRLIMIT = Deno.build.os === "linux" && (() => {
  try {
    return new Deno.Command("prlimit", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

Deno.test({
  name: "a save past the file size limit (ulimit -f) fails its task with EFBIG; the run goes on",
  ignore: !HAS_PRLIMIT,
  async fn() {
    const asked = Promise.withResolvers<void>();
    const limited = Promise.withResolvers<void>();
    await using server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      (request) => {
        if (new URL(request.url).pathname === "/small") return new Response(SMALL);
        asked.resolve();
        // The body comes once the limit is lowered: the write past it is the body's.
        const body = new ReadableStream<Uint8Array>({
          async start(controller) {
            await limited.promise;
            controller.enqueue(BIG);
            controller.close();
          },
        });
        return new Response(body, { headers: { "content-length": String(BIG.byteLength) } });
      },
    );
    const base = `http://127.0.0.1:${server.addr.port}`;
    await withOutDir(async (dir) => {
      Deno.writeTextFileSync(
        `${dir}/run.json`,
        JSON.stringify({
          outDir: "out",
          tasks: [
            { name: "big", fetch: `${base}/big`, save: "big.bin" },
            { name: "small", fetch: `${base}/small`, save: "small.txt", after: ["big"] },
            { name: "other", fetch: `${base}/small`, save: "other.txt" },
          ],
        }),
      );
      const ran = await runDeno(["run", "-A", MOD, "run", "run.json"], {
        cwd: dir,
        async whileRunning(child) {
          try {
            await asked.promise;
            const set = await runProgram("prlimit", [`--pid=${child.pid}`, "--fsize=65536"]);
            assertEquals(set.code, 0, set.stderr);
          } finally {
            limited.resolve(); // never a body held for ever
          }
        },
      });
      // Not 153 (128 + SIGXFSZ): the process lived on to say what happened.
      assertEquals(ran.code, 1, ran.stderr);
      const said = `Cannot save ${base}/big as "big.bin": File too large (os error 27)`;
      assertEquals(ran.stdout.includes(said), true, ran.stdout);
      assertEquals(ran.stdout.includes("3 tasks: 1 done, 1 failed, 1 skipped"), true, ran.stdout);
      // No half-written file, no temporary: only what the other task saved, and corun's records.
      assertEquals(
        [...Deno.readDirSync(`${dir}/out`)].map((entry) => entry.name).sort(),
        [".corun-history.jsonl", "corun.jsonl", "other.txt"],
      );
      const lines = Deno.readTextFileSync(`${dir}/out/corun.jsonl`).trim().split("\n");
      const big = lines.map((line) => JSON.parse(line)).find((line) => line.task === "big");
      assertEquals(big.error.code, "EFBIG");
    });
  },
});
