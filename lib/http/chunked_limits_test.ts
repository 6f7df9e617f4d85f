/**
 * The limits of a chunked body's own lines are the head's: a trailer section is a field section
 * bounded by `maxHeaderSize` and `maxHeaderCount`, and a chunk-size line (size and extensions) or a
 * trailer line may be as long as a header line. Every refusal names the URL and the knob.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchOnce } from "../../tests/fixtures/http_harness.ts";
import { startScriptedServer, write } from "../../tests/fixtures/scripted_server.ts";
import { HttpError } from "./errors.ts";
import type { RequestOptions } from "./request.ts";

const HEAD = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

async function fetchChunked(chunks: string, options: RequestOptions = {}) {
  await using server = startScriptedServer({ routes: { "/": [write(HEAD + chunks)] } });
  const url = server.url();
  return { url, result: await fetchOnce(url, options).catch((error) => error) };
}

async function assertRefused(chunks: string, code: string, options: RequestOptions = {}) {
  const { url, result } = await fetchChunked(chunks, options);
  if (!(result instanceof HttpError)) throw new Error(`expected ${code}, got ${result.text}`);
  assertEquals(result.code, code, result.message);
  assertStringIncludes(result.message, `Cannot read the body of ${url}: `);
  return result.message;
}

Deno.test("a chunk extension of several KiB is read past, as peer parsers do", async () => {
  const { result } = await fetchChunked(`5;note="${"x".repeat(10_000)}"\r\nhello\r\n0\r\n\r\n`);
  assertEquals(result.text, "hello");
});

Deno.test("a chunk-size line longer than a header line may be fails, naming maxHeaderBytes", async () => {
  const chunks = `5;${"x".repeat(20_000)}\r\nhello\r\n0\r\n\r\n`;
  const message = await assertRefused(chunks, "LINE_TOO_LONG");
  assertStringIncludes(
    message,
    "a chunk-size line exceeds 16384 bytes, the longest maxHeaderBytes (65536) allows",
  );
  const { result } = await fetchChunked(chunks, { maxHeaderBytes: 128 * 1024 });
  assertEquals(result.text, "hello");
});

Deno.test("a trailer section is bounded by maxHeaderBytes, like the head", async (t) => {
  const trailer = (bytes: number) =>
    `5\r\nhello\r\n0\r\nX-Note: ${"x".repeat(bytes / 2)}\r\nX-More: ${
      "x".repeat(bytes / 2)
    }\r\n\r\n`;
  await t.step("20 KB of trailer fields fit the default 64 KiB", async () => {
    const { result } = await fetchChunked(trailer(20_000));
    assertEquals(result.text, "hello");
    assertEquals(result.response.body.trailers.get("x-note")?.length, 10_000);
  });
  await t.step("a lower maxHeaderBytes refuses a trailer section past it", async () => {
    const message = await assertRefused(trailer(10_000), "HEAD_TOO_LARGE", {
      maxHeaderBytes: 8192,
    });
    assertStringIncludes(message, "the trailer section exceeds maxHeaderBytes (8192)");
  });
});

Deno.test("a trailer line longer than a header line may be fails, naming maxHeaderBytes", async () => {
  const chunks = `5\r\nhello\r\n0\r\nX-Note: ${"x".repeat(20_000)}\r\n\r\n`;
  const message = await assertRefused(chunks, "LINE_TOO_LONG");
  assertStringIncludes(
    message,
    "a trailer line exceeds 16384 bytes, the longest maxHeaderBytes (65536) allows",
  );
  const { result } = await fetchChunked(chunks, { maxHeaderBytes: 128 * 1024 });
  assertEquals(result.response.body.trailers.get("x-note")?.length, 20_000);
});

Deno.test("a trailer section is bounded by maxHeaderCount, like the head", async () => {
  // 300 fields of 7 bytes: far under maxHeaderSize, over the default 256 fields.
  const chunks = "5\r\nhello\r\n0\r\n" + "X-T: v\r\n".repeat(300) + "\r\n";
  const message = await assertRefused(chunks, "TOO_MANY_HEADERS");
  assertStringIncludes(message, "the trailer section has more fields than maxHeaderCount (256)");
  const { result } = await fetchChunked(chunks, { maxHeaderCount: 300 });
  assertEquals(result.text, "hello");
  assertEquals([...result.response.body.trailers].length, 300);
});
