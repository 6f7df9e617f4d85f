import { assert, assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { HttpError } from "./errors.ts";
import {
  DEFAULT_RESPONSE_HEAD_LIMITS,
  parseResponseHead,
  type ResponseHeadLimits,
} from "./response_head.ts";

const LIMITS: ResponseHeadLimits = { maxHeaderBytes: 1024, maxHeaderCount: 8, maxLineBytes: 128 };
const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

interface Parsed {
  version: string;
  status: number;
  reason: string;
  headers: [string, string][];
  headBytes: number;
}
type Outcome = Parsed | { error: string } | "incomplete";

/** One call on the whole text, at an offset, with stale bytes after `end`. */
function feedWhole(text: string, limits: ResponseHeadLimits): Outcome {
  return attempt(text, text.length, limits);
}

/** Grows `end` one byte at a time; returns the first head or error, checking none came early. */
function feedByteByByte(text: string, limits: ResponseHeadLimits): Outcome {
  for (let end = 1; end <= text.length; end++) {
    const outcome = attempt(text, end, limits);
    if (outcome === "incomplete") continue;
    if ("headBytes" in outcome) assertEquals(outcome.headBytes, end, "head found late or early");
    return outcome;
  }
  return "incomplete";
}

function attempt(text: string, end: number, limits: ResponseHeadLimits): Outcome {
  // The prefix checks `start` handling; the stale tail must never be read as part of the head.
  const buf = bytes("XYZ" + text.slice(0, end) + "\r\n\r\nstale\n\n");
  try {
    const head = parseResponseHead(buf, 3, 3 + end, limits);
    if (head === null) return "incomplete";
    return { ...head, headers: [...head.headers.entries()] };
  } catch (error) {
    if (error instanceof HttpError) return { error: error.code };
    throw error;
  }
}

const head = (
  status: number,
  reason: string,
  headers: [string, string][],
  headBytes: number,
  version = "1.1",
): Parsed => ({ version, status, reason, headers, headBytes });

const CASES: [string, string, Outcome, ResponseHeadLimits?][] = [
  [
    "a simple head, with the body left unread",
    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nServer: x\r\n\r\nhi",
    head(200, "OK", [["Content-Length", "2"], ["Server", "x"]], 49),
  ],
  ["no headers at all", "HTTP/1.1 204 No Content\r\n\r\n", head(204, "No Content", [], 27)],
  ["HTTP/1.0", "HTTP/1.0 404 Not Found\r\n\r\n", head(404, "Not Found", [], 26, "1.0")],
  [
    "bare LF line endings",
    "HTTP/1.1 200 OK\nA: 1\nB: 2\n\nbody",
    head(200, "OK", [["A", "1"], ["B", "2"]], 27),
  ],
  ["mixed line endings", "HTTP/1.1 200 OK\r\nA: 1\n\r\n", head(200, "OK", [["A", "1"]], 24)],
  ["a status line without reason or space", "HTTP/1.1 200\r\n\r\n", head(200, "", [], 16)],
  ["an empty reason after the space", "HTTP/1.1 200 \r\n\r\n", head(200, "", [], 17)],
  ["a reason with spaces", "HTTP/1.1 418 I'm a teapot\r\n\r\n", head(418, "I'm a teapot", [], 29)],
  [
    "optional whitespace around values, repeated and empty fields",
    "HTTP/1.1 200 OK\r\nA:\t x y \r\nA: z\r\nE:\r\n\r\n",
    head(200, "OK", [["A", "x y"], ["A", "z"], ["E", ""]], 39),
  ],
  [
    "latin-1 bytes kept one to one",
    "HTTP/1.1 200 \xc3\xa9\r\nX: caf\xe9\x80\r\n\r\n",
    head(200, "\xc3\xa9", [["X", "caf\xe9\x80"]], 29),
  ],
  [
    "latin-1 bytes in a head long enough to be decoded at once",
    "HTTP/1.1 200 OK\r\nX-Long: " + "a".repeat(40) + "\xe9\x80\r\nY: b\r\n\r\n",
    head(200, "OK", [["X-Long", "a".repeat(40) + "\xe9\x80"], ["Y", "b"]], 77),
  ],
  ["an incomplete head", "HTTP/1.1 200 OK\r\nA: 1\r\n", "incomplete"],
  ["a lone CR at the end", "HTTP/1.1 200 OK\r\nA: 1\r\n\r", "incomplete"],
  // RFC 9112 §5.2: a user agent replaces each obs-fold (OWS CRLF RWS) with SP.
  [
    "obs-fold, joined with one SP",
    "HTTP/1.1 200 OK\r\nA: 1 \r\n  continued \r\nB: 2\r\n\r\n",
    head(200, "OK", [["A", "1 continued"], ["B", "2"]], 46),
  ],
  [
    "obs-fold with a tab, a bare LF and a chain of folds",
    "HTTP/1.1 200 OK\r\nA: x\n\ty\r\n \t z\n\n",
    head(200, "OK", [["A", "x y z"]], 32),
  ],
  [
    "obs-fold of an empty value, and a folded line of only whitespace",
    "HTTP/1.1 200 OK\r\nA:\r\n v\r\nB: 1\r\n \t\r\n\r\n",
    head(200, "OK", [["A", "v"], ["B", "1"]], 37),
  ],
  // RFC 9112 §2.2: a whitespace-led line before the first field would continue the status line.
  ["obs-fold before the first field", "HTTP/1.1 200 OK\r\n A: 1\r\n\r\n", {
    error: "BAD_HEADER",
  }],
  ["obs-fold of Content-Length", "HTTP/1.1 200 OK\r\nContent-Length:\r\n 5\r\n\r\n", {
    error: "BAD_HEADER",
  }],
  [
    "obs-fold of Transfer-Encoding",
    "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n  abc\r\n\r\n",
    {
      error: "BAD_HEADER",
    },
  ],
  ["a control character in a folded line", "HTTP/1.1 200 OK\r\nA: 1\r\n x\x1by\r\n\r\n", {
    error: "BAD_HEADER",
  }],
  ["whitespace before the colon", "HTTP/1.1 200 OK\r\nA : 1\r\n\r\n", { error: "BAD_HEADER" }],
  ["a header without colon", "HTTP/1.1 200 OK\r\nnonsense\r\n\r\n", { error: "BAD_HEADER" }],
  ["a NUL in a value", "HTTP/1.1 200 OK\r\nA: x\0y\r\n\r\n", { error: "BAD_HEADER" }],
  // RFC 9110 §5.5: control characters are invalid in a value; an ESC would reach logs and terminals.
  ["a control character in a value", "HTTP/1.1 200 OK\r\nA: F\x01ail\r\n\r\n", {
    error: "BAD_HEADER",
  }],
  ["an ESC in a value", "HTTP/1.1 200 OK\r\nA: \x1b[31mred\r\n\r\n", { error: "BAD_HEADER" }],
  ["a DEL in a value", "HTTP/1.1 200 OK\r\nA: x\x7fy\r\n\r\n", { error: "BAD_HEADER" }],
  [
    "a tab inside a value",
    "HTTP/1.1 200 OK\r\nA: x\ty\r\n\r\n",
    head(200, "OK", [["A", "x\ty"]], 27),
  ],
  ["a bare CR in a value", "HTTP/1.1 200 OK\r\nA: x\ry\r\n\r\n", { error: "BAD_HEADER" }],
  ["HTTP/2", "HTTP/2 200 OK\r\n\r\n", { error: "BAD_STATUS_LINE" }],
  ["HTTP/1.2", "HTTP/1.2 200 OK\r\n\r\n", { error: "BAD_STATUS_LINE" }],
  ["a two-digit status", "HTTP/1.1 20 OK\r\n\r\n", { error: "BAD_STATUS_LINE" }],
  ["a four-digit status", "HTTP/1.1 2000 OK\r\n\r\n", { error: "BAD_STATUS_LINE" }],
  ["a status below 100", "HTTP/1.1 099 x\r\n\r\n", { error: "BAD_STATUS_LINE" }],
  ["letters for status", "HTTP/1.1 abc OK\r\n\r\n", { error: "BAD_STATUS_LINE" }],
  ["two spaces before the status", "HTTP/1.1  200 OK\r\n\r\n", { error: "BAD_STATUS_LINE" }],
  ["a lower-case version", "http/1.1 200 OK\r\n\r\n", { error: "BAD_STATUS_LINE" }],
  ["a NUL in the reason", "HTTP/1.1 200 O\0K\r\n\r\n", { error: "BAD_STATUS_LINE" }],
  // RFC 9112 §4 allows HTAB, SP, VCHAR and obs-text; other controls (and C1, 0x80-0x9F) become "?",
  // so that no escape sequence reaches a message, a log or a terminal.
  [
    "control characters in the reason",
    "HTTP/1.1 404 \x1b[2J\x1b]0;PWNED\x07\x1b[31mFAKE-OK\x7f\x9b0m\r\n\r\n",
    head(404, "?[2J?]0;PWNED??[31mFAKE-OK??0m", [], 47),
  ],
  ["a tab in the reason", "HTTP/1.1 200 A\tB\r\n\r\n", head(200, "A\tB", [], 20)],
  ["obs-text past the C1 range", "HTTP/1.1 200 \xa0\xff\r\n\r\n", head(200, "\xa0\xff", [], 19)],
  // Skipped as peer parsers do (RFC 9112 §2.2's robustness rule); a bare CR is not an empty line.
  ["a leading empty line", "\r\nHTTP/1.1 200 OK\r\n\r\n", head(200, "OK", [], 21)],
  ["leading bare LFs", "\n\nHTTP/1.1 200 OK\r\n\r\n", head(200, "OK", [], 21)],
  ["a leading bare CR", "\rHTTP/1.1 200 OK\r\n\r\n", { error: "BAD_STATUS_LINE" }],
  ["a peer that is not HTTP", "SSH-2.0-OpenSSH_9.6\r\n", { error: "BAD_STATUS_LINE" }],
  [
    "a head of exactly maxHeaderBytes",
    "HTTP/1.1 200 OK\r\nA: 123\r\n\r\n",
    head(200, "OK", [["A", "123"]], 27),
    { maxHeaderBytes: 27, maxHeaderCount: 8, maxLineBytes: 128 },
  ],
  [
    "a head one byte over maxHeaderBytes",
    "HTTP/1.1 200 OK\r\nA: 1234\r\n\r\n",
    { error: "HEAD_TOO_LARGE" },
    { maxHeaderBytes: 27, maxHeaderCount: 8, maxLineBytes: 128 },
  ],
  [
    "an oversize head that never ends",
    "HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(200),
    { error: "HEAD_TOO_LARGE" },
    { maxHeaderBytes: 64, maxHeaderCount: 1000, maxLineBytes: 128 },
  ],
  [
    "exactly maxHeaderCount fields",
    "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\n\r\n",
    head(200, "OK", [["A", "1"], ["B", "2"]], 31),
    { maxHeaderBytes: 1024, maxHeaderCount: 2, maxLineBytes: 128 },
  ],
  [
    "too many header fields",
    "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n",
    { error: "TOO_MANY_HEADERS" },
    { maxHeaderBytes: 1024, maxHeaderCount: 2, maxLineBytes: 128 },
  ],
  [
    "a line of exactly maxLineBytes",
    "HTTP/1.1 200 OK\r\nA: 12345\r\n\r\n",
    head(200, "OK", [["A", "12345"]], 29),
    { maxHeaderBytes: 1024, maxHeaderCount: 8, maxLineBytes: 15 },
  ],
  [
    "a header line over maxLineBytes",
    "HTTP/1.1 200 OK\r\nA: 123456789012345\r\n\r\n",
    { error: "LINE_TOO_LONG" },
    { maxHeaderBytes: 1024, maxHeaderCount: 8, maxLineBytes: 15 },
  ],
  [
    "a folded field of exactly maxLineBytes once joined",
    "HTTP/1.1 200 OK\r\nA: 12345\r\n 789012\r\n\r\n",
    head(200, "OK", [["A", "12345 789012"]], 38),
    { maxHeaderBytes: 1024, maxHeaderCount: 8, maxLineBytes: 15 },
  ],
  [
    "a fold chain over maxLineBytes once joined, each line under it",
    "HTTP/1.1 200 OK\r\nA: 12345\r\n 789012\r\n 4\r\n\r\n",
    { error: "LINE_TOO_LONG" },
    { maxHeaderBytes: 1024, maxHeaderCount: 8, maxLineBytes: 15 },
  ],
  [
    "a fold chain: each folded line counts against maxHeaderCount",
    "HTTP/1.1 200 OK\r\nA: 1\r\n 2\r\n 3\r\n\r\n",
    { error: "TOO_MANY_HEADERS" },
    { maxHeaderBytes: 1024, maxHeaderCount: 2, maxLineBytes: 128 },
  ],
  [
    "a fold chain past maxHeaderBytes",
    "HTTP/1.1 200 OK\r\nA: 1\r\n" + " 2\r\n".repeat(20) + "\r\n",
    { error: "HEAD_TOO_LARGE" },
    { maxHeaderBytes: 64, maxHeaderCount: 1000, maxLineBytes: 128 },
  ],
  [
    "an overlong line that never ends",
    "HTTP/1.1 200 OK\r\nA: " + "x".repeat(500),
    { error: "LINE_TOO_LONG" },
    { maxHeaderBytes: 1024, maxHeaderCount: 8, maxLineBytes: 15 },
  ],
];

Deno.test("parseResponseHead() gives the same outcome fed whole and byte by byte", async (t) => {
  for (const [name, text, expected, limits = LIMITS] of CASES) {
    await t.step(name, () => {
      assertEquals(feedWhole(text, limits), expected, "fed whole");
      assertEquals(feedByteByByte(text, limits), expected, "fed byte by byte");
    });
  }
});

Deno.test("parseResponseHead() refuses a dribbled head as soon as it passes maxHeaderBytes", () => {
  const text = "HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(100);
  const limits = { maxHeaderBytes: 64, maxHeaderCount: 1000, maxLineBytes: 128 };
  for (let end = 1; end < 64; end++) assertEquals(attempt(text, end, limits), "incomplete");
  assertEquals(attempt(text, 64, limits), { error: "HEAD_TOO_LARGE" });
});

Deno.test("parseResponseHead() refuses a non-HTTP peer from its first wrong byte", () => {
  assertEquals(attempt("HTTP/1.1", 8, LIMITS), "incomplete");
  assertEquals(attempt("HTTQ", 4, LIMITS), { error: "BAD_STATUS_LINE" });
  assertEquals(attempt("<html>", 1, LIMITS), { error: "BAD_STATUS_LINE" });
});

Deno.test("parseResponseHead() parses the next head after a 100 Continue", () => {
  const buf = bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nA: b\r\n\r\n");
  const first = parseResponseHead(buf, 0, buf.length, DEFAULT_RESPONSE_HEAD_LIMITS);
  assertEquals(first?.status, 100);
  const second = parseResponseHead(buf, first!.headBytes, buf.length, DEFAULT_RESPONSE_HEAD_LIMITS);
  assertEquals(second?.status, 200);
  assertEquals(second?.headers.get("a"), "b");
  assertEquals(first!.headBytes + second!.headBytes, buf.length);
});

Deno.test("parseResponseHead() messages say what failed and the limit", async (t) => {
  // Empty lines before the status line count against the head's size, not against the limit named.
  for (const before of ["", "\r\n\r\n"]) {
    await t.step(before === "" ? "a head" : "a head after empty lines", () => {
      const buf = bytes(`${before}HTTP/1.1 200 OK\r\n` + "X: y\r\n".repeat(100));
      const error = assertThrows(
        () => parseResponseHead(buf, 0, buf.length, { ...LIMITS, maxHeaderBytes: 64 }),
        HttpError,
      );
      assertEquals(error.message, "Cannot parse response head: it exceeds maxHeaderBytes (64)");
      const fields = assertThrows(
        () => parseResponseHead(buf, 0, buf.length, { ...LIMITS, maxHeaderCount: 3 }),
        HttpError,
      );
      assertEquals(
        fields.message,
        "Cannot parse response head: it has more header fields than maxHeaderCount (3)",
      );
      const long = bytes(`${before}HTTP/1.1 200 OK\r\nX: ${"y".repeat(100)}\r\n\r\n`);
      const line = assertThrows(
        () => parseResponseHead(long, 0, long.length, { ...LIMITS, maxLineBytes: 64 }),
        HttpError,
      );
      assertEquals(
        line.message,
        "Cannot parse response head: a line exceeds 64 bytes, the longest maxHeaderBytes (1024) allows",
      );
    });
  }
  const status = assertThrows(
    () => parseResponseHead(bytes("HTTP/1.1 2x0 OK\r\n"), 0, 17, LIMITS),
    HttpError,
  );
  assert(status.message.includes('"HTTP/1.1 2x0 OK"'), status.message);
});

Deno.test("parseResponseHead() quotes a bad status line with its control characters escaped", () => {
  const line = "HTTP/1.1 2\x9b0 \x1b[2J\r\n";
  const error = assertThrows(
    () => parseResponseHead(bytes(line), 0, line.length, LIMITS),
    HttpError,
  );
  assertEquals(
    error.message,
    'Cannot parse response head: status line "HTTP/1.1 2\\u009b0 \\u001b[2J" is not "HTTP/1.x NNN reason"',
  );
});
