/**
 * HTTP/1.1 pipelining on one connection (RFC 9112 §9.3.2): requests are written one after another
 * without waiting for the answers, which come back in the order the requests went out. Only origins a
 * config opts in (`pipeline: N`), and only requests a server may see twice (idempotent, no body): a
 * connection that closes with requests unanswered has them sent again on a new connection.
 * @module
 */
import type { Effect } from "../loop/mod.ts";
import { Parked, removeWaiter } from "../loop/parked.ts";

/** A request waiting for a turn: `key` names the request (its attempt's own object). */
interface Waiter {
  readonly key: object;
  readonly parked: Parked<boolean>;
}

/** The requests in flight on one connection: whose turn it is to write, and to read. */
export class Pipeline {
  /** Most requests in flight on the connection at once. */
  readonly depth: number;
  /** Requests lent the connection and not yet given back (see `join`). */
  inFlight = 0;
  /** Most requests the connection may carry in all, those it carried before the line included. */
  readonly #limit: number;
  /** Requests it carried and was lent so far, those before the line included. */
  #lent: number;
  /** Responses the connection carried before the line. */
  readonly #answeredBefore: number;
  /** Requests written so far: the next one written gets this number as its turn to read. */
  #sent: number;
  /** Responses read to their end so far: the request of this number reads now. */
  #answered: number;
  /** The request that may write now (given the turn, not yet done), if any. */
  #sender: object | undefined;
  readonly #senders: Waiter[] = [];
  readonly #readers = new Map<number, Waiter>();
  #broken = false;
  /** A request given up while waiting in line: the connection closes once the ones before it are read. */
  #closeAt = Infinity;

  /**
   * @param depth Most requests in flight at once (at least 2; 1 is no pipeline).
   * @param answered Responses the connection already carried (it may have served unpipelined).
   * @param limit Most requests the connection may carry in all (how many its origin's server
   *   answered on one before it closed it: more sent would only be sent again).
   */
  constructor(depth: number, answered: number, limit = Infinity) {
    this.depth = depth;
    this.#sent = this.#answered = answered;
    this.#lent = this.#answeredBefore = answered;
    this.#limit = limit;
  }

  /**
   * True once a response of the line was read whole: a close after it is the server's limit, not a
   * connection that ended while it waited idle (a server's idle timeout).
   */
  get answeredHere(): boolean {
    return this.#answered > this.#answeredBefore;
  }

  /** True when one more request may join. */
  get hasRoom(): boolean {
    return !this.#broken && this.#closeAt === Infinity && this.inFlight < this.depth &&
      this.#lent < this.#limit;
  }

  /** One more request is lent the connection (the first, or one joining). */
  join(): void {
    this.inFlight++;
    this.#lent++;
  }

  /** True once a response ended the connection (or a request in it failed). */
  get broken(): boolean {
    return this.#broken;
  }

  /**
   * Waits until no other request is being written.
   *
   * @param key The request (see `stopWaiting` and `leave`).
   * @returns False when the line broke meanwhile, or the wait was stopped: do not send here.
   */
  *sendTurn(key: object): Generator<Effect, boolean> {
    if (this.#broken || this.#closeAt !== Infinity) return false;
    if (this.#sender === undefined) {
      this.#sender = key;
      return true;
    }
    const parked = new Parked<boolean>("wait to send on a pipelined connection", () => {
      removeWaiter(this.#senders, waiter);
    });
    const waiter = { key, parked };
    this.#senders.push(waiter);
    return yield* parked.wait();
  }

  /**
   * The request is written (call it right after the write, before anything else can run): the next
   * request may be written.
   *
   * @returns Its turn to read, for `readTurn`.
   */
  sent(): number {
    this.#passSendTurn();
    return this.#sent++;
  }

  /**
   * Waits until the responses to the requests written before this one have been read.
   *
   * @param turn What `sent` returned.
   * @param key The request (see `stopWaiting`).
   * @returns False when the line broke first, or the wait was stopped: the request was not answered
   *   here.
   */
  *readTurn(turn: number, key: object): Generator<Effect, boolean> {
    if (this.#broken || turn > this.#closeAt) return false;
    if (this.#answered === turn) return true;
    const parked = new Parked<boolean>(
      "wait for earlier responses on a pipelined connection",
      () => {
        this.#readers.delete(turn);
      },
    );
    this.#readers.set(turn, { key, parked });
    return yield* parked.wait();
  }

  /**
   * Ends a request's wait for a turn at once (its deadline passed): `sendTurn` or `readTurn` returns
   * false. The connection is left alone for the requests before it.
   *
   * @param key The request.
   */
  stopWaiting(key: object): void {
    const sender = this.#senders.findIndex((waiter) => waiter.key === key);
    if (sender >= 0) return this.#senders.splice(sender, 1)[0].parked.give(false);
    for (const [turn, waiter] of this.#readers) {
      if (waiter.key !== key) continue;
      this.#readers.delete(turn);
      return waiter.parked.give(false);
    }
  }

  /**
   * A request leaves before writing anything: if it was given the turn to write (perhaps just as it
   * was cancelled), the next request gets it.
   *
   * @param key The request.
   */
  leave(key: object): void {
    if (this.#sender === key) this.#passSendTurn();
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
      next.parked.give(true);
    }
    return true;
  }

  /**
   * A request sent on the connection was given up (its task cancelled, its deadline passed) before
   * its turn to read: the responses before its own are still read by their requests, then the
   * connection closes; the requests behind it are told at once to go elsewhere, and no request joins
   * any more.
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
        waiter.parked.give(false);
      }
    }
    for (const waiter of this.#senders.splice(0)) waiter.parked.give(false);
    return false;
  }

  /** The connection carries no more: every request waiting in the line is told to go elsewhere. */
  break(): void {
    if (this.#broken) return;
    this.#broken = true;
    for (const waiter of this.#senders.splice(0)) waiter.parked.give(false);
    for (const waiter of this.#readers.values()) waiter.parked.give(false);
    this.#readers.clear();
  }

  /** Hands the turn to write to the next waiting request, or frees it. */
  #passSendTurn(): void {
    const next = this.#senders.shift();
    this.#sender = next?.key;
    next?.parked.give(true);
  }
}
