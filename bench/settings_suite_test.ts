import { assert, assertAlmostEquals, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  formatPairedCost,
  median,
  pairedCost,
  quantile,
  referenceCommand,
  renderSettingsTable,
  roundOrder,
  settingCommand,
  SETTINGS,
} from "./settings_suite.ts";
import { type Workload, WORKLOADS } from "./workloads.ts";

Deno.test("SETTINGS: the defaults first, then metadata off, state off, both, pipelining, quiet and live on a terminal, the floor, the duties floor", () => {
  assertEquals(
    SETTINGS.map((
      setting,
    ) => [
      setting.metadata,
      setting.noState,
      setting.pipeline,
      setting.terminal,
      setting.reference,
    ]),
    [
      [true, false, undefined, undefined, undefined],
      [false, false, undefined, undefined, undefined],
      [true, true, undefined, undefined, undefined],
      [false, true, undefined, undefined, undefined],
      [true, false, 8, undefined, undefined],
      [true, false, undefined, "quiet", undefined],
      [true, false, undefined, "live", undefined],
      [false, true, undefined, undefined, "floor"],
      [true, false, undefined, undefined, "duties"],
    ],
  );
});

Deno.test("referenceCommand() runs the shared floor or the duties floor on the workload's list, with its CA over HTTPS", () => {
  const paths = { sharedDir: "/s", benchDir: "/b", outDir: "/o" };
  const floor = SETTINGS.find((setting) => setting.reference === "floor")!;
  const duties = SETTINGS.find((setting) => setting.reference === "duties")!;
  const https: Workload = WORKLOADS.find((workload) => workload.id === "small-https")!;
  assertEquals(referenceCommand(floor, paths, { ...https, scheme: "http" }).slice(1), [
    "run",
    "-A",
    "/s/deno_raw_floor.ts",
    "/b/lists/small-http.tsv",
    "/o",
    "64",
  ]);
  const [, , , script, ...rest] = referenceCommand(duties, paths, https);
  assert(script.endsWith("/bench/duties_floor.ts"));
  assertEquals(rest, ["/b/lists/small-https.tsv", "/o", "64", "--ca", "/b/ca.pem"]);
  const bare = referenceCommand(
    { ...duties, metadata: false, noState: true },
    paths,
    https,
  );
  assertEquals(bare.slice(-2), ["--no-metadata", "--no-state"]);
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

Deno.test("renderSettingsTable() gives each setting's median, and what metadata and state cost, what pipelining changes, what the live view costs, what the duties cost inline and what corun's code costs, round by round", () => {
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
    ["floor", 0.6],
    ["duties floor", 0.72],
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
    "| workload | defaults (s) | metadata: false (s) | --no-state (s) | both off (s) | pipeline: 8 (s) | --quiet on a terminal (s) | live view (s) | floor (s) | duties floor (s) | metadata costs | state costs | pipeline: 8 changes | live view costs | duties cost (inline) | corun's code costs |",
  );
  assertEquals(
    row,
    "| small-http (10,000 × 1 KiB, c=64) | 0.882 | 0.840 | 0.861 | 0.819 | 0.838 | 0.903 | 0.926 | 0.630 | 0.756 | +5.0% (+5.0%…+5.0%) | +2.4% (+2.4%…+2.4%) | −5.0% (−5.0%…−5.0%) | +2.5% (+2.5%…+2.5%) | +20.0% (+20.0%…+20.0%) | +16.7% (+16.7%…+16.7%) |",
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
