import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { HttpError } from "./errors.ts";
import { prepareRequest } from "./prepare_request.ts";
import type { HttpRequest } from "./request.ts";
import { encodeHead, fieldLine, requestLine } from "./request_head.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
/** The head the client sends for `request`, with no Accept-Encoding of its own. */
const headOf = (request: HttpRequest) =>
  prepareRequest(request, { userAgent: "corun", decompress: false }).head;

Deno.test("a request's head is its request line, its fields in order, and the empty line", () => {
  const head = headOf({
    url: "http://example.com:8080/a/b?q=1",
    method: "POST",
    headers: { "User-Agent": "x", Accept: "a/b", "X-Empty": "" },
    body: { kind: "bytes", bytes: new TextEncoder().encode("hello") },
  });
  assertEquals(
    text(head),
    "POST /a/b?q=1 HTTP/1.1\r\nHost: example.com:8080\r\nUser-Agent: x\r\nAccept: a/b\r\nX-Empty: \r\n" +
      "Content-Length: 5\r\n\r\n",
  );
});

Deno.test("a request's head is ASCII one byte per character, and other text of a field as UTF-8", () => {
  const plain = "GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: corun\r\nAccept: */*\r\n\r\n";
  assertEquals(headOf({ url: "http://example.com/" }), new TextEncoder().encode(plain));
  const head = headOf({ url: "http://example.com/", headers: { "X-Name": "café" } });
  const expected =
    "GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: corun\r\nAccept: */*\r\nX-Name: café\r\n\r\n";
  assertEquals(head.length, expected.length + 1);
  assertEquals(text(head), expected);
});

Deno.test("a value received from a server goes back as its bytes; a config's non-ASCII value as UTF-8", () => {
  const sent = (value: string, received: boolean) => [
    ...encodeHead(fieldLine("If-None-Match", value, received)).subarray(15, -4),
  ];
  // `"café"` as a server sent it in ISO-8859-1: one character per byte.
  assertEquals(sent('"caf\xe9"', true), [0x22, 0x63, 0x61, 0x66, 0xe9, 0x22]);
  assertEquals(sent('"caf\xe9"', false), [0x22, 0x63, 0x61, 0x66, 0xc3, 0xa9, 0x22]);
  // Past U+00FF it cannot be bytes a server sent: UTF-8, received or not.
  assertEquals(sent("\u2713", true), [0xe2, 0x9c, 0x93]);
  assertEquals(sent("plain", true), [...new TextEncoder().encode("plain")]);
});

Deno.test("a request whose method is not a token is refused", async (t) => {
  for (const method of ["", "GET /x", "G\r\nET", "GÉT", "GET\0"]) {
    await t.step(JSON.stringify(method), () => {
      assertThrows(() => headOf({ url: "http://a/", method }), TypeError, "is not a token");
    });
  }
});

Deno.test("requestLine() refuses a target with whitespace or control characters", async (t) => {
  for (
    const target of ["", "/a b", "/a\tb", "/a\r\nHost: evil", "/a\nb", "/\0", "/\x7f", "/\x85"]
  ) {
    await t.step(JSON.stringify(target), () => {
      assertThrows(() => requestLine("GET", target), TypeError, "target");
    });
  }
});

Deno.test("a request's head refuses header injection through names and values", async (t) => {
  const cases: [string, string][] = [
    ["X-A\r\nX-Evil", "1"],
    ["Bad Name", "1"],
    ["", "1"],
    ["X-A", "1\r\nX-Evil: 1"],
    ["X-A", "1\nX-Evil: 1"],
    ["X-A", "a\0b"],
  ];
  for (const [name, value] of cases) {
    await t.step(`${JSON.stringify(name)}: ${JSON.stringify(value)}`, () => {
      const error = assertThrows(
        () => headOf({ url: "http://a/", headers: { [name]: value } }),
        HttpError,
      );
      assertEquals(error.code, "BAD_REQUEST_HEADER");
    });
  }
});
