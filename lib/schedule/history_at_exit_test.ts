// `tryAppendHistorySync`: a process about to exit writes its run's line at once, or not at all when
// another writer holds the history this moment (it never waits).
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { LineFile } from "../sinks/mod.ts";
import { readHistory, tryAppendHistorySync } from "./history.ts";

const AT = "2026-11-25T10:00:00.000Z";
const RUN = { runId: "r1", startedAt: AT, endedAt: AT, exitCode: 130, counts: { cancelled: 1 } };

Deno.test("tryAppendHistorySync() appends the line, making the file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-history-at-exit-" });
  try {
    assertEquals(tryAppendHistorySync(`${dir}/h.jsonl`, RUN), true);
    assertEquals(await readHistory(`${dir}/h.jsonl`), [RUN]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("tryAppendHistorySync() writes nothing while another writer holds the file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-history-at-exit-" });
  const path = `${dir}/h.jsonl`;
  try {
    // An append or a prune under way holds the file's lock (another handle: flock is per open file).
    const other = LineFile.openSync(path);
    try {
      await other.lock();
      assertEquals(tryAppendHistorySync(path, RUN), false);
    } finally {
      other.close();
    }
    assertEquals(await readHistory(path), []);
    assertEquals(tryAppendHistorySync(path, RUN), true);
    assertEquals(await readHistory(path), [RUN]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
