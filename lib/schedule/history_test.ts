import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  appendHistory,
  HISTORY_FILE_NAME,
  type HistoryEntry,
  readHistory,
  readLastRunWallMs,
} from "./history.ts";

async function withTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-history-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function entry(n: number, extra: Partial<HistoryEntry> = {}): HistoryEntry {
  const at = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
  return {
    startedAt: at,
    endedAt: at,
    exitCode: n % 3,
    counts: { done: n, "fällig ✓": 1 },
    ...extra,
  };
}

Deno.test("readHistory() returns the last runs, oldest first", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/out/${HISTORY_FILE_NAME}`;
    assertEquals(await readHistory(path, 5), []);
    for (let n = 1; n <= 3; n++) await appendHistory(path, entry(n));
    assertEquals(await readHistory(path, 2), [entry(2), entry(3)]);
    assertEquals(await readHistory(path), [entry(1), entry(2), entry(3)]);
    assertEquals(await readHistory(path, 0), []);
    const text = await Deno.readTextFile(path);
    assertEquals(text.split("\n").length, 4); // three lines, each ended by a newline
  });
});

Deno.test("a long history is read from its end across chunk boundaries", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    // Written in one go: 3000 lines of ~150 bytes, multi-byte characters across 64 KiB boundaries.
    const lines = Array.from({ length: 3000 }, (_, n) => JSON.stringify(entry(n)) + "\n");
    await Deno.writeTextFile(path, lines.join(""));
    const last = await readHistory(path, 1000);
    assertEquals(last.length, 1000);
    assertEquals(last[0], entry(2000));
    assertEquals(last[999], entry(2999));
    assertEquals((await readHistory(path)).length, 3000);
  });
});

Deno.test("a line torn by a crash is skipped and does not swallow the next one", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    await appendHistory(path, entry(1));
    await Deno.writeTextFile(path, '{"startedAt": "2026-01-01T00:0', { append: true });
    await appendHistory(path, entry(2));
    await Deno.writeTextFile(path, '{"not": "an entry"}\n\n', { append: true });
    assertEquals(await readHistory(path, 10), [entry(1), entry(2)]);
    assertEquals(await readHistory(path, 1), [entry(2)]);
  });
});

Deno.test("appends made at once all arrive as whole lines", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    await Promise.all(Array.from({ length: 40 }, (_, n) => appendHistory(path, entry(n))));
    const entries = await readHistory(path);
    assertEquals(entries.length, 40);
    assertEquals(
      entries.map((e) => e.counts.done).sort((a, b) => a - b),
      Array.from({ length: 40 }, (_, n) => n),
    );
  });
});

Deno.test("readLastRunWallMs() gives the last fire time, else the last start", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    assertEquals(await readLastRunWallMs(path), undefined);
    await appendHistory(path, entry(1, { fireAt: "2026-01-01T00:00:00.000Z" }));
    assertEquals(await readLastRunWallMs(path), Date.UTC(2026, 0, 1));
    await appendHistory(path, entry(5));
    assertEquals(await readLastRunWallMs(path), Date.UTC(2026, 0, 1, 0, 5));
  });
});
