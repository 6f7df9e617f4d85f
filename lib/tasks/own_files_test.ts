import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { HISTORY_FILE_NAME, LOCK_FILE_NAME } from "../schedule/mod.ts";
import { STATE_FILE_NAME } from "../sinks/mod.ts";
import { normalizeRelative, ownFileRole, RUN_HISTORY_FILE, RUN_LOCK_FILE } from "./own_files.ts";

Deno.test("corun's own file names are the ones lib/schedule and lib/sinks write", () => {
  assertEquals([RUN_LOCK_FILE, RUN_HISTORY_FILE], [LOCK_FILE_NAME, HISTORY_FILE_NAME]);
  for (const name of [LOCK_FILE_NAME, HISTORY_FILE_NAME, STATE_FILE_NAME, ".corun-task-a b.lock"]) {
    assertEquals(typeof ownFileRole(name, undefined), "string", name);
  }
  assertEquals(ownFileRole("logs/corun.jsonl", "logs/corun.jsonl"), "corun's metadata log");
  assertEquals(ownFileRole("corun.jsonl", undefined), undefined);
  assertEquals(ownFileRole("sub/.corun.lock", undefined), undefined);
  assertEquals(normalizeRelative("a/./b//c/"), "a/b/c");
});
