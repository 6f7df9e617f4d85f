import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { OffLayoutError, readStateLines, statePieces } from "./state_lines.ts";

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
  const bytes = new TextEncoder().encode(text);
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
