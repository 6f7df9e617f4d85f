/**
 * A limit on how fast a run receives response bodies, all of them together (`bandwidth:`). A token
 * bucket: bytes received take from it, it refills at the limit's rate up to one second's worth, and
 * a body's next read waits until the bucket holds a read's worth, which the read then holds while it
 * waits for the socket: bodies read side by side never take the same bytes twice. Every byte a
 * connection received is counted once, when its body reads or ends: bytes that came with a response
 * head (a small body's whole) may leave the bucket below empty, and no request is sent until that is
 * paid for, so the average holds for small bodies as for large. Waiting before a read, not after,
 * leaves the server's bytes in the socket: TCP slows the sender down, as curl's `--limit-rate` does.
 * @module
 */
import { type Effect, sleep } from "../loop/mod.ts";

/** Where a bandwidth limit reads the time. */
export interface BandwidthClock {
  /** Milliseconds on the clock the run's sleeps use. */
  now(): number;
}

/** What a limit reads off a connection's reader (a `ByteReader` is one). */
export interface MeteredReader {
  /** Bytes received over the connection's whole life. */
  readonly totalBytesRead: number;
  /** How many of them a limit has counted. */
  meteredBytes: number;
}

/**
 * One limit shared by every body a client reads.
 *
 * @example
 * ```ts
 * import { assert } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { Bandwidth, createVirtualClock, HttpClient, runOperation } from "@corun/corun";
 * const server = Deno.serve(
 *   { hostname: "127.0.0.1", port: 0, onListen() {} },
 *   () => new Response(new Uint8Array(48 * 1024)),
 * );
 * const clock = createVirtualClock(); // the limit's waits take no real time under it
 * const limit = new Bandwidth(16 * 1024, clock); // 16 KiB/s, for every request given it together
 * const client = new HttpClient();
 * await runOperation(function* () {
 *   const response = yield* client.request(
 *     { url: `http://127.0.0.1:${server.addr.port}/` },
 *     { bandwidth: limit },
 *   );
 *   yield* response.body.bytes();
 * }(), { clock });
 * client.close();
 * await server.shutdown();
 * // The first second's worth at once, the other 32 KiB at 16 KiB a second.
 * assert(clock.now() >= 2_000, `${clock.now()} ms`);
 * ```
 */
export class Bandwidth {
  readonly #bytesPerMs: number;
  readonly #capacity: number;
  /**
   * The most one read takes, and what a body's read waits for and holds: a sixteenth of a second's
   * worth, up to 64 KiB, in whole bytes (reads of a few bytes would cost a system call each).
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
    this.readQuantum = Math.max(1, Math.floor(Math.min(bytesPerSecond / 16, 64 * 1024)));
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
   * Counts what a connection received since it was last counted.
   *
   * @param reader The connection's reader; its `meteredBytes` moves up to `totalBytesRead`.
   */
  chargeReceived(reader: MeteredReader): void {
    const unmetered = reader.totalBytesRead - reader.meteredBytes;
    if (unmetered === 0) return;
    reader.meteredBytes = reader.totalBytesRead;
    this.charge(unmetered);
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
   * Holds a read's share (`readQuantum`) for a read about to start, once `waitMs(readQuantum)` said
   * 0: other reads see it taken while this one waits for the socket. Give it back with `release`
   * when the read ends, then count what it added with `chargeReceived`.
   */
  hold(): void {
    this.#tokens -= this.readQuantum;
  }

  /** Gives back what `hold` took. */
  release(): void {
    this.#tokens = Math.min(this.#capacity, this.#tokens + this.readQuantum);
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
 */
export function* waitForBandwidth(bandwidth: Bandwidth, bytes: number): Generator<Effect, void> {
  for (let ms = bandwidth.waitMs(bytes); ms > 0; ms = bandwidth.waitMs(bytes)) yield* sleep(ms);
}
