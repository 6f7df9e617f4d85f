import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { compress, fetchOnce, withClient } from "../../tests/fixtures/http_harness.ts";
import { encodeResponse, startRouteServer } from "../../tests/fixtures/route_server.ts";
import {
  close,
  dribble,
  startScriptedServer,
  write,
} from "../../tests/fixtures/scripted_server.ts";
import { HttpError } from "./errors.ts";

const TEXT = "corun reads compressed bodies. ".repeat(40);

async function compressBytes(bytes: Uint8Array, format: CompressionFormat): Promise<Uint8Array> {
  const stream = new Blob([bytes.slice()]).stream().pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function chunked(bytes: Uint8Array, pieceBytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  for (let at = 0; at < bytes.length; at += pieceBytes) {
    const piece = bytes.subarray(at, at + pieceBytes);
    parts.push(encoder.encode(`${piece.length.toString(16)}\r\n`), piece, encoder.encode("\r\n"));
  }
  parts.push(encoder.encode("0\r\n\r\n"));
  const whole = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    whole.set(part, offset);
    offset += part.length;
  }
  return whole;
}

Deno.test("gzip and deflate bodies are decoded, framed by length or chunks, whole or byte by byte", async (t) => {
  for (const format of ["gzip", "deflate", "deflate-raw"] as const) {
    const encoded = await compress(TEXT, format);
    const coding = format === "gzip" ? "gzip" : "deflate";
    const responses = {
      "Content-Length": encodeResponse({ headers: { "Content-Encoding": coding }, body: encoded }),
      "chunked": encodeResponse({
        headers: { "Content-Encoding": coding, "Transfer-Encoding": "chunked" },
        body: chunked(encoded, 7),
      }),
    };
    for (const [framing, response] of Object.entries(responses)) {
      for (const [mode, step] of [["whole", write], ["byte by byte", dribble]] as const) {
        if (mode === "byte by byte" && framing === "chunked") continue; // slow, and covered above
        await t.step(`${format}, ${framing}, ${mode}`, async () => {
          await using server = startScriptedServer({ routes: { "/": [step(response)] } });
          const { text, response: fetched } = await fetchOnce(server.url());
          assertEquals(text, TEXT);
          assertEquals(fetched.body.bytesRead, TEXT.length);
          assertEquals(fetched.body.rawBytesRead, encoded.length);
        });
      }
    }
  }
});

Deno.test("with decompress: false the body is kept as received", async () => {
  const encoded = await compress(TEXT, "gzip");
  await using server = startRouteServer({
    "/": { headers: { "Content-Encoding": "gzip" }, body: encoded },
  });
  const { bytes } = await fetchOnce(server.url(), { decompress: false });
  assertEquals(bytes, encoded);
});

Deno.test("a body in an unknown Content-Encoding is kept as received", async () => {
  await using server = startRouteServer({
    "/": { headers: { "Content-Encoding": "zstd" }, body: "raw" },
  });
  const { text } = await fetchOnce(server.url());
  assertEquals(text, "raw");
});

Deno.test("a transfer coding before chunked is undone, also with decompress: false", async (t) => {
  for (const format of ["gzip", "deflate"] as const) {
    const encoded = await compress(TEXT, format);
    for (const coding of format === "gzip" ? ["gzip", "X-Gzip"] : ["deflate"]) {
      for (const decompress of [true, false]) {
        await t.step(`${coding}, chunked, decompress: ${decompress}`, async () => {
          await using server = startScriptedServer({
            routes: {
              "/": [write(encodeResponse({
                headers: { "Transfer-Encoding": `${coding}, chunked` },
                body: chunked(encoded, 100),
              }))],
            },
          });
          const { text, response } = await fetchOnce(server.url(), { decompress });
          assertEquals(text, TEXT);
          assertEquals(response.body.rawBytesRead, encoded.length);
        });
      }
    }
  }
});

Deno.test("a transfer coding is undone before the content coding, which decompress: false keeps", async () => {
  const content = await compress(TEXT, "deflate");
  const transferred = await compressBytes(content, "gzip");
  const response = encodeResponse({
    headers: { "Content-Encoding": "deflate", "Transfer-Encoding": "gzip, chunked" },
    body: chunked(transferred, 64),
  });
  await using server = startScriptedServer({ routes: { "/": [write(response)] } });
  assertEquals((await fetchOnce(server.url())).text, TEXT);
  assertEquals((await fetchOnce(server.url(), { decompress: false })).bytes, content);
});

Deno.test("a gzip transfer coding is undone when the close ends the body", async () => {
  const encoded = await compress(TEXT, "gzip");
  await using server = startScriptedServer({
    routes: {
      "/": [
        write(encodeResponse({ headers: { "Transfer-Encoding": "gzip" }, body: encoded })),
        close(),
      ],
    },
  });
  assertEquals((await fetchOnce(server.url())).text, TEXT);
});

Deno.test("a transfer coding corun cannot undo before chunked fails with BAD_FRAMING", async () => {
  await using server = startScriptedServer({
    routes: {
      "/": [write(encodeResponse({
        headers: { "Transfer-Encoding": "x-foo, chunked" },
        body: chunked(new TextEncoder().encode("coded"), 5),
      }))],
    },
  });
  const error = await assertRejects(() => fetchOnce(server.url()), HttpError);
  assertEquals([error.code, error.url], ["BAD_FRAMING", server.url()]);
  assert(error.message.includes('applies "x-foo" before chunked'), error.message);
});

Deno.test("a corrupt or truncated gzip body fails with BAD_ENCODING", async (t) => {
  const encoded = await compress(TEXT, "gzip");
  const bodies = {
    corrupt: new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0xff]),
    truncated: encoded.slice(0, encoded.length - 10),
  };
  for (const [name, body] of Object.entries(bodies)) {
    await t.step(name, async () => {
      await using server = startRouteServer({
        "/": { headers: { "Content-Encoding": "gzip" }, body },
      });
      const error = await assertRejects(() => fetchOnce(server.url()), HttpError);
      assertEquals(error.code, "BAD_ENCODING");
    });
  }
});

Deno.test("maxBodyBytes is enforced for every framing and after decoding", async (t) => {
  const big = "b".repeat(1000);
  const gzipped = await compress(big, "gzip");
  const responses = {
    "Content-Length": [write(encodeResponse({ body: big }))],
    "chunked": [
      write(
        encodeResponse({
          headers: { "Transfer-Encoding": "chunked" },
          body: chunked(new TextEncoder().encode(big), 100),
        }),
      ),
    ],
    "until close": [write(`HTTP/1.1 200 OK\r\n\r\n${big}`), close()],
    "gzip expanding past the limit": [
      write(encodeResponse({ headers: { "Content-Encoding": "gzip" }, body: gzipped })),
    ],
  };
  for (const [name, script] of Object.entries(responses)) {
    await t.step(name, async () => {
      await using server = startScriptedServer({ routes: { "/": script } });
      const error = await assertRejects(
        () => fetchOnce(server.url(), { maxBodyBytes: 500 }),
        HttpError,
      );
      assertEquals(error.code, "BODY_TOO_LARGE");
      assertEquals(server.requests.length, 1); // not retried
    });
  }
});

Deno.test("a gzip bomb is stopped while decoding: bytesRead never passes maxBodyBytes", async () => {
  const bomb = await compress("\0".repeat(16 << 20), "gzip"); // ~16 KiB, one decoder step
  await using server = startRouteServer({
    "/": { headers: { "Content-Encoding": "gzip" }, body: bomb },
  });
  const { code, bytesRead } = await withClient(function* (client) {
    const response = yield* client.request({ url: server.url() }, { maxBodyBytes: 64 * 1024 });
    try {
      while (yield* response.body.read());
      return { code: "none", bytesRead: response.body.bytesRead };
    } catch (error) {
      return { code: (error as HttpError).code, bytesRead: response.body.bytesRead };
    }
  });
  assertEquals(code, "BODY_TOO_LARGE");
  assert(bytesRead <= 64 * 1024, `${bytesRead} bytes were decoded and counted`);
});

Deno.test("a body at exactly maxBodyBytes is accepted", async () => {
  await using server = startRouteServer({ "/": { body: "x".repeat(500) } });
  const { bytes } = await fetchOnce(server.url(), { maxBodyBytes: 500 });
  assertEquals(bytes.length, 500);
});

Deno.test("a body refused as too large does not leave its connection in the pool", async () => {
  await using server = startRouteServer({
    "/big": {
      headers: { "Transfer-Encoding": "chunked" },
      body: chunked(new TextEncoder().encode("x".repeat(1000)), 100),
    },
    "/small": { body: "s" },
  });
  const result = await withClient(function* (client) {
    const big = yield* client.request({ url: server.url("/big") }, { maxBodyBytes: 10 });
    try {
      yield* big.body.bytes();
    } catch (error) {
      assert(error instanceof HttpError && error.code === "BODY_TOO_LARGE");
    }
    const small = yield* client.request({ url: server.url("/small") });
    return [yield* small.body.text(), small.reusedConnection];
  });
  assertEquals(result, ["s", false]);
  assertEquals(server.connectionCount, 2);
});

Deno.test("read() streams a body chunk by chunk and then returns null", async () => {
  await using server = startRouteServer({ "/": { body: "x".repeat(300_000) } });
  const { total, chunks, ended } = await withClient(function* (client) {
    const response = yield* client.request({ url: server.url() });
    let total = 0;
    let chunks = 0;
    for (let chunk = yield* response.body.read(); chunk; chunk = yield* response.body.read()) {
      total += chunk.length;
      chunks++;
    }
    return { total, chunks, ended: response.body.ended };
  });
  assertEquals(total, 300_000);
  assert(chunks >= 1);
  assert(ended);
});
