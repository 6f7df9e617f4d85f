/**
 * Where the loop reads time from. Injected, so tests of sleeps and timeouts run in virtual time.
 * @module
 */

/** A source of time for one loop: the system clock or a virtual one. */
export type Clock = SystemClock | VirtualClock;

/** What every clock offers. */
export interface ClockBase {
  /** `"system"` follows real time; `"virtual"` jumps to the next deadline when every task is blocked. */
  readonly kind: "system" | "virtual";
  /** Monotonic milliseconds; deadlines are compared against this. */
  now(): number;
  /** Milliseconds since the Unix epoch that correspond to `now()`, for reports and schedules. */
  wallNow(): number;
}

/** Real time. */
export interface SystemClock extends ClockBase {
  /** Always `"system"`. */
  readonly kind: "system";
}

/** A clock the loop may move forward by itself. */
export interface VirtualClock extends ClockBase {
  /** Always `"virtual"`. */
  readonly kind: "virtual";
  /** Moves time forward to `ms` (never backwards). */
  advanceTo(ms: number): void;
}

/**
 * Creates the real clock: `performance.now()` for deadlines, `Date.now()` for wall time.
 *
 * @returns A system clock.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { createSystemClock } from "@corun/corun";
 * const clock = createSystemClock();
 * assertEquals(clock.kind, "system");
 * assertEquals(Math.abs(clock.wallNow() - Date.now()) < 1000, true);
 * ```
 */
export function createSystemClock(): Clock {
  return {
    kind: "system",
    now: () => performance.now(),
    // Read each time, not the start's wall time plus monotonic time: the monotonic clock stands
    // still while the machine sleeps and ignores NTP's steps, so a run that spans a suspend would
    // stamp its lines, and judge cookie expiry, by a time behind the machine's.
    wallNow: () => Date.now(),
  };
}

/** Options for {@linkcode createVirtualClock}. */
export interface VirtualClockOptions {
  /** Wall time (epoch ms) at virtual time 0. @default Date.now() */
  startWallMs?: number;
}

/**
 * Creates a virtual clock starting at 0. A loop using it never sleeps for real: whenever every task is
 * blocked on a timer (no I/O in flight), the loop jumps the clock to the earliest deadline.
 *
 * @param options Where wall time starts.
 * @returns A virtual clock.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { createVirtualClock } from "@corun/corun";
 * const clock = createVirtualClock({ startWallMs: 0 });
 * clock.advanceTo(1000);
 * assertEquals([clock.now(), clock.wallNow()], [1000, 1000]);
 * ```
 */
export function createVirtualClock(options: VirtualClockOptions = {}): VirtualClock {
  const startWallMs = options.startWallMs ?? Date.now();
  let nowMs = 0;
  return {
    kind: "virtual",
    now: () => nowMs,
    wallNow: () => startWallMs + nowMs,
    advanceTo(ms: number) {
      if (ms > nowMs) nowMs = ms;
    },
  };
}
