/**
 * A fetch interrupted while it waits in the frontier for its retry was sent: its metadata line says
 * `CANCELLED`, with the status it received and the requests it sent, for a task's single URL, a
 * pattern's URL and a custom task's `ctx.fetch` alike.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, task } from "../mod.ts";
import { startScriptedServer, write } from "./fixtures/scripted_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

/** A 500 whose Retry-After makes the retry wait an hour (capped by maxBackoff): no jitter. */
const ERROR_500 =
  "HTTP/1.1 500 Internal Server Error\r\nRetry-After: 3600\r\nContent-Length: 4\r\n\r\noops";
const OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

const withOutDir = withTempDir("corun-retry-wait-cancel-");

Deno.test("a fetch interrupted while it waits for its retry is one CANCELLED line with the status it received", async () => {
  await using server = startScriptedServer({
    routes: {
      "/x": [write(ERROR_500)],
      "/p1": [write(ERROR_500)],
      "/p2": [write(OK)],
      "/ctx": [write(ERROR_500)],
    },
  });
  await withOutDir(async (outDir) => {
    const controller = new AbortController();
    let retries = 0;
    let p2Done = false;
    // Interrupted once all three wait for their retry, an hour away, and /p2 is done (on a busy
    // machine its 200 may come after the three 500s).
    const interruptWhenReady = () => {
      if (retries === 3 && p2Done) setTimeout(() => controller.abort(), 0);
    };
    const report = await run(
      defineConfig({
        outDir,
        defaults: { retries: 3, maxBackoff: "1h" },
        tasks: [
          fetchTask("single", server.url("/x"), { save: "x.txt" }),
          fetchTask("pattern", server.url("/p[1-2]"), { save: "p{1}.txt" }),
          task("custom", function* (ctx) {
            yield* ctx.fetch(server.url("/ctx"));
          }),
        ],
      }),
      {
        state: false,
        signal: controller.signal,
        onEvent: (event) => {
          if (event.type !== "retry") return;
          retries++;
          interruptWhenReady();
        },
        onAttempt: (attempt) => {
          if (attempt.url !== server.url("/p2") || attempt.outcome !== "done") return;
          p2Done = true;
          interruptWhenReady();
        },
      },
    );
    assertEquals(report.interrupted, true);
    assertEquals(report.tasks.map((t) => [t.name, t.outcome]), [
      ["single", "cancelled"],
      ["pattern", "cancelled"],
      ["custom", "cancelled"],
    ]);
    assertEquals(report.tasks[1].items, { total: 2, done: 1, failed: 0, cancelled: 1, skipped: 0 });
    // The single URL's task says what was cut off, as its metadata line does; the others count.
    assertEquals(report.tasks.map((t) => t.error), [
      {
        code: "CANCELLED",
        message: `Cancelled during the fetch of ${server.url("/x")}: the run was interrupted`,
      },
      undefined,
      undefined,
    ]);
    const text = await Deno.readTextFile(`${outDir}/corun.jsonl`);
    const lines = text.trim().split("\n").map((line) => JSON.parse(line));
    const byUrl = (path: string) => lines.filter((line) => line.url === server.url(path));
    for (const path of ["/x", "/p1", "/ctx"]) {
      const mine = byUrl(path);
      assertEquals(mine.length, 1, `${path}: ${text}`);
      const [line] = mine;
      assertEquals([line.status, line.attempts, line.error?.code], [500, 1, "CANCELLED"], path);
      assert(line.error.message.includes("the run was interrupted"), line.error.message);
    }
    assertEquals(byUrl("/p2").map((line) => [line.status, line.error]), [[200, undefined]]);
    assertEquals(server.requests.length, 4, "each URL was sent once");
  });
});
