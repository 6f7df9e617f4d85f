/**
 * A 206 to a request that asked for no range: a server (or a cache before it) that answers a plain
 * GET with a piece of the file (`Content-Range: bytes 0-9/1000`) does not get those 10 bytes saved
 * as the file and the task reported done. A 206 whose range is the whole file is the file; a 206 to
 * a `Range` of the user's is saved as the body given.
 */
import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run } from "../mod.ts";
import { type ResponseSpec, startRouteServer } from "./fixtures/route_server.ts";

const partial = (contentRange?: string): ResponseSpec => ({
  status: 206,
  headers: contentRange === undefined ? [] : [["Content-Range", contentRange]],
  body: "0123456789",
});

Deno.test("a 206 nobody asked for is saved only when its Content-Range is the whole file", async () => {
  await using server = startRouteServer({
    "/piece": partial("bytes 0-9/1000"),
    "/none": partial(),
    "/unknown": partial("bytes 0-9/*"),
    "/whole": partial("bytes 0-9/10"),
    "/asked": partial("bytes 0-9/1000"),
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-unasked-partial-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        defaults: { retries: 0 },
        tasks: [
          { name: "piece", fetch: server.url("/piece"), save: "piece.bin" },
          { name: "none", fetch: server.url("/none"), save: "none.bin" },
          { name: "unknown", fetch: server.url("/unknown"), save: "unknown.bin", resume: true },
          { name: "whole", fetch: server.url("/whole"), save: "whole.bin" },
          {
            name: "asked",
            fetch: { url: server.url("/asked"), headers: { Range: "bytes=0-9" } },
            save: "asked.bin",
          },
        ],
      }),
      { state: false },
    );
    const outcome = Object.fromEntries(report.tasks.map((task) => [task.name, task.outcome]));
    assertEquals(outcome, {
      piece: "failed",
      none: "failed",
      unknown: "failed",
      whole: "done",
      asked: "done",
    });
    const [piece, none, unknown] = report.tasks;
    assertEquals(piece.error?.code, "PARTIAL_CONTENT");
    assertEquals(
      piece.error?.message,
      `Cannot fetch ${server.url("/piece")}: the server answered 206 Partial Content with ` +
        "bytes 0-9 of 1000, and no range was asked for; a piece of a file is not saved as the file",
    );
    assertMatch(none.error?.message ?? "", /with no Content-Range,/);
    assertMatch(unknown.error?.message ?? "", /bytes 0-9 of a length it does not give/);
    const files = [];
    for await (const entry of Deno.readDir(outDir)) files.push(entry.name);
    assertEquals(files.filter((name) => name.endsWith(".bin")).sort(), ["asked.bin", "whole.bin"]);
    assertEquals(
      files.filter((name) => name.includes("corun-partial") || name.endsWith(".part")),
      [],
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
