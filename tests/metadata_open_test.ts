import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, type RunEvent } from "../mod.ts";
import { startScriptedServer, write } from "./fixtures/scripted_server.ts";

Deno.test("a metadata log that cannot be opened is one warning; the task whose file was saved is done", async () => {
  await using server = startScriptedServer({
    routes: { "/page": [write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")] },
  });
  const dir = await Deno.makeTempDir({ prefix: "corun-metadata-" });
  try {
    await Deno.writeTextFile(`${dir}/sub`, "a file, not a directory\n");
    const events: RunEvent[] = [];
    const report = await run(
      defineConfig({
        outDir: dir,
        metadata: "sub/corun.jsonl",
        tasks: [fetchTask("page", server.url("/page"), { save: "page.txt" })],
      }),
      { state: false, onEvent: (event) => events.push(event) },
    );
    const message = `Cannot write the metadata "${dir}/sub/corun.jsonl": `;
    const warnings = events.flatMap((e) => e.type === "warning" ? [e.message] : []);
    assertEquals(warnings.length, 1);
    assert(warnings[0].startsWith(message), warnings[0]);
    assert(warnings[0].endsWith("(1 of 1 metadata lines not written)"), warnings[0]);
    assertEquals(report.tasks[0].outcome, "done");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
