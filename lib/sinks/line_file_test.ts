import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { JsonLinesLog } from "./jsonl_log.ts";
import type { ByteWriterSync } from "./write_all.ts";

async function withTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun_lines_" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Writes through `file`, except that the writes picked by `fails` take 5 bytes and then fail as a full disk does. */
function fullDiskAt(fails: (call: number) => boolean) {
  let calls = 0;
  return (file: Deno.FsFile): ByteWriterSync => ({
    writeSync(bytes) {
      if (!fails(++calls)) return file.writeSync(bytes);
      file.writeSync(bytes.subarray(0, 5));
      throw new Error("No space left on device (os error 28)");
    },
  });
}

Deno.test("a metadata line whose write fails part-way (a full disk) is not left torn, and the next line is whole", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/corun.jsonl`;
    const log = await JsonLinesLog.open<{ n: number }>(path, {
      writerOf: fullDiskAt((call) => call === 2),
    });
    await log.append({ n: 1 });
    await assertRejects(() => log.append({ n: 2 }), Error, "No space left");
    assertEquals(await Deno.readTextFile(path), '{"n":1}\n');
    await log.append({ n: 3 });
    await log.close();
    assertEquals(await Deno.readTextFile(path), '{"n":1}\n{"n":3}\n');
  });
});

Deno.test("a log whose last line was torn by a kill gets its next record on a line of its own, and keeps the earlier lines", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/corun.jsonl`;
    await Deno.writeTextFile(path, '{"n":1}\n{"n":2,"ur');
    const log = await JsonLinesLog.open<{ n: number }>(path);
    await log.append({ n: 3 });
    await log.append({ n: 4 });
    await log.close();
    assertEquals((await Deno.readTextFile(path)).split("\n"), [
      '{"n":1}',
      '{"n":2,"ur',
      '{"n":3}',
      '{"n":4}',
      "",
    ]);
  });
});

Deno.test("a failed first write after a torn line still closes that line off on the next try", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/corun.jsonl`;
    await Deno.writeTextFile(path, '{"n":1}\n{"n":2,"ur');
    const log = await JsonLinesLog.open<{ n: number }>(path, {
      writerOf: fullDiskAt((call) => call === 1),
    });
    await assertRejects(() => log.append({ n: 3 }), Error, "No space left");
    assertEquals(await Deno.readTextFile(path), '{"n":1}\n{"n":2,"ur');
    await log.append({ n: 4 });
    await log.close();
    assertEquals(await Deno.readTextFile(path), '{"n":1}\n{"n":2,"ur\n{"n":4}\n');
  });
});
