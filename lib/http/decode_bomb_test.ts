/**
 * Decompression bombs: a compressed body is refused once it decodes to more than `maxDecodeRatio`
 * times its encoded size, or to more than `maxBodyBytes`; honest compressible bodies still decode
 * byte for byte.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { concat } from "npm:deno-std@1.4.0/bytes/concat.js";
import { fetchOnce } from "../../tests/fixtures/http_harness.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { MAX_CODINGS } from "./decoder.ts";
import { HttpError } from "./errors.ts";
import type { RequestOptions } from "./request.ts";

const FORMATS: [string, CompressionFormat][] = [
  ["gzip", "gzip"],
  ["deflate", "deflate"],
  ["br", "brotli"],
];

async function compress(data: Uint8Array, format: CompressionFormat): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Serves `encoded` with `encoding` at `/`, chunked or with a length, and fetches it. */
async function fetchEncoded(
  encoded: Uint8Array,
  encoding: string,
  options: RequestOptions = {},
  chunked = false,
) {
  await using server = startRouteServer({
    "/bomb": {
      headers: chunked
        ? { "Content-Encoding": encoding, "Transfer-Encoding": "chunked" }
        : { "Content-Encoding": encoding },
      body: chunked ? chunkedBody(encoded) : encoded,
    },
  });
  const url = server.url("/bomb");
  return { url, result: await fetchOnce(url, options).catch((e) => e) };
}

function chunkedBody(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  for (let at = 0; at < bytes.length; at += 1000) {
    const piece = bytes.subarray(at, at + 1000);
    parts.push(encoder.encode(piece.length.toString(16) + "\r\n"), piece, encoder.encode("\r\n"));
  }
  parts.push(encoder.encode("0\r\n\r\n"));
  return concat(parts);
}

/** Deterministic bytes: mostly zeros, one pseudo-random byte every `every`, so the ratio is high. */
function sparse(length: number, every: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let seed = 12345;
  for (let i = 0; i < length; i += every) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    bytes[i] = seed >>> 24;
  }
  return bytes;
}

Deno.test("a bomb past maxDecodeRatio fails with the URL, the ratio and the knob", async (t) => {
  const zeros = new Uint8Array(64 << 20);
  for (const [encoding, format] of FORMATS) {
    const bomb = await compress(zeros, format);
    for (const chunked of [false, true]) {
      await t.step(`${encoding} (${bomb.length} bytes${chunked ? ", chunked" : ""})`, async () => {
        const { url, result } = await fetchEncoded(bomb, encoding, {}, chunked);
        assert(result instanceof HttpError, String(result));
        assertEquals(result.code, "DECODE_RATIO_TOO_HIGH");
        assertEquals(result.url, url);
        assert(result.message.startsWith(`Cannot read the body of ${url}: it decodes to `));
        assert(/ \d+ times its encoded size /.test(result.message), result.message);
        assert(result.message.endsWith("more than maxDecodeRatio (1000)"), result.message);
      });
    }
  }
});

Deno.test("maxDecodeRatio is a knob: a lower one refuses what the default accepts", async () => {
  const body = sparse(4 << 20, 512); // compresses ~100-200:1
  const encoded = await compress(body, "gzip");
  const ratio = body.length / encoded.length;
  assert(ratio > 50 && ratio < 1000, `ratio ${ratio}`);
  const accepted = await fetchEncoded(encoded, "gzip");
  assertEquals(accepted.result.bytes, body);
  const refused = await fetchEncoded(encoded, "gzip", { maxDecodeRatio: 20 });
  assertEquals((refused.result as HttpError).code, "DECODE_RATIO_TOO_HIGH");
  assert((refused.result as HttpError).message.endsWith("more than maxDecodeRatio (20)"));
});

Deno.test("maxBodyBytes still trips on the decoded size of an honest compressed body", async (t) => {
  const body = sparse(3 << 20, 64);
  for (const [encoding, format] of FORMATS) {
    await t.step(encoding, async () => {
      const { url, result } = await fetchEncoded(await compress(body, format), encoding, {
        maxBodyBytes: 2 << 20,
      });
      assert(result instanceof HttpError, String(result));
      assertEquals(result.code, "BODY_TOO_LARGE");
      assert(result.message.includes(url) && result.message.includes("maxBodyBytes (2097152)"));
    });
  }
});

Deno.test("a highly compressible body under the ratio limit decodes byte for byte", async (t) => {
  const body = sparse(24 << 20, 1024);
  for (const [encoding, format] of FORMATS) {
    const encoded = await compress(body, format);
    for (const chunked of [false, true]) {
      const label = `${encoding}, ratio ${Math.round(body.length / encoded.length)}`;
      await t.step(`${label}${chunked ? ", chunked" : ""}`, async () => {
        assert(body.length / encoded.length < 1000);
        const { result } = await fetchEncoded(encoded, encoding, {}, chunked);
        assert(!(result instanceof Error), String(result));
        assertEquals(result.bytes.length, body.length);
        assertEquals(result.bytes, body);
      });
    }
  }
});

Deno.test("a small body far past the ratio is accepted: the ratio is judged past 1 MiB", async () => {
  const body = new Uint8Array(512 * 1024);
  const { result } = await fetchEncoded(await compress(body, "brotli"), "br");
  assertEquals(result.bytes, body);
});

Deno.test("a body nested in more codings than MAX_CODINGS fails unread, naming the URL; MAX_CODINGS decode", async (t) => {
  const body = new TextEncoder().encode("nested");
  const nested = async (layers: number) => {
    let bytes: Uint8Array = body;
    for (let i = 0; i < layers; i++) bytes = await compress(bytes, "gzip");
    return bytes;
  };
  const gzips = (count: number) => Array(count).fill("gzip").join(", ");
  await t.step(`${MAX_CODINGS} content codings decode`, async () => {
    const { result } = await fetchEncoded(await nested(MAX_CODINGS), gzips(MAX_CODINGS));
    assertEquals(result.bytes, body);
  });
  const refused = [
    ["content codings", gzips(MAX_CODINGS + 1), false],
    // Transfer codings count with them: `gzip, chunked` is one more.
    ["transfer and content codings", gzips(MAX_CODINGS), true],
  ] as const;
  for (const [name, contentEncoding, transferGzip] of refused) {
    await t.step(`${MAX_CODINGS + 1} ${name} fail`, async () => {
      await using server = startRouteServer({
        "/nested": {
          headers: {
            "Content-Encoding": contentEncoding,
            ...transferGzip ? { "Transfer-Encoding": "gzip, chunked" } : {},
          },
          body: transferGzip
            ? chunkedBody(await nested(MAX_CODINGS + 1))
            : await nested(MAX_CODINGS + 1),
        },
      });
      const url = server.url("/nested");
      const error = await fetchOnce(url).catch((e) => e);
      assert(error instanceof HttpError, String(error));
      assertEquals(error.code, "BAD_ENCODING");
      assertEquals(
        error.message,
        `Cannot fetch ${url}: cannot decode the body: its Transfer-Encoding and Content-Encoding ` +
          `stack ${MAX_CODINGS + 1} codings, more than the ${MAX_CODINGS} corun undoes (a fixed ` +
          "limit, as curl's: each coding is one more decoder, so a body nested without end would " +
          "cost time and memory without end)",
      );
    });
  }
});
