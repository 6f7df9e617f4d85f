import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { entryProblem } from "./state_entries.ts";

Deno.test("entryProblem: each field's problem, the first in field order, naming the URL and the field", () => {
  const table: [unknown, string | undefined][] = [
    [{}, undefined],
    [
      { etag: "e", lastModified: "l", savedPath: "p", sha256: "a", sha512: "b", bytes: 0 },
      undefined,
    ],
    [{ savedAtMs: -1.5, other: [1], bytes: 2 }, undefined],
    [null, 'the entry of "u" is not an object'],
    [[], 'the entry of "u" is not an object'],
    ["{}", 'the entry of "u" is not an object'],
    [{ etag: 1 }, '"etag" of "u" is not a string'],
    [{ lastModified: null }, '"lastModified" of "u" is not a string'],
    [{ savedPath: {} }, '"savedPath" of "u" is not a string'],
    [{ outDir: 1 }, '"outDir" of "u" is not a string'],
    [{ sha256: [] }, '"sha256" of "u" is not a string'],
    [{ sha512: true }, '"sha512" of "u" is not a string'],
    [{ bytes: "3" }, '"bytes" of "u" is not a number'],
    [{ savedAtMs: null }, '"savedAtMs" of "u" is not a number'],
    [{ bytes: Infinity }, '"bytes" of "u" is not a number'],
    [{ etag: "a\nb" }, '"etag" of "u" holds a line break or NUL, which no header can carry'],
    [
      { lastModified: "a\0" },
      '"lastModified" of "u" holds a line break or NUL, which no header can carry',
    ],
    // The first problem in field order: types before a line break, text before numbers.
    [{ savedAtMs: "x", sha512: 1 }, '"sha512" of "u" is not a string'],
    [{ etag: "a\r", bytes: "x" }, '"bytes" of "u" is not a number'],
    [
      { lastModified: "\n", etag: "\n" },
      '"etag" of "u" holds a line break or NUL, which no header can carry',
    ],
    // Only the fields sent as headers are checked for line breaks.
    [{ savedPath: "a\nb", sha256: "\0" }, undefined],
  ];
  for (const [entry, problem] of table) {
    assertEquals(entryProblem("u", entry), problem, JSON.stringify(entry));
  }
});
