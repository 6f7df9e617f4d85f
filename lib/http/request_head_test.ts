import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { HttpError } from "./errors.ts";
import { encodeHead, encodeRequestHead, fieldLine } from "./request_head.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

Deno.test("encodeRequestHead() writes the request line, headers in order, and the empty line", () => {
  const head = encodeRequestHead("POST", "/a/b?q=1", [
    ["Host", "example.com:8080"],
    ["Content-Length", "5"],
    ["X-Empty", ""],
  ]);
  assertEquals(
    text(head),
    "POST /a/b?q=1 HTTP/1.1\r\nHost: example.com:8080\r\nContent-Length: 5\r\nX-Empty: \r\n\r\n",
  );
});

Deno.test("encodeRequestHead() writes ASCII one byte per character and other text as UTF-8", () => {
  assertEquals(
    encodeRequestHead("GET", "*", []),
    new TextEncoder().encode("GET * HTTP/1.1\r\n\r\n"),
  );
  const head = encodeRequestHead("GET", "/", [["X-Name", "café"]]);
  assertEquals(head.length, "GET / HTTP/1.1\r\nX-Name: café\r\n\r\n".length + 1);
  assertEquals(text(head), "GET / HTTP/1.1\r\nX-Name: café\r\n\r\n");
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

Deno.test("encodeRequestHead() refuses a method that is not a token", async (t) => {
  for (const method of ["", "GET /x", "G\r\nET", "GÉT", "GET\0"]) {
    await t.step(JSON.stringify(method), () => {
      assertThrows(() => encodeRequestHead(method, "/", []), TypeError, "is not a token");
    });
  }
});

Deno.test("encodeRequestHead() refuses a target with whitespace or control characters", async (t) => {
  for (
    const target of ["", "/a b", "/a\tb", "/a\r\nHost: evil", "/a\nb", "/\0", "/\x7f", "/\x85"]
  ) {
    await t.step(JSON.stringify(target), () => {
      assertThrows(() => encodeRequestHead("GET", target, []), TypeError, "target");
    });
  }
});

Deno.test("encodeRequestHead() refuses header injection through names and values", async (t) => {
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
        () => encodeRequestHead("GET", "/", [["Host", "a"], [name, value]]),
        HttpError,
      );
      assertEquals(error.code, "BAD_REQUEST_HEADER");
    });
  }
});
