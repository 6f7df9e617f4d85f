import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { areaOf, callersOf, type CpuProfile, summarizeProfile } from "./cpu_profile_summary.ts";

// (root) -> run (lib/loop) -> write (lib/sinks) -> op_write
const frame = (functionName: string, url = "") => ({ functionName, url, lineNumber: 0 });
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame("(root)"), children: [2, 5] },
    { id: 2, callFrame: frame("run", "file:///w/lib/loop/loop.ts"), children: [3] },
    { id: 3, callFrame: frame("write", "file:///w/lib/sinks/atomic_file.ts"), children: [4] },
    { id: 4, callFrame: frame("op_write") },
    { id: 5, callFrame: frame("(garbage collector)") },
  ],
  samples: [4, 4, 3, 2, 5],
  timeDeltas: [1000, 1000, 1000, 1000, 1000],
};

Deno.test("areaOf() groups frames by corun layer, npm package, Deno internals and pseudo-frame", () => {
  assertEquals(areaOf("file:///work/main/lib/http/client.ts", "f"), "lib/http");
  assertEquals(
    areaOf("file:///root/.cache/deno/npm/registry.example/yaml/2.8.0/dist/parse/parser.js", "f"),
    "npm:yaml",
  );
  assertEquals(areaOf("ext:deno_fs/30_fs.js", "mkdir"), "deno internals");
  assertEquals(areaOf("", "op_read"), "Deno ops (I/O, syscalls)");
  assertEquals(areaOf("", "(garbage collector)"), "(garbage collector)");
});

Deno.test("summarizeProfile() adds self time to the sampled frame and inclusive time to callers", () => {
  const summary = summarizeProfile(PROFILE);
  assertEquals(summary.totalMs, 5);
  const byKey = new Map(summary.byFunction.map((line) => [line.key.split(" ")[0], line]));
  assertEquals(byKey.get("op_write"), { key: "op_write", selfMs: 2, totalMs: 2 });
  assertEquals(byKey.get("write")?.selfMs, 1);
  assertEquals(byKey.get("write")?.totalMs, 3);
  assertEquals(byKey.get("run")?.totalMs, 4);
  assertEquals(summary.byArea.map((line) => line.key), [
    "Deno ops (I/O, syscalls)",
    "lib/sinks",
    "lib/loop",
    "(garbage collector)",
  ]);
});

Deno.test("callersOf() splits a function's time by its chain of callers", () => {
  assertEquals(callersOf(PROFILE, "op_write", 2), [
    { key: "write atomic_file.ts:1 < run loop.ts:1", selfMs: 2, totalMs: 2 },
  ]);
});
