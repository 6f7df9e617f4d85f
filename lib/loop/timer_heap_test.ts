import { assert, assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { type TimerEntry, TimerHeap } from "./timer_heap.ts";

interface TestEntry extends TimerEntry {
  readonly label: string;
  readonly deadlineMs: number;
}

function entry(label: string, deadlineMs: number): TestEntry {
  return { label, deadlineMs, cancelled: false, fire() {} };
}

function pushEntry(heap: TimerHeap, item: TestEntry): void {
  heap.push(item, item.deadlineMs);
}

function drain(heap: TimerHeap, nowMs = Infinity): string[] {
  const labels: string[] = [];
  for (let next = heap.popDue(nowMs); next; next = heap.popDue(nowMs)) {
    labels.push((next as TestEntry).label);
  }
  return labels;
}

/** A small deterministic generator (mulberry32), so failures can be replayed. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

Deno.test("TimerHeap pops entries in deadline order whatever order they were pushed in", () => {
  const heap = new TimerHeap();
  for (const deadlineMs of [50, 10, 40, 30, 20, 0, 60]) {
    pushEntry(heap, entry(`t${deadlineMs}`, deadlineMs));
  }
  assertEquals(drain(heap), ["t0", "t10", "t20", "t30", "t40", "t50", "t60"]);
  assertEquals(heap.size, 0);
});

Deno.test("TimerHeap fires entries with equal deadlines first-in first-out", () => {
  const heap = new TimerHeap();
  const labels = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
  pushEntry(heap, entry("early", 5));
  for (const label of labels) pushEntry(heap, entry(label, 100));
  pushEntry(heap, entry("late", 200));
  assertEquals(drain(heap), ["early", ...labels, "late"]);
});

Deno.test("TimerHeap.popDue() returns only entries whose deadline has passed", () => {
  const heap = new TimerHeap();
  pushEntry(heap, entry("a", 10));
  pushEntry(heap, entry("b", 20));
  pushEntry(heap, entry("c", 30));
  assertEquals(heap.popDue(9), undefined);
  assertEquals(drain(heap, 20), ["a", "b"]);
  assertEquals(heap.peekDeadline(), 30);
  assertEquals(drain(heap, 30), ["c"]);
});

Deno.test("TimerHeap.peekDeadline() skips cancelled entries and is Infinity when empty", () => {
  const heap = new TimerHeap();
  assertEquals(heap.peekDeadline(), Infinity);
  const first = entry("first", 1);
  pushEntry(heap, first);
  pushEntry(heap, entry("second", 2));
  heap.cancel(first);
  assertEquals(heap.peekDeadline(), 2);
  assertEquals(heap.size, 1, "the cancelled top is dropped when it is looked at");
  drain(heap);
  assertEquals(heap.peekDeadline(), Infinity);
});

Deno.test("TimerHeap never fires a cancelled entry and counts it once however often cancelled", () => {
  const heap = new TimerHeap();
  const entries = ["a", "b", "c", "d"].map((label, i) => entry(label, i));
  for (const item of entries) pushEntry(heap, item);
  heap.cancel(entries[1]);
  heap.cancel(entries[1]);
  heap.cancel(entries[3]);
  assertEquals(heap.size, 4, "small heaps cancel lazily");
  assertEquals(heap.activeCount, 2);
  assertEquals(drain(heap), ["a", "c"]);
  assertEquals(heap.activeCount, 0);
});

Deno.test("TimerHeap rebuilds itself once more than half of a large heap is cancelled", () => {
  const heap = new TimerHeap();
  const entries = Array.from({ length: 200 }, (_, i) => entry(`t${i}`, i));
  for (const item of entries) pushEntry(heap, item);
  for (let i = 0; i < 100; i++) heap.cancel(entries[i]);
  assertEquals(heap.size, 200, "exactly half cancelled: no rebuild yet");
  heap.cancel(entries[100]);
  assertEquals(heap.size, 99, "the rebuild dropped every cancelled entry");
  assertEquals(heap.activeCount, 99);
  assertEquals(drain(heap), entries.slice(101).map((item) => item.label));
});

Deno.test("TimerHeap of 10k entries with most cancelled still pops the live ones in order", () => {
  const random = createRandom(42);
  const heap = new TimerHeap();
  const entries = Array.from(
    { length: 10_000 },
    (_, i) => entry(`t${i}`, Math.floor(random() * 500)),
  );
  for (const item of entries) pushEntry(heap, item);
  // Cancel ~90% in a scattered order, popping a few due entries along the way.
  const popped: TestEntry[] = [];
  const poppedSet = new Set<TimerEntry>();
  for (const item of entries) {
    if (random() < 0.9 && !poppedSet.has(item)) heap.cancel(item);
    if (random() < 0.01) {
      const next = heap.popDue(50);
      if (next) {
        popped.push(next as TestEntry);
        poppedSet.add(next);
      }
    }
  }
  assert(popped.length > 0, "some entries were due early");
  assert(
    popped.every((item, i) =>
      item.deadlineMs <= 50 && (i === 0 || popped[i - 1].deadlineMs <= item.deadlineMs)
    ),
  );
  assert(heap.size < 10_000 - popped.length, "at least one rebuild happened");
  const rest: TestEntry[] = [];
  for (let next = heap.popDue(Infinity); next; next = heap.popDue(Infinity)) {
    rest.push(next as TestEntry);
  }
  for (const item of [...popped, ...rest]) assert(!item.cancelled, `${item.label} was cancelled`);
  const live = entries.filter((item) => !item.cancelled);
  assertEquals(popped.length + rest.length, live.length);
  // Every live entry not popped early comes out sorted by deadline, ties in insertion order.
  const expected = live.filter((item) => !poppedSet.has(item))
    .sort((a, b) => a.deadlineMs - b.deadlineMs || entries.indexOf(a) - entries.indexOf(b));
  assertEquals(rest.map((item) => item.label), expected.map((item) => item.label));
  assertEquals(heap.activeCount, 0);
});

Deno.test("TimerHeap.clear() forgets every entry", () => {
  const heap = new TimerHeap();
  const first = entry("a", 1);
  pushEntry(heap, first);
  pushEntry(heap, entry("b", 2));
  heap.cancel(first);
  heap.clear();
  assertEquals(heap.size, 0);
  assertEquals(heap.activeCount, 0);
  assertEquals(heap.peekDeadline(), Infinity);
  pushEntry(heap, entry("c", 3));
  assertEquals(drain(heap), ["c"]);
});

Deno.test("push() refuses a NaN deadline, and the heap keeps its order", () => {
  const heap = new TimerHeap();
  pushEntry(heap, entry("b", 20));
  assertThrows(
    () => heap.push(entry("nan", NaN), NaN),
    RangeError,
    "Cannot add a timer at NaN ms: expected a deadline in milliseconds",
  );
  pushEntry(heap, entry("a", 10));
  pushEntry(heap, entry("c", 30));
  assertEquals([heap.size, heap.peekDeadline()], [3, 10]);
  assertEquals(drain(heap), ["a", "b", "c"]);
});
