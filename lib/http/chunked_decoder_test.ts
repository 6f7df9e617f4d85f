import { assert, assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { ChunkedDecoder, type ChunkedDecoderOptions } from "./chunked_decoder.ts";
import { HttpError } from "./errors.ts";

const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const latin1 = (buf: Uint8Array) => String.fromCharCode(...buf);

interface Decoded {
  body: string;
  /** Bytes consumed in all. */
  consumed: number;
  done: boolean;
  trailers: [string, string][];
}
type Outcome = Decoded | { error: string };

/** Pushes `text` in pieces of `pieceBytes`, each from a fresh buffer with junk around it. */
function feed(text: string, pieceBytes: number, options?: ChunkedDecoderOptions): Outcome {
  const decoder = new ChunkedDecoder(options);
  let body = "";
  let consumed = 0;
  try {
    for (let at = 0; at < text.length && !decoder.done; at += pieceBytes) {
      const piece = text.slice(at, at + pieceBytes);
      const buf = bytes("##" + piece + "\r\n0\r\n\r\n");
      const used = decoder.push(buf, 2, 2 + piece.length, (data, start, end) => {
        assert(data === buf, "body bytes must be views of the pushed buffer");
        assert(start >= 2 && end <= 2 + piece.length && start < end, "range within the push");
        body += latin1(data.subarray(start, end));
      });
      assert(used === piece.length || decoder.done, "stops early only at the end of the body");
      consumed += used;
    }
  } catch (error) {
    if (error instanceof HttpError) return { error: error.code };
    throw error;
  }
  return { body, consumed, done: decoder.done, trailers: [...decoder.trailers] };
}

const ok = (body: string, consumed: number, trailers: [string, string][] = []): Decoded => ({
  body,
  consumed,
  done: true,
  trailers,
});

const CASES: [string, string, Outcome, ChunkedDecoderOptions?][] = [
  ["a zero-length body", "0\r\n\r\n", ok("", 5)],
  ["one chunk", "3\r\nabc\r\n0\r\n\r\n", ok("abc", 13)],
  [
    "several chunks and hex sizes",
    "1\r\na\r\nA\r\n0123456789\r\nf\r\n" + "x".repeat(15) + "\r\n0\r\n\r\n",
    ok("a0123456789" + "x".repeat(15), 46),
  ],
  [
    "upper- and lower-case hex",
    "B\r\n" + "y".repeat(11) + "\r\nb\r\n" + "z".repeat(11) + "\r\n0\r\n\r\n",
    ok("y".repeat(11) + "z".repeat(11), 37),
  ],
  ["leading zeros in sizes", "003\r\nabc\r\n000\r\n\r\n", ok("abc", 17)],
  [
    "bytes after the body left for the next response",
    "2\r\nhi\r\n0\r\n\r\nHTTP/1.1 200 OK",
    ok("hi", 12),
  ],
  [
    "chunk extensions",
    '3;name=value\r\nabc\r\n2;a;b="q;x"\r\nde\r\n0;last\r\n\r\n',
    ok("abcde", 46),
  ],
  [
    "whitespace before extensions and after the size",
    "3 ;a=b\r\nabc\r\n1\t\r\nd\r\n0 \r\n\r\n",
    ok("abcd", 26),
  ],
  ["bare LF line endings", "3\nabc\n0\n\n", ok("abc", 9)],
  ["binary data holding CRLF and NUL", "4\r\n\r\n\0\n\r\n0\r\n\r\n", ok("\r\n\0\n", 14)],
  [
    "trailers",
    "1\r\nx\r\n0\r\nExpires: never\r\nX-Sum:  abc \r\n\r\n",
    ok("x", 41, [["Expires", "never"], ["X-Sum", "abc"]]),
  ],
  ["trailers with bare LF", "0\nA: 1\n\n", ok("", 8, [["A", "1"]])],
  ["an incomplete body", "5\r\nab", { body: "ab", consumed: 5, done: false, trailers: [] }],
  ["an incomplete trailer section", "0\r\nA: 1\r\n", {
    body: "",
    consumed: 9,
    done: false,
    trailers: [["A", "1"]],
  }],
  ["a non-hex size", "g\r\n", { error: "BAD_CHUNK" }],
  ["an empty size line", "\r\nabc", { error: "BAD_CHUNK" }],
  ["extensions without a size", ";a=b\r\n", { error: "BAD_CHUNK" }],
  ["a negative size", "-1\r\n", { error: "BAD_CHUNK" }],
  ["a 0x prefix", "0x3\r\nabc\r\n", { error: "BAD_CHUNK" }],
  ["two numbers on a size line", "1 2\r\nx\r\n", { error: "BAD_CHUNK" }],
  ["a size over 2^53 - 1", "20000000000000\r\n", { error: "BAD_CHUNK" }],
  ["a very long run of digits", "1".repeat(40) + "\r\n", { error: "BAD_CHUNK" }],
  ["a CR without LF on a size line", "3\rabc", { error: "BAD_CHUNK" }],
  ["data longer than its size", "3\r\nabcd\r\n0\r\n\r\n", { error: "BAD_CHUNK" }],
  ["a CR without LF after data", "3\r\nabc\rX", { error: "BAD_CHUNK" }],
  ["a folded line before any trailer", "0\r\n folded\r\n\r\n", { error: "BAD_HEADER" }],
  // RFC 9112 §5.2: a trailer section is a field section, its folds unfolded as the head's.
  [
    "a folded trailer",
    "0\r\nA: 1\r\n  2\r\n\t3\r\nB: 4\r\n\r\n",
    ok("", 26, [["A", "1 2 3"], [
      "B",
      "4",
    ]]),
  ],
  ["a trailer without colon", "0\r\nnope\r\n\r\n", { error: "BAD_HEADER" }],
  [
    "a size line over maxLineBytes",
    "3;" + "e".repeat(100) + "\r\nabc\r\n0\r\n\r\n",
    { error: "LINE_TOO_LONG" },
    { maxLineBytes: 64 },
  ],
  [
    "a size line of exactly maxLineBytes",
    "3;" + "e".repeat(62) + "\r\nabc\r\n0\r\n\r\n",
    ok("abc", 76),
    { maxLineBytes: 64 },
  ],
  [
    "a trailer section over maxTrailerBytes",
    "0\r\n" + "X-Pad: yyyy\r\n".repeat(10) + "\r\n",
    { error: "HEAD_TOO_LARGE" },
    { maxTrailerBytes: 64 },
  ],
  [
    "a trailer section of exactly maxTrailerBytes",
    "0\r\nA: " + "v".repeat(57) + "\r\n\r\n",
    ok("", 67, [["A", "v".repeat(57)]]),
    { maxTrailerBytes: 64 },
  ],
  [
    "more trailer fields than maxTrailerCount",
    "0\r\n" + "A: 1\r\n".repeat(4) + "\r\n",
    { error: "TOO_MANY_HEADERS" },
    { maxTrailerCount: 3 },
  ],
  [
    "exactly maxTrailerCount trailer fields",
    "0\r\n" + "A: 1\r\n".repeat(3) + "\r\n",
    ok("", 23, [["A", "1"], ["A", "1"], ["A", "1"]]),
    { maxTrailerCount: 3 },
  ],
  [
    "more trailer lines than maxTrailerCount, folded lines counted",
    "0\r\nA: 1\r\n 2\r\n 3\r\n 4\r\n\r\n",
    { error: "TOO_MANY_HEADERS" },
    { maxTrailerCount: 3 },
  ],
  [
    "a folded trailer over maxLineBytes once joined, each line under it",
    "0\r\nA: " + "v".repeat(40) + "\r\n " + "w".repeat(40) + "\r\n\r\n",
    { error: "LINE_TOO_LONG" },
    { maxLineBytes: 64 },
  ],
  [
    "a trailer line over maxLineBytes",
    "0\r\nA: " + "v".repeat(62) + "\r\n\r\n",
    { error: "LINE_TOO_LONG" },
    { maxLineBytes: 64 },
  ],
  [
    "a trailer line over maxLineBytes that never ends",
    "0\r\nA: " + "v".repeat(200),
    { error: "LINE_TOO_LONG" },
    { maxLineBytes: 64 },
  ],
  [
    "a trailer line of exactly maxLineBytes",
    "0\r\nA: " + "v".repeat(61) + "\r\n\r\n",
    ok("", 71, [["A", "v".repeat(61)]]),
    { maxLineBytes: 64 },
  ],
];

Deno.test("ChunkedDecoder gives the same outcome fed whole, byte by byte and in pieces", async (t) => {
  for (const [name, text, expected, options] of CASES) {
    await t.step(name, () => {
      assertEquals(feed(text, text.length, options), expected, "fed whole");
      assertEquals(feed(text, 1, options), expected, "fed byte by byte");
      assertEquals(feed(text, 3, options), expected, "fed three bytes at a time");
    });
  }
});

Deno.test("ChunkedDecoder accepts the largest safe chunk size", () => {
  const decoder = new ChunkedDecoder();
  const line = bytes("1FFFFFFFFFFFFF\r\nab");
  let seen = 0;
  assertEquals(decoder.push(line, 0, line.length, (_, s, e) => seen += e - s), line.length);
  assertEquals(seen, 2);
  assertEquals(decoder.done, false);
});

Deno.test("ChunkedDecoder passes one large chunk as one view, without copying", () => {
  const size = 1 << 20;
  const buf = new Uint8Array(size + 20);
  const head = bytes(size.toString(16) + "\r\n");
  buf.set(head);
  buf.set(bytes("\r\n0\r\n\r\n"), head.length + size);
  const calls: [number, number][] = [];
  const decoder = new ChunkedDecoder();
  const used = decoder.push(buf, 0, buf.length, (data, start, end) => {
    assert(data === buf);
    calls.push([start, end]);
  });
  assertEquals(calls, [[head.length, head.length + size]]);
  assertEquals(used, head.length + size + 7);
  assertEquals(decoder.done, true);
});

Deno.test("ChunkedDecoder consumes nothing once done", () => {
  const decoder = new ChunkedDecoder();
  const buf = bytes("0\r\n\r\n0\r\n\r\n");
  assertEquals(decoder.push(buf, 0, buf.length, () => {}), 5);
  assertEquals(decoder.push(buf, 5, buf.length, () => assert(false, "no data after the end")), 0);
});

Deno.test("ChunkedDecoder stops when the data callback throws", () => {
  const decoder = new ChunkedDecoder();
  const buf = bytes("3\r\nabc\r\n0\r\n\r\n");
  assertThrows(
    () =>
      decoder.push(buf, 0, buf.length, () => {
        throw new RangeError("body too large");
      }),
    RangeError,
    "body too large",
  );
  assertEquals(decoder.done, false);
});

Deno.test("ChunkedDecoder messages say what is wrong", () => {
  const decoder = new ChunkedDecoder();
  const buf = bytes("zz\r\n");
  const error = assertThrows(() => decoder.push(buf, 0, buf.length, () => {}), HttpError);
  assertEquals(
    error.message,
    "Cannot decode chunked body: chunk size has the unexpected byte 0x7a",
  );
});
