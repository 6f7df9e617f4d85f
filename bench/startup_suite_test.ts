import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { renderHashTable } from "./hash_suite.ts";
import { parseHyperfineRuns, renderStartupTable } from "./startup_suite.ts";

Deno.test("parseHyperfineRuns() reads each command's median and CPU seconds; other text is refused", () => {
  const json = JSON.stringify({
    results: [{ command: "bare", median: 0.03, user: 0.01, system: 0.02, mean: 0.031 }],
  });
  assertEquals(parseHyperfineRuns(json), [
    { command: "bare", median: 0.03, user: 0.01, system: 0.02 },
  ]);
  assertThrows(() => parseHyperfineRuns("{}"), SyntaxError, "no results list");
});

Deno.test("renderStartupTable() puts every command over the bare deno run (the first row)", () => {
  const table = renderStartupTable({
    runs: 20,
    rows: [
      { label: "bare deno run", medianMs: 30, cpuMs: 20, peakRssKiB: 28 * 1024 },
      { label: "corun: corun --version", medianMs: 36, cpuMs: 30 },
    ],
  });
  assertEquals(table.split("\n").slice(2, 4), [
    "| bare deno run | 30.0 | 1.00× | 20.0 | 1.00× | 28.0 MiB |",
    "| corun: corun --version | 36.0 | 1.20× | 30.0 | 1.50× | – |",
  ]);
});

Deno.test("renderHashTable() gives throughput in MiB/s for each workload's size", () => {
  const table = renderHashTable([
    { hasher: "node:crypto", workload: "256 MiB", loadMs: 40, medianMs: 256, hex: "" },
    { hasher: "WebCrypto", workload: "10,000 × 1 KiB", loadMs: 0, medianMs: 100, hex: "" },
  ]);
  assertEquals(table.split("\n").slice(2, 4), [
    "| 256 MiB | node:crypto | 256.0 | 1000 | 40.0 | – |",
    "| 10,000 × 1 KiB | WebCrypto | 100.0 | 98 | 0.0 | – |",
  ]);
});
