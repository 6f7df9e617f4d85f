import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  formatCost,
  median,
  renderSettingsTable,
  settingCommand,
  SETTINGS,
} from "./settings_suite.ts";

Deno.test("SETTINGS: the defaults first, then metadata off, state off, both, pipelining, quiet and live on a terminal", () => {
  assertEquals(
    SETTINGS.map((
      setting,
    ) => [setting.metadata, setting.noState, setting.pipeline, setting.terminal]),
    [
      [true, false, undefined, undefined],
      [false, false, undefined, undefined],
      [true, true, undefined, undefined],
      [false, true, undefined, undefined],
      [true, false, 8, undefined],
      [true, false, undefined, "quiet"],
      [true, false, undefined, "live"],
    ],
  );
});

Deno.test("settingCommand() runs the terminal settings on a pseudo-terminal, the live view without --quiet", () => {
  const command = ["deno", "run", "-A", "/a b/corun.js", "run", "x.yaml", "--quiet", "--out", "/o"];
  const [defaults, , , , , quiet, live] = SETTINGS;
  assertEquals(settingCommand(defaults, command), command);
  assertEquals(settingCommand(quiet, command), [
    "script",
    "-qfec",
    "stty cols 160 rows 40; exec deno run -A '/a b/corun.js' run x.yaml --quiet --out /o",
    "/dev/null",
  ]);
  assertEquals(settingCommand(live, command), [
    "script",
    "-qfec",
    "stty cols 160 rows 40; exec deno run -A '/a b/corun.js' run x.yaml --out /o",
    "/dev/null",
  ]);
});

Deno.test("formatCost() is the extra time in percent, signed", () => {
  assertEquals(formatCost(1.05, 1), "+5.0%");
  assertEquals(formatCost(0.98, 1), "−2.0%");
  assertEquals(formatCost(undefined, 1), "–");
  assertEquals(formatCost(1, 0), "–");
});

Deno.test("renderSettingsTable() gives each setting's median, what metadata and state cost, what pipelining changes and what the live view costs", () => {
  const table = renderSettingsTable([{
    id: "small-http",
    label: "10,000 × 1 KiB, c=64",
    mediansSec: new Map([
      ["defaults", 0.84],
      ["metadata off", 0.8],
      ["state off", 0.82],
      ["both off", 0.78],
      ["pipeline 8", 0.798],
      ["quiet on a terminal", 0.86],
      ["live view", 0.8815],
    ]),
  }]);
  const [header, , row] = table.trim().split("\n");
  assertEquals(
    header,
    "| workload | defaults (s) | metadata: false (s) | --no-state (s) | both off (s) | pipeline: 8 (s) | --quiet on a terminal (s) | live view (s) | metadata costs | state costs | pipeline: 8 changes | live view costs |",
  );
  assertEquals(
    row,
    "| small-http (10,000 × 1 KiB, c=64) | 0.840 | 0.800 | 0.820 | 0.780 | 0.798 | 0.860 | 0.881 | +5.0% | +2.4% | −5.0% | +2.5% |",
  );
});

Deno.test("median() takes the middle value, or the mean of the middle two", () => {
  assertEquals(median([3, 1, 2]), 2);
  assertEquals(median([4, 1, 3, 2]), 2.5);
  assertEquals(median([7]), 7);
});
