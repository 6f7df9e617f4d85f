import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { HeaderList, type HttpResponse } from "../http/mod.ts";
import {
  checkContinues,
  checkFilled,
  parseContentRange,
  type PartialBody,
  resumeHeaders,
  ResumeRefusedError,
} from "./resume.ts";

Deno.test("parseContentRange takes bytes FIRST-LAST/COMPLETE and refuses ranges that disagree", () => {
  assertEquals(parseContentRange("bytes 100-199/200"), { first: 100, last: 199, complete: 200 });
  assertEquals(parseContentRange("bytes 100-199/*"), {
    first: 100,
    last: 199,
    complete: undefined,
  });
  assertEquals(parseContentRange("BYTES 0-0/1"), { first: 0, last: 0, complete: 1 });
  for (const bad of ["bytes 100-99/200", "bytes 100-200/200", "bytes */200", "items 0-1/2", null]) {
    assertEquals(parseContentRange(bad), undefined, String(bad));
  }
});

Deno.test("resumeHeaders asks for the missing bytes, unencoded, whatever case the request used", () => {
  const partial = { path: "x", bytes: 42, validator: '"v"', url: "http://a.test/", named: false };
  assertEquals(
    resumeHeaders({ "accept-encoding": "gzip", "X-Keep": "1" }, partial),
    { "X-Keep": "1", "Range": "bytes=42-", "If-Range": '"v"', "Accept-Encoding": "identity" },
  );
});

Deno.test("resumeHeaders asks for bytes kept coded as their first request did: the range counts coded bytes", () => {
  const partial = {
    path: "x",
    bytes: 42,
    validator: '"v"',
    url: "http://a.test/",
    named: false,
    encoding: "gzip",
  };
  assertEquals(
    resumeHeaders({ "accept-encoding": "gzip", "X-Keep": "1" }, partial),
    { "accept-encoding": "gzip", "X-Keep": "1", "Range": "bytes=42-", "If-Range": '"v"' },
  );
});

/** A 206's head as checkContinues reads it, its body decoded from `decodedFrom` if given. */
function partialContent(fields: [string, string][], decodedFrom?: string): HttpResponse {
  return {
    url: "http://a.test/f",
    headers: new HeaderList(fields),
    body: { decodedFrom },
  } as unknown as HttpResponse;
}

const KEPT: PartialBody = {
  path: ".f.corun-partial",
  bytes: 100,
  validator: '"v1"',
  url: "http://a.test/f",
  named: true,
  total: 1000,
};

Deno.test("checkContinues takes a 206 of the kept bytes' file: same start, same length, same validator", () => {
  const table: [string, [string, string][], PartialBody][] = [
    ["the same total and ETag", [["Content-Range", "bytes 100-999/1000"], ["ETag", '"v1"']], KEPT],
    [
      "a total of * within the file",
      [["Content-Range", "bytes 100-499/*"], ["ETag", '"v1"']],
      KEPT,
    ],
    [
      "a partial that knows no length",
      [["Content-Range", "bytes 100-1999/2000"], ["ETag", '"v1"']],
      { ...KEPT, total: undefined },
    ],
    [
      "a weak ETag weakly equal to the kept bytes'",
      [["Content-Range", "bytes 100-999/1000"], ["Last-Modified", "d"], ["ETag", '"w"']],
      { ...KEPT, validator: "d", etag: 'W/"w"' },
    ],
  ];
  for (const [label, fields, partial] of table) {
    assertEquals(checkContinues(partialContent(fields), partial).first, 100, label);
  }
});

Deno.test("checkContinues refuses a 206 of another version or another length, saying which", () => {
  const table: [[string, string][], string][] = [
    [
      [["Content-Range", "bytes 100-999/1000"], ["ETag", '"v2"']],
      'the 206 is of another version of the file (its ETag is "v2", the kept bytes came with "v1")',
    ],
    [
      [["Content-Range", "bytes 100-1999/2000"], ["ETag", '"v1"']],
      "the 206 is of a file of 2000 bytes",
    ],
    [[["Content-Range", "bytes 100-1000/*"]], "the 206 is of a file of more than 1000 bytes"],
    [
      [["Content-Range", "bytes 100-999/1000"]],
      'the 206 names no ETag, so nothing says it is of the kept bytes\' version ("v1")',
    ],
  ];
  for (const [fields, why] of table) {
    assertThrows(() => checkContinues(partialContent(fields), KEPT), ResumeRefusedError, why);
  }
});

Deno.test("checkContinues takes a 206 coded as the kept bytes are, kept as sent; refuses another coding, or one decoded", () => {
  const range: [string, string] = ["Content-Range", "bytes 100-999/1000"];
  const etag: [string, string] = ["ETag", '"v1"'];
  const coded = { ...KEPT, encoding: "gzip" };
  assertEquals(
    checkContinues(partialContent([range, etag, ["Content-Encoding", "GZIP"]]), coded).first,
    100,
  );
  assertEquals(
    checkContinues(partialContent([range, etag, ["Content-Encoding", "identity"]]), KEPT).first,
    100,
  );
  const refused: [[string, string][], PartialBody, string | undefined, string][] = [
    [
      [range, etag, ["Content-Encoding", "gzip"]],
      KEPT,
      undefined,
      'the 206 is of the Content-Encoding "gzip", and the kept bytes are not coded',
    ],
    [
      [range, etag],
      coded,
      undefined,
      'the 206 is not coded, and the kept bytes are of the Content-Encoding "gzip"',
    ],
    [
      [range, etag, ["Content-Encoding", "br"]],
      coded,
      undefined,
      'the 206 is of the Content-Encoding "br", and the kept bytes are of the Content-Encoding "gzip"',
    ],
    [
      [range, etag, ["Content-Encoding", "gzip"]],
      coded,
      "gzip",
      'the 206 is decoded from its Content-Encoding "gzip", and the kept bytes are as sent',
    ],
  ];
  for (const [fields, partial, decodedFrom, why] of refused) {
    assertThrows(
      () => checkContinues(partialContent(fields, decodedFrom), partial),
      ResumeRefusedError,
      why,
    );
  }
});

Deno.test("checkFilled counts a file whole at the length the kept bytes' response gave when the 206 says *", () => {
  const range = { first: 100, last: 499, complete: undefined };
  assertThrows(() => checkFilled(500, range, KEPT), Error, "the file ends at byte 500 of 1000");
  checkFilled(500, range, { ...KEPT, total: undefined });
});
