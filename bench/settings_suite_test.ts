import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { formatCost, median, renderSettingsTable, SETTINGS } from "./settings_suite.ts";

Deno.test("SETTINGS: the defaults first, then metadata off, state off, both, pipelining", () => {
  assertEquals(
    SETTINGS.map((setting) => [setting.metadata, setting.noState, setting.pipeline]),
    [
      [true, false, undefined],
      [false, false, undefined],
      [true, true, undefined],
      [false, true, undefined],
      [true, false, 8],
    ],
  );
});

Deno.test("formatCost() is the extra time in percent, signed", () => {
  assertEquals(formatCost(1.05, 1), "+5.0%");
  assertEquals(formatCost(0.98, 1), "−2.0%");
  assertEquals(formatCost(undefined, 1), "–");
  assertEquals(formatCost(1, 0), "–");
});

Deno.test("renderSettingsTable() gives each setting's median, what metadata and state cost, and what pipelining changes", () => {
  const table = renderSettingsTable([{
    id: "small-http",
    label: "10,000 × 1 KiB, c=64",
    mediansSec: new Map([
      ["defaults", 0.84],
      ["metadata off", 0.8],
      ["state off", 0.82],
      ["both off", 0.78],
      ["pipeline 8", 0.798],
    ]),
  }]);
  const [header, , row] = table.trim().split("\n");
  assertEquals(
    header,
    "| workload | defaults (s) | metadata: false (s) | --no-state (s) | both off (s) | pipeline: 8 (s) | metadata costs | state costs | pipeline: 8 changes |",
  );
  assertEquals(
    row,
    "| small-http (10,000 × 1 KiB, c=64) | 0.840 | 0.800 | 0.820 | 0.780 | 0.798 | +5.0% | +2.4% | −5.0% |",
  );
});

Deno.test("median() takes the middle value, or the mean of the middle two", () => {
  assertEquals(median([3, 1, 2]), 2);
  assertEquals(median([4, 1, 3, 2]), 2.5);
  assertEquals(median([7]), 7);
});
