// Two tasks with different delays fetching from one origin: the slower task's delay keeps its
// starts that far from any start to the origin, before them as after them (the slower of the two
// sets the gap), so the origin never gets two requests at once from the polite task's side.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import type { FetchTaskOptions } from "../lib/config/define.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

/** Logs each response's path: a log event's `atMs` is the loop-clock time its fetch started. */
function logged(options: FetchTaskOptions = {}): FetchTaskOptions {
  return { ...options, onResponse: (response, ctx) => ctx.log(new URL(response.url).pathname) };
}

Deno.test("a task's delay holds before its starts too: a start of a task without one is not followed at once", async () => {
  const paths = ["/polite/1", "/polite/2", "/polite/3", "/other/1", "/other/2"];
  await using server = startRouteServer(
    Object.fromEntries(paths.map((path) => [path, { body: "ok" }])),
  );
  const outDir = await Deno.makeTempDir({ prefix: "corun-mixed-delays-" });
  try {
    const starts: [string, number][] = [];
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          fetchTask("polite-1", server.url("/polite/1"), logged({ delay: "2s" })),
          fetchTask("other-1", server.url("/other/1"), logged()),
          fetchTask("polite-2", server.url("/polite/2"), logged({ delay: "2s" })),
          fetchTask("other-2", server.url("/other/2"), logged()),
          fetchTask("polite-3", server.url("/polite/3"), logged({ delay: "2s" })),
        ],
      }),
      {
        virtualTime: true,
        state: false,
        onEvent: (event) => {
          if (event.type === "log") starts.push([event.message, event.atMs]);
        },
      },
    );
    assertEquals(report.counts.done, 5, JSON.stringify(report.tasks));
    assertEquals(starts, [
      ["/polite/1", 0],
      ["/other/1", 2000],
      ["/polite/2", 4000], // not at 2000, together with /other/1
      ["/other/2", 6000],
      ["/polite/3", 8000],
    ]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
