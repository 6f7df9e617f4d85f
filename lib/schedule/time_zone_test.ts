import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { createTimeZone, localTimeZoneName, resolveWallTime } from "./time_zone.ts";
import { runDeno } from "../../tests/fixtures/run_deno.ts";

const HOUR_MS = 3_600_000;

Deno.test("offsetMs() follows New York and Berlin through the 2026 changes", () => {
  const newYork = createTimeZone("America/New_York");
  const berlin = createTimeZone("Europe/Berlin");
  const table: [typeof newYork, number, number][] = [
    [newYork, Date.UTC(2026, 2, 8, 6, 59, 59), -5],
    [newYork, Date.UTC(2026, 2, 8, 7), -4],
    [newYork, Date.UTC(2026, 10, 1, 5, 59, 59), -4],
    [newYork, Date.UTC(2026, 10, 1, 6), -5],
    [berlin, Date.UTC(2026, 2, 29, 0, 59, 59), 1],
    [berlin, Date.UTC(2026, 2, 29, 1), 2],
    [berlin, Date.UTC(2026, 9, 25, 0, 59, 59), 2],
    [berlin, Date.UTC(2026, 9, 25, 1), 1],
  ];
  for (const [zone, epochMs, hours] of table) {
    assertEquals(zone.offsetMs(epochMs), hours * HOUR_MS, `${zone.name} at ${epochMs}`);
  }
});

Deno.test("offsetMs() ignores milliseconds and handles instants before 1970", () => {
  const utc = createTimeZone("UTC");
  assertEquals(utc.offsetMs(Date.UTC(2026, 0, 1, 0, 0, 0, 999)), 0);
  assertEquals(utc.offsetMs(-1_000_000_000_123), 0);
  assertEquals(createTimeZone("Asia/Kolkata").offsetMs(-86_400_000), 5.5 * HOUR_MS);
});

Deno.test("resolveWallTime() tells unique, repeated and skipped wall-clock times apart", () => {
  const newYork = createTimeZone("America/New_York");
  assertEquals(resolveWallTime(newYork, Date.UTC(2026, 2, 8, 1, 30)), {
    kind: "unique",
    epochMs: Date.UTC(2026, 2, 8, 6, 30),
  });
  assertEquals(resolveWallTime(newYork, Date.UTC(2026, 2, 8, 2, 30)), {
    kind: "skipped",
    shiftedEpochMs: Date.UTC(2026, 2, 8, 7, 30), // 03:30 EDT
  });
  assertEquals(resolveWallTime(newYork, Date.UTC(2026, 10, 1, 1, 30)), {
    kind: "repeated",
    firstEpochMs: Date.UTC(2026, 10, 1, 5, 30), // 01:30 EDT
    secondEpochMs: Date.UTC(2026, 10, 1, 6, 30), // 01:30 EST
  });
  const berlin = createTimeZone("Europe/Berlin");
  assertEquals(resolveWallTime(berlin, Date.UTC(2026, 9, 25, 2, 30)), {
    kind: "repeated",
    firstEpochMs: Date.UTC(2026, 9, 25, 0, 30), // 02:30 CEST
    secondEpochMs: Date.UTC(2026, 9, 25, 1, 30), // 02:30 CET
  });
  assertEquals(resolveWallTime(berlin, Date.UTC(2026, 2, 29, 2, 0)), {
    kind: "skipped",
    shiftedEpochMs: Date.UTC(2026, 2, 29, 1, 0), // 03:00 CEST
  });
});

Deno.test("createTimeZone() rejects unknown names and defaults to the local zone", () => {
  const error = assertThrows(() => createTimeZone("Mars/Olympus"), RangeError);
  assertEquals(
    error.message,
    'Cannot use time zone "Mars/Olympus": it is not an IANA time zone name',
  );
  assertEquals(createTimeZone().name, localTimeZoneName());
});

Deno.test("the local zone of a TZ that names a zoneinfo file (TZ=:/etc/localtime) is that file's zone, not UTC", async () => {
  // As /etc/localtime is: a link into a zoneinfo folder, named by its zone (the file is not read).
  const dir = await Deno.makeTempDir({ prefix: "corun-tz-" });
  try {
    await Deno.mkdir(`${dir}/zoneinfo/America`, { recursive: true });
    await Deno.writeFile(`${dir}/zoneinfo/America/New_York`, new Uint8Array());
    await Deno.symlink(`${dir}/zoneinfo/America/New_York`, `${dir}/localtime`);
    const module = JSON.stringify(new URL("./time_zone.ts", import.meta.url).href);
    const script = `import { localTimeZoneName } from ${module}; console.log(localTimeZoneName());`;
    const zoneWith = async (tz: string) => {
      const { code, stdout, stderr } = await runDeno(["eval", script], { env: { TZ: tz } });
      assertEquals(code, 0, stderr);
      return stdout.trim();
    };
    assertEquals(await zoneWith(`:${dir}/localtime`), "America/New_York");
    assertEquals(await zoneWith(`${dir}/zoneinfo/America/New_York`), "America/New_York");
    assertEquals(await zoneWith(`:${dir}/no-such-file`), "UTC");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a POSIX TZ without daylight saving is its fixed offset, as libc reads it; one with daylight saving, or no zone, is UTC with a warning", async () => {
  const module = JSON.stringify(new URL("./time_zone.ts", import.meta.url).href);
  const script = `import { localTimeZoneName, localZoneProblem } from ${module};
    console.log(JSON.stringify([localTimeZoneName(), localZoneProblem() ?? null]));`;
  const zoneWith = async (tz: string) => {
    const { code, stdout, stderr } = await runDeno(["eval", script], { env: { TZ: tz } });
    assertEquals(code, 0, stderr);
    return JSON.parse(stdout);
  };
  // ICU says no zone for JST-9, and UTC for IST-5:30: schedules fired in UTC, in silence.
  assertEquals(await zoneWith("JST-9"), ["+09:00", null]);
  assertEquals(await zoneWith("IST-5:30"), ["+05:30", null]);
  assertEquals(await zoneWith("<-03>3"), ["-03:00", null]);
  assertEquals(await zoneWith("UTC0"), ["UTC", null]);
  assertEquals(await zoneWith("Europe/Berlin"), ["Europe/Berlin", null]);
  assertEquals(await zoneWith("EST5EDT"), ["America/New_York", null]);
  // ICU reads GMT-9 as -09:00; libc, and so the machine's clock, as nine hours ahead of UTC.
  assertEquals(await zoneWith("GMT-9"), ["+09:00", null]);
  // Names libc and ICU both read, from the zoneinfo folder's posix/ and right/ trees.
  assertEquals(await zoneWith("posix/Europe/Berlin"), ["Europe/Berlin", null]);
  assertEquals(await zoneWith("right/Europe/Berlin"), ["Europe/Berlin", null]);
  assertEquals(await zoneWith(":Europe/Berlin"), ["Europe/Berlin", null]);
  for (const tz of ["CET-1CEST,M3.5.0,M10.5.0/3", "Europe/Berln"]) {
    assertEquals(await zoneWith(tz), [
      "UTC",
      `TZ "${tz}" is no zone corun can read (an IANA name such as Europe/Berlin, a zoneinfo ` +
      "file, or a fixed offset such as JST-9): a schedule without timezone: runs in UTC; set " +
      "its timezone:, or TZ to the IANA name",
    ]);
  }
});
