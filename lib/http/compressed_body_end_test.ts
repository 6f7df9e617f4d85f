/**
 * Where a compressed body ends. Every coding is held to one rule: the body is whole when its stream
 * reaches its own end, exactly at the end of the framing. A gzip body of several members (RFC 1952
 * §2.2) decodes to their concatenation; zero bytes after the end are padding; any other byte after
 * it fails the body, as does a stream that stops before its end inside a whole Content-Length or
 * chunked body (br included, whose runtime decoder does not say so by itself).
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { concat } from "npm:deno-std@1.4.0/bytes/concat.js";
import { fetchOnce } from "../../tests/fixtures/http_harness.ts";
import {
  dribble,
  type Script,
  stall,
  startScriptedServer,
  write,
} from "../../tests/fixtures/scripted_server.ts";
import { HttpError } from "./errors.ts";
import type { RequestOptions } from "./request.ts";

const encode = (text: string) => new TextEncoder().encode(text);

/** 50,000 bytes of text that compresses, but not to nothing. */
const TEXT = (() => {
  const bytes = new Uint8Array(50_000);
  let x = 11;
  for (let i = 0; i < bytes.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = (x >>> 24) % 6 === 0 ? 32 : 97 + ((x >>> 16) % 26);
  }
  return bytes;
})();

async function compress(
  format: CompressionFormat,
  data: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([data]).stream().pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Content-Encoding value, and the format that makes it (raw deflate is sent as `deflate`). */
const CODINGS: [string, CompressionFormat][] = [
  ["gzip", "gzip"],
  ["deflate", "deflate"],
  ["deflate (raw)", "deflate-raw"],
  ["br", "brotli"],
];

const contentEncoding = (label: string) => label.split(" ")[0];

function chunked(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += 4000) {
    const piece = bytes.subarray(at, at + 4000);
    parts.push(encode(`${piece.length.toString(16)}\r\n`), piece, encode("\r\n"));
  }
  parts.push(encode("0\r\n\r\n"));
  return concat(parts);
}

/** The body framed by Content-Length (whole or dribbled) and by chunks. */
function framings(encoding: string, body: Uint8Array): [string, Script][] {
  const head = `HTTP/1.1 200 OK\r\nContent-Encoding: ${encoding}\r\n`;
  return [
    ["Content-Length", [write(`${head}Content-Length: ${body.length}\r\n\r\n`), write(body)]],
    ["chunked", [write(`${head}Transfer-Encoding: chunked\r\n\r\n`), write(chunked(body))]],
  ];
}

async function fetchScripted(script: Script, options: RequestOptions = {}) {
  await using server = startScriptedServer({ routes: { "/": script } });
  const url = server.url();
  return { url, result: await fetchOnce(url, options).catch((error) => error) };
}

async function assertRefused(script: Script, state: string) {
  const { url, result } = await fetchScripted(script);
  if (!(result instanceof HttpError)) {
    throw new Error(`expected BAD_ENCODING, got a body of ${result.bytes.length} bytes`);
  }
  assertEquals(result.code, "BAD_ENCODING", result.message);
  assertStringIncludes(result.message, `Cannot read the body of ${url}: `);
  assertStringIncludes(result.message, state);
}

Deno.test("a gzip body of several members decodes to their concatenation", async (t) => {
  const half = TEXT.length >> 1;
  const members = concat([
    await compress("gzip", TEXT.slice(0, half)),
    await compress("gzip", TEXT.slice(half)),
  ]);
  for (const [framing, script] of framings("gzip", members)) {
    await t.step(framing, async () => {
      const { result } = await fetchScripted(script);
      assertEquals(result.bytes, TEXT);
    });
  }
  await t.step("Content-Length, one byte at a time", async () => {
    const small = concat([
      await compress("gzip", encode("hello, ")),
      await compress("gzip", encode("world")),
    ]);
    const { result } = await fetchScripted([
      write(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${small.length}\r\n\r\n`),
      dribble(small),
    ]);
    assertEquals(result.text, "hello, world");
  });
});

Deno.test("bytes after the end of a compressed body fail it, whatever the coding", async (t) => {
  for (const [label, format] of CODINGS) {
    const encoded = await compress(format, TEXT);
    const withTrailer = concat([encoded, encode("<!-- served by x -->\n")]);
    for (const [framing, script] of framings(contentEncoding(label), withTrailer)) {
      await t.step(`${label}, ${framing}`, async () => {
        // gzip's own decoder reads them as a next member's header and says so in its words.
        await assertRefused(script, `cannot decode ${contentEncoding(label)} body: `);
      });
    }
  }
});

Deno.test("zero bytes after the end of a compressed body are padding, not content", async (t) => {
  for (const [label, format] of CODINGS) {
    const padded = concat([await compress(format, TEXT), new Uint8Array(512)]);
    for (const [framing, script] of framings(contentEncoding(label), padded)) {
      await t.step(`${label}, ${framing}`, async () => {
        const { result } = await fetchScripted(script);
        assertEquals(result.bytes, TEXT);
      });
    }
  }
});

Deno.test("a compressed stream cut short inside a whole body fails, br included", async (t) => {
  for (const [label, format] of CODINGS) {
    const encoded = await compress(format, TEXT);
    for (const cut of [1, 10, encoded.length >> 1]) {
      const short = encoded.slice(0, encoded.length - cut);
      for (const [framing, script] of framings(contentEncoding(label), short)) {
        await t.step(`${label}, ${cut} bytes short, ${framing}`, async () => {
          await assertRefused(script, `cannot decode ${contentEncoding(label)} body: `);
        });
      }
    }
  }
});

Deno.test("padding that never ends is bounded by maxBodyBytes, like the body", async (t) => {
  const encoded = await compress("gzip", TEXT);
  const padding = new Uint8Array(256 * 1024);
  const head = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n";
  const scripts: [string, Script][] = [
    ["until close", [
      write(`${head}\r\n`),
      write(encoded),
      ...Array(8).fill(write(padding)),
      stall(),
    ]],
    ["chunked", [
      write(`${head}Transfer-Encoding: chunked\r\n\r\n`),
      write(chunked(encoded).subarray(0, -5)), // without its last chunk
      ...Array(8).fill(write(chunked(padding).subarray(0, -5))),
      stall(),
    ]],
  ];
  for (const [framing, script] of scripts) {
    await t.step(framing, async () => {
      // Without the bound the read would wait for more padding until the idle limit.
      const { url, result } = await fetchScripted(script, {
        maxBodyBytes: 1024 * 1024,
        timeouts: { idleMs: 5_000 },
      });
      assertEquals(result.code, "BODY_TOO_LARGE", result.message);
      assertEquals(
        result.message,
        `Cannot read the body of ${url}: it exceeds maxBodyBytes (1048576) as received`,
      );
    });
  }
});
