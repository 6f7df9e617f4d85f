/**
 * A redirect corun will not follow (a Location that is no URL, one redirect too many) fails its
 * fetch, and the fetch's metadata line still says what the server answered: its 3xx status.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

Deno.test("a refused redirect's metadata line has the status that asked for it", async () => {
  await using server = startRouteServer({
    "/bad": { status: 302, headers: { Location: "http://[nope/" } },
    "/loop": { status: 307, headers: { Location: "/loop" } },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-refused-redirect-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        defaults: { maxRedirects: 2 },
        tasks: [fetchTask("bad", server.url("/bad")), fetchTask("loop", server.url("/loop"))],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((task) => [task.name, task.outcome, task.error?.code]), [
      ["bad", "failed", "BAD_REDIRECT"],
      ["loop", "failed", "TOO_MANY_REDIRECTS"],
    ]);
    const lines = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n")
      .map((line) => JSON.parse(line));
    assertEquals(lines.map((line) => [line.task, line.status, line.error.code]), [
      ["bad", 302, "BAD_REDIRECT"],
      ["loop", 307, "TOO_MANY_REDIRECTS"],
    ]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
