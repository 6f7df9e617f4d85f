import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { EXIT_CODES, exitCodeOf } from "./exit_codes.ts";

Deno.test("EXIT_CODES keeps the documented numbers", () => {
  assertEquals(EXIT_CODES, {
    ok: 0,
    taskFailed: 1,
    usage: 2,
    locked: 75,
    interrupted: 130,
    brokenPipe: 141,
  });
});

Deno.test("exitCodeOf() maps a finished run to its exit code", async (t) => {
  const cases: [string, boolean, [number, number, number, number], number][] = [
    ["every task done", false, [3, 0, 0, 0], 0],
    ["a task failed", false, [2, 1, 0, 0], 1],
    ["a task skipped after a failure", false, [2, 1, 0, 1], 1],
    ["a task cancelled without an interrupt", false, [2, 0, 1, 0], 1],
    ["an interrupt, even with failures", true, [1, 1, 2, 0], 130],
    ["an interrupt after every task was done", true, [3, 0, 0, 0], 130],
  ];
  for (const [name, interrupted, [done, failed, cancelled, skipped], code] of cases) {
    await t.step(name, () => {
      assertEquals(exitCodeOf({ interrupted, counts: { done, failed, cancelled, skipped } }), code);
    });
  }
});
