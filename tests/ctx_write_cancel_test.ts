import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run, task } from "../mod.ts";

Deno.test("an interrupted ctx.write leaves the file whole or absent, and nothing changes after the run", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-ctx-write-" });
  const controller = new AbortController();
  const originalRename = Deno.rename;
  let releaseRename = () => {};
  const renameHeld = new Promise<void>((resolve) => (releaseRename = resolve));
  // Hold the rename until the run is interrupted, so the cancel lands in the middle of the commit.
  Deno.rename = async (from: string | URL, to: string | URL) => {
    controller.abort();
    await renameHeld;
    return originalRename(from, to);
  };
  try {
    setTimeout(releaseRename, 50);
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
    Deno.rename = originalRename;
    await Deno.remove(outDir, { recursive: true });
  }
});
