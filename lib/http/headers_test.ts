import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { HttpError } from "./errors.ts";
import {
  decodeLatin1,
  HeaderList,
  parseFieldLine,
  validateHeaderName,
  validateHeaderValue,
} from "./headers.ts";
import { quoteReceived } from "./quote_received.ts";

const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

function codeOf(fn: () => unknown): string {
  const error = assertThrows(fn, HttpError);
  return error.code;
}

Deno.test("HeaderList looks names up case-insensitively and keeps their order and case", () => {
  const list = new HeaderList([["Content-Type", "text/html"], ["X-A", "1"]]);
  list.append("x-a", "2");
  assertEquals(list.size, 3);
  assertEquals(list.get("content-type"), "text/html");
  assertEquals(list.get("X-a"), "1, 2");
  assertEquals(list.getAll("X-A"), ["1", "2"]);
  assertEquals(list.get("missing"), null);
  assertEquals(list.getAll("missing"), []);
  assertEquals(list.has("CONTENT-TYPE"), true);
  assertEquals(list.has("content"), false);
  assertEquals([...list.entries()], [["Content-Type", "text/html"], ["X-A", "1"], ["x-a", "2"]]);
  assertEquals([...list], [...list.entries()]);
});

Deno.test("HeaderList.get() returns the first Set-Cookie, since cookies cannot be comma-joined", () => {
  const list = new HeaderList([
    ["Set-Cookie", "a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT"],
    ["set-cookie", "b=2"],
  ]);
  assertEquals(list.get("set-cookie"), "a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT");
  assertEquals(list.getAll("Set-Cookie").length, 2);
});

Deno.test("HeaderList.toRecord() lower-cases names and joins repeats", () => {
  const list = new HeaderList([
    ["Vary", "Accept"],
    ["VARY", "Origin"],
    ["Set-Cookie", "a=1, x"],
    ["Set-Cookie", "b=2"],
    ["__proto__", "p"],
  ]);
  const record = list.toRecord();
  assertEquals(record.vary, "Accept, Origin");
  assertEquals(record["set-cookie"], "a=1, x\nb=2");
  assertEquals(Object.hasOwn(record, "__proto__"), true);
  assertEquals(Object.getPrototypeOf(record), Object.prototype);
});

Deno.test("validateHeaderName() accepts tokens and refuses everything else", async (t) => {
  for (const name of ["Host", "x-a_b.c~d", "!#$%&'*+-.^_`|~09AZaz"]) {
    await t.step(`accepts ${JSON.stringify(name)}`, () => validateHeaderName(name));
  }
  for (const name of ["", "Bad Name", "a:b", "a\r\nb", "é", "a\0", "(x)", "a/b"]) {
    await t.step(`refuses ${JSON.stringify(name)}`, () => {
      assertEquals(codeOf(() => validateHeaderName(name)), "BAD_REQUEST_HEADER");
    });
  }
});

Deno.test("validateHeaderName() quotes a bad name only up to its first wrong character: a value written into the name (a credential) is never in the error", () => {
  const messageOf = (name: string) =>
    assertThrows(() => validateHeaderName(name), HttpError).message;
  const withValue = messageOf("Authorization: Bearer S3cret");
  assertEquals(
    withValue,
    'Cannot send header "Authorization"…: the name is not a valid token (":" may not be in a ' +
      "name; the 14 characters after it are not shown: a value belongs apart from its name)",
  );
  assertEquals(
    messageOf("X-A\u0085"),
    'Cannot send header "X-A\\u0085": the name is not a valid token ("\\u0085" may not be in a name)',
  );
  assertEquals(messageOf(""), 'Cannot send header "": a name cannot be empty');
});

Deno.test("validateHeaderValue() refuses every control character but tab: CR, LF and NUL would inject header lines", async (t) => {
  for (const value of ["", "plain", "tab\there", "utf-8 é ✓", "c1 \u0085 as UTF-8"]) {
    await t.step(`accepts ${JSON.stringify(value)}`, () => validateHeaderValue("X", value));
  }
  for (const value of ["a\r\nX-Evil: 1", "a\nb", "a\rb", "a\0b", "x\x01y", "a\x1bb", "a\x7fb"]) {
    await t.step(`refuses ${JSON.stringify(value)}`, () => {
      assertEquals(codeOf(() => validateHeaderValue("X", value)), "BAD_REQUEST_HEADER");
    });
  }
});

Deno.test("decodeLatin1() maps every byte to the same code point, even past 8192 bytes", () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const text = decodeLatin1(all, 0, 256);
  for (let i = 0; i < 256; i++) assertEquals(text.charCodeAt(i), i);
  const long = new Uint8Array(20_000).fill(0x41);
  assertEquals(decodeLatin1(long, 5, 20_000), "A".repeat(19_995));
});

Deno.test("decodeLatin1() reads long ASCII runs and long runs with one high byte alike", () => {
  const ascii = Uint8Array.from({ length: 100 }, (_, i) => 0x20 + i);
  assertEquals(decodeLatin1(ascii, 3, 90), String.fromCharCode(...ascii.subarray(3, 90)));
  const high = ascii.slice();
  high[80] = 0x80; // windows-1252 would read this as the euro sign
  const text = decodeLatin1(high, 0, 100);
  assertEquals(text.charCodeAt(80), 0x80);
  assertEquals(text, String.fromCharCode(...high));
});

Deno.test("parseFieldLine() trims optional whitespace around the value", () => {
  const list = new HeaderList();
  const line = bytes("XX Name:\t  a b \t");
  parseFieldLine(line, 3, line.length, list, "test");
  parseFieldLine(bytes("Empty:"), 0, 6, list, "test");
  assertEquals([...list], [["Name", "a b"], ["Empty", ""]]);
});

Deno.test("parseFieldLine() refuses malformed field lines", async (t) => {
  const cases = [
    [" folded", "obs-fold with SP before any field"],
    ["\tfolded", "obs-fold with HT before any field"],
    ["Name : v", "whitespace before the colon"],
    ["Na me: v", "whitespace inside the name"],
    ["no colon", "no colon"],
    [": v", "empty name"],
    ["N\u00e9: v", "non-ASCII name"],
    ["N: a\rb", "bare CR in value"],
    ["N: a\0b", "NUL in value"],
  ];
  for (const [line, what] of cases) {
    await t.step(what, () => {
      const error = assertThrows(
        () => parseFieldLine(bytes(line), 0, line.length, new HeaderList(), "test"),
        HttpError,
      );
      assertEquals(error.code, "BAD_HEADER");
      assertEquals(error.message.startsWith("Cannot parse test: "), true);
    });
  }
});

/** Parses each line into one list, as a head parser does. */
function parseLines(lines: string[], limits?: Parameters<typeof parseFieldLine>[5]): HeaderList {
  const list = new HeaderList();
  for (const line of lines) parseFieldLine(bytes(line), 0, line.length, list, "test", limits);
  return list;
}

Deno.test("parseFieldLine() joins a folded line to the value of the field before it with one SP", () => {
  const list = parseLines([
    "X-Long: part one \t",
    "  part two ",
    "\tpart three",
    "Empty:",
    " now set",
    "Kept: as is",
    " \t ",
    "Set-Cookie: a=1;",
    " Path=/",
  ]);
  assertEquals([...list], [
    ["X-Long", "part one part two part three"],
    ["Empty", "now set"],
    ["Kept", "as is"],
    ["Set-Cookie", "a=1; Path=/"],
  ]);
  assertEquals(list.get("x-long"), "part one part two part three");
});

Deno.test("parseFieldLine() refuses a folded line where it would be dangerous", async (t) => {
  const cases: [string[], string][] = [
    [
      [" Host: evil.test"],
      "a header line starts with whitespace (obsolete line folding) before any header it could continue",
    ],
    [
      ["content-length: 1", " 0"],
      "header \"content-length\" is folded onto the next line (obsolete line folding), which leaves the body's framing to each parser's reading",
    ],
    [
      ["Transfer-Encoding: chunked", "  abc"],
      "header \"Transfer-Encoding\" is folded onto the next line (obsolete line folding), which leaves the body's framing to each parser's reading",
    ],
    [
      ["Set-Cookie: sid=S3cret", " x\x1by"],
      'a folded line of header "Set-Cookie" contains the control character 0x1b',
    ],
  ];
  for (const [lines, expected] of cases) {
    await t.step(JSON.stringify(lines), () => {
      const error = assertThrows(() => parseLines(lines), HttpError);
      assertEquals([error.code, error.message], ["BAD_HEADER", `Cannot parse test: ${expected}`]);
    });
  }
});

Deno.test("parseFieldLine() holds a field joined from folded lines to the line limit", () => {
  const limits = { maxLineBytes: 13, maxHeaderBytes: 48 };
  assertEquals([...parseLines(["A: 12345", " 7890"], limits)], [["A", "12345 7890"]]);
  const error = assertThrows(() => parseLines(["A: 12345", " 7890", " 2"], limits), HttpError);
  assertEquals(
    [error.code, error.message],
    [
      "LINE_TOO_LONG",
      'Cannot parse test: header "A", its folded lines joined, exceeds 13 bytes, the longest maxHeaderBytes (48) allows',
    ],
  );
});

Deno.test("parseFieldLine() quotes a bad name with its control characters escaped", () => {
  const line = "X\x9b2J\x85: v";
  const error = assertThrows(
    () => parseFieldLine(bytes(line), 0, line.length, new HeaderList(), "test"),
    HttpError,
  );
  assertEquals(
    error.message,
    'Cannot parse test: header name "X\\u009b" is not a valid token',
  );
});

Deno.test("quoteReceived() escapes every control character, C1 and DEL included, and keeps the rest", () => {
  assertEquals(
    quoteReceived('a\x1b[0m\x07\t\x7f\x80\x9f\xa0\xe9"'),
    '"a\\u001b[0m\\u0007\\t\\u007f\\u0080\\u009f\xa0\xe9\\""',
  );
});

Deno.test("parseFieldLine() quotes a malformed line only up to its fault, never the value after it", async (t) => {
  // A cookie value is a credential: it must not reach an error, the log or the metadata.
  const cases = [
    ["Set-Cookie : sid=S3cret; Path=/", 'header name "Set-Cookie" has whitespace before the colon'],
    ["Set-Cookie sid=S3cret; Path=/", 'header name "Set-Cookie" has whitespace before the colon'],
    ["Set-Cookie\x01: sid=S3cret", 'header name "Set-Cookie\\u0001" is not a valid token'],
    ["Set-Cookie=sid=S3cret", 'header name "Set-Cookie=" is not a valid token'],
    // A bare value (a token split off its Set-Cookie): only its start, and its length.
    [
      "sid_0123456789abcdefS3cretS3cretS3cret",
      'header line "sid_0123456789ab…" (38 bytes) has no colon',
    ],
  ];
  for (const [line, expected] of cases) {
    await t.step(JSON.stringify(line), () => {
      const error = assertThrows(
        () => parseFieldLine(bytes(line), 0, line.length, new HeaderList(), "response head"),
        HttpError,
      );
      assertEquals(error.message, `Cannot parse response head: ${expected}`);
    });
  }
});
