/**
 * What a cron expression means, as cronie (the cron on most servers) reads it, checked on fire times.
 * The vectors are copied from the peers' own tests and man pages (collected in the project's shared
 * conformance data, cited per case: repository, file, line); `bench/conformance_cron.ts` runs them all.
 */
import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { CronSyntaxError, nextFireTimes } from "./next_fire.ts";

/** Fire times in UTC as ISO strings without milliseconds, like the vectors. */
function fires(cron: string, after: string, count: number): string[] {
  return nextFireTimes({ cron, timezone: "UTC" }, Date.parse(after), count)
    .map((epochMs) => new Date(epochMs).toISOString().replace(".000Z", "Z"));
}

function refusal(cron: string): string {
  return assertThrows(() => nextFireTimes({ cron, timezone: "UTC" }, 0), CronSyntaxError).message;
}

Deno.test("nL in day of week is the last such weekday of the month, not every one", () => {
  // harrisiirak/cron-parser tests/CronExpressionParser.test.ts:1934 (and :1937 for 7L).
  assertEquals(fires("0 0 0 * * 5L", "2021-09-01T00:00:00Z", 3), [
    "2021-09-24T00:00:00Z",
    "2021-10-29T00:00:00Z",
    "2021-11-26T00:00:00Z",
  ]);
  assertEquals(fires("0 0 * * 7L", "2021-09-01T00:00:00Z", 1), ["2021-09-26T00:00:00Z"]);
  assertEquals(fires("0 0 * * friL", "2021-09-01T00:00:00Z", 1), ["2021-09-24T00:00:00Z"]);
  // kiorky/croniter src/croniter/tests/test_croniter.py:1381 (L2,L4 there, croner's n#L spelling).
  assertEquals(fires("0 0 * * 2#L,4#L", "2016-06-01T00:00:00Z", 4), [
    "2016-06-28T00:00:00Z",
    "2016-06-30T00:00:00Z",
    "2016-07-26T00:00:00Z",
    "2016-07-28T00:00:00Z",
  ]);
});

Deno.test("L in day of month and n#k in day of week fire on the right days", () => {
  // harrisiirak/cron-parser tests/CronExpressionParser.test.ts:1958
  assertEquals(fires("0 0 L * *", "2014-01-01T00:00:00Z", 3), [
    "2014-01-31T00:00:00Z",
    "2014-02-28T00:00:00Z",
    "2014-03-31T00:00:00Z",
  ]);
  // Hexagon/croner test/croner.test.ts:320 (tag 9.1.0)
  assertEquals(fires("0 0 0 15,L * *", "2022-01-01T00:00:00Z", 4), [
    "2022-01-15T00:00:00Z",
    "2022-01-31T00:00:00Z",
    "2022-02-15T00:00:00Z",
    "2022-02-28T00:00:00Z",
  ]);
  // harrisiirak/cron-parser tests/CronExpressionParser.test.ts:1036: the fifth Sunday, when there is one.
  assertEquals(fires("0 0 0 * * 0#5", "2019-04-30T00:00:00Z", 3), [
    "2019-06-30T00:00:00Z",
    "2019-09-29T00:00:00Z",
    "2019-12-29T00:00:00Z",
  ]);
});

Deno.test("unsupported day extensions are refused, saying what to write", () => {
  assertEquals(
    refusal("0 0 * * L"),
    'Cannot parse cron expression "0 0 * * L": day-of-week "L": "L" is not supported; write "5L" or "5#L" for the last Friday, "5#2" for the second',
  );
  assertEquals(
    refusal("0 0 * * 5#6"),
    'Cannot parse cron expression "0 0 * * 5#6": day-of-week "5#6": "5#6" asks for weekday number 6 of the month; use 1-5 or L',
  );
  assertEquals(
    refusal("0 0 15W * *"),
    'Cannot parse cron expression "0 0 15W * *": day-of-month "15W": "15W" is not supported; "W" (the weekday nearest a day) is not cronie\'s: write the day alone ("15")',
  );
  // No day left without the W (or not one day): nothing to write alone.
  for (const field of ["W", "*/W", "1-5W"]) {
    assertEquals(
      refusal(`0 0 ${field} * *`),
      `Cannot parse cron expression "0 0 ${field} * *": day-of-month "${field}": "${field}" is not supported; "W" (the weekday nearest a day) is not cronie's: write the days without it`,
    );
  }
  assertEquals(
    refusal("0 0 L-2 * *"),
    'Cannot parse cron expression "0 0 L-2 * *": day-of-month "L-2": "L-2" is not supported; "L" (the last day) stands alone in a list item',
  );
});

Deno.test("a day field starting with * makes a day match both day fields, as cronie does", () => {
  // kiorky/croniter src/croniter/tests/test_croniter.py:224 (implement_cron_bug=True): Saturdays
  // that are odd days, not every odd day plus every Saturday.
  assertEquals(fires("0 16 */2 * sat", "2023-05-02T00:00:00Z", 4), [
    "2023-05-13T16:00:00Z",
    "2023-05-27T16:00:00Z",
    "2023-06-03T16:00:00Z",
    "2023-06-17T16:00:00Z",
  ]);
  // cronie-crond/cronie man/crontab.5:260 with src/entry.c (DOM_STAR / DOW_STAR).
  assertEquals(fires("0 0 */10 * 1", "2023-12-31T00:00:00Z", 4), [
    "2024-01-01T00:00:00Z",
    "2024-03-11T00:00:00Z",
    "2024-04-01T00:00:00Z",
    "2024-07-01T00:00:00Z",
  ]);
  assertEquals(fires("0 0 1 * */2", "2024-01-01T00:00:00Z", 3), [
    "2024-02-01T00:00:00Z",
    "2024-06-01T00:00:00Z",
    "2024-08-01T00:00:00Z",
  ]);
});

Deno.test("two restricted day fields still match either, as cronie does", () => {
  // cronie-crond/cronie man/crontab.5:259: "on the 1st and 15th of each month, plus every Friday".
  assertEquals(fires("30 4 1,15 * 5", "2024-03-01T00:00:00Z", 7), [
    "2024-03-01T04:30:00Z",
    "2024-03-08T04:30:00Z",
    "2024-03-15T04:30:00Z",
    "2024-03-22T04:30:00Z",
    "2024-03-29T04:30:00Z",
    "2024-04-01T04:30:00Z",
    "2024-04-05T04:30:00Z",
  ]);
  // cronie-crond/cronie man/crontab.5:260: 1-31 does not start with *, so it is restricted: every day.
  assertEquals(fires("0 0 1-31 * 1", "2024-03-01T00:00:00Z", 3), [
    "2024-03-02T00:00:00Z",
    "2024-03-03T00:00:00Z",
    "2024-03-04T00:00:00Z",
  ]);
});

Deno.test("@midnight is @daily, as in cronie; @reboot is refused", () => {
  // cronie-crond/cronie src/entry.c:197
  assertEquals(fires("@midnight", "2024-03-01T00:00:00Z", 2), [
    "2024-03-02T00:00:00Z",
    "2024-03-03T00:00:00Z",
  ]);
  assertEquals(
    refusal("@reboot"),
    'Cannot parse cron expression "@reboot": "@reboot" has no fire times (cron runs it when cron starts)',
  );
});

Deno.test("weekday ranges ending on Sunday follow cronie: Sun-Sun is Sundays, Sat-Sun the weekend", () => {
  // kiorky/croniter src/croniter/tests/test_croniter.py:2122 (cronie's reading, get_range()).
  assertEquals(fires("0 0 * * Sun-Sun", "2024-01-01T00:00:00Z", 3), [
    "2024-01-07T00:00:00Z",
    "2024-01-14T00:00:00Z",
    "2024-01-21T00:00:00Z",
  ]);
  assertEquals(fires("0 0 * * Sat-Sun", "2024-01-01T00:00:00Z", 4), [
    "2024-01-06T00:00:00Z",
    "2024-01-07T00:00:00Z",
    "2024-01-13T00:00:00Z",
    "2024-01-14T00:00:00Z",
  ]);
  assertEquals(fires("0 0 * * 5-0", "2024-01-01T00:00:00Z", 3), [
    "2024-01-05T00:00:00Z",
    "2024-01-06T00:00:00Z",
    "2024-01-07T00:00:00Z",
  ]);
});

Deno.test("a range that runs backwards is refused, with the split to write instead", () => {
  // cronie-crond/cronie man/crontab.5:217 and kiorky/croniter test_croniter.py:2274.
  assertEquals(
    refusal("0 20-4 * * *"),
    'Cannot parse cron expression "0 20-4 * * *": hour "20-4": the range 20-4 runs backwards; cron needs the first value not after the second (split it: 20-23,0-4)',
  );
  assertEquals(
    refusal("0 0 1 Nov-Mar *"),
    'Cannot parse cron expression "0 0 1 Nov-Mar *": month "Nov-Mar": the range Nov-Mar runs backwards; cron needs the first value not after the second (split it: Nov-Dec,Jan-Mar)',
  );
});

Deno.test("the first days of a month are not skipped after a shorter month", () => {
  // cronie's either-rule (crontab(5)): the 1st of the month or a Sunday. 1 March 2025 is a Saturday.
  // Found by bench/conformance_cron.ts comparing corun with its cronie model on random lines.
  assertEquals(fires("0 0 1 * 0", "2025-02-28T19:25:00Z", 3), [
    "2025-03-01T00:00:00Z",
    "2025-03-02T00:00:00Z",
    "2025-03-09T00:00:00Z",
  ]);
  // Days 1, 4, 7, … that are Tuesdays or Thursdays: Tuesday 1 and Thursday 10 March 2022.
  assertEquals(fires("0 0 */3 * 2,4", "2022-02-27T00:00:00Z", 2), [
    "2022-03-01T00:00:00Z",
    "2022-03-10T00:00:00Z",
  ]);
});
