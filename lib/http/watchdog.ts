/**
 * Per-phase deadlines of one exchange, enforced by one timer: sending the request (no write progress
 * for the idle limit), waiting for the response head, silence while a body read is pending, and the
 * whole attempt. I/O only notes the time (`touch`, `beginRead`, `endRead`, and the connection's own
 * notes of the reads inside a batch and of partial writes, which no caller sees); the timer checks,
 * and re-arms itself, at most once per limit. When a deadline passes, the connection is closed,
 * which is what ends a pending socket read or write; but when the idle limit ends a write of the
 * request, the write is given up and the connection left open, for the answer the server may have
 * sent before it stopped reading (see `stalledSend`). Two kinds of time are not the server's: the
 * run's own waits (its bandwidth limit) stop the whole attempt's clock, and a timer that fires late
 * (the process was stopped or starved, and the bytes that came meanwhile are still unread) looks
 * again once before a silence deadline counts.
 *
 * Network limits hold in real time whatever clock the loop's sleeps use: with a virtual clock the
 * watchdog reads `performance.now()` and keeps a host timer of its own (a server's silence takes real
 * time, and a virtual clock stands still while a socket read is pending).
 * @module
 */
import { type Loop, startHostTimer, type TimerEntry } from "../loop/mod.ts";
import type { Connection } from "../net/mod.ts";
import type { HttpErrorCode } from "./errors.ts";
import { type LimitNamer, nameRequestOption } from "./limit_names.ts";
import type { Pipeline } from "./pipeline.ts";

type Phase = "send" | "queued" | "headers" | "body";

/**
 * A timer later than this found the process not running (stopped, asleep, starved) when it was due:
 * a passed silence deadline is checked once more, `LOOK_AGAIN_MS` on, before it counts.
 */
const LATE_TIMER_MS = 250;
const LOOK_AGAIN_MS = 100;
/**
 * A body whose last bytes came this recently when the whole attempt's limit passed was still
 * arriving: a download too large for the limit, not a server that stalled (which the idle limit,
 * perhaps as long as the whole one, has not caught yet).
 */
const ARRIVING_WITHIN_MS = 1000;

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
  /** The whole attempt's deadline passed while body bytes still came within the idle limit. */
  #bodyArriving = false;
  /**
   * The idle limit ended a write of the request (`expired` is `TIMEOUT_IDLE`), and left the
   * connection open: an answer the server sent before it stopped reading may still be read (see
   * `lookForAnswer`).
   */
  stalledSend = false;
  /** Interim (1xx) heads read while the final head was awaited (see `noteInterimHead`). */
  #interimHeads = 0;
  readonly #loop: Loop;
  readonly #connection: Connection;
  #totalDeadlineMs: number;
  /** The whole attempt's limit, as configured, for messages. */
  readonly #totalLimitMs: number;
  /** How messages name the limit that passed. */
  readonly #nameLimit: LimitNamer;
  /** The loop's clock is virtual: read real time, and time out with a host timer. */
  readonly #realTime: boolean;
  #cancelHostTimer: (() => void) | undefined;
  #phase: Phase = "headers";
  #phaseLimitMs = Infinity;
  #phaseStartMs = 0;
  #lastActivityMs = 0;
  #reading = false;
  /**
   * Set when a silence deadline was found passed by a late timer: the deadline moved here, to look
   * again once I/O had its turn. Cleared by progress.
   */
  #lookAgainAtMs: number | undefined;
  /** Since when the run's own wait (its bandwidth limit) holds the attempt's time still. */
  #ownWaitSinceMs: number | undefined;
  #timer: WatchdogTimer | undefined;
  /** The line waited in: a deadline that passes ends the wait there (the connection is shared). */
  #line: Pipeline | undefined;

  /**
   * @param loop Whose clock and timers to use (real time instead when its clock is virtual).
   * @param connection Closed when a deadline passes.
   * @param totalTimeoutMs Limit for the whole attempt.
   * @param spentMs Of it, the time already spent before now (opening the connection).
   * @param nameLimit How messages name the limit that passed (the request's `nameLimit`).
   */
  constructor(
    loop: Loop,
    connection: Connection,
    totalTimeoutMs: number,
    spentMs = 0,
    nameLimit: LimitNamer = nameRequestOption,
  ) {
    this.#loop = loop;
    this.#connection = connection;
    this.#realTime = loop.clock.kind === "virtual";
    this.#totalLimitMs = totalTimeoutMs;
    this.#nameLimit = nameLimit;
    this.#totalDeadlineMs = this.now() + totalTimeoutMs - spentMs;
  }

  /**
   * How much of the whole attempt's limit is used so far (opening the connection, and what was
   * `spentMs` when it started, included; the run's own waits not): a redirect's next request gets
   * what is left.
   */
  usedMs(): number {
    // Without a total (Infinity) nothing is used up, and Infinity − Infinity would be NaN.
    if (this.#totalLimitMs === Infinity) return 0;
    return this.#totalLimitMs - (this.#totalDeadlineMs - this.now());
  }

  /** Starts sending the request: at most `limitMs` without a write completing (see `touch`). */
  sendRequest(limitMs: number): void {
    this.#enter("send", limitMs);
  }

  /**
   * Waits for a turn on a pipelined connection (to send, or, sent, for the responses before it):
   * only the total limit counts, and when it passes the line ends the wait (`stopWaiting`, with this
   * watchdog as the request's key); the connection is left to the requests before this one, which
   * are watched by their own watchdogs.
   *
   * @param line The pipelined connection's line (the request then fails with `expired`).
   */
  waitInLine(line: Pipeline): void {
    this.#line = line;
    this.#enter("queued", Infinity);
  }

  /** Starts waiting for the response head, for at most `limitMs`. */
  waitForHead(limitMs: number): void {
    this.#enter("headers", limitMs);
  }

  /**
   * After a `stalledSend`: waits at most `limitMs` for the head of an answer the server sent before
   * it stopped reading. Nothing has expired any more; once this deadline passes, the connection is
   * closed.
   */
  lookForAnswer(limitMs: number): void {
    this.expired = undefined;
    this.stalledSend = false;
    this.#enter("headers", limitMs);
  }

  /**
   * Starts reading the body: at most `limitMs` of silence while a read is pending. Time the
   * consumer spends between reads does not count.
   */
  readBody(limitMs: number): void {
    this.#enter("body", limitMs);
  }

  /**
   * Notes an interim (1xx) head read while the final head is awaited: a head deadline that passes
   * after one says the server was not silent (a flood of `103 Early Hints` is no stalled server).
   */
  noteInterimHead(): void {
    this.#interimHeads++;
  }

  /** Notes progress: bytes were written, or arrived. */
  touch(): void {
    this.#lastActivityMs = this.now();
    this.#lookAgainAtMs = undefined;
  }

  /** Notes that a body read is pending: silence counts from now. */
  beginRead(): void {
    this.#reading = true;
    this.touch();
    // No timer was kept while nobody read (see `#armedDeadlineMs`): a whole attempt's deadline
    // that passed meanwhile ends it now, before the read takes what the socket holds.
    if (this.#lastActivityMs >= this.#runningTotalDeadlineMs()) {
      this.#disarm();
      return this.#expire("TIMEOUT_TOTAL");
    }
    // The timer may have been left for the total deadline only, while nobody was reading.
    if (!this.#timer || this.#phaseDeadlineMs() < this.#timer.deadlineMs) this.#arm();
  }

  /** Notes that the pending body read settled. */
  endRead(): void {
    this.#reading = false;
    this.touch();
  }

  /**
   * A wait that is the run's own (its bandwidth limit), not the server's, begins: the whole
   * attempt's time stands still until {@linkcode Watchdog.endOwnWait}.
   */
  beginOwnWait(): void {
    this.#ownWaitSinceMs ??= this.now();
  }

  /**
   * The run's own wait ended: the attempt's deadline moves later by the time it took, however late
   * its timers fired.
   */
  endOwnWait(): void {
    if (this.#ownWaitSinceMs === undefined) return;
    this.#totalDeadlineMs += this.now() - this.#ownWaitSinceMs;
    this.#ownWaitSinceMs = undefined;
    if (!this.#timer) this.#arm();
  }

  /** Stops watching (the exchange ended). */
  stop(): void {
    this.#disarm();
  }

  /** Timer callback: closes the connection if a deadline passed, else re-arms. */
  check(timer: WatchdogTimer): void {
    if (timer !== this.#timer) return;
    this.#timer = undefined;
    this.#cancelHostTimer = undefined;
    this.#noteUnseenProgress();
    const nowMs = this.now();
    if (nowMs >= this.#runningTotalDeadlineMs()) {
      this.#bodyArriving = this.#phase === "body" &&
        nowMs - this.#lastActivityMs < Math.min(this.#phaseLimitMs, ARRIVING_WITHIN_MS);
      this.#expire("TIMEOUT_TOTAL");
    } else if (nowMs >= this.#phaseDeadlineMs()) {
      // Silence is only what the process was awake to hear. A timer this late means it was not
      // (stopped, asleep, starved): bytes that came meanwhile wait in the socket, and this check
      // ran before the read could take them. Look again once I/O had its turn.
      if (nowMs - timer.deadlineMs > LATE_TIMER_MS && this.#lookAgainAtMs === undefined) {
        this.#lookAgainAtMs = nowMs + LOOK_AGAIN_MS;
        return this.#arm();
      }
      this.#expire(this.#phase === "headers" ? "TIMEOUT_HEADERS" : "TIMEOUT_IDLE");
    } else this.#arm();
  }

  /** Which limit expired, in words, for messages. */
  describeExpiry(): string {
    switch (this.expired) {
      case "TIMEOUT_HEADERS": {
        const limit = this.#nameLimit("headers", this.#phaseLimitMs);
        return this.#interimHeads === 0
          ? `no response head within ${limit}`
          : `no final response head within ${limit} (the server sent ${this.#interimHeads} ` +
            `interim 1xx response${this.#interimHeads === 1 ? "" : "s"} instead)`;
      }
      case "TIMEOUT_IDLE": {
        const limit = this.#nameLimit("idle", this.#phaseLimitMs);
        return this.#phase === "send"
          ? `the server took no request bytes for ${limit}`
          : `no body bytes for ${limit}`;
      }
      default: {
        const limit = this.#nameLimit("total", this.#totalLimitMs);
        // A small file's attempt may have spent all of it behind a large one's body.
        if (this.#phase === "queued") {
          return `the whole attempt took more than ${limit}, waiting on a pipelined connection ` +
            "for the responses before its own";
        }
        if (!this.#bodyArriving) return `the whole attempt took more than ${limit}`;
        // Bytes came within the last second: a download larger than the limit allows.
        return `the whole attempt took more than ${limit} while the body was still arriving` +
          (this.#nameLimit.fixed ? "" : ": raise it for a large download");
      }
    }
  }

  /**
   * Real time. On the system clock, the loop's time, read once per batch of steps: deadlines of
   * seconds need no clock call (a system call) on every read and write. That reading was taken
   * after whatever resumed the running task had happened (a socket read that settled, say).
   */
  now(): number {
    return this.#realTime ? performance.now() : this.#loop.now();
  }

  /**
   * Takes in the progress of the read or write under way that its caller has not seen yet: a read
   * inside a batch, a partial write. Each silence counts on its own, not the wait for a whole batch
   * or a whole piece of the request.
   */
  #noteUnseenProgress(): void {
    const phase = this.#phase;
    if (phase !== "send" && phase !== "body") return;
    const notedMs = phase === "send"
      ? this.#connection.partialWriteAtMs
      : this.#connection.batchReadAtMs;
    // The connection notes `performance.now()`; a loop's system clock may count from elsewhere.
    const atMs = this.#realTime ? notedMs : notedMs + this.#loop.now() - performance.now();
    // Older notes are another exchange's on the same connection (or this one's, taken in already).
    if (atMs > this.#lastActivityMs) {
      this.#lastActivityMs = atMs;
      this.#lookAgainAtMs = undefined;
    }
  }

  #enter(phase: Phase, limitMs: number): void {
    if (phase !== "queued") this.#line = undefined;
    const nowMs = this.now();
    this.#phase = phase;
    this.#phaseLimitMs = limitMs;
    this.#phaseStartMs = nowMs;
    this.#lastActivityMs = nowMs;
    this.#lookAgainAtMs = undefined;
    const deadline = this.#armedDeadlineMs();
    // The head's timer is not left to keep the process alive while a body waits for its reader.
    if (deadline === Infinity) this.#disarm();
    else if (!this.#timer || deadline < this.#timer.deadlineMs) this.#arm();
  }

  #phaseDeadlineMs(): number {
    const deadlineMs = this.#silenceDeadlineMs();
    return this.#lookAgainAtMs === undefined
      ? deadlineMs
      : Math.max(deadlineMs, this.#lookAgainAtMs);
  }

  #silenceDeadlineMs(): number {
    switch (this.#phase) {
      case "send":
        return this.#lastActivityMs + this.#phaseLimitMs;
      case "headers":
        return this.#phaseStartMs + this.#phaseLimitMs;
      case "queued":
        return Infinity;
      case "body":
        return this.#reading ? this.#lastActivityMs + this.#phaseLimitMs : Infinity;
    }
  }

  /** The whole attempt's deadline, or none while the run's own wait holds its time still. */
  #runningTotalDeadlineMs(): number {
    return this.#ownWaitSinceMs === undefined ? this.#totalDeadlineMs : Infinity;
  }

  /**
   * The deadline the timer is armed for. None while a body waits for its reader between reads: a
   * deadline then only closes a connection nobody reads, and a timer would keep the process alive
   * for a reader that waits on what nothing will settle (the stall a run fails when Deno's event
   * loop drains: `stall_watch.ts`). The whole attempt's deadline still holds: the next read
   * (`beginRead`) arms it, past already or not.
   */
  #armedDeadlineMs(): number {
    if (this.#phase === "body" && !this.#reading) return Infinity;
    return Math.min(this.#phaseDeadlineMs(), this.#runningTotalDeadlineMs());
  }

  #arm(): void {
    this.#disarm();
    const deadline = this.#armedDeadlineMs();
    // A deadline only closes the connection: once closed (the client's close(), say), none is due.
    if (deadline === Infinity || this.#connection.closed) return;
    const timer = this.#timer = new WatchdogTimer(this, deadline);
    if (!this.#realTime) return this.#loop.addTimer(timer, deadline);
    // A timer past a host timer's longest delay wakes early, and `check` arms it again.
    this.#cancelHostTimer = startHostTimer(deadline - performance.now(), () => this.check(timer));
  }

  #disarm(): void {
    if (this.#timer && !this.#realTime) this.#loop.cancelTimer(this.#timer);
    this.#cancelHostTimer?.();
    this.#timer = undefined;
    this.#cancelHostTimer = undefined;
  }

  #expire(code: HttpErrorCode): void {
    this.expired = code;
    if (this.#phase === "queued" && this.#line) this.#line.stopWaiting(this);
    else if (
      code === "TIMEOUT_IDLE" && this.#phase === "send" &&
      this.#connection.abandonWrite(this.describeExpiry())
    ) {
      this.stalledSend = true; // closed once the answer, if any, is read
    } else this.#connection.close();
  }
}
