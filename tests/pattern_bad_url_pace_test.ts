// A pattern's URL that cannot be fetched (checked as the run reaches it, past the first 1,000)
// sends no request, so, like a bad list line, it fails at once: no origin's delay holds it back.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

Deno.test("a pattern's URLs with credentials fail at once, not one per delay of their origin", async () => {
  const pages = Object.fromEntries(
    Array.from({ length: 501 }, (_, i) => [`/${i + 1}`, { body: "ok" }]),
  );
  await using server = startRouteServer(pages);
  const port = new URL(server.url()).port;
  const outDir = await Deno.makeTempDir({ prefix: "corun-pattern-pace-" });
  try {
    // 1,002 URLs: the first 501 good, the last 501 with credentials (found only as the run goes).
    const pattern = `http://{127.0.0.1,me:secret@127.0.0.1}:${port}/[1-501]`;
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [fetchTask("paced", pattern, { delay: "1s" })],
      }),
      { virtualTime: true, state: false },
    );
    const [paced] = report.tasks;
    assertEquals(paced.items, { total: 1002, done: 501, failed: 501, cancelled: 0, skipped: 0 });
    assertEquals(server.requests.length, 501);
    // 501 requests one second apart: 500 s. The bad URLs, one a second, would have taken 501 more.
    assertEquals(paced.endMs, 500_000);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
