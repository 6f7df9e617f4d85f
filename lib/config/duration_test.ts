import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { formatMs } from "../loop/mod.ts";
import {
  DURATION_PATTERN,
  durationProblem,
  durationTooLong,
  parseDuration,
  timeLimitProblem,
} from "./duration.ts";

const UNITS =
  '(units ms, s (sec), m (min), h (hour), d (day), as in "1h 30m"; a number alone is seconds)';

Deno.test("parseDuration() converts every accepted form to milliseconds", () => {
  const table: [string | number, number][] = [
    ["3s", 3000],
    ["1500ms", 1500],
    ["2m", 120_000],
    ["1h30m", 5_400_000],
    ["0.5s", 500],
    ["1d", 86_400_000],
    ["1m30.5s", 90_500],
    ["0", 0],
    ["2", 2000],
    ["0.25", 250],
    ["1.0005s", 1001],
    // A space between number and unit, and between parts; the unit words rates take.
    ["10 s", 10_000],
    ["1h 30m", 5_400_000],
    ["3sec", 3000],
    ["2min", 120_000],
    ["1 hour 5 minutes", 3_900_000],
    ["2days", 172_800_000],
    [0, 0],
    [3, 3000],
    [0.5, 500],
    [1.5, 1500],
  ];
  for (const [input, expectedMs] of table) {
    assertEquals(parseDuration(input), expectedMs, `parseDuration(${JSON.stringify(input)})`);
  }
});

Deno.test("parseDuration() refuses text that is not a duration, saying what was expected", () => {
  for (const text of ["3 parsecs", "", "s", "-s", "3S", "1e3s", ".5s", "3s ", "3 secs"]) {
    const error = assertThrows(() => parseDuration(text), SyntaxError);
    assertEquals(
      error.message,
      `Cannot parse duration: expected a duration like "3s", "1500ms" or "1h30m" ${UNITS}, got ${
        JSON.stringify(text)
      }`,
    );
  }
});

Deno.test("parseDuration() refuses negative, infinite and non-numeric values", () => {
  assertThrows(() => parseDuration(-1), RangeError, "a duration cannot be negative, got -1");
  for (const text of ["-3s", "-1h30m", "-0.5", "- 2 min"]) {
    const error = assertThrows(() => parseDuration(text), SyntaxError);
    assertEquals(
      error.message,
      `Cannot parse duration: a duration cannot be negative, got ${JSON.stringify(text)}`,
    );
  }
  assertThrows(() => parseDuration(Number.NaN), RangeError, "got NaN");
  assertThrows(() => parseDuration(Infinity), RangeError, "got Infinity");
  assertThrows(() => parseDuration(true as unknown as string), TypeError, "got true");
  assertThrows(() => parseDuration("9999999999999999d"), SyntaxError, "too long");
});

Deno.test("durationProblem() agrees with parseDuration() and with DURATION_PATTERN", () => {
  const re = new RegExp(DURATION_PATTERN);
  for (const text of ["3s", "1h30m", "0.5", "3 parsecs", "", "1.s", "ms"]) {
    const ok = durationProblem(text) === undefined;
    assertEquals(ok, re.test(text), text);
    if (!ok) assertThrows(() => parseDuration(text));
  }
  assertEquals(
    durationProblem(null),
    `expected a duration like "3s", "1500ms" or "1h30m" ${UNITS}, got null`,
  );
});

Deno.test("durationTooLong() skips the arithmetic only for text that cannot be too long", () => {
  assertEquals(durationTooLong("99999999d"), undefined);
  assertEquals(parseDuration("99999999d"), 99_999_999 * 86_400_000);
  assertEquals(durationTooLong("999999999d")?.endsWith("which is too long"), true);
  assertEquals(durationTooLong("104249991h"), undefined); // 10 characters, just below the limit
  assertEquals(durationTooLong(1e13)?.endsWith("which is too long"), true);
  assertEquals(durationTooLong(1.5), undefined);
});

Deno.test("timeLimitProblem() refuses a duration of 0ms, written or rounded, and nothing longer", () => {
  for (const value of [0, "0", "0s", "0ms", "0h0m", "0.0004s", 0.0004]) {
    assertEquals(
      timeLimitProblem(value)?.startsWith("expected a timeout longer than 0, got"),
      true,
      String(value),
    );
  }
  for (const value of [1, "1ms", "0.5ms", 0.001, "0.0005s", "30d"]) {
    assertEquals(timeLimitProblem(value), undefined, String(value));
  }
});

Deno.test("formatMs() writes what parseDuration() reads back as the same milliseconds (days too)", () => {
  for (const ms of [1, 999, 1000, 1500, 90_000, 5_400_000, 86_400_000, 2_160_000_000, 2 ** 31]) {
    assertEquals(parseDuration(formatMs(ms)), ms, formatMs(ms));
  }
});
