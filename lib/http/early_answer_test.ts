/**
 * A server that answers an upload before reading it all (a 413, a 401) and closes: the client's
 * write then fails, and the answer, not the broken pipe, is what the caller gets.
 */
import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchOnce } from "../../tests/fixtures/http_harness.ts";
import { close, pause, startScriptedServer, write } from "../../tests/fixtures/scripted_server.ts";
import { NetError } from "../net/mod.ts";
import type { RequestOptions } from "./request.ts";

/** Larger than the socket buffers of both ends: the write fails once the server has closed. */
const UPLOAD_BYTES = 32 * 1024 * 1024;

/** A server that answers every connection at once, reads none of the request, and closes. */
function startAnsweringServer(answer: string) {
  return startScriptedServer({ onConnection: () => [write(answer), close()] });
}

/**
 * A server that answers every connection at once, then neither reads the request nor closes (until
 * the test ends): the client's write stalls with the answer in its receive buffer.
 */
function startAnsweringStallingServer(answer: string) {
  return startScriptedServer({ onConnection: () => [write(answer), pause(60_000)] });
}

function upload(url: string, options?: RequestOptions) {
  return fetchOnce({
    url,
    method: "PUT",
    body: { kind: "bytes", bytes: new Uint8Array(UPLOAD_BYTES) },
  }, options);
}

Deno.test("an answer sent before an upload is read (413, then the close) is the response, not a broken pipe", async () => {
  await using server = startAnsweringServer(
    "HTTP/1.1 413 Content Too Large\r\nContent-Length: 8\r\nConnection: close\r\n\r\ntoo big!",
  );
  const fetched = await upload(server.url("/upload"));
  assertEquals([fetched.response.status, fetched.text], [413, "too big!"]);
});

Deno.test("a 2xx sent before an upload is read is not taken for a success: the failed write stands, naming the URL", async () => {
  await using server = startAnsweringServer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  const url = server.url("/upload");
  const error = await assertRejects(() => upload(url), NetError);
  assertEquals(error.code, "CONNECTION_CLOSED");
  assertEquals(
    error.message.startsWith(`Cannot fetch ${url}: cannot write 127.0.0.1:`),
    true,
    error.message,
  );
});

Deno.test("an answer sent before an upload is read, the server then neither reading nor closing, is the response once timeouts.idleMs ends the send", async () => {
  await using server = startAnsweringStallingServer(
    "HTTP/1.1 413 Content Too Large\r\nContent-Length: 8\r\nConnection: close\r\n\r\ntoo big!",
  );
  const fetched = await upload(server.url("/upload"), { timeouts: { idleMs: 300 } });
  assertEquals([fetched.response.status, fetched.text], [413, "too big!"]);
});

Deno.test("a 2xx sent before an upload is read, the server then neither reading nor closing, is no success: TIMEOUT_IDLE stands", async () => {
  await using server = startAnsweringStallingServer(
    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
  );
  const url = server.url("/upload");
  const error = await assertRejects(() => upload(url, { timeouts: { idleMs: 300 } }));
  assertEquals((error as { code?: string }).code, "TIMEOUT_IDLE");
  assertEquals(
    (error as Error).message,
    `Cannot fetch ${url}: the server took no request bytes for timeouts.idleMs (300)`,
  );
});
