import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { MinHeap } from "./min_heap.ts";

/** Pops every item, in order. */
function drain<T>(heap: MinHeap<T>): T[] {
  const items: T[] = [];
  for (let item = heap.pop(); item !== undefined; item = heap.pop()) items.push(item);
  return items;
}

Deno.test("remove() takes out the item asked for from anywhere in the heap; the rest still leave in order", () => {
  const keys = [50, 10, 40, 30, 20, 60, 70, 5, 45, 25];
  for (const gone of keys) {
    const heap = new MinHeap<number>();
    for (const key of keys) heap.push(key, key);
    assertEquals(heap.remove((item) => item === gone), gone);
    assertEquals(heap.size, keys.length - 1);
    assertEquals(drain(heap), keys.filter((key) => key !== gone).sort((a, b) => a - b));
  }
});

Deno.test("remove() of an item not in the heap changes nothing", () => {
  const heap = new MinHeap<string>();
  heap.push("b", 2);
  heap.push("a", 1);
  assertEquals(heap.remove((item) => item === "z"), undefined);
  assertEquals([heap.size, heap.peekKey], [2, 1]);
  assertEquals(drain(heap), ["a", "b"]);
});
