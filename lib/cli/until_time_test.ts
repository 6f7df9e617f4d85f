import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { parseUntilTime } from "./until_time.ts";
import { runDeno } from "../../tests/fixtures/run_deno.ts";

Deno.test("parseUntilTime() reads a time with an offset as written", () => {
  const sixPmUtc = Date.UTC(2026, 11, 5, 18);
  assertEquals(parseUntilTime("2026-12-05T18:00:00Z"), sixPmUtc);
  assertEquals(parseUntilTime("2026-12-05t18:00z"), sixPmUtc);
  assertEquals(parseUntilTime("2026-12-05 19:00+01:00"), sixPmUtc);
  assertEquals(parseUntilTime("2026-12-05T13:30-0430"), sixPmUtc);
  assertEquals(parseUntilTime("2026-12-05T18:00:00.123456Z"), sixPmUtc + 123);
});

Deno.test("parseUntilTime() refuses what is no ISO 8601 time, or no such time", () => {
  for (
    const text of [
      "",
      "soon",
      "5",
      "Dec 5 2026",
      "2026/12/05",
      "2026-12-5",
      "2026-02-30",
      "2026-13-01",
      "2026-12-05T24:00",
      "2026-12-05T18:60",
      "2026-12-05T18",
      "2026-12-05T18:00+01:60",
      "2026-12-05T18:00+25:00",
      "2026-12-05T18:00-2400",
      "2026-12-05T18:00:00Zjunk",
    ]
  ) {
    assertEquals(parseUntilTime(text), undefined, text);
  }
  assertEquals(parseUntilTime("2028-02-29"), new Date(2028, 1, 29).getTime());
});

Deno.test("parseUntilTime() reads a date alone, and a time without an offset, as local time (TZ)", async () => {
  // A zone of its own, whatever this machine's: New York is UTC-5 in December.
  const script = `
    import { parseUntilTime } from ${
    JSON.stringify(new URL("./until_time.ts", import.meta.url).href)
  };
    console.log(JSON.stringify([parseUntilTime("2026-12-05"), parseUntilTime("2026-12-05T18:00")]));
  `;
  const output = await runDeno(["eval", script], {
    env: { TZ: "America/New_York", NO_COLOR: "1" },
  });
  assertEquals(output.code, 0, output.stderr);
  assertEquals(JSON.parse(output.stdout), [
    Date.UTC(2026, 11, 5, 5),
    Date.UTC(2026, 11, 5, 23),
  ]);
});
