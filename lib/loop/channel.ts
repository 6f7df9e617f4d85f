/**
 * An unbounded FIFO channel between tasks: senders never wait, receivers wait for a value or close.
 * @module
 */
import type { Effect, Operation } from "./effect.ts";
import type { Loop } from "./loop.ts";
import type { TaskRecord } from "./task.ts";

/** A queue of values passed between tasks. */
export interface Channel<T> {
  /** Values queued and not yet received. */
  readonly size: number;
  /** True once `close()` was called. */
  readonly closed: boolean;
  /** Queues a value (or hands it to a waiting receiver). */
  send(value: T): void;
  /** Waits for the next value; `{ done: true }` once the channel is closed and drained. */
  receive(): Operation<IteratorResult<T, undefined>>;
  /** No more values: waiting receivers get `{ done: true }`. */
  close(): void;
}

class ReceiveEffect<T> implements Effect {
  delivered: IteratorResult<T, undefined> | undefined;
  cancelled = false;
  task: TaskRecord | undefined;
  loop: Loop | undefined;
  readonly #owner: ChannelImpl<T>;

  constructor(owner: ChannelImpl<T>) {
    this.#owner = owner;
  }

  start(task: TaskRecord, loop: Loop): void {
    this.task = task;
    this.loop = loop;
    this.#owner.addReceiver(this);
  }

  deliver(result: IteratorResult<T, undefined>): void {
    this.delivered = result;
    this.loop!.resume(this.task!, this, result);
  }

  cancel(): void {
    this.cancelled = true;
  }

  describe(): string {
    return "channel";
  }
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

class ChannelImpl<T> implements Channel<T> {
  #buffer: T[] = [];
  #receivers: ReceiveEffect<T>[] = [];
  #closed = false;

  get size(): number {
    return this.#buffer.length;
  }

  get closed(): boolean {
    return this.#closed;
  }

  send(value: T): void {
    if (this.#closed) throw new TypeError("Cannot send on a closed channel");
    const receiver = this.#nextReceiver();
    if (receiver) receiver.deliver({ done: false, value });
    else this.#buffer.push(value);
  }

  *receive(): Generator<Effect, IteratorResult<T, undefined>> {
    if (this.#buffer.length > 0) return { done: false, value: this.#buffer.shift()! };
    if (this.#closed) return DONE;
    const effect = new ReceiveEffect(this);
    let received = false;
    try {
      const result = (yield effect) as IteratorResult<T, undefined>;
      received = true;
      return result;
    } finally {
      // Handed a value, but cancelled before it could run: put the value back for the next receiver.
      if (!received && effect.delivered && !effect.delivered.done) {
        this.#putBack(effect.delivered.value);
      }
    }
  }

  addReceiver(effect: ReceiveEffect<T>): void {
    this.#receivers.push(effect);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (let receiver = this.#nextReceiver(); receiver; receiver = this.#nextReceiver()) {
      receiver.deliver(DONE);
    }
  }

  /** Returns an undelivered value to the head of the queue: to a waiting receiver if there is one. */
  #putBack(value: T): void {
    const receiver = this.#nextReceiver();
    if (receiver) receiver.deliver({ done: false, value });
    else this.#buffer.unshift(value);
  }

  #nextReceiver(): ReceiveEffect<T> | undefined {
    while (this.#receivers.length > 0) {
      const receiver = this.#receivers.shift()!;
      if (!receiver.cancelled) return receiver;
    }
    return undefined;
  }
}

/**
 * Creates a channel.
 *
 * @returns An empty, open channel.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { createChannel, runOperation } from "@corun/corun";
 * const channel = createChannel<number>();
 * channel.send(1);
 * channel.close();
 * const first = await runOperation(channel.receive());
 * assertEquals(first.value, 1);
 * ```
 */
export function createChannel<T>(): Channel<T> {
  return new ChannelImpl<T>();
}
