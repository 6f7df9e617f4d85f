import { assert, assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  createFireTimeSource,
  CronSyntaxError,
  type FireTimeSpec,
  nextFireTimes,
  validateFireTimeSpec,
} from "./next_fire.ts";
import { localTimeZoneName } from "./time_zone.ts";

const NEW_YORK = "America/New_York";
const BERLIN = "Europe/Berlin";
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

function iso(times: number[]): string[] {
  return times.map((epochMs) => new Date(epochMs).toISOString());
}

function fires(cron: string, timezone: string | undefined, after: string, count: number): string[] {
  return iso(nextFireTimes({ cron, timezone }, Date.parse(after), count));
}

Deno.test("a 02:30 job on the spring-forward day fires once, at 03:30 new time", async (t) => {
  await t.step("in New York (8 March 2026)", () => {
    assertEquals(fires("30 2 * * *", NEW_YORK, "2026-03-06T12:00:00Z", 4), [
      "2026-03-07T07:30:00.000Z", // 02:30 EST
      "2026-03-08T07:30:00.000Z", // 02:30 did not exist: 03:30 EDT
      "2026-03-09T06:30:00.000Z", // 02:30 EDT
      "2026-03-10T06:30:00.000Z",
    ]);
  });
  await t.step("in Berlin (29 March 2026)", () => {
    assertEquals(fires("30 2 * * *", BERLIN, "2026-03-27T12:00:00Z", 4), [
      "2026-03-28T01:30:00.000Z", // 02:30 CET
      "2026-03-29T01:30:00.000Z", // 03:30 CEST
      "2026-03-30T00:30:00.000Z", // 02:30 CEST
      "2026-03-31T00:30:00.000Z",
    ]);
  });
  await t.step("once even when the shifted time is also named", () => {
    assertEquals(fires("0,45 2,3 * * *", NEW_YORK, "2026-03-08T00:00:00Z", 4), [
      "2026-03-08T07:00:00.000Z", // 02:00 and 03:00 are both 03:00 EDT
      "2026-03-08T07:45:00.000Z", // 02:45 and 03:45 are both 03:45 EDT
      "2026-03-09T06:00:00.000Z",
      "2026-03-09T06:45:00.000Z",
    ]);
  });
});

Deno.test("a job in the repeated hour on the fall-back day fires once, at its first occurrence", async (t) => {
  await t.step("01:30 in New York (1 November 2026)", () => {
    assertEquals(fires("30 1 * * *", NEW_YORK, "2026-10-30T12:00:00Z", 3), [
      "2026-10-31T05:30:00.000Z", // 01:30 EDT
      "2026-11-01T05:30:00.000Z", // 01:30 EDT, not again at 01:30 EST
      "2026-11-02T06:30:00.000Z", // 01:30 EST
    ]);
  });
  await t.step("02:30 in Berlin (25 October 2026)", () => {
    assertEquals(fires("30 2 * * *", BERLIN, "2026-10-23T12:00:00Z", 3), [
      "2026-10-24T00:30:00.000Z", // 02:30 CEST
      "2026-10-25T00:30:00.000Z", // 02:30 CEST, the first of two
      "2026-10-26T01:30:00.000Z", // 02:30 CET
    ]);
  });
  await t.step("asked from inside the repeated hour, it does not fire again that day", () => {
    assertEquals(fires("30 1 * * *", NEW_YORK, "2026-11-01T06:10:00Z", 1), [
      "2026-11-02T06:30:00.000Z",
    ]);
  });
});

Deno.test("jobs with every hour keep their real-time cadence through both changes", async (t) => {
  const cases: [string, string, number, string][] = [
    ["*/15 * * * *", NEW_YORK, 15 * MINUTE_MS, "2026-03-08T05:00:00Z"],
    ["*/15 * * * *", NEW_YORK, 15 * MINUTE_MS, "2026-11-01T03:00:00Z"],
    ["@hourly", NEW_YORK, HOUR_MS, "2026-03-07T20:00:00Z"],
    ["@hourly", NEW_YORK, HOUR_MS, "2026-10-31T20:00:00Z"],
    ["0 * * * *", BERLIN, HOUR_MS, "2026-03-28T20:00:00Z"],
    ["0 * * * *", BERLIN, HOUR_MS, "2026-10-24T20:00:00Z"],
    ["*/20 * * * * *", BERLIN, 20_000, "2026-10-25T00:55:00Z"],
  ];
  for (const [cron, timezone, stepMs, after] of cases) {
    await t.step(`${cron} in ${timezone} from ${after}`, () => {
      const start = Date.parse(after);
      const count = Math.ceil(12 * HOUR_MS / stepMs);
      const expected = Array.from({ length: count }, (_, i) => start + (i + 1) * stepMs);
      assertEquals(iso(nextFireTimes({ cron, timezone }, start, count)), iso(expected));
    });
  }
});

Deno.test("fire times never go back: asked from any minute around a change, the next is later", () => {
  const specs: FireTimeSpec[] = [
    { cron: "*/15 * * * *", timezone: NEW_YORK },
    { cron: "30 1 * * *", timezone: NEW_YORK },
    { cron: "*/10 1 * * *", timezone: NEW_YORK },
    { cron: "0 * * * *", timezone: BERLIN },
    { cron: "30 2 * * *", timezone: BERLIN },
    { cron: "15 2,3 * * *", timezone: BERLIN },
  ];
  const windows = [
    "2026-03-08T04:00:00Z",
    "2026-11-01T03:00:00Z",
    "2026-03-28T23:00:00Z",
    "2026-10-24T22:00:00Z",
  ];
  for (const spec of specs) {
    for (const window of windows) {
      const start = Date.parse(window);
      // The whole sequence from well before, against each suffix asked for directly.
      const reference = nextFireTimes(spec, start - 2 * 86_400_000, 400);
      for (let i = 1; i < reference.length; i++) assert(reference[i] > reference[i - 1]);
      for (let after = start; after < start + 5 * HOUR_MS; after += 7 * MINUTE_MS + 1) {
        const expected = reference.filter((epochMs) => epochMs > after).slice(0, 3);
        assertEquals(nextFireTimes(spec, after, 3), expected, `${spec.cron} after ${after}`);
      }
    }
  }
});

Deno.test("nicknames and the seconds field follow croner's meaning", () => {
  const after = "2026-02-27T12:00:00Z";
  assertEquals(fires("@daily", NEW_YORK, after, 2), [
    "2026-02-28T05:00:00.000Z",
    "2026-03-01T05:00:00.000Z",
  ]);
  assertEquals(fires("@weekly", NEW_YORK, after, 3), [
    "2026-03-01T05:00:00.000Z", // Sunday 00:00 EST
    "2026-03-08T05:00:00.000Z",
    "2026-03-15T04:00:00.000Z", // Sunday 00:00 EDT
  ]);
  assertEquals(fires("@monthly", BERLIN, after, 2), [
    "2026-02-28T23:00:00.000Z",
    "2026-03-31T22:00:00.000Z",
  ]);
  assertEquals(fires("@yearly", "UTC", after, 1), ["2027-01-01T00:00:00.000Z"]);
  assertEquals(fires("@annually", "UTC", after, 1), ["2027-01-01T00:00:00.000Z"]);
  assertEquals(fires("30 */20 * * * *", "UTC", after, 3), [
    "2026-02-27T12:00:30.000Z",
    "2026-02-27T12:20:30.000Z",
    "2026-02-27T12:40:30.000Z",
  ]);
  assertEquals(fires("0 9 * * MON-FRI", BERLIN, after, 2), [
    "2026-03-02T08:00:00.000Z",
    "2026-03-03T08:00:00.000Z",
  ]);
});

Deno.test("nextFireTimes() starts strictly after the given time and lists as many as asked", () => {
  assertEquals(fires("0 * * * *", "UTC", "2026-01-01T05:00:00Z", 1), ["2026-01-01T06:00:00.000Z"]);
  assertEquals(fires("0 * * * *", "UTC", "2026-01-01T04:59:59.999Z", 1), [
    "2026-01-01T05:00:00.000Z",
  ]);
  assertEquals(fires("0 * * * *", "UTC", "2026-01-01T00:00:00Z", 0), []);
});

Deno.test("the local time zone is used when none is given", () => {
  const after = "2026-06-01T00:00:00Z";
  assertEquals(
    fires("30 2 * * *", undefined, after, 5),
    fires("30 2 * * *", localTimeZoneName(), after, 5),
  );
});

Deno.test("createFireTimeSource() yields increasing fire times lazily", () => {
  const source = createFireTimeSource({ cron: "*/15 * * * *", timezone: "UTC" }, 0);
  assertEquals(source.next(), { done: false, value: 15 * MINUTE_MS });
  const more: number[] = [];
  for (const epochMs of source) {
    more.push(epochMs);
    if (more.length === 3) break;
  }
  assertEquals(more, [30 * MINUTE_MS, 45 * MINUTE_MS, 60 * MINUTE_MS]);
});

Deno.test("bad expressions and zones are refused with what is wrong", () => {
  const table: [string, string][] = [
    ["", 'Cannot parse cron expression "": it is empty'],
    [
      "* * * *",
      'Cannot parse cron expression "* * * *": it has 4 fields; cron needs 5 (minute hour day-of-month month day-of-week), or 6 with seconds first',
    ],
    [
      "61 * * * *",
      'Cannot parse cron expression "61 * * * *": minute "61": 61 is out of range 0-59',
    ],
    [
      "? * * * *",
      'Cannot parse cron expression "? * * * *": "?" is not supported; write "*" or a value',
    ],
    [
      "@often",
      'Cannot parse cron expression "@often": unknown nickname "@often"; use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly',
    ],
    [
      "* * * * * * *",
      'Cannot parse cron expression "* * * * * * *": it has 7 fields; cron needs 5 (minute hour day-of-month month day-of-week), or 6 with seconds first',
    ],
  ];
  for (const [cron, message] of table) {
    const error = assertThrows(() => nextFireTimes({ cron }, 0), CronSyntaxError);
    assertEquals(error.message, message);
    assertEquals(error.code, "CRON_SYNTAX");
    assertEquals(error.expression, cron);
    assertThrows(() => validateFireTimeSpec({ cron }), CronSyntaxError);
  }
  assertThrows(
    () => validateFireTimeSpec({ cron: "@daily", timezone: "Mars/Olympus" }),
    RangeError,
  );
  validateFireTimeSpec({ cron: "@daily", timezone: BERLIN });
});

Deno.test("an expression that fires only in leap years or some months has its fire times; one that never fires is refused", () => {
  const after = Date.UTC(2026, 0, 1);
  const firstFires: [string, string | undefined][] = [
    ["0 0 29 2 *", "2028-02-29T00:00:00.000Z"],
    ["0 0 * 2 5#5", "2036-02-29T00:00:00.000Z"],
    ["0 0 */2 2 5#5", "2036-02-29T00:00:00.000Z"],
    ["0 0 31 4 1", "2026-04-06T00:00:00.000Z"],
    ["0 0 31 4 *", undefined],
    ["0 0 30 2 *", undefined],
    ["0 0 */29 2 5#5", undefined],
    // croner 9.1.0 overflowed its stack looking for this one; it never gets that far now.
    ["0 0 */31 * 5#5", undefined],
  ];
  for (const [cron, first] of firstFires) {
    const spec = { cron, timezone: "UTC" };
    if (first === undefined) {
      assertThrows(() => nextFireTimes(spec, after, 1), CronSyntaxError, "it never fires", cron);
    } else {
      assertEquals(nextFireTimes(spec, after, 1).map((ms) => new Date(ms).toISOString()), [first]);
    }
  }
});
