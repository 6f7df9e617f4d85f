/**
 * Empty lines before a status line (at the start of a response, or after an interim 1xx) are skipped,
 * as peer parsers do (RFC 9112 §2.2 asks the same robustness of servers reading requests).
 */
import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchOnce } from "../../tests/fixtures/http_harness.ts";
import { dribble, startScriptedServer, write } from "../../tests/fixtures/scripted_server.ts";
import { HttpError } from "./errors.ts";

const FINAL = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

async function fetchText(raw: string, bytewise = false) {
  await using server = startScriptedServer({
    routes: { "/": [bytewise ? dribble(raw) : write(raw)] },
  });
  const { response, text } = await fetchOnce(server.url());
  return { status: response.status, text };
}

Deno.test("empty lines before the status line are skipped", async (t) => {
  const cases: [string, string][] = [
    ["one CRLF", "\r\n" + FINAL],
    ["one LF", "\n" + FINAL],
    ["several, mixed", "\r\n\n\r\n" + FINAL],
    ["after 100 Continue (CRLF)", "HTTP/1.1 100 Continue\r\n\r\n\r\n" + FINAL],
    ["after 100 Continue (LF)", "HTTP/1.1 100 Continue\r\n\r\n\n" + FINAL],
    ["after 103 Early Hints", "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n\r\n" + FINAL],
  ];
  for (const [name, raw] of cases) {
    await t.step(name, async () => {
      assertEquals(await fetchText(raw), { status: 200, text: "hello" });
      assertEquals(await fetchText(raw, true), { status: 200, text: "hello" }, "byte by byte");
    });
  }
});

Deno.test("a bare CR before the status line is still refused", async () => {
  await using server = startScriptedServer({
    routes: { "/": [write("\rHTTP/1.1 200 OK\r\n\r\n")] },
  });
  const error = await assertRejects(() => fetchOnce(server.url()), HttpError);
  assertEquals(error.code, "BAD_STATUS_LINE");
});

Deno.test("an endless run of empty lines is refused at maxHeaderBytes", async () => {
  await using server = startScriptedServer({ routes: { "/": [write("\r\n".repeat(2048))] } });
  const error = await assertRejects(
    () => fetchOnce(server.url(), { maxHeaderBytes: 1024 }),
    HttpError,
  );
  assertEquals(error.code, "HEAD_TOO_LARGE");
});
