/**
 * A binary min-heap of timers ordered by deadline, with lazy cancellation: a cancelled timer stays in
 * the heap, flagged, until it reaches the top or the heap is rebuilt (asyncio's rule: rebuild when more
 * than half of the entries are cancelled), so cancelling is O(1).
 * @module
 */

/** Something that fires at a deadline. */
export interface TimerEntry {
  /** Loop-clock milliseconds at which the entry fires. */
  deadlineMs: number;
  /** Insertion order, so equal deadlines fire first-in first-out. Set by the heap. */
  seq: number;
  /** True once cancelled; the heap drops it lazily. */
  cancelled: boolean;
  /** Called by the loop when the deadline has passed. */
  fire(): void;
}

const MIN_REBUILD_SIZE = 64;

/** The loop's timers. */
export class TimerHeap {
  #items: TimerEntry[] = [];
  #nextSeq = 0;
  #cancelledCount = 0;

  /** Entries in the heap, cancelled ones included. */
  get size(): number {
    return this.#items.length;
  }

  /** Entries that will still fire. */
  get activeCount(): number {
    return this.#items.length - this.#cancelledCount;
  }

  /** Adds an entry. */
  push(entry: TimerEntry): void {
    entry.seq = this.#nextSeq++;
    const items = this.#items;
    items.push(entry);
    this.#siftUp(items.length - 1);
  }

  /** Marks an entry cancelled; it will never fire. */
  cancel(entry: TimerEntry): void {
    if (entry.cancelled) return;
    entry.cancelled = true;
    this.#cancelledCount++;
    const size = this.#items.length;
    if (size > MIN_REBUILD_SIZE && this.#cancelledCount * 2 > size) this.#rebuild();
  }

  /** The earliest deadline among live entries, or `Infinity` when there is none. */
  peekDeadline(): number {
    this.#dropCancelledTop();
    return this.#items.length === 0 ? Infinity : this.#items[0].deadlineMs;
  }

  /** Removes and returns the earliest live entry if its deadline is at or before `nowMs`. */
  popDue(nowMs: number): TimerEntry | undefined {
    this.#dropCancelledTop();
    const items = this.#items;
    if (items.length === 0 || items[0].deadlineMs > nowMs) return undefined;
    return this.#popTop();
  }

  /** Forgets every entry. */
  clear(): void {
    this.#items = [];
    this.#cancelledCount = 0;
  }

  #dropCancelledTop(): void {
    const items = this.#items;
    while (items.length > 0 && items[0].cancelled) {
      this.#popTop();
      this.#cancelledCount--;
    }
  }

  #popTop(): TimerEntry {
    const items = this.#items;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      this.#siftDown(0);
    }
    return top;
  }

  #rebuild(): void {
    this.#items = this.#items.filter((entry) => !entry.cancelled);
    this.#cancelledCount = 0;
    for (let i = (this.#items.length >> 1) - 1; i >= 0; i--) this.#siftDown(i);
  }

  #siftUp(index: number): void {
    const items = this.#items;
    const entry = items[index];
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = items[parentIndex];
      if (!isEarlier(entry, parent)) break;
      items[index] = parent;
      index = parentIndex;
    }
    items[index] = entry;
  }

  #siftDown(index: number): void {
    const items = this.#items;
    const size = items.length;
    const entry = items[index];
    for (;;) {
      const left = 2 * index + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && isEarlier(items[right], items[left]) ? right : left;
      if (!isEarlier(items[child], entry)) break;
      items[index] = items[child];
      index = child;
    }
    items[index] = entry;
  }
}

function isEarlier(a: TimerEntry, b: TimerEntry): boolean {
  return a.deadlineMs < b.deadlineMs || (a.deadlineMs === b.deadlineMs && a.seq < b.seq);
}
