// A status the fetch goes again for, or fails with, is told as that status, whatever the size of
// its page: maxBodySize bounds the body that is saved.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

Deno.test("a 503 with a page larger than maxBodySize is retried, and the task fails saying 503", async () => {
  await using server = startRouteServer({
    "/busy": { status: 503, body: "<p>down for maintenance</p>".repeat(100) },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-status-page-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        defaults: { retries: 2, backoff: "1ms", maxBodySize: "1KiB" },
        tasks: [fetchTask("busy", server.url("/busy"), { save: "busy.html" })],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].outcome, "failed");
    assertEquals(report.tasks[0].error?.code, "HTTP_STATUS");
    assertEquals(server.requests.length, 3);
    assertEquals([...Deno.readDirSync(outDir)], []);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
