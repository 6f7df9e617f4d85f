/**
 * IANA time zones as offsets from UTC, and wall-clock times turned back into instants. A wall-clock
 * time is written as "epoch milliseconds as if the zone were UTC": 02:30 on 8 March 2026 in New York
 * is `Date.UTC(2026, 2, 8, 2, 30)`, whatever instant(s) that is there.
 * @module
 */
import { isGranted } from "../loop/mod.ts";

const DAY_MS = 86_400_000;

/** A time zone, able to tell its offset from UTC at any instant. */
export interface TimeZone {
  /** The IANA name, such as `"Europe/Berlin"`. */
  readonly name: string;
  /**
   * The zone's offset from UTC at an instant: wall-clock time minus UTC.
   *
   * @param epochMs The instant.
   * @returns Milliseconds to add to `epochMs` to get the wall-clock time (New York in winter: -5 h).
   */
  offsetMs(epochMs: number): number;
}

/** How a wall-clock time maps to instants in a zone. */
export type WallTimeResolution =
  /** The usual case: one instant. */
  | { kind: "unique"; epochMs: number }
  /** The clocks went back: the time happened twice, `firstEpochMs` < `secondEpochMs`. */
  | { kind: "repeated"; firstEpochMs: number; secondEpochMs: number }
  /**
   * The clocks went forward over it: it never happened. `shiftedEpochMs` reads the time on the clock
   * that was in force before the jump, so 02:30 in a 02:00→03:00 gap becomes 03:30 after it.
   */
  | { kind: "skipped"; shiftedEpochMs: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Finds the time zone of that name, or the local one.
 *
 * @param name IANA name such as `"America/New_York"`. @default the local zone (`TZ`, else the system's)
 * @returns The zone.
 * @throws {RangeError} When the runtime knows no zone of that name.
 * @example
 * ```ts
 * import { createTimeZone } from "./time_zone.ts";
 * const berlin = createTimeZone("Europe/Berlin");
 * console.log(berlin.offsetMs(Date.UTC(2026, 0, 1)) / 3_600_000); // 1
 * ```
 */
export function createTimeZone(name?: string): TimeZone {
  const zoneName = name ?? localTimeZoneName();
  const formatter = formatterFor(zoneName);
  return {
    name: zoneName,
    offsetMs(epochMs: number): number {
      const wholeSecondMs = Math.floor(epochMs / 1000) * 1000;
      return wallTimeOf(formatter, wholeSecondMs) - wholeSecondMs;
    },
  };
}

/**
 * The local zone's name (`UTC` when the runtime cannot tell): an IANA name, or a fixed offset such
 * as `+09:00` for a POSIX `TZ` without daylight saving time (`TZ=JST-9`).
 *
 * @returns The name, such as `"Europe/Berlin"`.
 * @example
 * ```ts
 * import { createTimeZone, localTimeZoneName } from "./time_zone.ts";
 * createTimeZone(localTimeZoneName()); // a name createTimeZone always takes
 * ```
 */
export function localTimeZoneName(): string {
  return readLocalZone().name;
}

/**
 * Why the `TZ` variable is not the zone schedules use, when it is set to what corun cannot read: a
 * POSIX rule with daylight saving time (`CET-1CEST,M3.5.0,M10.5.0/3`), which libc (and so `date`
 * and cron) follows but the runtime's time zone data does not, or no zone at all.
 *
 * @returns The warning, or undefined when `TZ` is unset, or a zone corun reads.
 * @example
 * ```ts
 * import { localZoneProblem } from "./time_zone.ts";
 * localZoneProblem(); // undefined, unless TZ holds a POSIX rule with daylight saving time
 * ```
 */
export function localZoneProblem(): string | undefined {
  return readLocalZone().problem;
}

/** The local zone, and why `TZ` was passed over when it was. */
function readLocalZone(): { name: string; problem?: string } {
  const tz = granted({ name: "env", variable: "TZ" }) ? Deno.env.get("TZ") : undefined;
  // ICU cannot read a TZ that names a zoneinfo file (`TZ=:/etc/localtime`, a common setting that
  // saves libc a stat per call): it says no zone, or UTC. The machine's clock reads that file's
  // zone, and so must its schedules.
  const file = zoneOfTzFile(tz);
  if (file !== undefined) return { name: file };
  // ICU reads IANA names, and more (`posix/Europe/Berlin`, `right/Europe/Berlin`), as libc does.
  const icuZone = namedZoneOf(new Intl.DateTimeFormat().resolvedOptions().timeZone);
  if (icuZone !== undefined) return { name: icuZone };
  // ICU names a zone it cannot tell "Etc/Unknown" (`TZ=""`, no /etc/localtime); the machine's
  // clock reads UTC then, and so do its schedules. Likewise for a TZ of UTC itself.
  const isFile = tz?.startsWith(":") || tz?.startsWith("/");
  if (tz === undefined || tz === "" || isFile || isKnownZone(tz)) return { name: "UTC" };
  // Nor does ICU read a POSIX rule (`JST-9`): it says no zone, or UTC (`IST-5:30`) where libc
  // reads +05:30.
  const offset = posixFixedOffset(tz);
  if (offset !== undefined) return { name: offset };
  return {
    name: "UTC",
    problem: `TZ "${tz}" is no zone corun can read (an IANA name such as Europe/Berlin, a ` +
      `zoneinfo file, or a fixed offset such as JST-9): a schedule without timezone: runs in ` +
      `UTC; set its timezone:, or TZ to the IANA name`,
  };
}

/** An offset as ICU names it (`-09:00`), not a zone of the IANA database. */
const OFFSET_NAME = /^[+-]\d{2}(?::?\d{2})?$/;

/**
 * ICU's local zone when it is a real one: not UTC, which it also says for a `TZ` it cannot read,
 * nor "Etc/Unknown", nor an offset, which it reads from `TZ=GMT-9` with the sign opposite to libc.
 */
function namedZoneOf(icuName: string | undefined): string | undefined {
  if (icuName === undefined || icuName === "UTC" || icuName === "Etc/Unknown") return undefined;
  if (OFFSET_NAME.test(icuName)) return undefined;
  return isKnownZone(icuName) ? icuName : undefined;
}

/** A POSIX `TZ` of a name and an offset west of UTC, no daylight saving (`JST-9`, `<+0530>-5:30`). */
const POSIX_FIXED = /^(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]{3,}>)([+-]?)(\d{1,2})(?::(\d{2}))?$/;

/** The offset zone (`+09:00`) of a POSIX `TZ` without daylight saving time, or `UTC` for none. */
function posixFixedOffset(tz: string): string | undefined {
  const match = POSIX_FIXED.exec(tz);
  if (match === null) return undefined;
  const [, sign, hours, minutes = "00"] = match;
  if (Number(hours) > 24 || Number(minutes) > 59) return undefined;
  if (Number(hours) === 0 && Number(minutes) === 0) return "UTC";
  // POSIX counts hours west of Greenwich: JST-9 is nine hours ahead of UTC.
  return `${sign === "-" ? "+" : "-"}${hours.padStart(2, "0")}:${minutes}`;
}

/** Where zone files live: the zone's name is the rest of the path (`…/zoneinfo/Europe/Berlin`). */
const ZONEINFO_PATH = /\/zoneinfo\/(?:posix\/|right\/)?(.+)$/;

/**
 * The zone of a `TZ` that names a zoneinfo file (`:/etc/localtime`, `/usr/share/zoneinfo/X`),
 * found by where the file, or the link it is, leads. Only with the permissions already granted:
 * a scheduler never prompts.
 */
function zoneOfTzFile(tz: string | undefined): string | undefined {
  const path = tz?.startsWith(":") ? tz.slice(1) : tz;
  if (path === undefined || !path.startsWith("/")) return undefined;
  let target = path;
  try {
    if (granted({ name: "read", path })) target = Deno.realPathSync(path);
  } catch {
    // A TZ naming a file that is not there: the path itself may still name the zone.
  }
  const name = ZONEINFO_PATH.exec(target)?.[1];
  return name !== undefined && isKnownZone(name) ? name : undefined;
}

function granted(descriptor: Deno.PermissionDescriptor): boolean {
  try {
    return isGranted(descriptor);
  } catch {
    return false; // a runtime without permission queries
  }
}

function isKnownZone(name: string): boolean {
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Tells which instant(s) a wall-clock time is in a zone. Assumes at most one offset change within a
 * day of it, which holds for every zone in the IANA database.
 *
 * @param zone The zone.
 * @param wallMs The wall-clock time, as epoch milliseconds read as if the zone were UTC.
 * @returns One instant, two (clocks went back), or none and a shifted one (clocks went forward).
 * @example
 * ```ts
 * import { createTimeZone, resolveWallTime } from "./time_zone.ts";
 * const newYork = createTimeZone("America/New_York");
 * resolveWallTime(newYork, Date.UTC(2026, 10, 1, 1, 30)); // { kind: "repeated", ... }
 * ```
 */
export function resolveWallTime(zone: TimeZone, wallMs: number): WallTimeResolution {
  const offsetBeforeMs = zone.offsetMs(wallMs - DAY_MS);
  const offsetAfterMs = zone.offsetMs(wallMs + DAY_MS);
  // The larger offset gives the earlier instant.
  const candidates = offsetBeforeMs === offsetAfterMs ? [wallMs - offsetBeforeMs] : [
    wallMs - Math.max(offsetBeforeMs, offsetAfterMs),
    wallMs - Math.min(offsetBeforeMs, offsetAfterMs),
  ];
  const instants = candidates.filter((epochMs) => epochMs + zone.offsetMs(epochMs) === wallMs);
  if (instants.length === 2) {
    return { kind: "repeated", firstEpochMs: instants[0], secondEpochMs: instants[1] };
  }
  if (instants.length === 1) return { kind: "unique", epochMs: instants[0] };
  return { kind: "skipped", shiftedEpochMs: wallMs - offsetBeforeMs };
}

function formatterFor(name: string): Intl.DateTimeFormat {
  let formatter = formatters.get(name);
  if (formatter) return formatter;
  try {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: name,
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch (error) {
    throw new RangeError(`Cannot use time zone "${name}": it is not an IANA time zone name`, {
      cause: error,
    });
  }
  formatters.set(name, formatter);
  return formatter;
}

/** The wall-clock time of an instant, as epoch milliseconds read as if the zone were UTC. */
function wallTimeOf(formatter: Intl.DateTimeFormat, epochMs: number): number {
  let year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, isBc = false;
  for (const part of formatter.formatToParts(epochMs)) {
    switch (part.type) {
      case "era":
        isBc = part.value === "BC";
        break;
      case "year":
        year = Number(part.value);
        break;
      case "month":
        month = Number(part.value);
        break;
      case "day":
        day = Number(part.value);
        break;
      case "hour":
        hour = Number(part.value);
        break;
      case "minute":
        minute = Number(part.value);
        break;
      case "second":
        second = Number(part.value);
        break;
    }
  }
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, takes years 0-99 literally.
  date.setUTCFullYear(isBc ? 1 - year : year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}
