import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { EXIT_CODES } from "./exit_codes.ts";
import { exitCodeTolerating, parseMaxFailures } from "./max_failures.ts";

Deno.test("parseMaxFailures() reads a count or a percentage and refuses anything else", async (t) => {
  const good: [string, ReturnType<typeof parseMaxFailures>][] = [
    ["0", { kind: "count", count: 0 }],
    ["3", { kind: "count", count: 3 }],
    [" 12 ", { kind: "count", count: 12 }],
    ["10%", { kind: "percent", units: 10n, scale: 1n }],
    ["2.5%", { kind: "percent", units: 25n, scale: 10n }],
    ["32.30%", { kind: "percent", units: 3230n, scale: 100n }],
    ["100%", { kind: "percent", units: 100n, scale: 1n }],
    ["100.000%", { kind: "percent", units: 100000n, scale: 1000n }],
  ];
  for (const [text, expected] of good) {
    await t.step(`"${text}"`, () => assertEquals(parseMaxFailures(text), expected));
  }
  const bad = ["", "-1", "1.5", "101%", "100.001%", "1.%", ".5%", "%", "ten", "5 %", "0x10"];
  for (const text of bad) {
    await t.step(`refuses "${text}"`, () => {
      assertThrows(() => parseMaxFailures(text), RangeError, "Cannot read --max-failures");
    });
  }
});

Deno.test("parseMaxFailures() says a percentage over 100% is too large, not that it is no number", () => {
  for (const text of ["150%", "100.5%"]) {
    assertThrows(
      () => parseMaxFailures(text),
      RangeError,
      `Cannot read --max-failures: a percentage is at most 100%, got "${text}"`,
    );
  }
});

Deno.test("exitCodeTolerating() exits 0 within the tolerance and 1 beyond it", async (t) => {
  const counts = (done: number, failed: number, skipped = 0, cancelled = 0) => ({
    done,
    failed,
    cancelled,
    skipped,
  });
  const cases: [string, ReturnType<typeof counts>, string, number][] = [
    ["every task done, no tolerance", counts(10, 0), "0", EXIT_CODES.ok],
    ["one failure, no tolerance", counts(9, 1), "0", EXIT_CODES.taskFailed],
    ["two failures within 2", counts(8, 2), "2", EXIT_CODES.ok],
    ["a failure and a skipped task beyond 1", counts(8, 1, 1), "1", EXIT_CODES.taskFailed],
    ["2 of 100 within 2%", counts(98, 2), "2%", EXIT_CODES.ok],
    ["3 of 100 beyond 2%", counts(97, 3), "2%", EXIT_CODES.taskFailed],
    ["1 of 3 beyond 33%", counts(2, 1), "33%", EXIT_CODES.taskFailed],
    ["1 of 3 within 33.4%", counts(2, 1), "33.4%", EXIT_CODES.ok],
    // Exactly at the boundary, where `32.3 * 1000` in floating point is 32299.999…
    ["323 of 1000 within 32.3%", counts(677, 323), "32.3%", EXIT_CODES.ok],
    ["324 of 1000 beyond 32.3%", counts(676, 324), "32.3%", EXIT_CODES.taskFailed],
    [
      "1 of 3 beyond 33.3333333333333333333%",
      counts(2, 1),
      "33.3333333333333333333%",
      EXIT_CODES.taskFailed,
    ],
  ];
  for (const [name, taskCounts, tolerance, code] of cases) {
    await t.step(name, () => {
      const report = { interrupted: false, counts: taskCounts };
      assertEquals(exitCodeTolerating(report, parseMaxFailures(tolerance)), code);
    });
  }
  await t.step("an interrupt is 130 whatever the tolerance", () => {
    const report = { interrupted: true, counts: counts(9, 1) };
    assertEquals(exitCodeTolerating(report, parseMaxFailures("100%")), EXIT_CODES.interrupted);
  });
});
