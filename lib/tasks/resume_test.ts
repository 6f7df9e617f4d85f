import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { HeaderList } from "../http/mod.ts";
import { parseContentRange, resumeHeaders, validatorOf } from "./resume.ts";

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

Deno.test("validatorOf prefers a strong ETag, then Last-Modified; a weak ETag is never one", () => {
  const headers = (pairs: [string, string][]) => {
    const list = new HeaderList();
    for (const [name, value] of pairs) list.append(name, value);
    return list;
  };
  const date = "Tue, 01 Dec 2026 10:00:00 GMT";
  assertEquals(validatorOf(headers([["ETag", '"a"'], ["Last-Modified", date]])), '"a"');
  assertEquals(validatorOf(headers([["ETag", 'W/"a"'], ["Last-Modified", date]])), date);
  assertEquals(validatorOf(headers([["ETag", 'W/"a"']])), undefined);
  assertEquals(validatorOf(headers([])), undefined);
});

Deno.test("resumeHeaders asks for the missing bytes, unencoded, whatever case the request used", () => {
  const partial = { path: "x", bytes: 42, validator: '"v"', url: "http://a.test/", named: false };
  assertEquals(
    resumeHeaders({ "accept-encoding": "gzip", "X-Keep": "1" }, partial),
    { "X-Keep": "1", "Range": "bytes=42-", "If-Range": '"v"', "Accept-Encoding": "identity" },
  );
});
