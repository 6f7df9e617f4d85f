/**
 * A server that answers an upload before reading it all (a 413, a 401) and closes: the client's
 * write then fails, and the answer, not the broken pipe, is what the caller gets.
 */
import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchOnce } from "../../tests/fixtures/http_harness.ts";
import { close, startScriptedServer, write } from "../../tests/fixtures/scripted_server.ts";
import { NetError } from "../net/mod.ts";

/** Larger than the socket buffers of both ends: the write fails once the server has closed. */
const UPLOAD_BYTES = 32 * 1024 * 1024;

/** A server that answers every connection at once, reads none of the request, and closes. */
function startAnsweringServer(answer: string) {
  return startScriptedServer({ onConnection: () => [write(answer), close()] });
}

function upload(url: string) {
  return fetchOnce({
    url,
    method: "PUT",
    body: { kind: "bytes", bytes: new Uint8Array(UPLOAD_BYTES) },
  });
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
