/**
 * Per-phase deadlines of one exchange, enforced by one timer: waiting for the response head, silence
 * between body bytes, and the whole attempt. Reads only note the time (`touch`); the timer checks,
 * and re-arms itself, at most once per limit. When a deadline passes, the connection is closed, which
 * is what ends a pending socket read.
 * @module
 */
import type { Loop, TimerEntry } from "../loop/mod.ts";
import type { Connection } from "../net/mod.ts";
import type { HttpErrorCode } from "./errors.ts";

type Phase = "headers" | "idle";

class WatchdogTimer implements TimerEntry {
  deadlineMs: number;
  cancelled = false;
  readonly #owner: Watchdog;

  constructor(owner: Watchdog, deadlineMs: number) {
    this.#owner = owner;
    this.deadlineMs = deadlineMs;
  }

  fire(): void {
    this.#owner.check(this);
  }
}

/** Deadlines for one attempt on one connection. */
export class Watchdog {
  /** Set once a deadline passed: which one. */
  expired: HttpErrorCode | undefined;
  readonly #loop: Loop;
  readonly #connection: Connection;
  readonly #totalDeadlineMs: number;
  #phase: Phase = "headers";
  #phaseLimitMs = Infinity;
  #phaseStartMs = 0;
  #lastActivityMs = 0;
  #timer: WatchdogTimer | undefined;

  /**
   * @param loop Whose clock and timers to use.
   * @param connection Closed when a deadline passes.
   * @param totalTimeoutMs Limit for the whole attempt, from now.
   */
  constructor(loop: Loop, connection: Connection, totalTimeoutMs: number) {
    this.#loop = loop;
    this.#connection = connection;
    this.#totalDeadlineMs = loop.clock.now() + totalTimeoutMs;
  }

  /** Starts waiting for the response head, for at most `limitMs`. */
  waitForHead(limitMs: number): void {
    this.#enter("headers", limitMs);
  }

  /** Starts reading the body: at most `limitMs` of silence between reads. */
  readBody(limitMs: number): void {
    this.#enter("idle", limitMs);
  }

  /** Notes that bytes arrived. */
  touch(): void {
    this.#lastActivityMs = this.#loop.clock.now();
  }

  /** Stops watching (the exchange ended). */
  stop(): void {
    if (this.#timer) this.#loop.cancelTimer(this.#timer);
    this.#timer = undefined;
  }

  /** Timer callback: closes the connection if a deadline passed, else re-arms. */
  check(timer: WatchdogTimer): void {
    if (timer !== this.#timer) return;
    this.#timer = undefined;
    const nowMs = this.#loop.clock.now();
    if (nowMs >= this.#totalDeadlineMs) this.#expire("TIMEOUT_TOTAL");
    else if (nowMs >= this.#phaseDeadlineMs()) {
      this.#expire(this.#phase === "headers" ? "TIMEOUT_HEADERS" : "TIMEOUT_IDLE");
    } else this.#arm();
  }

  /** Which limit expired, in words, for messages. */
  describeExpiry(): string {
    switch (this.expired) {
      case "TIMEOUT_HEADERS":
        return `no response head within ${this.#phaseLimitMs} ms`;
      case "TIMEOUT_IDLE":
        return `no body bytes for ${this.#phaseLimitMs} ms`;
      default:
        return "the whole attempt took too long";
    }
  }

  #enter(phase: Phase, limitMs: number): void {
    const nowMs = this.#loop.clock.now();
    this.#phase = phase;
    this.#phaseLimitMs = limitMs;
    this.#phaseStartMs = nowMs;
    this.#lastActivityMs = nowMs;
    const deadline = Math.min(this.#phaseDeadlineMs(), this.#totalDeadlineMs);
    if (!this.#timer || deadline < this.#timer.deadlineMs) this.#arm();
  }

  #phaseDeadlineMs(): number {
    const from = this.#phase === "headers" ? this.#phaseStartMs : this.#lastActivityMs;
    return from + this.#phaseLimitMs;
  }

  #arm(): void {
    if (this.#timer) this.#loop.cancelTimer(this.#timer);
    const deadline = Math.min(this.#phaseDeadlineMs(), this.#totalDeadlineMs);
    if (deadline === Infinity) return;
    this.#timer = new WatchdogTimer(this, deadline);
    this.#loop.addTimer(this.#timer);
  }

  #expire(code: HttpErrorCode): void {
    this.expired = code;
    this.#connection.close();
  }
}
