/**
 * A state file whose validator cannot be sent back (a line break or NUL in an ETag, from a hand edit
 * or a damaged disk) is a state file corun did not write: a warning naming the file and the entry,
 * and the run goes on with an empty state, instead of failing that URL's fetch on every run with an
 * error about a header the task never set.
 */
import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run, type RunEvent } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

Deno.test("a state file with a line break in a saved ETag is a warning; the fetch is done and the state replaced", async () => {
  await using server = startRouteServer({
    "/page": { headers: { ETag: '"fresh"' }, body: "fresh" },
  });
  const url = server.url("/page");
  const outDir = await Deno.makeTempDir({ prefix: "corun-state-validator-" });
  try {
    const state = `${outDir}/.corun-state.json`;
    await Deno.writeTextFile(
      state,
      JSON.stringify({
        version: 1,
        entries: {
          [url]: { etag: '"old"\r\nX-Injected: 1', savedPath: "page.html", bytes: 3, savedAtMs: 1 },
        },
      }),
    );
    await Deno.writeTextFile(`${outDir}/page.html`, "old");
    await Deno.utime(`${outDir}/page.html`, 0, 0);
    const events: RunEvent[] = [];
    const report = await run(
      defineConfig({ tasks: [{ name: "page", fetch: url, save: "page.html" }] }),
      { outDir, onEvent: (event) => events.push(event) },
    );
    const [page] = report.tasks;
    assertEquals([page.outcome, page.fetch?.status], ["done", 200], page.error?.message);
    const warnings = events.flatMap((event) => event.type === "warning" ? [event.message] : []);
    assertEquals(warnings.length, 1);
    assertMatch(
      warnings[0],
      /^Cannot read the state file ".*\.corun-state\.json": "etag" of "http:.*\/page" holds a line break or NUL, which no header can carry; starting with an empty state$/,
    );
    assertEquals(server.requests.map((request) => request.headers.get("if-none-match")), [null]);
    assertEquals(await Deno.readTextFile(`${outDir}/page.html`), "fresh");
    const saved = JSON.parse(await Deno.readTextFile(state));
    assertEquals(saved.entries[url].etag, '"fresh"');
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
