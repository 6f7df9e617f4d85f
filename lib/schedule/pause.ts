/**
 * Waiting on the host's clock for a scheduler outside the loop (a lock's retries, a database
 * schedule's fires): a pause that a signal cuts short, and the longest single timer.
 * @module
 */
import { startHostTimer } from "../loop/mod.ts";

/** Longest single sleep: the host's timers cannot wait longer than 2^31-1 ms, and shorter is harmless. */
export const MAX_SLEEP_MS = 3_600_000;

/**
 * How often a scheduler in real time looks at the wall clock while it waits for a fire. The host's
 * timers run on the monotonic clock, which stands still while the machine sleeps: after a wake (or
 * an NTP step forward) a fire that came due runs within this, not after the rest of a long sleep.
 */
export const WALL_CHECK_MS = 5_000;

/**
 * Waits `ms`, or less when `signal` aborts: a cancelled wait stops at once instead of running on,
 * with its timer, after its caller has gone.
 *
 * @param ms How long.
 * @param signal Ends the pause early.
 * @returns True after the full pause, false when aborted.
 */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      cancel();
      resolve(false);
    };
    const cancel = startHostTimer(ms, () => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    });
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
