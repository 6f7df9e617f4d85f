// A body read for throughput is read through a larger buffer once it passes LARGE_BODY_BYTES, and the
// connection gets its own buffer back when the body ends: no byte may be lost or moved in the switch,
// whatever the framing, and a pooled connection must not keep the large buffer.
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { withClient } from "../../tests/fixtures/http_harness.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { BULK_READ_BYTES } from "./body.ts";
import { LARGE_BODY_BYTES, LARGE_READ_BUFFER_BYTES } from "./large_reads.ts";
import type { HttpClient } from "./client.ts";
import { HttpError } from "./errors.ts";
import type { HttpResponse } from "./response.ts";
import { concat } from "./deps.ts";

const BIG = pattern(LARGE_BODY_BYTES + 2 * LARGE_READ_BUFFER_BYTES + 12_345);
const AFTER = pattern(LARGE_READ_BUFFER_BYTES);

function pattern(length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, index) => (index * 7 + (index >> 12)) % 251);
}

/** `bytes` in chunked coding, pieces of an odd size so that their boundaries fall anywhere. */
function chunkedCoding(bytes: Uint8Array): Uint8Array {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += 300_007) {
    const piece = bytes.subarray(at, at + 300_007);
    parts.push(encoder.encode(`${piece.length.toString(16)}\r\n`), piece, encoder.encode("\r\n"));
  }
  parts.push(encoder.encode("0\r\n\r\n"));
  return concat(parts);
}

/** Reads a body as a file is saved (bulk reads), copying each chunk; returns them and the largest. */
function* readBulk(client: HttpClient, url: string) {
  const response = yield* client.request({ url });
  return yield* readRest(response);
}

/** Reads the rest of a response's body as `readBulk` does. */
function* readRest(response: HttpResponse, untilBytes = Infinity) {
  const chunks: Uint8Array[] = [];
  let largest = 0;
  while (response.body.bytesRead < untilBytes) {
    const chunk = yield* response.body.read(BULK_READ_BYTES);
    if (chunk === null) break;
    chunks.push(chunk.slice());
    largest = Math.max(largest, chunk.byteLength);
  }
  return { bytes: concat(chunks), largest, reused: response.reusedConnection };
}

Deno.test("a large body is read whole through the larger buffer, and the next one through the usual", async () => {
  await using server = startRouteServer({
    "/length": { body: BIG },
    "/chunked": { headers: { "Transfer-Encoding": "chunked" }, body: chunkedCoding(BIG) },
    "/after": { body: AFTER },
  });
  const results = await withClient(function* (client) {
    const length = yield* readBulk(client, server.url("/length"));
    const afterLength = yield* readBulk(client, server.url("/after"));
    const chunked = yield* readBulk(client, server.url("/chunked"));
    const afterChunked = yield* readBulk(client, server.url("/after"));
    return { length, afterLength, chunked, afterChunked };
  }, { client: { perHost: 1 } });
  assertEquals(results.length.bytes, BIG);
  assertEquals(results.chunked.bytes, BIG);
  // Past LARGE_BODY_BYTES a read gathers more than the connection's own buffer holds.
  assert(results.length.largest > BULK_READ_BYTES, `largest chunk ${results.length.largest}`);
  for (const after of [results.afterLength, results.afterChunked]) {
    assertEquals(after.bytes, AFTER);
    assert(after.reused, "the connection is reused");
    // The body ends with the connection's buffer back to its own size.
    assert(after.largest <= BULK_READ_BYTES, `largest chunk ${after.largest}`);
  }
});

Deno.test("a large body that ends with the connection's close is read whole", async () => {
  await using server = startRouteServer({
    "/close": { headers: { "Connection": "close", "Transfer-Encoding": "identity" }, body: BIG },
  });
  const result = await withClient((client) => readBulk(client, server.url("/close")));
  assertEquals(result.bytes, BIG);
});

Deno.test("with one larger buffer for the client, a second large body at once keeps its own buffer; the next takes the larger one once it is given back", async () => {
  await using server = startRouteServer({
    "/a": { body: BIG },
    "/b": { body: BIG },
    "/c": { body: BIG },
    "/d": { body: BIG },
  });
  const results = await withClient(function* (client) {
    const a = yield* client.request({ url: server.url("/a") });
    const b = yield* client.request({ url: server.url("/b") });
    // a passes LARGE_BODY_BYTES first: it takes the one larger buffer and keeps it to its end.
    const aStart = yield* readRest(a, LARGE_BODY_BYTES + LARGE_READ_BUFFER_BYTES);
    const bWhole = yield* readRest(b);
    const aRest = yield* readRest(a);
    // a gave it back at its end: c takes it, and gives it back when closed midway, for d.
    const c = yield* client.request({ url: server.url("/c") });
    const cStart = yield* readRest(c, LARGE_BODY_BYTES + 2 * LARGE_READ_BUFFER_BYTES);
    c.body.close();
    const dWhole = yield* readBulk(client, server.url("/d"));
    return { aStart, bWhole, aRest, cStart, dWhole };
  }, { client: { perHost: 2, largeReadBuffers: 1 } });
  assertEquals(concat([results.aStart.bytes, results.aRest.bytes]), BIG);
  assertEquals(results.bWhole.bytes, BIG);
  assertEquals(results.dWhole.bytes, BIG);
  // The connection's own buffer bounds every read of b: no chunk can be larger.
  assert(results.bWhole.largest <= BULK_READ_BYTES, `b's largest chunk ${results.bWhole.largest}`);
  for (const [name, read] of [["a", results.aRest], ["c", results.cStart], ["d", results.dWhole]]) {
    const { largest } = read as { largest: number };
    assert(largest > BULK_READ_BYTES, `${name}'s largest chunk ${largest}`);
  }
});

Deno.test("a large body that fails midway gives its larger buffer back: the next large body takes it", async () => {
  // Twenty whole chunks (past LARGE_BODY_BYTES), then a chunk size that is no number.
  const whole = chunkedCoding(BIG.subarray(0, 20 * 300_007));
  const broken = concat([
    whole.subarray(0, -"0\r\n\r\n".length),
    new TextEncoder().encode("zz\r\n"),
  ]);
  await using server = startRouteServer({
    "/broken": { headers: { "Transfer-Encoding": "chunked" }, body: broken },
    "/d": { body: BIG },
  });
  const results = await withClient(function* (client) {
    const response = yield* client.request({ url: server.url("/broken") });
    let failed: unknown;
    try {
      yield* readRest(response);
    } catch (error) {
      failed = error;
    }
    return { failed, d: yield* readBulk(client, server.url("/d")) };
  }, { client: { perHost: 1, largeReadBuffers: 1 } });
  assert(
    results.failed instanceof HttpError && results.failed.code === "BAD_CHUNK",
    String(results.failed),
  );
  assertEquals(results.d.bytes, BIG);
  assert(results.d.largest > BULK_READ_BYTES, `d's largest chunk ${results.d.largest}`);
});
