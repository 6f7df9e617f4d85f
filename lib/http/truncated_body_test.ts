/**
 * A compressed body cut short is never taken for a whole one: the framing (Content-Length, the last
 * chunk) or the codec must say so. The runtime's brotli stream does not report a cut stream by
 * itself: the decoder probes its end, so a br body that only the close ends is judged like the
 * others. corun does not ask for br all the same.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchOnce } from "../../tests/fixtures/http_harness.ts";
import {
  close,
  type Script,
  startScriptedServer,
  write,
} from "../../tests/fixtures/scripted_server.ts";
import { HttpError } from "./errors.ts";
import type { RequestOptions } from "./request.ts";

const FORMATS: [string, CompressionFormat][] = [
  ["gzip", "gzip"],
  ["deflate", "deflate"],
  ["br", "brotli"],
];

/** 200,000 bytes of text that compresses, but not to nothing. */
const TEXT = (() => {
  const bytes = new Uint8Array(200_000);
  let x = 7;
  for (let i = 0; i < bytes.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = (x >>> 24) % 5 === 0 ? 32 : 97 + ((x >>> 16) % 26);
  }
  return bytes;
})();

async function compress(
  format: CompressionFormat,
  data: Uint8Array<ArrayBuffer> = TEXT,
): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([data]).stream().pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function chunk(bytes: Uint8Array): Uint8Array[] {
  return [new TextEncoder().encode(bytes.length.toString(16) + "\r\n"), bytes, encode("\r\n")];
}

const encode = (text: string) => new TextEncoder().encode(text);

async function fetchScripted(script: Script, options: RequestOptions = {}) {
  await using server = startScriptedServer({ routes: { "/": script } });
  const url = server.url();
  const result = await fetchOnce(url, options).catch((error) => error);
  return { url, result, requests: server.requests.length };
}

async function rejected(script: Script, code: string, options: RequestOptions = {}) {
  const { url, result, requests } = await fetchScripted(script, options);
  if (!(result instanceof HttpError)) {
    throw new Error(`expected ${code}, got a body of ${result.bytes.length} bytes`);
  }
  assertEquals(result.code, code, result.message);
  assertStringIncludes(result.message, url);
  assertEquals(requests, 1);
  return result;
}

Deno.test("a compressed body whose transfer is cut short fails, whatever its framing", async (t) => {
  for (const [encoding, format] of FORMATS) {
    const encoded = await compress(format);
    const cut = encoded.subarray(0, encoded.length - 10);
    await t.step(`${encoding}, Content-Length, connection closed 10 bytes early`, async () => {
      await rejected([
        write(
          `HTTP/1.1 200 OK\r\nContent-Encoding: ${encoding}\r\nContent-Length: ${encoded.length}\r\n\r\n`,
        ),
        write(cut),
        close(),
      ], "EARLY_EOF");
    });
    await t.step(`${encoding}, chunked, no last chunk`, async () => {
      await rejected([
        write(
          `HTTP/1.1 200 OK\r\nContent-Encoding: ${encoding}\r\nTransfer-Encoding: chunked\r\n\r\n`,
        ),
        ...chunk(cut).map((piece) => write(piece)),
        close(),
      ], "EARLY_EOF");
    });
    await t.step(`${encoding}, until close, 10 bytes short`, async () => {
      await rejected([
        write(`HTTP/1.1 200 OK\r\nContent-Encoding: ${encoding}\r\nConnection: close\r\n\r\n`),
        write(cut),
        close(),
      ], "BAD_ENCODING");
    });
  }
});

Deno.test("a gzip or deflate stream cut short inside a whole Content-Length body fails", async (t) => {
  for (const [encoding, format] of FORMATS.slice(0, 2)) {
    const encoded = await compress(format);
    const cut = encoded.subarray(0, encoded.length - 10);
    await t.step(encoding, async () => {
      await rejected([
        write(
          `HTTP/1.1 200 OK\r\nContent-Encoding: ${encoding}\r\nContent-Length: ${cut.length}\r\n\r\n`,
        ),
        write(cut),
      ], "BAD_ENCODING");
    });
  }
});

Deno.test("a whole compressed body decodes, framed by length, chunks or the close", async (t) => {
  for (const [encoding, format] of FORMATS) {
    const encoded = await compress(format);
    const scripts: [string, Script][] = [
      ["Content-Length", [
        write(
          `HTTP/1.1 200 OK\r\nContent-Encoding: ${encoding}\r\nContent-Length: ${encoded.length}\r\n\r\n`,
        ),
        write(encoded),
      ]],
      ["chunked", [
        write(
          `HTTP/1.1 200 OK\r\nContent-Encoding: ${encoding}\r\nTransfer-Encoding: chunked\r\n\r\n`,
        ),
        ...chunk(encoded).map((piece) => write(piece)),
        write("0\r\n\r\n"),
      ]],
    ];
    scripts.push(["until close", [
      write(`HTTP/1.1 200 OK\r\nContent-Encoding: ${encoding}\r\nConnection: close\r\n\r\n`),
      write(encoded),
      close(),
    ]]);
    for (const [framing, script] of scripts) {
      await t.step(`${encoding}, ${framing}`, async () => {
        const { result } = await fetchScripted(script);
        assertEquals(result.bytes, TEXT);
      });
    }
  }
});

Deno.test("a br body that only the close ends decodes when whole, and fails when cut", async () => {
  const encoded = await compress("brotli");
  const head = write("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nConnection: close\r\n\r\n");
  const { result } = await fetchScripted([head, write(encoded), close()]);
  assertEquals(result.bytes, TEXT);
  for (const cut of [1, 10, encoded.length >> 1]) {
    const error = await rejected(
      [head, write(encoded.subarray(0, encoded.length - cut)), close()],
      "BAD_ENCODING",
    );
    assertStringIncludes(error.message, "cannot decode br body: unexpected end of file");
  }
});

Deno.test("a gzip layer over br reports the cut of an until-close body", async () => {
  const br = await compress("brotli");
  const gzipped = await compress("gzip", br);
  await rejected([
    write("HTTP/1.1 200 OK\r\nContent-Encoding: br, gzip\r\nConnection: close\r\n\r\n"),
    write(gzipped.subarray(0, gzipped.length - 10)),
    close(),
  ], "BAD_ENCODING");
  const { result } = await fetchScripted([
    write("HTTP/1.1 200 OK\r\nContent-Encoding: br, gzip\r\nConnection: close\r\n\r\n"),
    write(gzipped),
    close(),
  ]);
  assertEquals(result.bytes, TEXT);
});

Deno.test("corun asks for gzip and deflate, not br", async () => {
  await using server = startScriptedServer({
    routes: { "/": [write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")] },
  });
  await fetchOnce(server.url());
  assertEquals(server.requests[0].headers.get("accept-encoding"), "gzip, deflate");
});

Deno.test("a chunked body closed inside its trailer section fails, saying the last chunk came", async (t) => {
  const cases: [string, string][] = [
    ["right after the last chunk", "0\r\n"],
    ["inside a trailer field", "0\r\nDigest: sha-256=abc"],
  ];
  for (const [label, ending] of cases) {
    await t.step(label, async () => {
      const error = await rejected([
        write(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n${ending}`),
        close(),
      ], "EARLY_EOF");
      assertStringIncludes(
        error.message,
        "the chunked body ended after its last chunk, inside its trailer section",
      );
    });
  }
});
