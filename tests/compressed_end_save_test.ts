/**
 * A compressed body is saved only when its stream ends exactly where its framing does: a br stream
 * cut short inside a whole Content-Length, or a deflate stream followed by other bytes, fails its
 * task and leaves no file; a gzip body of several members is saved whole.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { startScriptedServer, write } from "./fixtures/scripted_server.ts";

const TEXT = Array.from({ length: 5_000 }, (_, i) => `line ${i * 7919 % 10007}\n`).join("");

async function compress(format: CompressionFormat, text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function response(encoding: string, body: Uint8Array) {
  return [
    write(
      `HTTP/1.1 200 OK\r\nContent-Encoding: ${encoding}\r\nContent-Length: ${body.length}\r\n\r\n`,
    ),
    write(body),
  ];
}

Deno.test("a compressed body that does not end where its framing does is never saved", async () => {
  const br = await compress("brotli", TEXT);
  const deflate = await compress("deflate", TEXT);
  const half = TEXT.length >> 1;
  const members = new Uint8Array([
    ...await compress("gzip", TEXT.slice(0, half)),
    ...await compress("gzip", TEXT.slice(half)),
  ]);
  await using server = startScriptedServer({
    routes: {
      "/cut.br": response("br", br.subarray(0, br.length - 4)),
      "/trailed.deflate": response("deflate", new Uint8Array([...deflate, ...[0x0a, 0x3c]])),
      "/members.gz": response("gzip", members),
    },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-compressed-end-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        defaults: { retries: 0 },
        tasks: [
          fetchTask("cut", server.url("/cut.br"), { save: "cut.txt" }),
          fetchTask("trailed", server.url("/trailed.deflate"), { save: "trailed.txt" }),
          fetchTask("members", server.url("/members.gz"), { save: "members.txt" }),
        ],
      }),
      { state: false },
    );
    const [cut, trailed, members] = report.tasks;
    assertEquals([cut.outcome, cut.error?.code], ["failed", "BAD_ENCODING"]);
    assertStringIncludes(cut.error!.message, `${server.url("/cut.br")}: cannot decode br body`);
    assertEquals([trailed.outcome, trailed.error?.code], ["failed", "BAD_ENCODING"]);
    assertStringIncludes(trailed.error!.message, "follow the end of the deflate data");
    assertEquals(members.outcome, "done");
    assertEquals(await Deno.readTextFile(`${outDir}/members.txt`), TEXT);
    const names = [...Deno.readDirSync(outDir)].map((entry) => entry.name);
    assertEquals(names, ["members.txt"]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
