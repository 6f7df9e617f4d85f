/**
 * The cookies of a jar that carry an expiry, soonest first, so that a full jar finds its expired
 * cookies without looking at the others (a binary min-heap: O(log n) a cookie).
 *
 * A cookie replaced or removed since it was queued stays queued until its expiry comes up; the jar
 * skips it then. So that such entries cannot pile up (a server that sets one cookie again and
 * again), the jar rebuilds the queue from its live cookies once they outnumber those.
 * @module
 */

/** What the queue orders by: a cookie's expiry, in epoch milliseconds. */
export interface Expiring {
  expiresMs?: number;
}

/**
 * Cookies by expiry.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { ExpiryQueue } from "./cookie_expiry.ts";
 * const queue = new ExpiryQueue<{ name: string; expiresMs: number }>();
 * queue.add({ name: "late", expiresMs: 30 });
 * queue.add({ name: "soon", expiresMs: 10 });
 * assertEquals(queue.takeExpired(20).map((cookie) => cookie.name), ["soon"]);
 * assertEquals(queue.length, 1);
 * ```
 */
export class ExpiryQueue<T extends Expiring> {
  #heap: T[] = [];

  /** How many entries the queue holds, live or not. */
  get length(): number {
    return this.#heap.length;
  }

  /**
   * Queues a cookie; one without an expiry (a session cookie) is not queued.
   *
   * @param item The cookie.
   */
  add(item: T): void {
    if (item.expiresMs === undefined) return;
    const heap = this.#heap;
    heap.push(item);
    let at = heap.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (expiryOf(heap[parent]) <= expiryOf(item)) break;
      heap[at] = heap[parent];
      at = parent;
    }
    heap[at] = item;
  }

  /**
   * Takes out every entry expired by `nowMs`, soonest first.
   *
   * @param nowMs The time now, in epoch milliseconds.
   * @returns The entries, some of which may no longer be stored.
   */
  takeExpired(nowMs: number): T[] {
    const taken: T[] = [];
    while (this.#heap.length > 0 && expiryOf(this.#heap[0]) <= nowMs) taken.push(this.#takeFirst());
    return taken;
  }

  /**
   * Replaces every entry with `items` (the live cookies).
   *
   * @param items The cookies to queue.
   */
  rebuild(items: Iterable<T>): void {
    this.#heap = [];
    for (const item of items) this.add(item);
  }

  #takeFirst(): T {
    const heap = this.#heap;
    const first = heap[0];
    const last = heap.pop()!;
    if (heap.length === 0) return first;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && expiryOf(heap[right]) < expiryOf(heap[left])
        ? right
        : left;
      if (expiryOf(last) <= expiryOf(heap[child])) break;
      heap[at] = heap[child];
      at = child;
    }
    heap[at] = last;
    return first;
  }
}

function expiryOf(item: Expiring): number {
  return item.expiresMs ?? Infinity;
}
