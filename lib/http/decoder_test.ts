import { assert, assertEquals, assertMatch, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { type BodyDecoder, createBodyDecoder } from "./decoder.ts";
import { HttpError } from "./errors.ts";

const encoder = new TextEncoder();
const TEXT = encoder.encode("corun fetches pages. ".repeat(2000) + "The end.");

async function compress(format: CompressionFormat, data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Feeds `encoded` in pieces of `pieceBytes` and concatenates everything decoded. */
async function decodeAll(
  decoder: BodyDecoder,
  encoded: Uint8Array,
  pieceBytes: number,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  // One reused buffer, overwritten after each push, as a client's read buffer would be.
  const buf = new Uint8Array(pieceBytes);
  for (let at = 0; at < encoded.length; at += pieceBytes) {
    const piece = encoded.subarray(at, at + pieceBytes);
    buf.set(piece);
    chunks.push(...await decoder.push(buf.subarray(0, piece.length)));
    buf.fill(0xee);
  }
  chunks.push(...await decoder.finish());
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

const FORMATS: [string, CompressionFormat][] = [
  ["gzip", "gzip"],
  ["x-gzip", "gzip"],
  ["GZip", "gzip"],
  ["deflate", "deflate"],
  ["br", "brotli"],
];

Deno.test("createBodyDecoder() decodes each encoding fed whole, in pieces and byte by byte", async (t) => {
  for (const [encoding, format] of FORMATS) {
    const encoded = await compress(format, TEXT);
    for (const pieceBytes of [encoded.length, 100, 1]) {
      await t.step(`${encoding} in pieces of ${pieceBytes}`, async () => {
        const decoder = createBodyDecoder(` ${encoding} `)!;
        assertEquals(await decodeAll(decoder, encoded, pieceBytes), TEXT);
      });
    }
  }
});

Deno.test("createBodyDecoder() decodes deflate sent raw, without the zlib wrapper", async (t) => {
  const raw = await compress("deflate-raw", TEXT);
  for (const pieceBytes of [raw.length, 1]) {
    await t.step(`in pieces of ${pieceBytes}`, async () => {
      assertEquals(await decodeAll(createBodyDecoder("deflate")!, raw, pieceBytes), TEXT);
    });
  }
});

Deno.test("createBodyDecoder() undoes several codings, last applied first", async () => {
  const encoded = await compress("brotli", await compress("gzip", TEXT));
  const decoder = createBodyDecoder("gzip, br")!;
  assertEquals(decoder.encoding, "gzip, br");
  assertEquals(await decodeAll(decoder, encoded, 50), TEXT);
});

Deno.test("createBodyDecoder() returns null when there is nothing to decode or it is unknown", async (t) => {
  for (const value of [null, "", " ", "identity", "Identity, ", "compress", "zstd", "gzip, zstd"]) {
    await t.step(JSON.stringify(value), () => assertEquals(createBodyDecoder(value), null));
  }
});

Deno.test("createBodyDecoder() skips identity within a list", async () => {
  const encoded = await compress("gzip", TEXT);
  assertEquals(await decodeAll(createBodyDecoder("identity, gzip")!, encoded, 999), TEXT);
});

Deno.test("a decoder yields output as it goes, not only at the end", async () => {
  const big = new Uint8Array(4 << 20).map((_, i) => (i * 7) % 251);
  const encoded = await compress("gzip", big);
  const decoder = createBodyDecoder("gzip", { maxStepBytes: 4096 })!;
  const half = encoded.length >> 1;
  const first = await decoder.push(encoded.subarray(0, half));
  assert(first.length > 1, "a large push is decoded in several steps");
  const firstBytes = first.reduce((sum, chunk) => sum + chunk.length, 0);
  assert(firstBytes > big.length / 4, `half the input gave only ${firstBytes} bytes`);
  await decoder.push(encoded.subarray(half));
  await decoder.finish();
});

Deno.test("an empty body with an encoding decodes to nothing", async (t) => {
  for (const encoding of ["gzip", "deflate", "br", "gzip, br"]) {
    await t.step(encoding, async () => {
      const decoder = createBodyDecoder(encoding)!;
      assertEquals(await decoder.push(new Uint8Array(0)), []);
      assertEquals(await decoder.finish(), []);
    });
  }
});

Deno.test("corrupt data fails with BAD_ENCODING and a clear message", async (t) => {
  const garbage = encoder.encode("<html>this is not compressed at all</html>");
  for (const encoding of ["gzip", "deflate", "br"]) {
    await t.step(encoding, async () => {
      const decoder = createBodyDecoder(encoding)!;
      const error = await assertRejects(async () => {
        await decoder.push(garbage);
        await decoder.finish();
      }, HttpError);
      assertEquals(error.code, "BAD_ENCODING");
      assert(error.message.startsWith(`Cannot decode ${encoding} body: `), error.message);
      assert(error.cause !== undefined);
      await decoder.cancel();
    });
  }
});

Deno.test("a truncated gzip or br body fails when finished", async (t) => {
  for (const [encoding, format] of [["gzip", "gzip"], ["br", "brotli"]] as const) {
    await t.step(encoding, async () => {
      const encoded = await compress(format, TEXT);
      const decoder = createBodyDecoder(encoding)!;
      const error = await assertRejects(
        () => decodeAll(decoder, encoded.subarray(0, encoded.length - 6), 64),
        HttpError,
      );
      assertEquals(error.code, "BAD_ENCODING");
    });
  }
});

Deno.test("cancel() is safe midway, before any input, and twice", async (t) => {
  for (const encoding of ["gzip", "deflate", "br", "gzip, br"]) {
    await t.step(encoding, async () => {
      const decoder = createBodyDecoder(encoding)!;
      const format: CompressionFormat = encoding === "br"
        ? "brotli"
        : encoding === "deflate"
        ? "deflate"
        : "gzip";
      const encoded = await compress(format, TEXT);
      if (encoding !== "gzip, br") await decoder.push(encoded.subarray(0, 10));
      await decoder.cancel();
      await decoder.cancel();
    });
  }
});

Deno.test("a push stops with BODY_TOO_LARGE as soon as its output passes the budget", async (t) => {
  const zeros = new Uint8Array(8 << 20);
  const cases: [string, () => Promise<Uint8Array>][] = [
    ["gzip", () => compress("gzip", zeros)],
    ["deflate", () => compress("deflate", zeros)],
    ["br", () => compress("brotli", zeros)],
    ["gzip, br", async () => compress("brotli", await compress("gzip", zeros))],
  ];
  for (const [encoding, encode] of cases) {
    const bomb = await encode();
    await t.step(`${encoding}: ${bomb.length} bytes that decode to ${zeros.length}`, async () => {
      const decoder = createBodyDecoder(encoding, { maxStepBytes: 1024 })!;
      const error = await assertRejects(async () => {
        await decoder.push(bomb, 1 << 20);
        await decoder.finish(1 << 20);
      }, HttpError);
      assertEquals(error.code, "BODY_TOO_LARGE");
      // In a chain the stage that passed the budget names itself.
      assertMatch(
        error.message,
        /^Cannot decode [a-z]+ body: it decodes to more than 1048576 bytes$/,
      );
      await decoder.cancel(); // already cancelled: a no-op
    });
  }
  await t.step("a budget the output fits exactly is not exceeded", async () => {
    const encoded = await compress("gzip", TEXT);
    const decoder = createBodyDecoder("gzip")!;
    const pushed = await decoder.push(encoded, TEXT.length);
    const pushedBytes = pushed.reduce((sum, chunk) => sum + chunk.length, 0);
    const finished = await decoder.finish(TEXT.length - pushedBytes);
    assertEquals(pushedBytes + finished.reduce((sum, chunk) => sum + chunk.length, 0), TEXT.length);
  });
});
