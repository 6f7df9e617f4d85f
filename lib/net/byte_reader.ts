/**
 * A read buffer over a connection: large and reused, because reading a socket into a fresh small
 * buffer per call costs several times the throughput. Parsers look at `buffer[start, end)` directly.
 * @module
 */
import type { Effect } from "../loop/mod.ts";
import type { Connection } from "./connection.ts";
import { NetError } from "./errors.ts";

/** Default buffer size: big enough that one read drains what a fast peer has sent. */
export const DEFAULT_READ_BUFFER_BYTES = 256 * 1024;

/** Buffered reads from one connection. */
export class ByteReader {
  /** The bytes; valid data is `buffer.subarray(start, end)`. */
  buffer: Uint8Array;
  /** First unconsumed byte. */
  start = 0;
  /** One past the last buffered byte. */
  end = 0;
  /** Bytes read from the connection over its whole life. */
  totalBytesRead = 0;
  /** How many of `totalBytesRead` a meter has counted (the run's bandwidth limit). */
  meteredBytes = 0;
  /**
   * Most bytes one read may add, the armed idle read included: a bandwidth limit's share of a read,
   * so that no read, not even a head's, takes a burst past it.
   */
  maxReadBytes = Infinity;
  /** True once the peer closed its side. */
  eof = false;
  readonly #connection: Connection;

  /**
   * @param connection Where bytes come from.
   * @param bufferBytes Initial buffer size.
   */
  constructor(connection: Connection, bufferBytes = DEFAULT_READ_BUFFER_BYTES) {
    this.#connection = connection;
    this.buffer = new Uint8Array(bufferBytes);
  }

  /** Bytes buffered and not yet consumed. */
  get available(): number {
    return this.end - this.start;
  }

  /**
   * Arms a read while the connection is idle between requests (see `Connection.watchIdle`); the next
   * `fill` takes its bytes. Only for an empty buffer: the response's first bytes go at its start.
   */
  watchIdle(): void {
    if (this.available !== 0) {
      throw new Error("Cannot watch an idle connection with bytes buffered");
    }
    this.start = this.end = 0;
    const room = this.buffer.byteLength > this.maxReadBytes
      ? this.buffer.subarray(0, this.maxReadBytes)
      : this.buffer;
    this.#connection.watchIdle(room);
  }

  /**
   * Gives the buffer a new size, keeping the bytes it holds (at their start): a large body is read
   * through a larger buffer, and the connection gets its own size back once the body ends. Views
   * handed out before stay valid: the old buffer is left as it was. Never while a read is pending.
   *
   * @param bytes The new size; raised to what the buffer holds, when that is more.
   */
  resize(bytes: number): void {
    const live = this.available;
    const size = Math.max(bytes, live);
    if (size === this.buffer.byteLength) return;
    const resized = new Uint8Array(size);
    resized.set(this.buffer.subarray(this.start, this.end));
    this.buffer = resized;
    this.start = 0;
    this.end = live;
  }

  /** Marks `count` buffered bytes as consumed. */
  consume(count: number): void {
    this.start += count;
    if (this.start === this.end) this.start = this.end = 0;
  }

  /**
   * Reads more bytes from the connection, after what is buffered. Compacts or grows the buffer when it
   * is full, up to `maxBufferedBytes`.
   *
   * @param maxBufferedBytes Most bytes that may be held unconsumed (a limit against endless heads).
   * @param batchBytes Gather up to this many bytes in one go when they come fast (see
   *   `Connection.read`); only for bytes the peer has promised.
   * @returns Bytes added, or 0 at end of stream (then `eof` is true).
   * @throws RangeError when `maxBufferedBytes` are already buffered.
   */
  *fill(
    maxBufferedBytes = this.buffer.byteLength,
    batchBytes = 0,
  ): Generator<Effect, number> {
    if (this.eof) return 0;
    if (this.end === this.buffer.byteLength) this.#makeRoom(maxBufferedBytes);
    // An empty buffer (most reads: a response's first) is read into whole: no view to make.
    let room = this.end === 0 ? this.buffer : this.buffer.subarray(this.end);
    if (room.byteLength > this.maxReadBytes) room = room.subarray(0, this.maxReadBytes);
    const count = yield* this.#connection.read(room, batchBytes);
    if (count === null) {
      this.eof = true;
      return 0;
    }
    this.end += count;
    this.totalBytesRead += count;
    return count;
  }

  /**
   * Reads one line ending in LF (CRLF accepted), without the line ending.
   *
   * @param maxLineBytes Longest accepted line: a line limit is a security limit.
   * @returns The line's bytes (a view into the buffer, valid until the next read), or `null` at EOF
   * with nothing buffered.
   * @throws NetError "LINE_TOO_LONG" past the limit; "EARLY_EOF" when the stream ends mid-line.
   */
  *readLine(maxLineBytes: number): Generator<Effect, Uint8Array | null> {
    let scanFrom = this.start;
    for (;;) {
      const newline = this.buffer.subarray(scanFrom, this.end).indexOf(10);
      if (newline >= 0) {
        const lineEnd = scanFrom + newline;
        const contentEnd = lineEnd > this.start && this.buffer[lineEnd - 1] === 13
          ? lineEnd - 1
          : lineEnd;
        // A line that arrived whole in one read is held to the limit too.
        if (contentEnd - this.start > maxLineBytes) throw this.#lineTooLong(maxLineBytes);
        const line = this.buffer.subarray(this.start, contentEnd);
        this.start = lineEnd + 1;
        return line;
      }
      // A CR at the end may be the start of the line ending, so it does not count yet.
      const pendingBytes = this.available - (this.buffer[this.end - 1] === 13 ? 1 : 0);
      if (pendingBytes > maxLineBytes) throw this.#lineTooLong(maxLineBytes);
      const before = this.start;
      scanFrom = this.end;
      const added = yield* this.fill(maxLineBytes + 2);
      scanFrom -= before - this.start; // the buffer may have been compacted
      if (added === 0) {
        if (this.available === 0) return null;
        throw new NetError(
          "EARLY_EOF",
          `Cannot read a line from ${this.#connection.address}: the connection closed mid-line`,
          this.#connection.address,
        );
      }
    }
  }

  #lineTooLong(maxLineBytes: number): NetError {
    return new NetError(
      "LINE_TOO_LONG",
      `Cannot read a line from ${this.#connection.address}: longer than ${maxLineBytes} bytes`,
      this.#connection.address,
    );
  }

  #makeRoom(maxBufferedBytes: number): void {
    const live = this.available;
    if (this.start > 0) {
      this.buffer.copyWithin(0, this.start, this.end);
      this.start = 0;
      this.end = live;
      return;
    }
    if (live >= maxBufferedBytes) {
      throw new RangeError(`Cannot buffer more than ${maxBufferedBytes} bytes`);
    }
    const grown = new Uint8Array(Math.min(maxBufferedBytes, this.buffer.byteLength * 2));
    grown.set(this.buffer.subarray(0, live));
    this.buffer = grown;
  }
}
