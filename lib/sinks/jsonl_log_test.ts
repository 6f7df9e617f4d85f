import {
  assert,
  assertEquals,
  assertRejects,
  assertThrows,
  fail,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { join } from "npm:deno-std@1.4.0/path/mod.js";
import type { FetchRecord } from "./fetch_record.ts";
import { BATCH_BYTES, FLUSH_AFTER_MS, JsonLinesLog } from "./jsonl_log.ts";
import type { ByteWriterSync } from "./write_all.ts";

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun_jsonl_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function record(i: number): FetchRecord {
  return {
    task: `task-${i}`,
    url: `https://example.com/${i}`,
    finalUrl: `https://example.com/${i}/`,
    method: "GET",
    status: 200,
    headers: { "content-type": "text/html", "x-note": "line\nbreak ".repeat(i % 7) },
    bytes: i * 1000,
    sha256: null,
    savedPath: `example.com/${i}/index`,
    attempts: 1,
    redirects: 1,
    timings: { dnsConnectMs: 1, tlsMs: 2, firstByteMs: 3, bodyMs: 4, writeMs: 5, totalMs: 15 },
    startedAt: "2024-03-05T00:00:00.000Z",
  };
}

Deno.test("JsonLinesLog writes whole lines in call order when appends are not awaited", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "meta", "corun.jsonl");
    const log = await JsonLinesLog.open(path);
    await Promise.all(Array.from({ length: 500 }, (_, i) => log.append(record(i))));
    await log.close();
    const lines = (await Deno.readTextFile(path)).split("\n");
    assertEquals(lines.pop(), "");
    assertEquals(lines.length, 500);
    lines.forEach((line, i) => assertEquals(JSON.parse(line), record(i)));
  });
});

Deno.test("JsonLinesLog writes DEL and C1 controls as escapes: no raw byte a terminal acts on, the same values", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "corun.jsonl");
    const log = await JsonLinesLog.open(path);
    const odd = { ...record(1), headers: { "x-csi": "\u009b2J\u007f\u0085 plain é" } };
    log.write(odd);
    log.writeJson(JSON.stringify({ reason: "\u009b31m" }));
    await log.close();
    const text = await Deno.readTextFile(path);
    assertEquals(/[\u007f-\u009f]/.test(text), false, text);
    assertEquals(text.includes("\\u009b2J\\u007f\\u0085 plain é"), true, text);
    const [first, second] = text.trim().split("\n").map((line) => JSON.parse(line));
    assertEquals(first, odd);
    assertEquals(second, { reason: "\u009b31m" });
  });
});

Deno.test("JsonLinesLog keeps lines whole when two logs append to one file at once", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "shared.jsonl");
    const logs = [await JsonLinesLog.open(path), await JsonLinesLog.open(path)];
    const big = (i: number) => ({ ...record(i), task: "x".repeat(50_000 + i) });
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => logs[i % 2].append(big(i))),
    );
    await Promise.all(logs.map((log) => log.close()));
    const lines = (await Deno.readTextFile(path)).trimEnd().split("\n");
    assertEquals(lines.length, 60);
    const tasks = new Set(lines.map((line) => JSON.parse(line).task.length));
    assertEquals(tasks.size, 60);
  });
});

Deno.test("JsonLinesLog appends to an existing file instead of replacing it", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "log.jsonl");
    await Deno.writeTextFile(path, '{"old":true}\n');
    const log = await JsonLinesLog.open<{ n: number }>(path);
    await log.append({ n: 1 });
    await log.close();
    assertEquals(await Deno.readTextFile(path), '{"old":true}\n{"n":1}\n');
  });
});

Deno.test("JsonLinesLog rejects records without a JSON form and appends after close", async () => {
  await withTempDir(async (dir) => {
    await using log = await JsonLinesLog.open<unknown>(join(dir, "log.jsonl"));
    await assertRejects(() => log.append(undefined), TypeError, "no JSON form");
    await assertRejects(() => log.append({ n: 1n }), TypeError);
    await log.append({ ok: 1 });
    await log.close();
    await log.close();
    await assertRejects(() => log.append({ ok: 2 }), TypeError, "closed");
    assertEquals(await Deno.readTextFile(log.path), '{"ok":1}\n');
    assert(log.path.endsWith("log.jsonl"));
  });
});

Deno.test("JsonLinesLog keeps lines whole when the file system takes each line in short writes", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "short.jsonl");
    const original = Deno.FsFile.prototype.writeSync;
    let writes = 0;
    Deno.FsFile.prototype.writeSync = function (this: Deno.FsFile, bytes: Uint8Array) {
      writes++;
      return original.call(this, bytes.subarray(0, Math.ceil(bytes.byteLength / 3)));
    };
    try {
      const log = await JsonLinesLog.open(path);
      await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(record(i))));
      for (let i = 50; i < 100; i++) log.write(record(i));
      await log.close();
    } finally {
      Deno.FsFile.prototype.writeSync = original;
    }
    assert(writes > 2, `expected short writes, saw ${writes} writes`);
    const lines = (await Deno.readTextFile(path)).trimEnd().split("\n");
    assertEquals(lines.length, 100);
    lines.forEach((line, i) => assertEquals(JSON.parse(line), record(i)));
  });
});

const delay = (ms: number) => new Promise((done) => setTimeout(done, ms));
const noLoss = (lines: number, error: Error) => fail(`${lines} lines lost: ${error.message}`);

/** Counts the writes made through the file, failing those `fails` picks as a full disk does (5 bytes, then ENOSPC). */
function countingDisk(fails: (call: number) => boolean = () => false) {
  const disk = { calls: 0 };
  return {
    disk,
    writerOf: (file: Deno.FsFile): ByteWriterSync => ({
      writeSync(bytes) {
        if (!fails(++disk.calls)) return file.writeSync(bytes);
        file.writeSync(bytes.subarray(0, 5));
        throw new Error("No space left on device (os error 28)");
      },
    }),
  };
}

Deno.test("JsonLinesLog.write takes lines without writing; close writes all of them as one write", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "batch.jsonl");
    const { disk, writerOf } = countingDisk();
    const log = JsonLinesLog.openSync(path, { writerOf, onLost: noLoss });
    for (let i = 0; i < 40; i++) log.write(record(i));
    assertEquals(disk.calls, 0);
    assertEquals(await Deno.readTextFile(path), "");
    await log.close();
    assertEquals(disk.calls, 1);
    const lines = (await Deno.readTextFile(path)).split("\n");
    assertEquals(lines.pop(), "");
    lines.forEach((line, i) => assertEquals(JSON.parse(line), record(i)));
    assertEquals(lines.length, 40);
  });
});

Deno.test("JsonLinesLog.write writes the batch when the next line would not fit in BATCH_BYTES, whole lines only", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "full-batch.jsonl");
    const { disk, writerOf } = countingDisk();
    await using log = JsonLinesLog.openSync<{ pad: string }>(path, { writerOf, onLost: noLoss });
    const pad = "é".repeat(BATCH_BYTES / 8); // two bytes each: a line is a quarter of a batch
    for (let i = 0; i < 3; i++) log.write({ pad });
    assertEquals(disk.calls, 0);
    log.write({ pad });
    assertEquals(disk.calls, 1);
    const lines = (await Deno.readTextFile(path)).split("\n");
    assertEquals(lines.pop(), "");
    assertEquals(lines.map((line) => JSON.parse(line).pad), [pad, pad, pad]);
  });
});

Deno.test("JsonLinesLog.writeJson: a line that fills the batch to its last byte, line break included, waits in it whole", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "exact.jsonl");
    const { disk, writerOf } = countingDisk();
    await using log = JsonLinesLog.openSync(path, { writerOf, onLost: noLoss });
    const exact = JSON.stringify("a".repeat(BATCH_BYTES - 3)); // BATCH_BYTES - 1 bytes, then "\n"
    log.writeJson(exact);
    assertEquals(disk.calls, 0);
    log.writeJson("1");
    assertEquals(disk.calls, 1);
    log.writeJson(JSON.stringify("b".repeat(BATCH_BYTES - 4))); // leaves one byte: "2" needs two
    log.writeJson("2");
    await log.close();
    assertEquals(
      await Deno.readTextFile(path),
      `${exact}\n1\n${JSON.stringify("b".repeat(BATCH_BYTES - 4))}\n2\n`,
    );
  });
});

Deno.test("JsonLinesLog: a line longer than a batch is written whole, in its place", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "long.jsonl");
    const log = JsonLinesLog.openSync<{ n: number; pad?: string }>(path, { onLost: noLoss });
    const pad = "\u{1F600}".repeat(BATCH_BYTES); // four bytes each: four batches long
    log.write({ n: 1 });
    log.write({ n: 2, pad });
    await log.append({ n: 3, pad });
    log.write({ n: 4 });
    await log.close();
    const lines = (await Deno.readTextFile(path)).trimEnd().split("\n").map((line) =>
      JSON.parse(line)
    );
    assertEquals(lines, [{ n: 1 }, { n: 2, pad }, { n: 3, pad }, { n: 4 }]);
  });
});

Deno.test("JsonLinesLog.write: a line reaches the file on its own after a short wait, without close", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "timer.jsonl");
    await using log = JsonLinesLog.openSync<{ n: number }>(path, { onLost: noLoss });
    log.write({ n: 1 });
    assertEquals(await Deno.readTextFile(path), "");
    // Waits for the line (no deadline asserted: only that it comes without flush or close).
    while ((await Deno.readTextFile(path)) === "") await delay(FLUSH_AFTER_MS);
    assertEquals(await Deno.readTextFile(path), '{"n":1}\n');
  });
});

Deno.test("JsonLinesLog.write on a full disk: the batch's lines go to onLost, none is left torn, later lines are written", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "lost.jsonl");
    const { writerOf } = countingDisk((call) => call === 2);
    const lost: [number, string][] = [];
    const log = JsonLinesLog.openSync<{ n: number }>(path, {
      writerOf,
      onLost: (lines, error) => lost.push([lines, error.message]),
    });
    log.write({ n: 1 });
    log.flush();
    for (let n = 2; n <= 4; n++) log.write({ n });
    log.flush();
    assertEquals(lost, [[3, "No space left on device (os error 28)"]]);
    assertEquals(await Deno.readTextFile(path), '{"n":1}\n');
    log.write({ n: 5 });
    await log.close();
    assertEquals(await Deno.readTextFile(path), '{"n":1}\n{"n":5}\n');
    assertEquals(lost.length, 1);
  });
});

Deno.test("JsonLinesLog.write without onLost: close throws the error that lost lines", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "unheard.jsonl");
    const log = JsonLinesLog.openSync<{ n: number }>(path, {
      writerOf: countingDisk((call) => call === 1).writerOf,
    });
    log.write({ n: 1 });
    await assertRejects(() => log.close(), Error, "No space left");
    assertEquals(await Deno.readTextFile(path), "");
  });
});

Deno.test("JsonLinesLog: appends and writes keep call order; a failed batch rejects its appends and counts its writes", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "mixed.jsonl");
    const lost: number[] = [];
    const log = JsonLinesLog.openSync<{ n: number }>(path, {
      writerOf: countingDisk((call) => call === 2).writerOf,
      onLost: (lines) => lost.push(lines),
    });
    log.write({ n: 1 });
    await log.append({ n: 2 });
    log.write({ n: 3 });
    const failed = log.append({ n: 4 });
    log.write({ n: 5 });
    await assertRejects(() => failed, Error, "No space left");
    assertEquals(lost, [2]);
    await log.append({ n: 6 });
    await log.close();
    assertEquals(await Deno.readTextFile(path), '{"n":1}\n{"n":2}\n{"n":6}\n');
  });
});

Deno.test("JsonLinesLog.write refuses a record without a JSON form, and any record after close", async () => {
  await withTempDir(async (dir) => {
    const log = JsonLinesLog.openSync<unknown>(join(dir, "refuse.jsonl"), { onLost: noLoss });
    assertThrows(() => log.write(undefined), TypeError, "no JSON form");
    assertThrows(() => log.write({ n: 1n }), TypeError);
    log.write({ ok: 1 });
    await log.close();
    assertThrows(() => log.write({ ok: 2 }), TypeError, "closed");
    assertEquals(await Deno.readTextFile(log.path), '{"ok":1}\n');
  });
});
