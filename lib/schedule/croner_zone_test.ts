/**
 * What croner 9.1.0 itself does with `timezone` on the 2026 changes, pinned so an upgrade that changes
 * it shows up here. `next_fire.ts` runs croner in UTC and resolves zones itself because of the three
 * cases marked WRONG below; the cases it gets right match `next_fire_test.ts`.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { Cron } from "./deps.ts";

function cronerFires(cron: string, timezone: string, after: string, count: number): string[] {
  const job = new Cron(cron, { timezone, paused: true });
  const out: string[] = [];
  let previous: Date | null = new Date(after);
  for (let i = 0; i < count && previous; i++) {
    previous = job.nextRun(previous);
    if (previous) out.push(previous.toISOString());
  }
  return out;
}

Deno.test("croner: a 02:30 job on the spring-forward day fires once at 03:30 (as we do)", () => {
  assertEquals(cronerFires("30 2 * * *", "America/New_York", "2026-03-07T12:00:00Z", 2), [
    "2026-03-08T07:30:00.000Z",
    "2026-03-09T06:30:00.000Z",
  ]);
  assertEquals(cronerFires("30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z", 2), [
    "2026-03-29T01:30:00.000Z",
    "2026-03-30T00:30:00.000Z",
  ]);
});

Deno.test("croner: a 01:30 New York job on the fall-back day fires once, at 01:30 EDT (as we do)", () => {
  assertEquals(cronerFires("30 1 * * *", "America/New_York", "2026-10-31T12:00:00Z", 2), [
    "2026-11-01T05:30:00.000Z",
    "2026-11-02T06:30:00.000Z",
  ]);
});

Deno.test("croner: WRONG, asked from inside New York's repeated hour it answers an earlier time", () => {
  // Asked after 01:10 EST (06:10Z), it answers 01:15 EDT (05:15Z): a scheduler would fire at once, ask
  // again from there and get 05:30Z, 05:45Z, then jump on: three runs in the past, in a burst.
  assertEquals(cronerFires("*/15 * * * *", "America/New_York", "2026-11-01T06:10:00Z", 1), [
    "2026-11-01T05:15:00.000Z",
  ]);
});

Deno.test("croner: WRONG, Berlin's repeated hour is taken at its second pass, New York's at its first", () => {
  // 02:30 CET (01:30Z), where New York gets the first pass; we fire at 02:30 CEST (00:30Z).
  assertEquals(cronerFires("30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z", 1), [
    "2026-10-25T01:30:00.000Z",
  ]);
});

Deno.test("croner: WRONG, hourly jobs lose an hour when the clocks go back", () => {
  // New York: 01:00 EDT, then 02:00 EST, nothing at 01:00 EST (06:00Z).
  assertEquals(cronerFires("@hourly", "America/New_York", "2026-11-01T04:30:00Z", 2), [
    "2026-11-01T05:00:00.000Z",
    "2026-11-01T07:00:00.000Z",
  ]);
  // Berlin: 01:00 CEST, then 02:00 CET; 02:00 CEST (00:00Z) is skipped.
  assertEquals(cronerFires("0 * * * *", "Europe/Berlin", "2026-10-24T22:30:00Z", 2), [
    "2026-10-24T23:00:00.000Z",
    "2026-10-25T01:00:00.000Z",
  ]);
});
