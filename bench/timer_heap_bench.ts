/**
 * Micro-benchmarks of the loop's timer heap: filling it (in order, as N tasks that start together
 * sleep the same time, and at random), draining it, and lazy cancellation (the rebuild when more than
 * half the entries are cancelled).
 *
 *     deno bench bench/timer_heap_bench.ts
 * @module
 */
import { type TimerEntry, TimerHeap } from "../lib/loop/timer_heap.ts";

const COUNT = 10_000;

function entries(deadlines: readonly number[]): (TimerEntry & { deadlineMs: number })[] {
  return deadlines.map((deadlineMs) => ({ deadlineMs, cancelled: false, fire() {} }));
}

const ascending = Array.from({ length: COUNT }, (_, i) => 1000 + i * 0.01);
const random = Array.from({ length: COUNT }, () => Math.random() * 60_000);

function drain(heap: TimerHeap): void {
  while (heap.popDue(Infinity)) { /* fire nothing */ }
}

Deno.bench(`push ${COUNT} ascending deadlines, pop all`, { group: "fill" }, (b) => {
  const list = entries(ascending);
  b.start();
  const heap = new TimerHeap();
  for (const entry of list) heap.push(entry, entry.deadlineMs);
  drain(heap);
  b.end();
});

Deno.bench(`push ${COUNT} random deadlines, pop all`, { group: "fill", baseline: true }, (b) => {
  const list = entries(random);
  b.start();
  const heap = new TimerHeap();
  for (const entry of list) heap.push(entry, entry.deadlineMs);
  drain(heap);
  b.end();
});

Deno.bench(`push ${COUNT} random, cancel 90% (timeouts that never fire), pop the rest`, {
  group: "cancel",
}, (b) => {
  const list = entries(random);
  b.start();
  const heap = new TimerHeap();
  for (const entry of list) heap.push(entry, entry.deadlineMs);
  for (let i = 0; i < COUNT; i++) if (i % 10 !== 0) heap.cancel(list[i]);
  drain(heap);
  b.end();
});

Deno.bench(`${COUNT} × (push, cancel) on a heap of ${COUNT} (a timeout per read)`, {
  group: "cancel",
}, (b) => {
  const heap = new TimerHeap();
  for (const entry of entries(random)) heap.push(entry, entry.deadlineMs);
  const churn = entries(random);
  b.start();
  for (const entry of churn) {
    heap.push(entry, entry.deadlineMs);
    heap.cancel(entry);
  }
  b.end();
});
