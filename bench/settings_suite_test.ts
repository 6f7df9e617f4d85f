import { assertAlmostEquals, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  formatPairedCost,
  median,
  pairedCost,
  quantile,
  renderSettingsTable,
  roundOrder,
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

Deno.test("pairedCost() pairs the rounds: a drift that moves both settings alike costs nothing", () => {
  // The machine slows down round by round; the feature costs 10% in every round.
  const without = [1, 1.2, 1.4, 1.6, 1.8];
  const withIt = without.map((seconds) => seconds * 1.1);
  const cost = pairedCost(withIt, without)!;
  assertAlmostEquals(cost.median, 0.1, 1e-9);
  assertAlmostEquals(cost.low, 0.1, 1e-9);
  assertAlmostEquals(cost.high, 0.1, 1e-9);
  assertEquals(pairedCost([1, 2], [1]), undefined);
  assertEquals(pairedCost(undefined, [1]), undefined);
  assertEquals(pairedCost([1], [0]), undefined);
});

Deno.test("pairedCost() gives the middle half of the rounds' ratios", () => {
  const cost = pairedCost([1.0, 1.1, 1.2, 1.3, 1.4], [1, 1, 1, 1, 1])!;
  assertAlmostEquals(cost.median, 0.2, 1e-9);
  assertAlmostEquals(cost.low, 0.1, 1e-9);
  assertAlmostEquals(cost.high, 0.3, 1e-9);
});

Deno.test("formatPairedCost() writes the median, then the middle half, signed", () => {
  assertEquals(
    formatPairedCost({ median: 0.042, low: -0.02, high: 0.079 }),
    "+4.2% (−2.0%…+7.9%)",
  );
  assertEquals(formatPairedCost(undefined), "–");
});

Deno.test("quantile() interpolates between the nearest two values", () => {
  assertEquals(quantile([4, 1, 3, 2], 0.5), 2.5);
  assertEquals(quantile([1, 2, 3, 4, 5], 0.25), 2);
  assertEquals(quantile([7], 0.75), 7);
});

Deno.test("renderSettingsTable() gives each setting's median, and what metadata and state cost, what pipelining changes and what the live view costs, round by round", () => {
  // Two rounds: the second machine-wide 10% slower. Each cost is the same in both rounds.
  const rounds = (first: number) => [first, first * 1.1];
  const seconds: [string, number][] = [
    ["defaults", 0.84],
    ["metadata off", 0.8],
    ["state off", 0.82],
    ["both off", 0.78],
    ["pipeline 8", 0.798],
    ["quiet on a terminal", 0.86],
    ["live view", 0.8815],
  ];
  const table = renderSettingsTable([{
    id: "small-http",
    label: "10,000 × 1 KiB, c=64",
    mediansSec: new Map(seconds.map(([name, first]) => [name, median(rounds(first))])),
    roundsSec: new Map(seconds.map(([name, first]) => [name, rounds(first)])),
  }]);
  const [header, , row] = table.trim().split("\n");
  assertEquals(
    header,
    "| workload | defaults (s) | metadata: false (s) | --no-state (s) | both off (s) | pipeline: 8 (s) | --quiet on a terminal (s) | live view (s) | metadata costs | state costs | pipeline: 8 changes | live view costs |",
  );
  assertEquals(
    row,
    "| small-http (10,000 × 1 KiB, c=64) | 0.882 | 0.840 | 0.861 | 0.819 | 0.838 | 0.903 | 0.926 | +5.0% (+5.0%…+5.0%) | +2.4% (+2.4%…+2.4%) | −5.0% (−5.0%…−5.0%) | +2.5% (+2.5%…+2.5%) |",
  );
});

Deno.test("median() takes the middle value, or the mean of the middle two", () => {
  assertEquals(median([3, 1, 2]), 2);
  assertEquals(median([4, 1, 3, 2]), 2.5);
  assertEquals(median([7]), 7);
});

Deno.test("roundOrder() starts each round one setting later, so none always runs first", () => {
  const order = [0, 1, 2, 3].map((round) => roundOrder(["a", "b", "c"], round).join(""));
  assertEquals(order, ["abc", "bca", "cab", "abc"]);
});
