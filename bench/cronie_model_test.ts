import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { createTimeZone } from "../lib/schedule/time_zone.ts";
import { cronieEntry, cronieRuns } from "./cronie_model.ts";

const NEW_YORK = createTimeZone("America/New_York");

function runs(cron: string, after: string, count: number): string[] {
  const entry = cronieEntry(cron);
  if (!entry) throw new Error(`cronie would refuse ${cron}`);
  return cronieRuns(entry, NEW_YORK, Date.parse(after), count)
    .map((epochMs) => new Date(epochMs).toISOString().slice(0, 16));
}

// The cases follow cronie-crond/cronie src/cron.c (main loop, cases 1-3) and src/entry.c.

Deno.test("cronie model: a fixed time in the spring gap runs once, at the jump", () => {
  assertEquals(runs("30 2 * * *", "2025-03-08T12:00:00Z", 2), [
    "2025-03-09T07:00", // 03:00 EDT, the first minute after the jump
    "2025-03-10T06:30",
  ]);
});

Deno.test("cronie model: a wildcard-minute job is not caught up over the gap", () => {
  assertEquals(runs("*/20 2 * * *", "2025-03-08T12:00:00Z", 4), [
    "2025-03-10T06:00",
    "2025-03-10T06:20",
    "2025-03-10T06:40",
    "2025-03-11T06:00",
  ]);
});

Deno.test("cronie model: in the repeated hour, fixed jobs run once and wildcard jobs in both passes", () => {
  assertEquals(runs("30 1 * * *", "2025-11-02T04:00:00Z", 2), [
    "2025-11-02T05:30",
    "2025-11-03T06:30",
  ]);
  assertEquals(runs("*/30 1 * * *", "2025-11-02T05:00:00Z", 4), [
    "2025-11-02T05:30",
    "2025-11-02T06:00",
    "2025-11-02T06:30",
    "2025-11-03T06:00",
  ]);
});

Deno.test("cronie model: what cronie refuses has no entry", () => {
  for (
    const cron of ["5/15 * * * *", "0 20-4 * * *", "*/0 * * * *", "0 0 * * 5L", "30 0 1 * * *"]
  ) {
    assertEquals(cronieEntry(cron), undefined, cron);
  }
  assertEquals(cronieEntry("0 0 * * Sat-Sun")?.dayOfWeek, new Set([6, 7, 0]));
});
