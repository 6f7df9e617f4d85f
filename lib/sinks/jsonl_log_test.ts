import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { join } from "npm:deno-std@1.4.0/path/mod.js";
import type { FetchRecord } from "./fetch_record.ts";
import { JsonLinesLog } from "./jsonl_log.ts";

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
    const original = Deno.FsFile.prototype.write;
    Deno.FsFile.prototype.write = function (this: Deno.FsFile, bytes: Uint8Array) {
      return original.call(this, bytes.subarray(0, Math.ceil(bytes.byteLength / 3)));
    };
    try {
      const log = await JsonLinesLog.open(path);
      await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(record(i))));
      await log.close();
    } finally {
      Deno.FsFile.prototype.write = original;
    }
    const lines = (await Deno.readTextFile(path)).trimEnd().split("\n");
    lines.forEach((line, i) => assertEquals(JSON.parse(line), record(i)));
  });
});
