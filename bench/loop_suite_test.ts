import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { parseTimeOutput, renderLoopTable } from "./loop_suite.ts";

Deno.test("parseTimeOutput() reads wall seconds and peak RSS, after a 'Command exited' line too", () => {
  assertEquals(parseTimeOutput("1.35 135008\n"), { wallSec: 1.35, peakRssKiB: 135_008 });
  assertEquals(parseTimeOutput("Command exited with non-zero status 1\n0.20 4000\n"), {
    wallSec: 0.2,
    peakRssKiB: 4000,
  });
});

Deno.test("parseTimeOutput() refuses text without the %e %M line", () => {
  assertThrows(() => parseTimeOutput("oops"), SyntaxError, '"oops"');
});

Deno.test("renderLoopTable() shows the overhead and the marginal bytes per task", () => {
  const table = renderLoopTable([
    { label: "corun", count: 100_000, wallSec: 1.5, peakRssKiB: 100_000 },
    { label: "corun", count: 1_000_000, wallSec: 4, peakRssKiB: 550_000 },
    { label: "asyncio", count: 100_000, error: "exit 1: boom" },
  ]);
  const rows = table.trim().split("\n").slice(2);
  assertEquals(rows, [
    "| corun | 100,000 | 1.50 | 0.50 | 98 MiB | – |",
    "| corun | 1,000,000 | 4.00 | 3.00 | 537 MiB | 512 |",
    "| asyncio | 100,000 | failed: exit 1: boom |  |  |  |",
  ]);
});
