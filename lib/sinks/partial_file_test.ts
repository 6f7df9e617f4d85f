import {
  assert,
  assertEquals,
  assertMatch,
  assertNotEquals,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfinedDir } from "./confined_dir.ts";
import {
  fnv1a64,
  MAX_PARTIAL_RECORD_BYTES,
  partialPathFor,
  readPartialRecord,
  removePartialRecord,
  writePartialRecord,
} from "./partial_file.ts";

const URL_A = "https://x.test/a/big.iso";

Deno.test("partialPathFor names a hidden file beside the final path, after it and its URL, short enough for any name", () => {
  const hash = fnv1a64(URL_A);
  assertMatch(hash, /^[0-9a-f]{16}$/);
  assertEquals(partialPathFor("big.iso", URL_A), `.big.iso.${hash}.corun-partial`);
  assertEquals(partialPathFor("isos/big.iso", URL_A), `isos/.big.iso.${hash}.corun-partial`);
  // Two URLs saved (or guessed, before their responses) to one path keep a partial each.
  assertNotEquals(
    partialPathFor("isos/big.iso", URL_A),
    partialPathFor("isos/big.iso", "https://x.test/b/big.iso"),
  );
  const long = (end: string) => `${"é".repeat(120)}${end}.bin`;
  const [a, b] = [partialPathFor(long("a"), URL_A), partialPathFor(long("b"), URL_A)];
  assertNotEquals(a, b);
  assert(new TextEncoder().encode(`${a}.json`).length < 255, a);
});

Deno.test("fnv1a64 is 64-bit FNV-1a", () => {
  assertEquals(fnv1a64(""), "cbf29ce484222325");
  assertEquals(fnv1a64("a"), "af63dc4c8601ec8c");
  assertEquals(fnv1a64("foobar"), "85944171f73967e8");
});

Deno.test("a partial's record is written whole, read back, and a malformed one is no record", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = ConfinedDir.openSync(dir);
    const partial = partialPathFor("a/b.bin", URL_A);
    assertEquals(readPartialRecord(out, partial), undefined);
    writePartialRecord(out, partial, { url: "https://x.test/b.bin", validator: '"v1"' });
    assertEquals(readPartialRecord(out, partial), {
      url: "https://x.test/b.bin",
      validator: '"v1"',
    });
    await Deno.writeTextFile(`${dir}/${partial}.json`, '{"url": "x"}');
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
    const partial = partialPathFor("b.bin", URL_A);
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
      await Deno.writeTextFile(`${dir}/${partial}.json`, text);
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
    const partial = partialPathFor("c.bin", URL_A);
    const url = "https://x.test/c";
    writePartialRecord(out, partial, { url, validator: '"v1"', total: 1_048_576 });
    assertEquals(readPartialRecord(out, partial), { url, validator: '"v1"', total: 1_048_576 });
    for (const total of ['"12"', "-1", "1.5"]) {
      await Deno.writeTextFile(
        `${dir}/${partial}.json`,
        `{"url":"${url}","validator":"\\"v1\\"","total":${total}}`,
      );
      assertEquals(readPartialRecord(out, partial), { url, validator: '"v1"' }, total);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a partial's record keeps the Content-Encoding its bytes were kept with; a record without one has none", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = ConfinedDir.openSync(dir);
    const partial = partialPathFor("e.tar.gz", URL_A);
    const url = "https://x.test/e.tar.gz";
    writePartialRecord(out, partial, { url, validator: '"v1"', encoding: "gzip" });
    assertEquals(readPartialRecord(out, partial), { url, validator: '"v1"', encoding: "gzip" });
    for (const encoding of ['""', "7"]) {
      await Deno.writeTextFile(
        `${dir}/${partial}.json`,
        `{"url":"${url}","validator":"\\"v1\\"","encoding":${encoding}}`,
      );
      assertEquals(readPartialRecord(out, partial), { url, validator: '"v1"' }, encoding);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a partial's record of a very long URL is read back whole; one over MAX_PARTIAL_RECORD_BYTES is not written", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = ConfinedDir.openSync(dir);
    const partial = partialPathFor("d.bin", URL_A);
    const url = `https://x.test/d?token=${"t".repeat(200_000)}`;
    assertEquals(writePartialRecord(out, partial, { url, validator: '"v1"' }), true);
    assertEquals(readPartialRecord(out, partial), { url, validator: '"v1"' });
    const tooLong = `https://x.test/d?token=${"t".repeat(MAX_PARTIAL_RECORD_BYTES)}`;
    assertEquals(writePartialRecord(out, partial, { url: tooLong, validator: '"v1"' }), false);
    // The record written before is left as it was: nothing of the longer one replaced it.
    assertEquals(readPartialRecord(out, partial), { url, validator: '"v1"' });
    // One made larger behind corun's back is no record, and is not read past the limit.
    await Deno.writeTextFile(
      `${dir}/${partial}.json`,
      JSON.stringify({ url: tooLong, validator: '"v1"' }),
    );
    assertEquals(readPartialRecord(out, partial), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
