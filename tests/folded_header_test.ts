// A response header folded onto several lines (obsolete line folding, which old and embedded servers
// still send) is unfolded as RFC 9112 §5.2 asks of a user agent: the fetch saves its body, and the
// metadata line shows the value joined with one SP.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { startScriptedServer, write } from "./fixtures/scripted_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-folded-header-");

Deno.test("a folded response header is saved joined in the metadata, and the body is saved", async () => {
  await using server = startScriptedServer({
    routes: {
      "/page": [
        write(
          "HTTP/1.1 200 OK\r\nX-Long: part one\r\n  part two\r\nContent-Length: 2\r\n\r\nok",
        ),
      ],
    },
  });
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({ outDir, tasks: [fetchTask("page", server.url("/page"), { save: "p.txt" })] }),
      { state: false },
    );
    assertEquals(report.tasks[0].outcome, "done", report.tasks[0].error?.message);
    const line = JSON.parse(await Deno.readTextFile(`${outDir}/corun.jsonl`));
    assertEquals([line.status, line.headers["x-long"]], [200, "part one part two"]);
    assertEquals(await Deno.readTextFile(`${outDir}/p.txt`), "ok");
  });
});
