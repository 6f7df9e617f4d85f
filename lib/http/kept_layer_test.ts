import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { HttpError } from "./errors.ts";
import { concat } from "./deps.ts";
import { runOperation } from "../loop/mod.ts";
import { openBodyDecoder } from "./decoder.ts";
import { ownCodingOf } from "./coded_file.ts";

const encoder = new TextEncoder();

async function gzipOf(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Feeds `body` in pieces of `step` bytes to a gzip layer saved as a `.tar.gz`; what comes out. */
async function throughLayer(
  body: Uint8Array,
  step: number,
  checkEnd = false,
): Promise<{ out: Uint8Array; undone: boolean | undefined }> {
  const magic = ownCodingOf("gzip", "corun-1.0.tar.gz") as Uint8Array;
  const decoder = await runOperation(openBodyDecoder(["gzip"], { magic, checkEnd }));
  const pieces: Uint8Array[] = [];
  const drain = async () => {
    for (let piece = await decoder.next(); piece !== null; piece = await decoder.next()) {
      pieces.push(piece.slice()); // a kept chunk is the writer's: valid until its next write
    }
  };
  for (let at = 0; at < body.length; at += step) {
    decoder.write(body.subarray(at, at + step));
    await drain();
  }
  decoder.end();
  await drain();
  return { out: concat(pieces), undone: decoder.keptLayer?.undone };
}

const TAR = encoder.encode("a tar archive, as far as this test cares\n".repeat(300));

Deno.test("a compressed file's own gzip is kept as sent, in pieces of any size", async () => {
  const file = await gzipOf(TAR);
  for (const step of [1, 7, 4096, file.length]) {
    assertEquals(await throughLayer(file, step), { out: file, undone: false }, `step ${step}`);
  }
});

Deno.test("a gzip layer over a gzip file comes off: the server compressed the file again", async () => {
  const file = await gzipOf(TAR);
  const doubled = await gzipOf(file);
  for (const step of [1, 5, doubled.length]) {
    assertEquals(await throughLayer(doubled, step), { out: file, undone: true }, `step ${step}`);
  }
});

Deno.test("a layer that is no gzip at all, or holds fewer bytes than gzip's mark, is kept as sent", async () => {
  const notGzip = encoder.encode("a server's Content-Encoding: gzip on plain bytes");
  assertEquals(await throughLayer(notGzip, 8), { out: notGzip, undone: false });
  const tiny = await gzipOf(encoder.encode("x"));
  assertEquals(await throughLayer(tiny, 3), { out: tiny, undone: false });
  assertEquals(await throughLayer(new Uint8Array(0), 1), {
    out: new Uint8Array(0),
    undone: false,
  });
});

Deno.test("a kept layer checked to its end (the close ends the body) is kept whole, and fails cut", async () => {
  const file = await gzipOf(encoder.encode(TAR.length.toString(36).repeat(40_000)));
  for (const step of [1, 7, 4096, file.length]) {
    assertEquals(
      await throughLayer(file, step, true),
      { out: file, undone: false },
      `step ${step}`,
    );
  }
  for (const length of [5, file.length >> 1, file.length - 1]) {
    const error = await assertRejects(
      () => throughLayer(file.subarray(0, length), 4096, true),
      HttpError,
    );
    assertEquals(error.code, "EARLY_EOF", `${length} bytes: ${error.message}`);
  }
  // A Content-Length or chunked body proves itself whole: its layer is not decoded to the end.
  assertEquals((await throughLayer(file.subarray(0, 50), 7)).undone, false);
});
