/**
 * A compressed body that only the close of the connection ends, cut short, is never saved: gzip and
 * deflate report the cut stream, and so does br (whose runtime decoder is probed at its end).
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { close, startScriptedServer, write } from "./fixtures/scripted_server.ts";

async function compressed(format: CompressionFormat): Promise<Uint8Array> {
  const text = Array.from({ length: 20_000 }, (_, i) => `line ${i * 7919 % 10007}\n`).join("");
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function listNames(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

Deno.test("an until-close compressed body cut short fails its task and leaves no file", async (t) => {
  for (
    const [encoding, format] of [["gzip", "gzip"], ["deflate", "deflate"], [
      "br",
      "brotli",
    ]] as const
  ) {
    await t.step(encoding, async () => {
      const encoded = await compressed(format);
      await using server = startScriptedServer({
        routes: {
          "/": [
            write(`HTTP/1.1 200 OK\r\nContent-Encoding: ${encoding}\r\nConnection: close\r\n\r\n`),
            write(encoded.subarray(0, encoded.length - 10)),
            close(),
          ],
        },
      });
      const outDir = await Deno.makeTempDir({ prefix: "corun-truncated-" });
      try {
        const report = await run(
          defineConfig({
            outDir,
            metadata: false,
            tasks: [fetchTask("cut", server.url(), { save: "page.txt", retries: 0 })],
          }),
          { state: false },
        );
        const [cut] = report.tasks;
        assertEquals(
          [cut.outcome, cut.error?.code],
          ["failed", "BAD_ENCODING"],
          cut.error?.message,
        );
        assertStringIncludes(cut.error!.message, server.url());
        assertEquals(await listNames(outDir), []);
      } finally {
        await Deno.remove(outDir, { recursive: true });
      }
    });
  }
});
