/**
 * HTTP/1.1 pipelining on one connection (RFC 9112 §9.3.2): requests are written one after another
 * without waiting for the answers, which come back in the order the requests went out. Only origins a
 * config opts in (`pipeline: N`), and only requests a server may see twice (idempotent, no body): a
 * connection that closes with requests unanswered has them sent again on a new connection.
 * @module
 */
import type { Effect } from "../loop/mod.ts";
import { Parked, removeWaiter } from "../loop/parked.ts";

/** The requests in flight on one connection: whose turn it is to write, and to read. */
export class Pipeline {
  /** Most requests in flight on the connection at once. */
  readonly depth: number;
  /** Requests lent the connection and not yet given back. */
  inFlight = 0;
  /** Requests written so far: the next one written gets this number as its turn to read. */
  #sent: number;
  /** Responses read to their end so far: the request of this number reads now. */
  #answered: number;
  #sending = false;
  readonly #senders: Parked<boolean>[] = [];
  readonly #readers = new Map<number, Parked<boolean>>();
  #broken = false;
  /** A request given up while waiting in line: the connection closes once the ones before it are read. */
  #closeAt = Infinity;

  /**
   * @param depth Most requests in flight at once (at least 2; 1 is no pipeline).
   * @param answered Responses the connection already carried (it may have served unpipelined).
   */
  constructor(depth: number, answered: number) {
    this.depth = depth;
    this.#sent = this.#answered = answered;
  }

  /** True when one more request may join. */
  get hasRoom(): boolean {
    return !this.#broken && this.#closeAt === Infinity && this.inFlight < this.depth;
  }

  /** True once a response ended the connection (or a request in it failed). */
  get broken(): boolean {
    return this.#broken;
  }

  /**
   * Waits until no other request is being written.
   *
   * @returns False when the line broke meanwhile: send the request elsewhere.
   */
  *sendTurn(): Generator<Effect, boolean> {
    if (this.#broken || this.#closeAt !== Infinity) return false;
    if (!this.#sending) {
      this.#sending = true;
      return true;
    }
    const parked = new Parked<boolean>("wait to send on a pipelined connection", (waiter) => {
      removeWaiter(this.#senders, waiter);
    });
    this.#senders.push(parked);
    return yield* parked.wait();
  }

  /**
   * The request is written (call it right after the write, before anything else can run): the next
   * request may be written.
   *
   * @returns Its turn to read, for `readTurn`.
   */
  sent(): number {
    const turn = this.#sent++;
    const next = this.#senders.shift();
    if (next) next.give(true);
    else this.#sending = false;
    return turn;
  }

  /**
   * Waits until the responses to the requests written before this one have been read.
   *
   * @param turn What `sent` returned.
   * @returns False when the line broke first: the request was not answered here.
   */
  *readTurn(turn: number): Generator<Effect, boolean> {
    if (this.#broken || turn > this.#closeAt) return false;
    if (this.#answered === turn) return true;
    const parked = new Parked<boolean>(
      "wait for earlier responses on a pipelined connection",
      () => {
        this.#readers.delete(turn);
      },
    );
    this.#readers.set(turn, parked);
    return yield* parked.wait();
  }

  /**
   * The response being read ended whole, the connection still good: the next request reads.
   *
   * @returns False when the next response is one nobody will read (see `abandon`): the line broke,
   *   close the connection.
   */
  answered(): boolean {
    if (++this.#answered >= this.#closeAt) {
      this.break();
      return false;
    }
    const next = this.#readers.get(this.#answered);
    if (next) {
      this.#readers.delete(this.#answered);
      next.give(true);
    }
    return true;
  }

  /**
   * A request sent on the connection was given up (its task cancelled) before its turn to read: the
   * responses before its own are still read by their requests, then the connection closes; the
   * requests behind it are told at once to go elsewhere, and no request joins any more.
   *
   * @param turn What `sent` returned for it.
   * @returns True when its response is the next one: the line broke, close the connection now.
   */
  abandon(turn: number): boolean {
    if (this.#broken) return true;
    if (turn <= this.#answered) {
      this.break();
      return true;
    }
    if (turn >= this.#closeAt) return false;
    this.#closeAt = turn;
    for (const [behind, waiter] of this.#readers) {
      if (behind > turn) {
        this.#readers.delete(behind);
        waiter.give(false);
      }
    }
    for (const waiter of this.#senders.splice(0)) waiter.give(false);
    return false;
  }

  /** The connection carries no more: every request waiting in the line is told to go elsewhere. */
  break(): void {
    if (this.#broken) return;
    this.#broken = true;
    for (const waiter of this.#senders.splice(0)) waiter.give(false);
    for (const waiter of this.#readers.values()) waiter.give(false);
    this.#readers.clear();
  }
}
