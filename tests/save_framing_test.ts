import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { close, startScriptedServer, write } from "./fixtures/scripted_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-framing-");

Deno.test("a response without a body saves an empty file, whatever its Content-Length says", async (t) => {
  await using server = startScriptedServer({
    routes: {
      "/head": [write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")],
      "/no-content": [write("HTTP/1.1 204 No Content\r\nContent-Length: 1000\r\n\r\n")],
    },
  });
  const cases = [["HEAD", "/head"], ["GET", "/no-content"]] as const;
  for (const [method, path] of cases) {
    await t.step(`${method} ${path}`, async () => {
      await withOutDir(async (outDir) => {
        const report = await run(
          defineConfig({
            outDir,
            metadata: false,
            tasks: [fetchTask("t", { url: server.url(path), method }, { save: "page.html" })],
          }),
          { state: false },
        );
        assertEquals(report.tasks[0].outcome, "done");
        assertEquals(report.tasks[0].fetch?.bytes, 0);
        assertEquals((await Deno.readFile(`${outDir}/page.html`)).byteLength, 0);
      });
    });
  }
});

Deno.test("a small body that ends before its Content-Length fails and saves nothing", async () => {
  await using server = startScriptedServer({
    routes: { "/short": [write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcd"), close()] },
  });
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        defaults: { retries: 0 },
        tasks: [fetchTask("t", server.url("/short"), { save: "page.html" })],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].outcome, "failed");
    assertEquals(report.tasks[0].error?.code, "EARLY_EOF");
    assertEquals([...Deno.readDirSync(outDir)], []);
  });
});

Deno.test("a response with both Content-Length and Transfer-Encoding is refused, its status recorded", async () => {
  await using server = startScriptedServer({
    routes: {
      "/both": [
        write(
          "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n" +
            "b\r\nhello world\r\n0\r\n\r\n",
        ),
      ],
    },
  });
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({
        outDir,
        defaults: { retries: 0 },
        tasks: [fetchTask("both", server.url("/both"), { save: "page.html" })],
      }),
      { state: false },
    );
    const [task] = report.tasks;
    assertEquals([task.outcome, task.error?.code], ["failed", "BAD_FRAMING"]);
    assertEquals(task.fetch?.status, 200);
    const [line] = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n")
      .map((text) => JSON.parse(text));
    assertEquals([line.status, line.error.code], [200, "BAD_FRAMING"]);
    // Nothing saved: its body could be framed either way.
    assertEquals([...Deno.readDirSync(outDir)].map((entry) => entry.name), ["corun.jsonl"]);
  });
});
