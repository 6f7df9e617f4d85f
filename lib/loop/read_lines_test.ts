import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { type LinesLeftOut, readLines } from "./read_lines.ts";

/** A source that hands out `text`'s bytes `pieceBytes` at a time. */
function sourceOf(text: string, pieceBytes: number) {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return {
    reads: 0,
    read(buffer: Uint8Array): Promise<number | null> {
      if (at >= bytes.length) return Promise.resolve(null);
      this.reads++;
      const piece = bytes.subarray(at, at + Math.min(pieceBytes, buffer.length));
      buffer.set(piece);
      at += piece.length;
      return Promise.resolve(piece.length);
    },
  };
}

async function linesOf(
  text: string,
  pieceBytes: number,
  maxLineChars: number,
  leftOut?: LinesLeftOut,
): Promise<string[]> {
  const lines: string[] = [];
  for await (const batch of readLines(sourceOf(text, pieceBytes), maxLineChars, leftOut)) {
    assertEquals(batch.length > 0, true, "no batch is empty");
    lines.push(...batch);
  }
  return lines;
}

Deno.test("readLines: lines split across reads anywhere, characters too, come out whole", async () => {
  const text = "première ligne\n€ deux\n\ntrois 🙂\n";
  for (const pieceBytes of [1, 2, 3, 5, 64]) {
    assertEquals(
      await linesOf(text, pieceBytes, 100),
      ["première ligne", "€ deux", "", "trois 🙂"],
      `pieces of ${pieceBytes}`,
    );
  }
});

Deno.test("readLines: a line past the cap is dropped and counted, the lines around it kept", async () => {
  for (const pieceBytes of [1, 4, 1024]) {
    const leftOut = { overlong: 0 };
    const lines = await linesOf("12345\n123456\nabc\n1234567890123\nend", pieceBytes, 5, leftOut);
    assertEquals(lines, ["12345", "abc", "end"], `pieces of ${pieceBytes}`);
    assertEquals(leftOut.overlong, 2);
  }
});

Deno.test("readLines: the first line dropped is named by its number", async () => {
  for (const pieceBytes of [1, 4, 1024]) {
    const leftOut: LinesLeftOut = { overlong: 0 };
    await linesOf("a\n\nb\n1234567\nc\n12345678\n", pieceBytes, 5, leftOut);
    assertEquals([leftOut.overlong, leftOut.firstOverlong], [2, 4], `pieces of ${pieceBytes}`);
  }
  const unended: LinesLeftOut = { overlong: 0 };
  await linesOf("a\nb\n" + "x".repeat(100), 8, 10, unended);
  assertEquals(unended.firstOverlong, 3);
  const none: LinesLeftOut = { overlong: 0 };
  await linesOf("a\nb\n", 1, 5, none);
  assertEquals(none.firstOverlong, undefined);
});

Deno.test("readLines: the text after the last newline is the last line; none when the text ends with one", async () => {
  assertEquals(await linesOf('{"a":1}\n{"b":', 3, 100), ['{"a":1}', '{"b":']);
  assertEquals(await linesOf("a\nb\n", 3, 100), ["a", "b"]);
  assertEquals(await linesOf("", 3, 100), []);
  const leftOut = { overlong: 0 };
  assertEquals(await linesOf("a\n" + "x".repeat(20), 3, 10, leftOut), ["a"]);
  assertEquals(leftOut.overlong, 1);
});

Deno.test("readLines: a large source is read in pieces, a batch per piece", async () => {
  const line = "x".repeat(99);
  const text = `${line}\n`.repeat(10_000); // 1,000,000 bytes
  const source = sourceOf(text, Infinity);
  let batches = 0;
  let lines = 0;
  for await (const batch of readLines(source, 1000)) {
    batches++;
    lines += batch.length;
  }
  assertEquals(lines, 10_000);
  assertEquals(source.reads > 1, true, "more than one read");
  assertEquals(batches, source.reads);
});
