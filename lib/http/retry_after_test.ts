import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { parseRetryAfter } from "./retry_after.ts";

const NOW_MS = Date.UTC(2025, 10, 25, 3, 0, 0); // Tue, 25 Nov 2025 03:00:00 GMT

Deno.test("parseRetryAfter() reads delta-seconds and the three HTTP-date forms", async (t) => {
  const cases: [string | null, number | null][] = [
    ["0", 0],
    ["120", 120_000],
    [" 5 ", 5_000],
    ["Tue, 25 Nov 2025 03:00:30 GMT", 30_000],
    ["Wed, 26 Nov 2025 03:00:00 GMT", 86_400_000],
    ["Tuesday, 25-Nov-25 03:01:00 GMT", 60_000],
    ["Tue Nov 25 03:00:10 2025", 10_000],
    ["Sat Dec  6 03:00:00 2025", 11 * 86_400_000],
    ["Sun, 06 Nov 1994 08:49:37 GMT", 0],
    ["Sunday, 06-Nov-94 08:49:37 GMT", 0],
    ["Tue, 25 Nov 2025 02:59:59 GMT", 0],
    [null, null],
    ["", null],
    ["soon", null],
    ["-5", null],
    ["1.5", null],
    ["5s", null],
    ["Tue, 25 Nov 2025 03:00:30 UTC", null],
    ["Tue, 31 Feb 2025 03:00:30 GMT", null],
    ["Tue, 25 Nov 2025 24:00:00 GMT", null],
    ["2025-11-25T03:00:30Z", null],
  ];
  for (const [value, expected] of cases) {
    await t.step(
      JSON.stringify(value),
      () => assertEquals(parseRetryAfter(value, NOW_MS), expected),
    );
  }
});

Deno.test("parseRetryAfter() reads a two-digit year as the most recent past one beyond 50 years", () => {
  // From 2025, "75" is 2075 (50 years ahead); "76" would be 2076, so it means 1976.
  const in2075 = parseRetryAfter("Monday, 25-Nov-75 03:00:00 GMT", NOW_MS)!;
  assertEquals(in2075, Date.UTC(2075, 10, 25, 3) - NOW_MS);
  assertEquals(parseRetryAfter("Thursday, 25-Nov-76 03:00:00 GMT", NOW_MS), 0);
});

Deno.test("parseRetryAfter() measures a date from the response's Date, and from now without a readable one", async (t) => {
  const retryAt = "Tue, 25 Nov 2025 03:00:30 GMT";
  const cases: [string, string | null, number][] = [
    ["a Date ten seconds before", "Tue, 25 Nov 2025 03:00:20 GMT", 10_000],
    [
      "a Date a day behind now (the server's clock is off)",
      "Mon, 24 Nov 2025 02:59:50 GMT",
      86_440_000,
    ],
    ["a Date after it", "Tue, 25 Nov 2025 03:01:00 GMT", 0],
    ["no Date", null, 30_000],
    ["a Date that is no date", "yesterday", 30_000],
  ];
  for (const [name, date, expected] of cases) {
    await t.step(name, () => assertEquals(parseRetryAfter(retryAt, NOW_MS, date), expected));
  }
  await t.step("delta-seconds ignore the Date", () => {
    assertEquals(parseRetryAfter("7", NOW_MS, "Mon, 24 Nov 2025 02:59:50 GMT"), 7_000);
  });
});
