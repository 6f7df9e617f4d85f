import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, task } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

/**
 * Runs `body` with a fresh output directory and a signal that interrupts the run from inside its
 * first rename (a commit is one synchronous step; aborting again at a later rename does nothing).
 */
async function interruptedInRename(
  body: (outDir: string, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const outDir = await Deno.makeTempDir({ prefix: "corun-ctx-write-" });
  const controller = new AbortController();
  const originalRename = Deno.renameSync;
  Deno.renameSync = (from: string | URL, to: string | URL) => {
    controller.abort();
    return originalRename(from, to);
  };
  try {
    await body(outDir, controller.signal);
  } finally {
    Deno.renameSync = originalRename;
    await Deno.remove(outDir, { recursive: true });
  }
}

Deno.test("an interrupted ctx.write leaves the file whole or absent, and nothing changes after the run", async () => {
  await interruptedInRename(async (outDir, signal) => {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [task("writer", function* (ctx) {
          yield* ctx.write("big.bin", new Uint8Array(4 * 1024 * 1024));
        })],
      }),
      { signal, state: false },
    );
    assertEquals(report.interrupted, true);
    const listing = () => [...Deno.readDirSync(outDir)].map((entry) => entry.name).sort();
    const atEnd = listing();
    assertEquals(atEnd.filter((name) => name.endsWith(".part")), [], "no temporary file");
    await new Promise((resolve) => setTimeout(resolve, 100));
    assertEquals(listing(), atEnd, "nothing appears after the run has ended");
    if (atEnd.includes("big.bin")) {
      assertEquals(Deno.statSync(`${outDir}/big.bin`).size, 4 * 1024 * 1024);
    }
  });
});

Deno.test("an interrupt that lands in a ctx.write stops the custom task there: no more writes, no more code", async () => {
  const ranAfter: string[] = [];
  await interruptedInRename(async (outDir, signal) => {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [task("writer", function* (ctx) {
          for (let i = 0; i < 5; i++) {
            yield* ctx.write(`f${i}.bin`, new Uint8Array(1024));
            ranAfter.push(`after f${i}`);
            yield* ctx.sleep(10);
          }
          ranAfter.push("end of body");
        })],
      }),
      { signal, state: false },
    );
    assertEquals(report.tasks[0].outcome, "cancelled");
    assertEquals(ranAfter, []);
    // The first file was whole when the interrupt came (the rename had begun); no other appears.
    assertEquals([...Deno.readDirSync(outDir)].map((entry) => entry.name), ["f0.bin"]);
  });
});

Deno.test("an onResponse callback cut short by an interrupt in its ctx.write stops there and the body is not saved", async () => {
  await using server = startRouteServer({ "/page": { body: "the page" } });
  const ranAfter: string[] = [];
  await interruptedInRename(async (outDir, signal) => {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [fetchTask("page", server.url("/page"), {
          save: "page.html",
          *onResponse(_response, ctx) {
            yield* ctx.write("note.txt", "seen");
            ranAfter.push("callback went on");
          },
        })],
      }),
      { signal, state: false },
    );
    assertEquals(report.tasks[0].outcome, "cancelled");
    assertEquals(report.tasks[0].fetch, undefined);
    assertEquals(ranAfter, []);
    assertEquals([...Deno.readDirSync(outDir)].map((entry) => entry.name), ["note.txt"]);
  });
});
