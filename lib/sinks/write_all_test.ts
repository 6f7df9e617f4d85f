import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { writeAll, writeAllSync } from "./write_all.ts";

/** A writer that takes at most three bytes per call, like a file that keeps writing short. */
function shortWriter() {
  const parts: number[][] = [];
  const take = (bytes: Uint8Array) => {
    const part = Array.from(bytes.subarray(0, 3));
    parts.push(part);
    return part.length;
  };
  return {
    parts,
    write: (bytes: Uint8Array) => Promise.resolve(take(bytes)),
    writeSync: take,
  };
}

const BYTES = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);

Deno.test("writeAll() writes again after each short write until every byte is written", async () => {
  const writer = shortWriter();
  await writeAll(writer, BYTES);
  assertEquals(writer.parts, [[1, 2, 3], [4, 5, 6], [7, 8]]);
});

Deno.test("writeAllSync() writes again after each short write until every byte is written", () => {
  const writer = shortWriter();
  writeAllSync(writer, BYTES);
  assertEquals(writer.parts, [[1, 2, 3], [4, 5, 6], [7, 8]]);
});

Deno.test("writeAll() of nothing makes no write call", async () => {
  const writer = shortWriter();
  await writeAll(writer, new Uint8Array(0));
  writeAllSync(writer, new Uint8Array(0));
  assertEquals(writer.parts, []);
});
