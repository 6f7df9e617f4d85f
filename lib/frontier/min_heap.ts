/**
 * A binary min-heap ordered by a number each item carries at push time: the frontier's queues of
 * delayed entries (by not-before time) and of origins (by the order of their next entry).
 * @module
 */

/** Items ordered by a key given when each is pushed; ties leave in push order. */
export class MinHeap<T> {
  #items: T[] = [];
  #keys: number[] = [];
  #orders: number[] = [];
  #pushed = 0;

  /** How many items are in the heap. */
  get size(): number {
    return this.#items.length;
  }

  /** The smallest key, or `Infinity` when empty. */
  get peekKey(): number {
    return this.#keys.length === 0 ? Infinity : this.#keys[0];
  }

  /** The item with the smallest key, or undefined when empty. */
  peek(): T | undefined {
    return this.#items[0];
  }

  /**
   * Adds an item.
   *
   * @param item What to keep.
   * @param key Its order: smaller leaves first.
   */
  push(item: T, key: number): void {
    this.#items.push(item);
    this.#keys.push(key);
    this.#orders.push(this.#pushed++);
    this.#up(this.#items.length - 1);
  }

  /** Removes and returns the item with the smallest key, or undefined when empty. */
  pop(): T | undefined {
    const items = this.#items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const lastItem = items.pop()!;
    const lastKey = this.#keys.pop()!;
    const lastOrder = this.#orders.pop()!;
    if (items.length > 0) {
      items[0] = lastItem;
      this.#keys[0] = lastKey;
      this.#orders[0] = lastOrder;
      this.#down(0);
    }
    return top;
  }

  /**
   * Removes the first item that `matches` finds (a linear search: for the rare removal out of turn).
   *
   * @param matches Tells the item to remove.
   * @returns The item removed, or undefined when none matched.
   */
  remove(matches: (item: T) => boolean): T | undefined {
    const index = this.#items.findIndex(matches);
    if (index === -1) return undefined;
    const removed = this.#items[index];
    const last = this.#items.length - 1;
    if (index !== last) this.#swap(index, last);
    this.#items.pop();
    this.#keys.pop();
    this.#orders.pop();
    if (index < last) {
      this.#down(index);
      this.#up(index);
    }
    return removed;
  }

  /** Removes every item. */
  clear(): void {
    this.#items = [];
    this.#keys = [];
    this.#orders = [];
  }

  #less(a: number, b: number): boolean {
    const keys = this.#keys;
    return keys[a] < keys[b] || (keys[a] === keys[b] && this.#orders[a] < this.#orders[b]);
  }

  #swap(a: number, b: number): void {
    const items = this.#items, keys = this.#keys, orders = this.#orders;
    [items[a], items[b]] = [items[b], items[a]];
    [keys[a], keys[b]] = [keys[b], keys[a]];
    [orders[a], orders[b]] = [orders[b], orders[a]];
  }

  #up(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.#less(index, parent)) return;
      this.#swap(index, parent);
      index = parent;
    }
  }

  #down(index: number): void {
    const size = this.#items.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= size) return;
      const right = left + 1;
      const child = right < size && this.#less(right, left) ? right : left;
      if (!this.#less(child, index)) return;
      this.#swap(child, index);
      index = child;
    }
  }
}
