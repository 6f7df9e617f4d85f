/**
 * A limit on how fast a run receives response bodies, all of them together (`bandwidth:`). A token
 * bucket: bytes received take from it, it refills at the limit's rate up to one second's worth, and
 * a body's next read waits until the bucket holds enough, then takes at most what it holds. Bytes
 * that came with a response head (a small body's whole) are taken too, and may leave the bucket
 * below empty: no request is sent until that is paid for, so the average holds for small bodies as
 * for large. Waiting before a read, not after, leaves the server's bytes in the socket: TCP slows
 * the sender down, as curl's `--limit-rate` does.
 * @module
 */
import { type Effect, sleep } from "../loop/mod.ts";

/** Where a bandwidth limit reads the time. */
export interface BandwidthClock {
  /** Milliseconds on the clock the run's sleeps use. */
  now(): number;
}

/** One limit shared by every body a client reads. */
export class Bandwidth {
  readonly #bytesPerMs: number;
  readonly #capacity: number;
  /**
   * The least a body's read waits for: a sixteenth of a second's worth, up to 64 KiB (reads of a
   * few bytes would cost a system call each).
   */
  readonly readQuantum: number;
  readonly #clock: BandwidthClock;
  /** Bytes that may be received now; below 0 when bytes that came with a head took more. */
  #tokens: number;
  #refilledAtMs: number;

  /**
   * A limit with a full bucket: the first second's worth of bytes goes at once.
   *
   * @param bytesPerSecond The most bytes per second, on average (more than 0).
   * @param clock The run's clock: a virtual one makes the waits virtual too.
   * @throws {RangeError} When the limit is not a number above 0.
   */
  constructor(bytesPerSecond: number, clock: BandwidthClock) {
    if (!(bytesPerSecond > 0) || !Number.isFinite(bytesPerSecond)) {
      throw new RangeError(
        `A bandwidth is a number of bytes per second above 0, got ${bytesPerSecond}`,
      );
    }
    this.#bytesPerMs = bytesPerSecond / 1000;
    this.#capacity = bytesPerSecond;
    this.readQuantum = Math.min(bytesPerSecond / 16, 64 * 1024);
    this.#clock = clock;
    this.#tokens = this.#capacity;
    this.#refilledAtMs = clock.now();
  }

  /**
   * Counts bytes received.
   *
   * @param bytes How many.
   */
  charge(bytes: number): void {
    this.#refill();
    this.#tokens -= bytes;
  }

  /**
   * How long to wait until the bucket holds `bytes`.
   *
   * @param bytes What the next step needs: `readQuantum` before a body's read, 0 before a request
   *   is sent (the bytes that came with earlier heads paid for).
   * @returns Whole milliseconds, at least 1 when it holds less (then ask again after the wait:
   *   another body's read meanwhile may have taken what it earned); 0 when it holds enough.
   */
  waitMs(bytes: number): number {
    this.#refill();
    const lacking = bytes - this.#tokens;
    return lacking <= 0 ? 0 : Math.max(1, Math.ceil(lacking / this.#bytesPerMs));
  }

  /**
   * The most bytes the next read may take, once `waitMs(readQuantum)` said 0.
   *
   * @returns Whole bytes, at least 1.
   */
  allowance(): number {
    return Math.max(1, Math.floor(this.#tokens));
  }

  #refill(): void {
    const nowMs = this.#clock.now();
    const earned = (nowMs - this.#refilledAtMs) * this.#bytesPerMs;
    this.#refilledAtMs = nowMs;
    this.#tokens = Math.min(this.#capacity, this.#tokens + earned);
  }
}

/**
 * Waits until the bucket holds `bytes`: 0 before a request is sent (what the run received is paid
 * for), `readQuantum` before a body's read.
 *
 * @param bandwidth The run's limit.
 * @param bytes What the next step needs.
 * @param onWait Told each wait before it starts (a body moves its deadline by it).
 */
export function* waitForBandwidth(
  bandwidth: Bandwidth,
  bytes: number,
  onWait?: (ms: number) => void,
): Generator<Effect, void> {
  for (let ms = bandwidth.waitMs(bytes); ms > 0; ms = bandwidth.waitMs(bytes)) {
    onWait?.(ms);
    yield* sleep(ms);
  }
}
