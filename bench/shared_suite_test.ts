import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  cpuOfTimeLine,
  maxInWindow,
  onceProblems,
  overallRate,
  parseProcPidStat,
  parseProcStatCpu,
  phasesOf,
  workerDone,
} from "./shared_suite.ts";
import { median } from "./settings_suite.ts";

Deno.test("maxInWindow() counts the busiest second, its end left out, in any order", () => {
  assertEquals(maxInWindow([]), 0);
  // 0, 500 and 999 fall in one second; 1000 starts the next.
  assertEquals(maxInWindow([1000, 0, 999, 500, 1500]), 3);
  // 20 evenly in a second, then a burst of 5 within 100 ms of the last.
  const even = Array.from({ length: 20 }, (_, i) => i * 50);
  assertEquals(maxInWindow(even), 20);
  assertEquals(maxInWindow([...even, 960, 970, 980, 990, 995]), 25);
  assertEquals(maxInWindow([0, 100, 200], 150), 2);
});

Deno.test("overallRate() is requests after the first over the span", () => {
  assertEquals(overallRate([5]), 0);
  assertEquals(overallRate([2000, 0, 1000]), 1);
  assertEquals(overallRate(Array.from({ length: 101 }, (_, i) => i * 50)), 20);
});

Deno.test("workerDone() reads each worker's closing line", () => {
  const text = 'worker host-1-ab: taking fetches of queue "pages"\n' +
    "worker host-1-ab: 663 fetches done, 0 failed in 5.2s\ncorun-bench-cpu 1.50 0.25\n";
  assertEquals(workerDone(text), [663]);
  assertEquals(workerDone("Cannot connect"), []);
  assertEquals(cpuOfTimeLine(text), 1.75);
  assertEquals(cpuOfTimeLine("no such line"), undefined);
});

Deno.test("median() takes the middle, or the mean of the middle two", () => {
  assertEquals(median([3, 1, 2]), 2);
  assertEquals(median([4, 1, 3, 2]), 2.5);
});

Deno.test("onceProblems() names files missing, saved twice and unexpected", () => {
  assertEquals(onceProblems(["a", "b", "c"], [["a"], ["c", "b"], []]), []);
  assertEquals(onceProblems(["a", "b", "c"], [["a", "b"], ["b", "x"]]), [
    "1 never saved (c)",
    "1 saved more than once (b)",
    "1 unexpected files (x)",
  ]);
});

Deno.test("parseProcStatCpu() counts idle and iowait as idle", () => {
  const stat = "cpu  100 5 50 800 40 3 2 0 0 0\ncpu0 50 2 25 400 20 1 1 0 0 0\n";
  assertEquals(parseProcStatCpu(stat), { busy: 160, total: 1000 });
  assertEquals(parseProcStatCpu(""), undefined);
});

Deno.test("phasesOf() splits a drain at its first and last request", () => {
  const run = {
    submitSec: 0.5,
    wallSec: 4,
    perWorker: [100],
    startedAtMs: 10_000,
    cpuSec: [],
    machineBusy: undefined,
    machineCpuSec: undefined,
    postgresCpuSec: undefined,
    serverCpuSec: undefined,
    transactions: undefined,
  };
  assertEquals(phasesOf(run, [11_500, 11_000, 13_000]), {
    toFirstSec: 1,
    requestsSec: 2,
    afterLastSec: 1,
  });
  assertEquals(phasesOf(run, []), undefined);
});

Deno.test("parseProcPidStat() adds the process's and its waited-for children's CPU ticks", () => {
  // Fields 14-17 (utime, stime, cutime, cstime) after a name with a space and a parenthesis.
  const stat = "4242 (postgres: x) S 1 4242 4242 0 -1 4194560 900 0 0 0 120 30 400 50 20 0 1 0";
  assertEquals(parseProcPidStat(stat), 600);
  assertEquals(parseProcPidStat(""), undefined);
});
