import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { parseBenchArgs } from "./run.ts";
import { selectWorkloads } from "./workloads.ts";

Deno.test("parseBenchArgs() reads --only lists, --runs and counts, after deno task's --", () => {
  const args = parseBenchArgs([
    "--",
    "--only",
    "small-http,loop",
    "--only=big-http",
    "--runs",
    "3",
    "--counts=1_000,2000",
  ]);
  assertEquals(args.only, ["small-http", "loop", "big-http"]);
  assertEquals(args.runs, 3);
  assertEquals(args.counts, [1000, 2000]);
  assertEquals(args.keepServer, false);
});

Deno.test("parseBenchArgs() reads the settings workloads and the list suite's knobs", () => {
  const defaults = parseBenchArgs([]);
  assertEquals(defaults.settings, ["small-http"]);
  assertEquals([defaults.listSize, defaults.listSave], [1_000_000, false]);
  // The settings' costs are a few percent: more rounds than the peers' runs, unless told.
  assertEquals([defaults.runs, defaults.settingsRounds], [5, 15]);
  const args = parseBenchArgs([
    "--settings",
    "small-http,small-https",
    "--list-size=100_000",
    "--list-save",
    "--settings-rounds",
    "25",
  ]);
  assertEquals(args.settings, ["small-http", "small-https"]);
  assertEquals([args.listSize, args.listSave], [100_000, true]);
  assertEquals(args.settingsRounds, 25);
  assertEquals(parseBenchArgs(["--settings", "none"]).settings, []);
});

Deno.test("parseBenchArgs() refuses unknown options and bad numbers", () => {
  assertThrows(() => parseBenchArgs(["--fast"]), RangeError, "unknown option --fast");
  assertThrows(() => parseBenchArgs(["--runs", "x"]), RangeError, '"x"');
  assertThrows(() => parseBenchArgs(["--runs"]), RangeError, "needs a value");
});

Deno.test("selectWorkloads() keeps the table's order and names unknown ids", () => {
  assertEquals(selectWorkloads(["big-http", "small-http"]).map((w) => w.id), [
    "small-http",
    "big-http",
  ]);
  assertEquals(selectWorkloads([]).length, 5);
  assertThrows(() => selectWorkloads(["tiny-ftp"]), RangeError, "tiny-ftp");
});
