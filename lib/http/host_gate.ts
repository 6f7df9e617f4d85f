/**
 * When a host answers 429 or 503 with Retry-After, every request to that host waits, not only the one
 * that was told: the server asked the client to back off, not one URL.
 * @module
 */
import { type Effect, sleep, withLoop } from "../loop/mod.ts";

/** Per-origin "not before" times on the loop clock. */
export class HostGate {
  readonly #notBeforeMs = new Map<string, number>();

  /** Holds requests to `origin` until loop-clock time `untilMs` (never shortens a longer hold). */
  block(origin: string, untilMs: number): void {
    const current = this.#notBeforeMs.get(origin) ?? 0;
    if (untilMs > current) this.#notBeforeMs.set(origin, untilMs);
  }

  /** The loop-clock time before which `origin` is held, or 0. */
  heldUntil(origin: string): number {
    return this.#notBeforeMs.get(origin) ?? 0;
  }

  /** Waits until `origin` is no longer held (the hold may be extended while waiting). */
  *wait(origin: string): Generator<Effect, void> {
    for (;;) {
      const untilMs = this.#notBeforeMs.get(origin);
      if (untilMs === undefined) return;
      const nowMs = yield* withLoop((_, loop) => loop.clock.now());
      if (nowMs >= untilMs) {
        this.#notBeforeMs.delete(origin);
        return;
      }
      yield* sleep(untilMs - nowMs);
    }
  }
}
