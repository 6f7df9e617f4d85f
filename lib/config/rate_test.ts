import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { formatRate, parseRate, rateProblem } from "./rate.ts";

Deno.test("parseRate() reads a count per unit word or per duration", () => {
  const cases: [string, number, number][] = [
    ["5/s", 5, 1000],
    ["5/sec", 5, 1000],
    ["5/second", 5, 1000],
    ["30/m", 30, 60_000],
    ["30/min", 30, 60_000],
    ["30/minute", 30, 60_000],
    ["100/h", 100, 3_600_000],
    ["100/hour", 100, 3_600_000],
    ["1/500ms", 1, 500],
    ["2/1.5s", 2, 1500],
    ["3/1m30s", 3, 90_000],
    ["1/2d", 1, 172_800_000],
    [" 10 / s ", 10, 1000],
    // A day like a duration's, and a space inside the duration.
    ["5/d", 5, 86_400_000],
    ["5/days", 5, 86_400_000],
    ["1/1 min", 1, 60_000],
  ];
  for (const [text, count, perMs] of cases) assertEquals(parseRate(text), { count, perMs }, text);
});

const HOW = '(a whole count, "/", then a unit (s, m or min, h, d) or a duration such as "500ms" ' +
  'or "2s"; "1.5/s" is "3/2s")';

Deno.test("rateProblem() refuses what is not a rate, a zero count or time, and huge counts", () => {
  const notARate = (text: unknown) =>
    `expected a rate like "5/s", "30/min", "100/h" or "1/500ms" ${HOW}, got ${
      JSON.stringify(text)
    }`;
  for (const text of ["5", "5/", "/s", "5/10", "5 per second", "1.5/s", "5/weeks", "0/soon"]) {
    assertEquals(rateProblem(text), notARate(text), text);
  }
  for (const text of ["0/s", " 00 / 2s", "-1/s", "-0/min"]) {
    assertEquals(
      rateProblem(text),
      `a rate must be more than 0 per unit, got ${JSON.stringify(text)}`,
      text,
    );
  }
  assertEquals(rateProblem(5), notARate(5));
  assertEquals(rateProblem("1/0s"), `a rate's time cannot be zero, got "1/0s"`);
  assertEquals(rateProblem("1/0.1ms"), `a rate's time must be 1ms or more, got "1/0.1ms"`);
  assertEquals(
    rateProblem("2000000/s"),
    'a rate counts at most 1,000,000 requests, got "2000000/s"',
  );
  assertEquals(rateProblem("1/99999999999d"), `a rate's time is too long, got "1/99999999999d"`);
  assertThrows(() => parseRate("fast"), SyntaxError, "Cannot parse rate: expected a rate like");
});

Deno.test("formatRate() writes the usual unit when there is one", () => {
  assertEquals(
    [
      { count: 5, perMs: 1000 },
      { count: 30, perMs: 60_000 },
      { count: 100, perMs: 3_600_000 },
      { count: 1, perMs: 2000 },
      { count: 1, perMs: 500 },
    ].map(formatRate),
    ["5/s", "30/min", "100/h", "1/2s", "1/500ms"],
  );
});
