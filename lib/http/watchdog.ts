/**
 * Per-phase deadlines of one exchange, enforced by one timer: sending the request (no write progress
 * for the idle limit), waiting for the response head, silence while a body read is pending, and the
 * whole attempt. I/O only notes the time (`touch`, `beginRead`, `endRead`); the timer checks, and
 * re-arms itself, at most once per limit. When a deadline passes, the connection is closed, which is
 * what ends a pending socket read or write.
 * @module
 */
import type { Loop, TimerEntry } from "../loop/mod.ts";
import type { Connection } from "../net/mod.ts";
import type { HttpErrorCode } from "./errors.ts";

type Phase = "send" | "headers" | "body";

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
  #reading = false;
  #timer: WatchdogTimer | undefined;

  /**
   * @param loop Whose clock and timers to use.
   * @param connection Closed when a deadline passes.
   * @param totalTimeoutMs Limit for the whole attempt, from now.
   */
  constructor(loop: Loop, connection: Connection, totalTimeoutMs: number) {
    this.#loop = loop;
    this.#connection = connection;
    // The loop's time, read once per batch of steps: deadlines of seconds need no clock call (a
    // system call) on every read and write.
    this.#totalDeadlineMs = loop.now() + totalTimeoutMs;
  }

  /** Starts sending the request: at most `limitMs` without a write completing (see `touch`). */
  sendRequest(limitMs: number): void {
    this.#enter("send", limitMs);
  }

  /** Starts waiting for the response head, for at most `limitMs`. */
  waitForHead(limitMs: number): void {
    this.#enter("headers", limitMs);
  }

  /**
   * Starts reading the body: at most `limitMs` of silence while a read is pending. Time the
   * consumer spends between reads does not count.
   */
  readBody(limitMs: number): void {
    this.#enter("body", limitMs);
  }

  /** Notes progress: bytes were written, or arrived. */
  touch(): void {
    this.#lastActivityMs = this.#loop.now();
  }

  /** Notes that a body read is pending: silence counts from now. */
  beginRead(): void {
    this.#reading = true;
    this.touch();
    // The timer may have been left for the total deadline only, while nobody was reading.
    if (!this.#timer || this.#phaseDeadlineMs() < this.#timer.deadlineMs) this.#arm();
  }

  /** Notes that the pending body read settled. */
  endRead(): void {
    this.#reading = false;
    this.touch();
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
    const nowMs = this.#loop.now();
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
        return this.#phase === "send"
          ? `the server took no request bytes for ${this.#phaseLimitMs} ms`
          : `no body bytes for ${this.#phaseLimitMs} ms`;
      default:
        return "the whole attempt took too long";
    }
  }

  #enter(phase: Phase, limitMs: number): void {
    const nowMs = this.#loop.now();
    this.#phase = phase;
    this.#phaseLimitMs = limitMs;
    this.#phaseStartMs = nowMs;
    this.#lastActivityMs = nowMs;
    const deadline = Math.min(this.#phaseDeadlineMs(), this.#totalDeadlineMs);
    if (!this.#timer || deadline < this.#timer.deadlineMs) this.#arm();
  }

  #phaseDeadlineMs(): number {
    switch (this.#phase) {
      case "send":
        return this.#lastActivityMs + this.#phaseLimitMs;
      case "headers":
        return this.#phaseStartMs + this.#phaseLimitMs;
      case "body":
        return this.#reading ? this.#lastActivityMs + this.#phaseLimitMs : Infinity;
    }
  }

  #arm(): void {
    if (this.#timer) this.#loop.cancelTimer(this.#timer);
    const deadline = Math.min(this.#phaseDeadlineMs(), this.#totalDeadlineMs);
    if (deadline === Infinity) return;
    this.#timer = new WatchdogTimer(this, deadline);
    this.#loop.addTimer(this.#timer, this.#timer.deadlineMs);
  }

  #expire(code: HttpErrorCode): void {
    this.expired = code;
    this.#connection.close();
  }
}
