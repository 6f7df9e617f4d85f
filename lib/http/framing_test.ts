import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { HttpError } from "./errors.ts";
import { type BodyFraming, bodyFraming, isKeepAlive } from "./framing.ts";
import { HeaderList } from "./headers.ts";

type Expected = BodyFraming | "BAD_FRAMING";

const CASES: [string, string, number, [string, string][], Expected][] = [
  ["a HEAD response, whatever its headers", "HEAD", 200, [["Content-Length", "10"]], {
    kind: "none",
  }],
  ["a lower-case head method", "head", 200, [["Content-Length", "10"]], { kind: "none" }],
  ["100 Continue", "GET", 100, [], { kind: "none" }],
  ["103 Early Hints", "GET", 103, [["Link", "</a>"]], { kind: "none" }],
  ["204 No Content", "GET", 204, [["Content-Length", "5"]], { kind: "none" }],
  ["304 Not Modified", "GET", 304, [["Transfer-Encoding", "chunked"]], { kind: "none" }],
  ["Content-Length", "GET", 200, [["Content-Length", "42"]], { kind: "length", length: 42 }],
  ["a zero Content-Length", "POST", 201, [["Content-Length", "0"]], { kind: "length", length: 0 }],
  ["leading zeros", "GET", 200, [["Content-Length", "007"]], { kind: "length", length: 7 }],
  ["a large length", "GET", 200, [["Content-Length", "268435456"]], {
    kind: "length",
    length: 268435456,
  }],
  ["identical repeated fields", "GET", 200, [["Content-Length", "5"], ["content-length", "5"]], {
    kind: "length",
    length: 5,
  }],
  ["an identical comma list", "GET", 200, [["Content-Length", "5, 5"]], {
    kind: "length",
    length: 5,
  }],
  [
    "differing repeated fields",
    "GET",
    200,
    [["Content-Length", "5"], ["Content-Length", "6"]],
    "BAD_FRAMING",
  ],
  ["a differing comma list", "GET", 200, [["Content-Length", "5, 6"]], "BAD_FRAMING"],
  ["an empty list element", "GET", 200, [["Content-Length", "5,"]], "BAD_FRAMING"],
  ["an empty Content-Length", "GET", 200, [["Content-Length", ""]], "BAD_FRAMING"],
  ["a negative Content-Length", "GET", 200, [["Content-Length", "-1"]], "BAD_FRAMING"],
  ["a signed Content-Length", "GET", 200, [["Content-Length", "+5"]], "BAD_FRAMING"],
  ["a hex Content-Length", "GET", 200, [["Content-Length", "0x10"]], "BAD_FRAMING"],
  ["a fractional Content-Length", "GET", 200, [["Content-Length", "1.5"]], "BAD_FRAMING"],
  [
    "a Content-Length past 2^53",
    "GET",
    200,
    [["Content-Length", "9007199254740993"]],
    "BAD_FRAMING",
  ],
  ["chunked", "GET", 200, [["Transfer-Encoding", "chunked"]], { kind: "chunked" }],
  ["chunked in capitals", "GET", 200, [["Transfer-Encoding", "CHUNKED"]], { kind: "chunked" }],
  // The codings before a final chunked are the client's to undo: never handed out as the body.
  ["gzip then chunked", "GET", 200, [["Transfer-Encoding", "gzip, chunked"]], {
    kind: "chunked",
    transferCodings: ["gzip"],
  }],
  ["chunked last across fields", "GET", 200, [["Transfer-Encoding", "gzip"], [
    "Transfer-Encoding",
    "chunked",
  ]], { kind: "chunked", transferCodings: ["gzip"] }],
  ["several codings in capitals", "GET", 200, [["Transfer-Encoding", "X-GZIP, Deflate, Chunked"]], {
    kind: "chunked",
    transferCodings: ["x-gzip", "deflate"],
  }],
  ["identity before chunked", "GET", 200, [["Transfer-Encoding", "identity, chunked"]], {
    kind: "chunked",
  }],
  [
    "an unknown coding before chunked",
    "GET",
    200,
    [["Transfer-Encoding", "x-foo, chunked"]],
    "BAD_FRAMING",
  ],
  ["br before chunked", "GET", 200, [["Transfer-Encoding", "br, chunked"]], "BAD_FRAMING"],
  [
    "compress before chunked",
    "GET",
    200,
    [["Transfer-Encoding", "compress, chunked"]],
    "BAD_FRAMING",
  ],
  ["chunked twice", "GET", 200, [["Transfer-Encoding", "chunked, chunked"]], "BAD_FRAMING"],
  // Without a final chunked the body runs to the close; a coding corun can undo still is.
  ["a lone non-chunked coding", "GET", 200, [["Transfer-Encoding", "gzip"]], {
    kind: "close",
    transferCodings: ["gzip"],
  }],
  // Kept as received, as peer parsers and the conformance vectors have it.
  ["a final coding other than chunked", "GET", 200, [["Transfer-Encoding", "chunked, gzip"]], {
    kind: "close",
  }],
  ["a final identity", "GET", 200, [["Transfer-Encoding", "chunked, identity"]], { kind: "close" }],
  ["a lone unknown coding", "GET", 200, [["Transfer-Encoding", "x-foo"]], { kind: "close" }],
  ["Content-Length with Transfer-Encoding", "GET", 200, [["Content-Length", "5"], [
    "Transfer-Encoding",
    "chunked",
  ]], "BAD_FRAMING"],
  ["Content-Length with a non-chunked Transfer-Encoding", "GET", 200, [[
    "Transfer-Encoding",
    "identity",
  ], ["Content-Length", "5"]], "BAD_FRAMING"],
  ["no framing headers", "GET", 200, [], { kind: "close" }],
  ["no framing headers on an error", "GET", 500, [["Content-Type", "text/plain"]], {
    kind: "close",
  }],
];

Deno.test("bodyFraming() follows RFC 9112 §6.3 and refuses ambiguous framing", async (t) => {
  for (const [name, method, status, fields, expected] of CASES) {
    await t.step(name, () => {
      const headers = new HeaderList(fields);
      if (expected === "BAD_FRAMING") {
        const error = assertThrows(() => bodyFraming(method, status, headers), HttpError);
        assertEquals(error.code, "BAD_FRAMING");
        assertEquals(error.message.startsWith("Cannot frame response body: "), true);
      } else {
        assertEquals(bodyFraming(method, status, headers), expected);
      }
    });
  }
});

Deno.test("bodyFraming() names a transfer coding it cannot undo, its control characters escaped", () => {
  const headers = new HeaderList([["Transfer-Encoding", "X-Foo\x9b, chunked"]]);
  const error = assertThrows(() => bodyFraming("GET", 200, headers), HttpError);
  assertEquals(error.code, "BAD_FRAMING");
  assertEquals(
    error.message,
    'Cannot frame response body: Transfer-Encoding "X-Foo\\u009b, chunked" applies "x-foo\\u009b" ' +
      "before chunked, and corun undoes only gzip, x-gzip and deflate there",
  );
});

Deno.test("bodyFraming() quotes a bad Content-Length with its control characters escaped", () => {
  const headers = new HeaderList([["Content-Length", "5\x9b[2J"]]);
  const error = assertThrows(() => bodyFraming("GET", 200, headers), HttpError);
  assertEquals(
    error.message,
    'Cannot frame response body: Content-Length "5\\u009b[2J" is not a valid length',
  );
});

const KEEP_ALIVE: [
  string,
  "1.0" | "1.1",
  Record<string, string> | undefined,
  [string, string][],
  boolean,
][] = [
  ["HTTP/1.1 by default", "1.1", undefined, [], true],
  ["HTTP/1.1 with Connection: close", "1.1", undefined, [["Connection", "close"]], false],
  ["HTTP/1.1 with close in a list", "1.1", undefined, [["Connection", "Upgrade, CLOSE"]], false],
  ["HTTP/1.1 when the request said close", "1.1", { connection: "close" }, [], false],
  [
    "HTTP/1.1 when the request said Close in another case",
    "1.1",
    { "CONNECTION": "Close" },
    [],
    false,
  ],
  ["HTTP/1.1 with other request headers", "1.1", { host: "a" }, [], true],
  ["HTTP/1.0 by default", "1.0", undefined, [], false],
  ["HTTP/1.0 with keep-alive", "1.0", undefined, [["Connection", "Keep-Alive"]], true],
  ["HTTP/1.0 with keep-alive but the request said close", "1.0", { Connection: "close" }, [[
    "Connection",
    "keep-alive",
  ]], false],
  ["HTTP/1.0 with keep-alive and close", "1.0", undefined, [["Connection", "keep-alive"], [
    "Connection",
    "close",
  ]], false],
  // RFC 9112 §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing: close after it.
  ["HTTP/1.0 with keep-alive and Transfer-Encoding", "1.0", undefined, [
    ["Connection", "keep-alive"],
    ["Transfer-Encoding", "chunked"],
  ], false],
  ["HTTP/1.1 with Transfer-Encoding", "1.1", undefined, [["Transfer-Encoding", "chunked"]], true],
];

Deno.test("isKeepAlive() reads the version and both sides' Connection options", async (t) => {
  for (const [name, version, request, response, expected] of KEEP_ALIVE) {
    await t.step(name, () => {
      assertEquals(isKeepAlive(version, request, new HeaderList(response)), expected);
      if (request) {
        const asList = new HeaderList(Object.entries(request));
        assertEquals(isKeepAlive(version, asList, new HeaderList(response)), expected);
      }
    });
  }
});
