// A validator a server sent with bytes past 0x7F (RFC 9110's obs-text, allowed in an ETag) goes
// back as those same bytes, in If-None-Match and in a resume's If-Range: sent as UTF-8 it would
// never match, and every run would download the file again in full.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run } from "../mod.ts";
import {
  close,
  type RecordedRequest,
  startScriptedServer,
  write,
} from "./fixtures/scripted_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

/** The ETag as the server sends it, one character per byte: `"café"` in ISO-8859-1. */
const ETAG = '"caf\xe9"';
const BODY = "0123456789";

/** A response head and body as bytes, one byte per character. */
function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

/** A request's field as sent, one character per byte; null when it has none. */
function fieldOf(request: RecordedRequest, name: string): string | null {
  return request.fields.find(([field]) => field.toLowerCase() === name)?.[1] ?? null;
}

const withOutDir = withTempDir("corun-received-validator-");

Deno.test("an ETag with a byte past 0x7F goes back in If-None-Match as the bytes the server sent: the next run gets a 304", async () => {
  await using server = startScriptedServer({
    respond: (request) => {
      if (fieldOf(request, "if-none-match") === ETAG) {
        return [write(bytesOf(`HTTP/1.1 304 Not Modified\r\nETag: ${ETAG}\r\n\r\n`))];
      }
      return [
        write(bytesOf(`HTTP/1.1 200 OK\r\nETag: ${ETAG}\r\nContent-Length: 10\r\n\r\n${BODY}`)),
      ];
    },
  });
  await withOutDir(async (outDir) => {
    const config = defineConfig({ tasks: [{ name: "a", fetch: server.url("/a"), save: "a.txt" }] });
    await run(config, { outDir });
    const second = await run(config, { outDir });
    assertEquals(server.requests.map((request) => fieldOf(request, "if-none-match")), [null, ETAG]);
    assertEquals(second.tasks[0].fetch?.status, 304);
    assertEquals(await Deno.readTextFile(`${outDir}/a.txt`), BODY);
  });
});

Deno.test("a UTF-8 ETag whose bytes read as C1 controls one to one (€ is E2 82 AC) goes back as sent: only text a config or task writes is refused for C1", async () => {
  const euro = '"\xe2\x82\xac"';
  await using server = startScriptedServer({
    respond: (request) => {
      if (fieldOf(request, "if-none-match") === euro) {
        return [write(bytesOf(`HTTP/1.1 304 Not Modified\r\nETag: ${euro}\r\n\r\n`))];
      }
      return [
        write(bytesOf(`HTTP/1.1 200 OK\r\nETag: ${euro}\r\nContent-Length: 10\r\n\r\n${BODY}`)),
      ];
    },
  });
  await withOutDir(async (outDir) => {
    const config = defineConfig({ tasks: [{ name: "a", fetch: server.url("/a"), save: "a.txt" }] });
    await run(config, { outDir });
    const second = await run(config, { outDir });
    assertEquals(server.requests.map((request) => fieldOf(request, "if-none-match")), [null, euro]);
    assertEquals(second.tasks[0].fetch?.status, 304);
  });
});

Deno.test("an ETag with a byte past 0x7F goes back in a resume's If-Range as the bytes the server sent: the rest comes as a 206", async () => {
  // Large enough to be streamed (a small body is read whole, and starts over).
  const big = "x".repeat(1024 * 1024);
  const half = big.length / 2;
  await using server = startScriptedServer({
    respond: (request) => {
      if (fieldOf(request, "if-range") === ETAG && fieldOf(request, "range") === `bytes=${half}-`) {
        return [
          write(bytesOf(
            `HTTP/1.1 206 Partial Content\r\nETag: ${ETAG}\r\n` +
              `Content-Range: bytes ${half}-${big.length - 1}/${big.length}\r\n` +
              `Content-Length: ${half}\r\n\r\n${big.slice(half)}`,
          )),
        ];
      }
      // Breaks off halfway, unless the range is asked (with another If-Range): then all of it.
      const head = `HTTP/1.1 200 OK\r\nETag: ${ETAG}\r\nContent-Length: ${big.length}\r\n\r\n`;
      return request.headers.has("range")
        ? [write(bytesOf(head + big))]
        : [write(bytesOf(head + big.slice(0, half))), close()];
    },
  });
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({
        defaults: { resume: true },
        tasks: [{ name: "a", fetch: server.url("/a"), save: "a.txt", retries: 1 }],
      }),
      { outDir, state: false },
    );
    assertEquals(server.requests.map((request) => fieldOf(request, "if-range")), [null, ETAG]);
    assertEquals(report.tasks[0].fetch?.status, 206);
    assertEquals(await Deno.readTextFile(`${outDir}/a.txt`), big);
  });
});
