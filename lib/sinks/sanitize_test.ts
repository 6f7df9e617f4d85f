import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { MAX_SEGMENT_BYTES, safeSegment, sanitizeSegment, urlPathSegments } from "./sanitize.ts";

Deno.test("sanitizeSegment() strips controls and replaces characters illegal on common file systems", () => {
  const cases: [string, string][] = [
    ["plain.txt", "plain.txt"],
    ["a\u0000b\u001fc\u007fd\u0085e", "abcde"],
    ["a\u202Ab\u202Ec\u2066d\u2069e\u200Df", "abcde\u200Df"],
    ['<>:"/\\|?*', "_________"],
    ["..", ""],
    [".", ""],
    ["name. . ", "name"],
    [".hidden", ".hidden"],
    ["aux", "_aux"],
    ["LPT9.log", "_LPT9.log"],
    ["console", "console"],
  ];
  for (const [raw, expected] of cases) assertEquals(sanitizeSegment(raw), expected, raw);
});

Deno.test("sanitizeSegment() prefixes every Windows device name: COM0, LPT¹, CONIN$, and one with spaces before its extension", () => {
  const cases: [string, string][] = [
    ["COM0", "_COM0"],
    ["lpt¹.txt", "_lpt¹.txt"],
    ["com³", "_com³"],
    ["CONIN$", "_CONIN$"],
    ["conout$.log", "_conout$.log"],
    ["nul .txt", "_nul .txt"],
    ["com10", "com10"],
    ["conin", "conin"],
  ];
  for (const [raw, expected] of cases) assertEquals(sanitizeSegment(raw), expected, raw);
});

Deno.test("sanitizeSegment() cuts long segments on a character boundary", () => {
  const long = sanitizeSegment("美".repeat(300));
  assert(new TextEncoder().encode(long).byteLength <= MAX_SEGMENT_BYTES);
  assert(!long.includes("\uFFFD"));
  assertEquals(long, "美".repeat(long.length));
});

Deno.test("safeSegment() never returns an empty segment", () => {
  assertEquals(safeSegment(".."), "_");
  assertEquals(safeSegment(""), "_");
});

Deno.test("urlPathSegments() decodes each segment before sanitising it", () => {
  assertEquals(urlPathSegments("/a%2Fb/%2e%2e/c%25d"), ["a_b", "c%d"]);
  assertEquals(urlPathSegments("/"), ["index"]);
  assertEquals(urlPathSegments(""), ["index"]);
  assertEquals(urlPathSegments("/a/"), ["a", "index"]);
});
