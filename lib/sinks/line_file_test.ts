import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { JsonLinesLog } from "./jsonl_log.ts";
import type { ByteWriterSync } from "./write_all.ts";
import { within } from "../../tests/fixtures/poll.ts";
import { endOf } from "../../tests/fixtures/run_deno.ts";

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

Deno.test("a batch waits while another process holds the file's lock (its run archiving the file), then lands after its lines", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/corun.jsonl`;
    await Deno.writeTextFile(path, "");
    // The other process takes the lock, says so, and appends its line once told to go on.
    const script = `
      const file = Deno.openSync(${JSON.stringify(path)}, { append: true });
      file.lockSync(true);
      console.log("locked");
      for await (const _ of Deno.stdin.readable) { /* until the parent closes it */ }
      file.writeSync(new TextEncoder().encode('{"n":"theirs"}\\n'));
      file.close();
    `;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["eval", script],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    try {
      assertEquals((await within(lines.read(), "its line")).value?.trim(), "locked");
      const log = await JsonLinesLog.open<{ n: string }>(path);
      log.write({ n: "ours" });
      assertEquals(log.flushIfFree(), false, "the timer's flush leaves the lines waiting");
      assertEquals(await Deno.readTextFile(path), "");
      await child.stdin.close();
      // Waits for the lock: after the other process's line.
      await within(log.close(), "the lines to land once the other process let go of the lock");
      assertEquals(await Deno.readTextFile(path), '{"n":"theirs"}\n{"n":"ours"}\n');
    } finally {
      await child.stdin.close().catch(() => {}); // already closed, unless an assertion failed
      await lines.cancel();
      await endOf(child, "the other process to end once its input closed");
    }
  });
});

Deno.test("a log emptied by another run's rotation after a torn line gets no blank first line", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/corun.jsonl`;
    await Deno.writeTextFile(path, '{"n":1,"ur');
    const log = await JsonLinesLog.open<{ n: number }>(path);
    await Deno.truncate(path, 0);
    await log.append({ n: 2 });
    await log.close();
    assertEquals(await Deno.readTextFile(path), '{"n":2}\n');
  });
});

Deno.test("a line torn by another process killed while both wrote the log gets the next record on a line of its own", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/corun.jsonl`;
    const log = await JsonLinesLog.open<{ n: number }>(path);
    await log.append({ n: 1 });
    // Another run's writer, killed part-way through its batch.
    await Deno.writeTextFile(path, '{"n":"theirs","ur', { append: true });
    await log.append({ n: 2 });
    await log.close();
    assertEquals((await Deno.readTextFile(path)).split("\n"), [
      '{"n":1}',
      '{"n":"theirs","ur',
      '{"n":2}',
      "",
    ]);
  });
});
