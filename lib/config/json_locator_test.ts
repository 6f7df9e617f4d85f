import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { locateJsonPaths } from "./json_locator.ts";

Deno.test("locateJsonPaths() finds the last of a key given twice, and its value", () => {
  const text = '{"tasks": [{"sleep": 1,\n "sleep": 2}]}';
  const locate = locateJsonPaths(text, [["tasks", 0, "sleep"]], false);
  assertEquals(locate(["tasks", 0, "sleep"], "key"), { line: 2, column: 2 });
  assertEquals(locate(["tasks", 0, "sleep"], "value"), { line: 2, column: 11 });
});

Deno.test("locateJsonPaths() reads JSONC, and points at the nearest field asked for", () => {
  const text = '{\n  // c\n  "tasks": [\n    {"fetch": {"url": "x",},},\n  ],\n}';
  const locate = locateJsonPaths(text, [["tasks", 0, "fetch", "body"]], true);
  assertEquals(locate(["tasks", 0, "fetch", "body"], "value"), { line: 4, column: 15 });
  assertEquals(locate(["tasks", 0], "value"), { line: 4, column: 5 });
  assertEquals(locate(["outDir"], "key"), { line: 1, column: 1 });
});
