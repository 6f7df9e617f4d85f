import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { OffLayoutError, readStateLines, statePieces } from "./state_lines.ts";
import { parseState } from "./state_entries.ts";

Deno.test("statePieces: a large state comes in pieces, each ending at a line's end, the same bytes joined", () => {
  const entries = new Map(
    Array.from({ length: 50 }, (_, i) => [`https://example.com/${i}`, { etag: `"${i}"` }]),
  );
  const whole = [...statePieces(entries, Infinity)];
  assertEquals(whole.length, 1);
  const pieces = [...statePieces(entries, 100)];
  assert(pieces.length > 10, `${pieces.length} pieces`);
  assertEquals(pieces.join(""), whole[0]);
  for (const piece of pieces.slice(0, -1)) assert(piece.endsWith("}"), piece);
  assert(pieces.every((piece) => piece.length < 200), "none much past the size asked");
});

/** A source handing out `text` 7 bytes a read: the head comes in several. */
function sourceOf(text: string) {
  return sourceOfBytes(new TextEncoder().encode(text));
}

/** A source handing out `bytes` 7 a read. */
function sourceOfBytes(bytes: Uint8Array) {
  let at = 0;
  return {
    read(buffer: Uint8Array): Promise<number | null> {
      if (at === bytes.length) return Promise.resolve(null);
      const piece = bytes.subarray(at, at + Math.min(buffer.length, 7));
      buffer.set(piece);
      at += piece.length;
      return Promise.resolve(piece.length);
    },
  };
}

Deno.test("readStateLines: a file that does not begin as corun writes one is left for a whole read", async () => {
  const empty = '{ "version": 1, "entries": {} }\n';
  for (const text of [empty, "", "{\n", '{\r\n  "version": 1,\r\n', '{\n  "version": 2,\n']) {
    assertEquals(await readStateLines("f", sourceOf(text), 100), undefined, JSON.stringify(text));
  }
  const text = [...statePieces(new Map([["https://example.com/", { etag: "e" }]]))].join("");
  const table = await readStateLines("f", sourceOf(text), 100);
  assertEquals([...table?.byUrl ?? []], [["https://example.com/", { etag: "e" }]]);
});

Deno.test("readStateLines: lines ending in CRLF (an editor, a Windows checkout), all or some, read as the same lines in LF", async () => {
  const entries = new Map([
    ["https://example.com/a", { etag: '"a"', savedPath: "a.html" }],
    ["https://example.com/b", { bytes: 2 }],
  ]);
  const text = [...statePieces(entries)].join("");
  const crlf = text.replaceAll("\n", "\r\n");
  // Every other line's end, from the head's first on.
  let n = 0;
  const mixed = text.replaceAll("\n", () => n++ % 2 === 0 ? "\r\n" : "\n");
  for (const variant of [crlf, mixed, `${text}\r\n \r\n`]) {
    const table = await readStateLines("f", sourceOf(variant), 100);
    assertEquals([...table?.byUrl ?? []], [...entries], JSON.stringify(variant));
  }
  // A CR is a line end's only before its LF.
  for (const head of ['{\r  "version": 1,\n', '{\r\r\n  "version": 1,\n', '{\n\r  "version"']) {
    const variant = head + text.slice(text.indexOf('"version": 1,\n') + 14);
    assertEquals(await readStateLines("f", sourceOf(variant), 100), undefined, head);
  }
  await assertRejects(
    () => readStateLines("f", sourceOf(crlf.replace("},\r\n", "},\r\r\n")), 100),
    OffLayoutError,
    "line 4: it is not an entry as corun writes them",
  );
});

Deno.test("readStateLines: one UTF-8 BOM before the head (an editor's) is read past, as a whole read drops it; one anywhere else is no head", async () => {
  const entries = new Map([
    ["https://example.com/a", { etag: '"a"', savedPath: "a.html" }],
    ["https://example.com/b", { bytes: 2 }],
  ]);
  const text = [...statePieces(entries)].join("");
  const crlf = text.replaceAll("\n", "\r\n");
  for (const variant of [`\uFEFF${text}`, `\uFEFF${crlf}`]) {
    const table = await readStateLines("f", sourceOf(variant), 100);
    assertEquals([...table?.byUrl ?? []], [...entries], JSON.stringify(variant));
  }
  const afterHead = text.slice(text.indexOf('  "version"'));
  for (
    const variant of [
      "\uFEFF",
      `\uFEFF\uFEFF${text}`,
      `{\n\uFEFF${afterHead}`,
      `\uFEFF\n${text}`,
      ` \uFEFF${text}`,
    ]
  ) {
    assertEquals(await readStateLines("f", sourceOf(variant), 100), undefined, variant);
  }
  // Its first two bytes, or its first alone: no BOM, nor a head.
  const bytes = new TextEncoder().encode(text);
  for (const start of [[0xef, 0xbb], [0xef]]) {
    const source = sourceOfBytes(Uint8Array.of(...start, ...bytes));
    assertEquals(await readStateLines("f", source, 100), undefined, `${start}`);
  }
  // The lines are numbered as without it.
  await assertRejects(
    () => readStateLines("f", sourceOf(`\uFEFF${crlf.replace("},\r\n", "},\r\r\n")}`), 100),
    OffLayoutError,
    "line 4: it is not an entry as corun writes them",
  );
});

Deno.test("readStateLines: each entry line reads as the whole file read as JSON reads it, whatever its URL and spacing", async () => {
  const urls = [
    "https://example.com/a",
    'https://example.com/"quoted": {"etag":"x"}',
    "https://example.com/ends-in-a-backslash\\",
    'https://example.com/\\"',
    "https://example.com/\\\\\\",
    "https://example.com/é/😀/\u2028/\u0000/\u007f",
    "__proto__",
    "",
  ];
  const written = new Map(urls.map((url, i) => [url, { etag: `"${i}"`, savedPath: `${i}.html` }]));
  const lines = [...statePieces(written)].join("").split("\n").slice(3, -3);
  lines.push(`${lines.pop()},`);
  // By hand: other spacing, two members on one line, escapes corun does not write, other values,
  // a URL again (its last entry stays) and a saved path again (its last URL keeps it).
  lines.push(
    '    "https://example.com/b":{"etag":"b"}, "https://example.com/c" : {"bytes":3},',
    '    "https://example.com/d": {"etag":"d"} ,',
    '    "https://example.com/\\u0065": { "etag" : "\\u0065", "extra": [1, {"x": null}] },',
    '    "https://example.com/a": {"lastModified":"again","savedPath":"0.html"},',
    '    "https://example.com/f": {"savedPath":"1.html","sha256":"ab","sha512":"cd"},',
    '    "https://example.com/g":   {"bytes":1e3,"savedAtMs":-0}',
  );
  const text = `{\n  "version": 1,\n  "entries": {\n${lines.join("\n")}\n  }\n}\n`;
  const table = await readStateLines("f", sourceOf(text), 1000);
  assertEquals([...table?.byUrl ?? []], [...parseState("f", text).byUrl]);
  assertEquals(table?.byUrl.get("https://example.com/\\\\\\"), {
    etag: '"4"',
    savedPath: "4.html",
  });
});

Deno.test("readStateLines: an entry line that does not read says so as it always did, the parser's column the line's", async () => {
  const table: [string, string][] = [
    ['    "https://example.com/\\q": {}', "(Bad escaped character in JSON at position"],
    ['    "https://example.com/a": {"etag":"a"', "(Expected ',' or '}' after property value"],
    ['    "https://example.com/a: {}', "(Unterminated string in JSON at position"],
    ['    "https://example.com/a"', "(Expected ':' after property name in JSON at position"],
    ['    "https://example.com/a": {}}', "(Unexpected non-whitespace character after JSON"],
  ];
  for (const [line, said] of table) {
    const text = `{\n  "version": 1,\n  "entries": {\n${line}\n  }\n}\n`;
    const error = await assertRejects(
      () => readStateLines("f", sourceOf(text), 1000),
      OffLayoutError,
      `Cannot read the state file "f": line 4: it is not an entry as corun writes them ${said}`,
    );
    assert(/ \(column \d+\)\)$/.test(error.message), error.message);
  }
  for (const value of ["3", "null", "[]", '"x"']) {
    const text = `{\n  "version": 1,\n  "entries": {\n    "u": ${value}\n  }\n}\n`;
    await assertRejects(
      () => readStateLines("f", sourceOf(text), 1000),
      SyntaxError,
      'Cannot read the state file "f": line 4: the entry of "u" is not an object',
    );
  }
});
