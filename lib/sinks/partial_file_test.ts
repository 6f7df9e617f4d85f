import { assert, assertEquals, assertNotEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfinedDir } from "./confined_dir.ts";
import {
  MAX_PARTIAL_RECORD_BYTES,
  partialPathFor,
  readPartialRecord,
  removePartialRecord,
  writePartialRecord,
} from "./partial_file.ts";

Deno.test("partialPathFor names a hidden file beside the final path, short enough for any name", () => {
  assertEquals(partialPathFor("big.iso"), ".big.iso.corun-partial");
  assertEquals(partialPathFor("isos/big.iso"), "isos/.big.iso.corun-partial");
  const long = (end: string) => `${"é".repeat(120)}${end}.bin`;
  const [a, b] = [partialPathFor(long("a")), partialPathFor(long("b"))];
  assertNotEquals(a, b);
  assert(new TextEncoder().encode(`${a}.json`).length < 255, a);
});

Deno.test("a partial's record is written whole, read back, and a malformed one is no record", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = ConfinedDir.openSync(dir);
    const partial = partialPathFor("a/b.bin");
    assertEquals(readPartialRecord(out, partial), undefined);
    writePartialRecord(out, partial, { url: "https://x.test/b.bin", validator: '"v1"' });
    assertEquals(readPartialRecord(out, partial), {
      url: "https://x.test/b.bin",
      validator: '"v1"',
    });
    await Deno.writeTextFile(`${dir}/a/.b.bin.corun-partial.json`, '{"url": "x"}');
    assertEquals(readPartialRecord(out, partial), undefined);
    removePartialRecord(out, partial);
    assertEquals([...Deno.readDirSync(`${dir}/a`)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a partial's record keeps the response's Content-Type; a record without one, or a long one, has none", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = ConfinedDir.openSync(dir);
    const partial = partialPathFor("b.bin");
    const url = "https://x.test/b";
    writePartialRecord(out, partial, { url, validator: '"v1"', contentType: "application/json" });
    assertEquals(readPartialRecord(out, partial), {
      url,
      validator: '"v1"',
      contentType: "application/json",
    });
    writePartialRecord(out, partial, { url, validator: '"v1"', contentType: "a/b".repeat(1000) });
    assertEquals(readPartialRecord(out, partial), { url, validator: '"v1"' });
    // An earlier version's record, and one whose Content-Type is not a string: still records.
    for (
      const text of [
        `{"url":"${url}","validator":"\\"v1\\""}`,
        `{"url":"${url}","validator":"\\"v1\\"","contentType":7}`,
      ]
    ) {
      await Deno.writeTextFile(`${dir}/.b.bin.corun-partial.json`, text);
      assertEquals(readPartialRecord(out, partial), { url, validator: '"v1"' });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a partial's record keeps the file's length its response gave; a record without one, or a bad one, has none", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = ConfinedDir.openSync(dir);
    const partial = partialPathFor("c.bin");
    const url = "https://x.test/c";
    writePartialRecord(out, partial, { url, validator: '"v1"', total: 1_048_576 });
    assertEquals(readPartialRecord(out, partial), { url, validator: '"v1"', total: 1_048_576 });
    for (const total of ['"12"', "-1", "1.5"]) {
      await Deno.writeTextFile(
        `${dir}/.c.bin.corun-partial.json`,
        `{"url":"${url}","validator":"\\"v1\\"","total":${total}}`,
      );
      assertEquals(readPartialRecord(out, partial), { url, validator: '"v1"' }, total);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a partial's record of a very long URL is read back whole; one over MAX_PARTIAL_RECORD_BYTES is not written", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = ConfinedDir.openSync(dir);
    const partial = partialPathFor("d.bin");
    const url = `https://x.test/d?token=${"t".repeat(200_000)}`;
    assertEquals(writePartialRecord(out, partial, { url, validator: '"v1"' }), true);
    assertEquals(readPartialRecord(out, partial), { url, validator: '"v1"' });
    const tooLong = `https://x.test/d?token=${"t".repeat(MAX_PARTIAL_RECORD_BYTES)}`;
    assertEquals(writePartialRecord(out, partial, { url: tooLong, validator: '"v1"' }), false);
    // The record written before is left as it was: nothing of the longer one replaced it.
    assertEquals(readPartialRecord(out, partial), { url, validator: '"v1"' });
    // One made larger behind corun's back is no record, and is not read past the limit.
    await Deno.writeTextFile(
      `${dir}/.d.bin.corun-partial.json`,
      JSON.stringify({ url: tooLong, validator: '"v1"' }),
    );
    assertEquals(readPartialRecord(out, partial), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
