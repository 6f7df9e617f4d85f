/**
 * A TCP or TLS connection whose reads and writes are loop operations. Cancelling a task that waits on
 * a read or write closes the connection: the only way to abort a pending read on a socket.
 *
 * An idle keep-alive connection keeps one read armed (`watchIdle`), as undici does: bytes or an EOF
 * that arrive before the next request is written close it, so they are never taken for the next
 * response (RFC 9112 §6.3), and a connection the server closed is never lent out. The armed read
 * then serves as the first read of the next response: no extra system call per request.
 * @module
 */
import {
  type Effect,
  type Loop,
  messageOf,
  type Operation,
  SelfYieldingEffect,
  type TaskRecord,
} from "../loop/mod.ts";
import { NetError } from "./errors.ts";
import { explainTlsFailure, isTlsRefusal } from "./tls_failure.ts";

type IoKind = "read" | "write";

/**
 * How long a batched read keeps asking for more once it has bytes: long enough to gather the 16 KiB
 * records a TLS stream hands out one per read, short enough that an idle timer never notices.
 */
const BATCH_WINDOW_MS = 10;

/**
 * The least room a batched read asks the socket to fill (or a quarter of a small buffer): a read
 * into a sliver of the buffer costs a system call for a few KiB, and opens the receive window by as
 * little, so the server may wait for the next ACK to send more. The read that follows the batch
 * gets the whole buffer again.
 */
const MIN_BATCH_READ_BYTES = 64 * 1024;

/** What a write effect holds between writes: nothing of the last one's bytes. */
const NO_BYTES = new Uint8Array(0);

/**
 * One read, or one write of all its bytes (however many partial writes that takes): also the
 * operation that yields it. A connection keeps one for its reads and one for its writes and
 * prepares it again for each (no effect, nor settlement handlers, per read or write), unless the
 * last one is still in flight (see `reusable`).
 */
class ConnectionIoEffect<T extends number | null | void> extends SelfYieldingEffect<T> {
  readonly #connection: Connection;
  readonly #kind: IoKind;
  #bytes: Uint8Array = NO_BYTES;
  #batchBytes = 0;
  /** Bytes of a write already written. */
  #written = 0;
  #settled = false;
  /** The operation ended: its outcome was taken, or it was given up (the task cancelled). */
  #ended = true;
  /** A socket promise of it has not settled: its late outcome must not reach the next wait. */
  #inFlight = false;
  #task: TaskRecord | undefined;
  #loop: Loop | undefined;
  readonly #onDone = (count: number | null): void => {
    this.#inFlight = false;
    this.#done(count);
  };
  readonly #onFail = (error: unknown): void => {
    this.#inFlight = false;
    this.#fail(error);
  };

  constructor(connection: Connection, kind: IoKind) {
    super();
    this.#connection = connection;
    this.#kind = kind;
  }

  /** Ready for the next read or write: the last one ended, and nothing of it is in flight. */
  get reusable(): boolean {
    return this.#ended && !this.#inFlight;
  }

  /**
   * Sets up the next read or write, to run once with `yield*`.
   *
   * @param bytes Where to read, or what to write.
   * @param batchBytes For a read: see `Connection.read`.
   */
  prepare(bytes: Uint8Array, batchBytes: number): this {
    this.#bytes = bytes;
    this.#batchBytes = batchBytes;
    this.#written = 0;
    this.#settled = false;
    this.#ended = false;
    this.rearm();
    return this;
  }

  override next(resumed?: unknown): IteratorResult<Effect, T> {
    const result = super.next(resumed);
    if (result.done) this.#ended = true;
    return result;
  }

  override throw(error?: unknown): IteratorResult<Effect, T> {
    this.#ended = true;
    return super.throw(error);
  }

  override return(value?: unknown): IteratorResult<Effect, T> {
    this.#ended = true;
    return super.return(value);
  }

  start(task: TaskRecord, loop: Loop): void {
    this.#task = task;
    this.#loop = loop;
    loop.beginIo();
    this.#issue();
  }

  /** Starts the read, or the write of the bytes not yet written. */
  #issue(): void {
    let promise: Promise<number | null>;
    try {
      if (this.#kind === "write") {
        const written = this.#written;
        promise = this.#connection.writeOnce(
          written === 0 ? this.#bytes : this.#bytes.subarray(written),
        );
      } else {
        promise = this.#batchBytes > 1
          ? this.#connection.readBatch(this.#bytes, this.#batchBytes)
          : this.#connection.readOnce(this.#bytes);
      }
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.#inFlight = true;
    promise.then(this.#onDone, this.#onFail);
  }

  #done(count: number | null): void {
    if (this.#settled) return;
    let resumed: number | null | undefined = count;
    if (this.#kind === "write") {
      this.#connection.wrote();
      this.#written += count!;
      if (this.#written < this.#bytes.byteLength) {
        // Progress the writer, waiting for all of its bytes, does not see: deadlines do.
        if (count! > 0) this.#connection.partialWriteAtMs = performance.now();
        return this.#issue();
      }
      resumed = undefined; // a write ends with nothing
    }
    const task = this.#task!;
    const loop = this.#loop!;
    this.#settle();
    loop.resume(task, this, resumed);
  }

  #fail(error: unknown): void {
    const task = this.#task!;
    const loop = this.#loop!;
    if (this.#settle()) loop.fail(task, this, this.#connection.wrapError(this.#kind, error));
  }

  /** Ends the wait; what it held is let go, the connection keeping this effect for the next. */
  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.#loop!.endIo();
    this.#task = this.#loop = undefined;
    this.#bytes = NO_BYTES;
    return true;
  }

  cancel(): void {
    if (this.#settle()) this.#connection.close();
  }

  /**
   * Fails the task waiting on it now, its socket promise left in flight (see
   * `Connection.abandonWrite`).
   *
   * @returns Whether a task was waiting.
   */
  abandon(error: NetError): boolean {
    const task = this.#task;
    const loop = this.#loop;
    if (task === undefined || loop === undefined || !this.#settle()) return false;
    loop.fail(task, this, error);
    return true;
  }

  describe(): string {
    return `${this.#kind} ${this.#connection.address}`;
  }
}

/** `effect` when it may serve the next read or write, else a new one. */
function readyIo<T extends number | null | void>(
  effect: ConnectionIoEffect<T> | undefined,
  connection: Connection,
  kind: IoKind,
): ConnectionIoEffect<T> {
  return effect?.reusable ? effect : new ConnectionIoEffect<T>(connection, kind);
}

/** The write of no bytes: done at once, with no system call (and no end of the idle watch). */
function* nothingToWrite(): Generator<Effect, void> {}

/** An open connection. Reads and writes are operations; `close()` is immediate and idempotent. */
export class Connection {
  /** The Deno connection underneath. */
  readonly conn: Deno.Conn;
  /** `host:port` of the peer, for messages. */
  readonly address: string;
  /** True for TLS connections. */
  readonly secure: boolean;
  #closed = false;
  /** The effects of its reads and of its writes, made again only while the last is in flight. */
  #reads: ConnectionIoEffect<number | null> | undefined;
  #writes: ConnectionIoEffect<void> | undefined;
  /** The peer closed its side after a batched read had bytes in hand: the next read says so. */
  #eof = false;
  /** A write was given up while its bytes were still going out (`abandonWrite`). */
  #writeAbandoned = false;
  /** A read failed after a batched read had bytes in hand: the next read fails with it. */
  #batchFailure: unknown = undefined;
  /**
   * When a read inside a batch last brought bytes (`performance.now()`, 0 before any): progress that
   * the reader, waiting for the whole batch, does not see, and that deadlines look at.
   */
  batchReadAtMs = 0;
  /**
   * When a partial write last moved bytes (`performance.now()`, 0 before any): progress that the
   * writer, waiting for all of its bytes, does not see, and that deadlines look at.
   */
  partialWriteAtMs = 0;
  /**
   * The read armed by `watchIdle`, not yet taken by a read of the response, and the buffer it reads
   * into (two fields, not an object per idle spell).
   */
  #armed: Promise<number | null> | null = null;
  #armedBuffer: Uint8Array | null = null;
  /** Between `watchIdle` and the first completed write: anything read now is not a response. */
  #awaitingRequest = false;
  /** Why the connection was closed while idle, for the next use's error. */
  #idleFault: string | null = null;
  /**
   * Bytes or an EOF that came while idle, before a request was written: nobody asked for them. The
   * idle watch's handlers are made once per connection, not once per idle spell.
   */
  readonly #idleReadDone = (count: number | null): void => {
    if (this.#awaitingRequest) {
      this.#faultIdle(count === null ? "closed it" : `sent ${count} bytes unasked`);
    }
  };
  /** An idle read that failed (or that an idle close ended). */
  readonly #idleReadFailed = (): void => {
    if (this.#awaitingRequest) this.#faultIdle("failed it");
  };

  /**
   * @param conn An open Deno connection.
   * @param address `host:port` of the peer.
   * @param secure Whether it is TLS.
   */
  constructor(conn: Deno.Conn, address: string, secure: boolean) {
    this.conn = conn;
    this.address = address;
    this.secure = secure;
  }

  /** True once closed by `close()` or by a failed read. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Reads into `buffer`.
   *
   * @param buffer Where the bytes go; the count read is returned.
   * @param batchBytes When above 1, gather up to this many bytes while they come fast (see
   *   `readBatch`); the read may then wait for the peer after the first bytes arrived, so use it
   *   only for bytes the peer has promised (a Content-Length body).
   * @returns Bytes read, or `null` at end of stream.
   * @throws NetError "CONNECTION_CLOSED" when the connection fails.
   */
  read(buffer: Uint8Array, batchBytes = 0): Operation<number | null> {
    return (this.#reads = readyIo(this.#reads, this, "read")).prepare(buffer, batchBytes);
  }

  /**
   * Writes all of `bytes`, however many partial writes that takes.
   *
   * A failed write leaves the connection open for reading, so the caller can still read an answer
   * the peer sent before it stopped reading (a 413 to an upload): the caller closes it after.
   *
   * @param bytes What to send.
   * @throws NetError "CONNECTION_CLOSED" when the connection fails.
   */
  write(bytes: Uint8Array): Operation<void> {
    // An abandoned write's bytes are still going out: more would mix with them.
    if (this.#writeAbandoned) this.close();
    if (bytes.byteLength === 0) return nothingToWrite();
    // One effect for all the partial writes: no generator per write.
    return (this.#writes = readyIo(this.#writes, this, "write")).prepare(bytes, 0);
  }

  /**
   * Fails the write under way now, and leaves the connection open: a peer that stopped reading the
   * request may have answered it, and that answer can still be read. The socket write itself goes
   * on (only closing the connection stops it), so nothing more may be written: a later `write`
   * closes the connection and fails. Close it once done with it.
   *
   * @param why What ended the write, for its error.
   * @returns Whether a write was under way.
   */
  abandonWrite(why: string): boolean {
    const writes = this.#writes;
    const abandoned = writes !== undefined && writes.abandon(
      new NetError("CONNECTION_CLOSED", `Cannot write ${this.address}: ${why}`, this.address),
    );
    if (abandoned) this.#writeAbandoned = true;
    return abandoned;
  }

  /**
   * Arms one read while the connection waits, idle, for its next request. Whatever it gets before a
   * write completes (bytes, EOF, an error) closes the connection: the pool then skips it. What it
   * gets afterwards is the answer to that write, and the next `read` into the same `buffer` takes it.
   *
   * @param buffer Where the next response's first bytes go: the whole read buffer, empty.
   */
  watchIdle(buffer: Uint8Array): void {
    if (this.#closed) return;
    this.#awaitingRequest = true;
    if (this.#armed) return;
    const promise = this.conn.read(buffer);
    // Seen here first, and then by the read that takes it, if any (the same outcome, later); an
    // idle close rejects it, handled here.
    promise.then(this.#idleReadDone, this.#idleReadFailed);
    this.#armed = promise;
    this.#armedBuffer = buffer;
    // An idle watch alone must not keep the process alive (a client never closed would hang it).
    this.conn.unref();
  }

  /**
   * One read from the socket (or the read `watchIdle` armed into this same buffer).
   *
   * @param buffer Where the bytes go.
   * @returns Bytes read, or `null` at end of stream.
   */
  readOnce(buffer: Uint8Array): Promise<number | null> {
    if (this.#idleFault !== null) return Promise.reject(this.#idleError());
    const armed = this.#armed;
    if (armed) {
      const armedBuffer = this.#armedBuffer!;
      this.#armed = this.#armedBuffer = null;
      if (armedBuffer.buffer !== buffer.buffer || armedBuffer.byteOffset !== buffer.byteOffset) {
        // Its bytes would land where this read does not look: never let them go unseen.
        this.close();
        return Promise.reject(
          new Error("Cannot read: a read is already armed into another buffer"),
        );
      }
      this.conn.ref(); // a response is now awaited on it
      return armed;
    }
    if (this.#eof) return Promise.resolve(null);
    return this.#batchFailure === undefined
      ? this.conn.read(buffer)
      : Promise.reject(this.#batchFailure);
  }

  /**
   * One write to the socket; report its completion with `wrote()`.
   *
   * @param bytes What to send.
   * @returns Bytes written.
   */
  writeOnce(bytes: Uint8Array): Promise<number> {
    if (this.#idleFault !== null) return Promise.reject(this.#idleError());
    return this.conn.write(bytes);
  }

  /**
   * Notes that a write completed: the idle watch ends (see `watchIdle`). Called by the write's own
   * completion handler, not through a second promise per write.
   */
  wrote(): void {
    this.#awaitingRequest = false;
  }

  #faultIdle(what: string): void {
    this.#idleFault = `the server ${what} while the connection was idle`;
    this.#armed = this.#armedBuffer = null;
    this.close();
  }

  #idleError(): NetError {
    return new NetError(
      "CONNECTION_CLOSED",
      `Cannot use the connection to ${this.address}: ${this.#idleFault}`,
      this.address,
    );
  }

  /**
   * Reads at least one byte, then keeps reading while bytes keep coming (for `BATCH_WINDOW_MS`) until
   * `batchBytes` are in: one wake-up of the loop per batch instead of one per TLS record. The last
   * read of a batch may wait for the peer: each read that brings bytes notes the time
   * (`batchReadAtMs`), so that a wait for the next bytes is not taken for one long silence, and a
   * read that fails leaves the bytes already in to be handed out first.
   *
   * @param buffer Where the bytes go.
   * @param batchBytes How many bytes to gather when they come fast (at most the buffer's size).
   * @returns Bytes read, or `null` at end of stream.
   */
  async readBatch(buffer: Uint8Array, batchBytes: number): Promise<number | null> {
    const first = await this.readOnce(buffer);
    if (first === null) return null;
    const wanted = Math.min(batchBytes, buffer.byteLength);
    const leastRoom = Math.min(MIN_BATCH_READ_BYTES, buffer.byteLength >> 2);
    // The first read's bytes are progress already: the next read may wait.
    const startedMs = this.batchReadAtMs = performance.now();
    let nowMs = startedMs;
    let total = first;
    while (
      total < wanted && buffer.byteLength - total >= leastRoom &&
      nowMs - startedMs < BATCH_WINDOW_MS
    ) {
      let count: number | null;
      try {
        count = await this.conn.read(buffer.subarray(total));
      } catch (error) {
        this.#batchFailure = error; // reported by the next read; these bytes go first
        break;
      }
      if (count === null) {
        this.#eof = true; // reported by the next read; these bytes go first
        break;
      }
      total += count;
      nowMs = this.batchReadAtMs = performance.now();
    }
    return total;
  }

  /** Closes the connection; pending reads and writes fail. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.conn.close();
    } catch {
      // Already closed by the runtime after an error: nothing left to release.
    }
  }

  /**
   * Turns a Deno I/O error into a NetError. A failed read closes the connection; a failed write does
   * not (see `write`).
   */
  wrapError(kind: IoKind, error: unknown): NetError {
    if (kind === "read") this.close();
    if (error instanceof NetError) return error;
    const reason = messageOf(error);
    if (this.secure && isTlsRefusal(reason)) {
      // The server refused the session: TLS 1.3 checks a client's certificate once the client's
      // handshake is over, so the refusal comes on the first read. As final as a refused handshake.
      return new NetError(
        "TLS_FAILED",
        `Cannot ${kind} ${this.address}: ${explainTlsFailure(reason)}`,
        this.address,
        { cause: error },
      );
    }
    return new NetError(
      "CONNECTION_CLOSED",
      `Cannot ${kind} ${this.address}: ${reason}`,
      this.address,
      { cause: error },
    );
  }
}
