/**
 * The loop's timers: a binary min-heap of deadlines, each holding a first-in first-out bucket of the
 * timers due then. A million tasks that sleep the same second share a few hundred distinct
 * millisecond deadlines, so most pushes and pops touch a bucket, not the heap. Cancellation is lazy:
 * a cancelled timer stays, flagged, until it reaches the front of its bucket or the timers are
 * rebuilt (asyncio's rule: when more than half are cancelled), so cancelling is O(1).
 * @module
 */

import type { Loop } from "./loop.ts";

/** What the heap needs of an entry: whether it was cancelled. */
export interface Cancellable {
  /** True once cancelled; the heap drops it lazily. */
  cancelled: boolean;
}

/** Something that fires at a deadline (the heap keeps the deadline, so entries need not). */
export interface TimerEntry extends Cancellable {
  /**
   * It does not keep the process alive while it waits (`Loop.addTimer`): a limit on work that may
   * be stuck for good, which a stall should still be seen for. @default false
   */
  readonly unref?: boolean;
  /** Called by the loop (passed in, so entries need not keep it) when the deadline has passed. */
  fire(loop: Loop): void;
}

/** Timers sharing one deadline, in insertion order; `head` is the first not yet popped. */
interface Bucket<E> {
  deadlineMs: number;
  entries: E[];
  head: number;
}

const MIN_REBUILD_SIZE = 64;

/** The loop's timers (and the host timers' shared wake's, `host_timer.ts`). */
export class TimerHeap<E extends Cancellable = TimerEntry> {
  #heap: Bucket<E>[] = [];
  #bucketByDeadline = new Map<number, Bucket<E>>();
  #size = 0;
  #cancelledCount = 0;

  /** Entries waiting, cancelled ones included. */
  get size(): number {
    return this.#size;
  }

  /** Entries that will still fire. */
  get activeCount(): number {
    return this.#size - this.#cancelledCount;
  }

  /**
   * Adds an entry.
   *
   * @param entry What to fire.
   * @param deadlineMs Loop-clock milliseconds at which to fire it.
   * @throws RangeError when `deadlineMs` is NaN (it compares false with everything, so in the heap it
   * would put every other deadline out of order).
   */
  push(entry: E, deadlineMs: number): void {
    if (Number.isNaN(deadlineMs)) {
      throw new RangeError("Cannot add a timer at NaN ms: expected a deadline in milliseconds");
    }
    this.#size++;
    const existing = this.#bucketByDeadline.get(deadlineMs);
    if (existing) {
      existing.entries.push(entry);
      return;
    }
    const bucket: Bucket<E> = { deadlineMs, entries: [entry], head: 0 };
    this.#bucketByDeadline.set(deadlineMs, bucket);
    this.#heap.push(bucket);
    this.#siftUp(this.#heap.length - 1);
  }

  /** Marks an entry cancelled; it will never fire. */
  cancel(entry: E): void {
    if (entry.cancelled) return;
    entry.cancelled = true;
    this.#cancelledCount++;
    if (this.#size > MIN_REBUILD_SIZE && this.#cancelledCount * 2 > this.#size) this.#rebuild();
  }

  /** The earliest deadline among live entries, or `Infinity` when there is none. */
  peekDeadline(): number {
    const top = this.#liveTop();
    return top === undefined ? Infinity : top.deadlineMs;
  }

  /** Removes and returns the earliest live entry if its deadline is at or before `nowMs`. */
  popDue(nowMs: number): E | undefined {
    const top = this.#liveTop();
    if (top === undefined || top.deadlineMs > nowMs) return undefined;
    this.#size--;
    return top.entries[top.head++];
  }

  /** Forgets every entry. */
  clear(): void {
    this.#heap = [];
    this.#bucketByDeadline.clear();
    this.#size = 0;
    this.#cancelledCount = 0;
  }

  /** The earliest bucket with a live entry at its head, dropping cancelled and spent ones. */
  #liveTop(): Bucket<E> | undefined {
    const heap = this.#heap;
    while (heap.length > 0) {
      const top = heap[0];
      const entries = top.entries;
      while (top.head < entries.length && entries[top.head].cancelled) {
        top.head++;
        this.#size--;
        this.#cancelledCount--;
      }
      if (top.head < entries.length) return top;
      this.#bucketByDeadline.delete(top.deadlineMs);
      this.#popHeap();
    }
    return undefined;
  }

  #popHeap(): void {
    const heap = this.#heap;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.#siftDown(0);
    }
  }

  #rebuild(): void {
    const kept: Bucket<E>[] = [];
    for (const bucket of this.#heap) {
      const live = bucket.entries.slice(bucket.head).filter((entry) => !entry.cancelled);
      if (live.length === 0) this.#bucketByDeadline.delete(bucket.deadlineMs);
      else kept.push({ deadlineMs: bucket.deadlineMs, entries: live, head: 0 });
    }
    this.#heap = kept;
    this.#bucketByDeadline = new Map(kept.map((bucket) => [bucket.deadlineMs, bucket]));
    this.#size -= this.#cancelledCount;
    this.#cancelledCount = 0;
    for (let i = (kept.length >> 1) - 1; i >= 0; i--) this.#siftDown(i);
  }

  #siftUp(index: number): void {
    const heap = this.#heap;
    const bucket = heap[index];
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex];
      if (parent.deadlineMs <= bucket.deadlineMs) break;
      heap[index] = parent;
      index = parentIndex;
    }
    heap[index] = bucket;
  }

  #siftDown(index: number): void {
    const heap = this.#heap;
    const size = heap.length;
    const bucket = heap[index];
    for (;;) {
      const left = 2 * index + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && heap[right].deadlineMs < heap[left].deadlineMs ? right : left;
      if (heap[child].deadlineMs >= bucket.deadlineMs) break;
      heap[index] = heap[child];
      index = child;
    }
    heap[index] = bucket;
  }
}
