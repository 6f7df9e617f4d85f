import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run, task } from "../mod.ts";

Deno.test("an interrupted ctx.write leaves the file whole or absent, and nothing changes after the run", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-ctx-write-" });
  const controller = new AbortController();
  const originalRename = Deno.renameSync;
  // Interrupt the run from inside the commit's rename (one synchronous step).
  Deno.renameSync = (from: string | URL, to: string | URL) => {
    controller.abort();
    return originalRename(from, to);
  };
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [task("writer", function* (ctx) {
          yield* ctx.write("big.bin", new Uint8Array(4 * 1024 * 1024));
        })],
      }),
      { signal: controller.signal, state: false },
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
  } finally {
    Deno.renameSync = originalRename;
    await Deno.remove(outDir, { recursive: true });
  }
});
