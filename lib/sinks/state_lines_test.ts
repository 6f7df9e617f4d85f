import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { readStateLines, statePieces } from "./state_lines.ts";

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
