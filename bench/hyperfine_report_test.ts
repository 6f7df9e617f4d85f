import { assert, assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  formatRatio,
  parseHyperfineMedians,
  ratioTo,
  renderResultsTable,
} from "./hyperfine_report.ts";

const EXPORT = JSON.stringify({
  results: [
    { command: "curl", mean: 1.1, median: 1.0, times: [1, 1.2] },
    { command: "deno-fetch", mean: 2.1, median: 2.0, times: [2, 2.2] },
    { command: "corun", mean: 1.6, median: 1.5, times: [1.5, 1.7] },
  ],
});

Deno.test("parseHyperfineMedians() reads the median of every named command", () => {
  assertEquals(
    parseHyperfineMedians(EXPORT),
    new Map([["curl", 1.0], ["deno-fetch", 2.0], ["corun", 1.5]]),
  );
});

Deno.test("parseHyperfineMedians() refuses JSON that is not a hyperfine export", () => {
  assertThrows(() => parseHyperfineMedians('{"x": 1}'), SyntaxError, "no results");
});

Deno.test("ratioTo() divides corun's median by the peer's, and is undefined when one is missing", () => {
  const medians = parseHyperfineMedians(EXPORT);
  assertEquals(ratioTo(medians, "curl"), 1.5);
  assertEquals(ratioTo(medians, "deno-fetch"), 0.75);
  assertEquals(ratioTo(medians, "aiohttp"), undefined);
  assertEquals(formatRatio(undefined), "–");
});

Deno.test("renderResultsTable() has a column per command present and the ratios", () => {
  const table = renderResultsTable([{
    id: "small-http",
    label: "10,000 × 1 KiB, c=64",
    mediansSec: parseHyperfineMedians(EXPORT),
    corunPeakRssKiB: 102_400,
    verified: true,
  }]);
  const [header, , row] = table.trim().split("\n");
  assert(header.includes("| curl (s) | deno-fetch (s) | corun (s) |"), header);
  assert(!header.includes("aria2c"), header);
  assertEquals(
    row,
    "| small-http (10,000 × 1 KiB, c=64) | 1.000 | 2.000 | 1.500 | 1.50× | 0.75× | 100 MiB / – | identical |",
  );
});

Deno.test("renderResultsTable() adds the floor's column and corun/floor when the floor ran", () => {
  const medians = new Map([["curl", 0.4], ["deno-raw-floor", 0.5], ["corun", 0.6]]);
  const table = renderResultsTable([{ id: "small-http", label: "x", mediansSec: medians }]);
  const [header, , row] = table.trim().split("\n");
  assert(
    header.includes("| curl (s) | deno-raw-floor (s) | corun (s) | corun/curl | corun/floor |"),
  );
  assertEquals(row, "| small-http (x) | 0.400 | 0.500 | 0.600 | 1.50× | 1.20× | – | – / – | – |");
});
