import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  createVirtualClock,
  type Effect,
  halt,
  join,
  type Operation,
  runOperation,
  sleep,
  spawn,
  type Task,
  type VirtualClock,
} from "../loop/mod.ts";
import type { FrontierEntry, OriginRule } from "./frontier.ts";
import { MemoryFrontier, type MemoryFrontierOptions } from "./memory_frontier.ts";

/** The payload of a test entry: a name to log it by. */
type Item = string;

const A = "http://a.test";
const B = "http://b.test";
const C = "http://c.test";

/** A virtual clock and a way to run operations on it. */
function harness(): { clock: VirtualClock; run<T>(operation: Operation<T>): Promise<T> } {
  const clock = createVirtualClock({ startWallMs: 0 });
  return { clock, run: (operation) => runOperation(operation, { clock }) };
}

/** A frontier whose rules come from a table by origin (unlisted origins: no limits). */
function frontierOf(
  concurrency: number,
  rules: Record<string, Partial<OriginRule>> = {},
  options: Partial<MemoryFrontierOptions> = {},
): MemoryFrontier<Item> {
  return new MemoryFrontier<Item>({
    concurrency,
    rules: (origin) => ({ perHost: 100, gapMs: 0, jitterMs: 0, ...rules[origin] }),
    ...options,
  });
}

/** One start of an entry, as a worker saw it. */
interface Start {
  name: Item;
  origin: string;
  atMs: number;
  attempt: number;
}

/** Tracks how many entries run at once, overall and per origin. */
class Meter {
  readonly starts: Start[] = [];
  running = 0;
  maxRunning = 0;
  readonly #perOrigin = new Map<string, number>();
  readonly maxPerOrigin = new Map<string, number>();

  begin(entry: FrontierEntry<Item>, atMs: number): void {
    this.starts.push({ name: entry.payload, origin: entry.origin, atMs, attempt: entry.attempt });
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    const here = (this.#perOrigin.get(entry.origin) ?? 0) + 1;
    this.#perOrigin.set(entry.origin, here);
    this.maxPerOrigin.set(entry.origin, Math.max(this.maxPerOrigin.get(entry.origin) ?? 0, here));
  }

  end(entry: FrontierEntry<Item>): void {
    this.running--;
    this.#perOrigin.set(entry.origin, this.#perOrigin.get(entry.origin)! - 1);
  }

  /** Names in the order they started. */
  get order(): Item[] {
    return this.starts.map((start) => start.name);
  }

  /** Start times of the entries of one origin. */
  timesAt(origin: string): number[] {
    return this.starts.filter((start) => start.origin === origin).map((start) => start.atMs);
  }
}

/** Takes entries until the frontier is closed and drained; holds each `holdMs(entry)`, then done. */
function* worker(
  frontier: MemoryFrontier<Item>,
  clock: VirtualClock,
  meter: Meter,
  holdMs: (entry: FrontierEntry<Item>) => number = () => 10,
): Generator<Effect, void> {
  for (;;) {
    const entry = yield* frontier.take();
    if (entry === null) return;
    meter.begin(entry, clock.now());
    yield* sleep(holdMs(entry));
    meter.end(entry);
    frontier.done(entry.id);
  }
}

/** Puts `items` as [origin, name] pairs, in order. */
function* putAll(
  frontier: MemoryFrontier<Item>,
  items: readonly (readonly [string, Item])[],
): Generator<Effect, void> {
  for (const [origin, name] of items) {
    yield* frontier.put({ origin, task: "t", payload: name });
  }
}

/** Puts `items`, closes the frontier, and runs `workers` workers until it is drained. */
function* drain(
  frontier: MemoryFrontier<Item>,
  clock: VirtualClock,
  meter: Meter,
  items: readonly (readonly [string, Item])[],
  workers: number,
  holdMs?: (entry: FrontierEntry<Item>) => number,
): Generator<Effect, void> {
  const tasks: Task<void>[] = [];
  for (let i = 0; i < workers; i++) {
    tasks.push(yield* spawn(worker(frontier, clock, meter, holdMs)));
  }
  yield* putAll(frontier, items);
  frontier.close();
  for (const task of tasks) yield* join(task);
}

Deno.test("entries start in the order they were put, across origins, when no rule intervenes", async () => {
  const { clock, run } = harness();
  const items = [[A, "a1"], [B, "b1"], [A, "a2"], [C, "c1"], [B, "b2"], [A, "a3"]] as const;
  for (const concurrency of [1, 2]) {
    const meter = new Meter();
    await run(drain(frontierOf(concurrency), clock, meter, items, concurrency));
    assertEquals(meter.order, items.map(([, name]) => name), `concurrency ${concurrency}`);
  }
});

Deno.test("the global concurrency is never exceeded, and is reached", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf(3);
  const meter = new Meter();
  const items = Array.from({ length: 30 }, (_, i) => [[A, B, C][i % 3], `e${i}`] as const);
  // More workers than slots, holding for uneven times so ends interleave.
  await run(drain(frontier, clock, meter, items, 8, (entry) => 10 + entry.id % 7));
  assertEquals(meter.maxRunning, 3);
  assertEquals(meter.starts.length, 30);
  assertEquals(frontier.counts(), { queued: 0, leased: 0 });
});

Deno.test("perHost limits each origin on its own", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf(10, {
    [A]: { perHost: 2 },
    [B]: { perHost: 1 },
    [C]: { perHost: 3 },
  });
  const meter = new Meter();
  const items = Array.from({ length: 18 }, (_, i) => [[A, B, C][i % 3], `e${i}`] as const);
  await run(drain(frontier, clock, meter, items, 10, () => 100));
  assertEquals(Object.fromEntries(meter.maxPerOrigin), { [A]: 2, [B]: 1, [C]: 3 });
  // Six entries each: A in 3 rounds of 100 ms, B in 6, C in 2.
  assertEquals(meter.timesAt(A), [0, 0, 100, 100, 200, 200]);
  assertEquals(meter.timesAt(B), [0, 100, 200, 300, 400, 500]);
  assertEquals(meter.timesAt(C), [0, 0, 0, 100, 100, 100]);
});

Deno.test("an origin's gap spaces its starts on the loop clock, and other origins are not held", async () => {
  const { clock, run } = harness();
  // 200 ms is `rate: 5/s`; 350 ms a `delay`.
  const frontier = frontierOf(8, { [A]: { gapMs: 200 }, [B]: { gapMs: 350 } });
  const meter = new Meter();
  const items = [
    [A, "a1"],
    [A, "a2"],
    [B, "b1"],
    [A, "a3"],
    [B, "b2"],
    [C, "c1"],
    [C, "c2"],
    [A, "a4"],
  ] as const;
  await run(drain(frontier, clock, meter, items, 8));
  assertEquals(meter.timesAt(A), [0, 200, 400, 600]);
  assertEquals(meter.timesAt(B), [0, 350]);
  assertEquals(meter.timesAt(C), [0, 0]);
});

Deno.test("a gap counts from the last start, so a slow fetch is not followed by a second wait", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf(1, { [A]: { gapMs: 200 } });
  const meter = new Meter();
  // Each fetch takes 500 ms: longer than the gap, so the next starts as soon as it ends.
  await run(drain(frontier, clock, meter, [[A, "a1"], [A, "a2"], [A, "a3"]], 1, () => 500));
  assertEquals(meter.timesAt(A), [0, 500, 1000]);
});

Deno.test("two tasks' entries at one origin: the slower task's gap holds before its starts too, not only after", async () => {
  const { clock, run } = harness();
  // One origin, two tasks: "slow" has a 2 s delay, "fast" none.
  const frontier = new MemoryFrontier<Item>({
    concurrency: 4,
    rules: (_origin, task) => ({ perHost: 4, gapMs: task === "slow" ? 2000 : 0, jitterMs: 0 }),
  });
  const meter = new Meter();
  await run(function* () {
    const workers: Task<void>[] = [];
    for (let i = 0; i < 4; i++) workers.push(yield* spawn(worker(frontier, clock, meter)));
    for (const name of ["s1", "f1", "s2", "f2", "s3"]) {
      yield* frontier.put({
        origin: A,
        task: name.startsWith("s") ? "slow" : "fast",
        payload: name,
      });
    }
    frontier.close();
    for (const task of workers) yield* join(task);
  }());
  // A slow entry waits 2 s after a fast start as a fast one waits 2 s after a slow start: never
  // two starts at once, which would break the slow task's delay.
  assertEquals(meter.starts.map((start) => [start.name, start.atMs]), [
    ["s1", 0],
    ["f1", 2000],
    ["s2", 4000],
    ["f2", 6000],
    ["s3", 8000],
  ]);
});

Deno.test("jitter adds a random extra gap within [0, jitter), one draw per start", async () => {
  const { clock, run } = harness();
  const draws = [0, 0.5, 0.999, 0.25];
  let drawn = 0;
  const frontier = frontierOf(4, { [A]: { gapMs: 100, jitterMs: 50 } }, {
    random: () => draws[drawn++],
  });
  const meter = new Meter();
  const items = [[A, "a1"], [A, "a2"], [A, "a3"], [A, "a4"]] as const;
  await run(drain(frontier, clock, meter, items, 4));
  const times = meter.timesAt(A);
  // 0, then +100, +125, +149.95 (the timer fires on the next whole millisecond).
  assertEquals(times, [0, 100, 225, 375]);
  for (let i = 1; i < times.length; i++) {
    const gap = times[i] - times[i - 1];
    assert(gap >= 100 && gap <= 150, `gap ${gap} outside [100, 150]`);
  }
  assertEquals(drawn, 4);
});

Deno.test("pauseOrigin holds every queued entry of that origin until its time, and no other", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf(8);
  const meter = new Meter();
  await run(function* () {
    const workers: Task<void>[] = [];
    for (let i = 0; i < 8; i++) workers.push(yield* spawn(worker(frontier, clock, meter)));
    yield* putAll(frontier, [[A, "a1"], [B, "b1"]]);
    yield* sleep(5);
    // a1 is in flight (a server answered it 503 with Retry-After): a's queue waits until 1000.
    frontier.pauseOrigin(A, 995); // until 1000
    yield* putAll(frontier, [[A, "a2"], [B, "b2"], [A, "a3"], [C, "c1"], [B, "b3"]]);
    yield* sleep(100);
    assertEquals(frontier.counts().queued, 2, "a2 and a3 wait");
    yield* putAll(frontier, [[A, "a4"], [B, "b4"]]);
    frontier.close();
    for (const task of workers) yield* join(task);
  }());
  assertEquals(meter.timesAt(A), [0, 1000, 1000, 1000]);
  assertEquals(meter.timesAt(B), [0, 5, 5, 105]);
  assertEquals(meter.timesAt(C), [5]);
  assertEquals(meter.order.filter((name) => name.startsWith("a")), ["a1", "a2", "a3", "a4"]);
});

Deno.test("a pause set while the origin is full or held by its gap still holds it", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf(8, { [A]: { perHost: 1, gapMs: 100 } });
  const meter = new Meter();
  await run(function* () {
    const workers: Task<void>[] = [];
    for (let i = 0; i < 4; i++) {
      workers.push(yield* spawn(worker(frontier, clock, meter, () => 50)));
    }
    yield* putAll(frontier, [[A, "a1"], [A, "a2"], [A, "a3"]]);
    yield* sleep(10);
    frontier.pauseOrigin(A, 690); // until 700: a1 runs (the origin is full), a2 waits for the gap
    frontier.pauseOrigin(A, 290); // an earlier end does not shorten the pause
    frontier.close();
    for (const task of workers) yield* join(task);
  }());
  assertEquals(meter.timesAt(A), [0, 700, 800]);
});

Deno.test("retryAfter re-enqueues an entry not before its time, as its next attempt", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf(1);
  const meter = new Meter();
  const seen: { id: number; attempt: number; atMs: number }[] = [];
  await run(function* () {
    const first = yield* spawn(function* () {
      for (;;) {
        const entry = yield* frontier.take();
        if (entry === null) return;
        seen.push({ id: entry.id, attempt: entry.attempt, atMs: clock.now() });
        meter.begin(entry, clock.now());
        yield* sleep(10);
        meter.end(entry);
        if (entry.payload === "flaky" && entry.attempt < 2) {
          frontier.retryAfter(entry.id, 300);
        } else {
          frontier.done(entry.id);
        }
      }
    }());
    yield* putAll(frontier, [[A, "flaky"], [A, "steady"]]);
    frontier.close();
    yield* join(first);
  }());
  assertEquals(meter.order, ["flaky", "steady", "flaky", "flaky"]);
  const flaky = seen.filter((start) => start.id === seen[0].id);
  assertEquals(flaky.map((start) => [start.attempt, start.atMs]), [[0, 0], [1, 310], [2, 620]]);
  assertEquals(seen[1].atMs, 10, "the other entry did not wait for the retry");
});

Deno.test("put() waits while the frontier holds its capacity of queued entries", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf(1, {}, { capacity: 3 });
  const meter = new Meter();
  let putCount = 0;
  let maxQueued = 0;
  await run(function* () {
    const producer = yield* spawn(function* () {
      for (let i = 0; i < 10; i++) {
        yield* frontier.put({ origin: A, task: "t", payload: `e${i}` });
        putCount++;
        maxQueued = Math.max(maxQueued, frontier.counts().queued);
      }
      frontier.close();
    }());
    yield* sleep(100);
    // Nobody takes: the first entry is granted (it holds the one slot), three more are queued.
    assertEquals(putCount, 4, "the fifth put waits");
    assertEquals(frontier.counts(), { queued: 3, leased: 1 });
    const entry = (yield* frontier.take())!;
    assertEquals(entry.payload, "e0");
    yield* sleep(1);
    assertEquals(putCount, 4, "taking a granted entry frees no queue place");
    frontier.done(entry.id);
    yield* sleep(1);
    assertEquals(putCount, 5, "the next entry started: one more put");
    yield* worker(frontier, clock, meter);
    yield* join(producer);
  }());
  assertEquals(putCount, 10);
  assertEquals(maxQueued, 3);
  assertEquals(meter.order, ["e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9"]);
});

Deno.test("a full frontier still takes an entry of a task that has none queued: a slow list does not hold back other tasks", async () => {
  const { clock, run } = harness();
  // A's entries start one a second; the frontier is full of them.
  const frontier = frontierOf(8, { [A]: { gapMs: 1000 } }, { capacity: 3 });
  const starts: [Item, number][] = [];
  await run(function* () {
    const workers: Task<void>[] = [];
    for (let i = 0; i < 8; i++) {
      workers.push(
        yield* spawn(function* () {
          for (;;) {
            const entry = yield* frontier.take();
            if (entry === null) return;
            starts.push([entry.payload, clock.now()]);
            yield* sleep(10);
            frontier.done(entry.id);
          }
        }()),
      );
    }
    const slow = yield* spawn(function* () {
      for (let i = 0; i < 20; i++) {
        yield* frontier.put({ origin: A, task: "slow", payload: `a${i}` });
      }
    }());
    yield* sleep(100);
    // Another task's fetches, to an origin with no rules: none waits for room the slow list took.
    for (let i = 0; i < 5; i++) yield* frontier.put({ origin: B, task: "fast", payload: `b${i}` });
    yield* sleep(100);
    assertEquals(
      starts.filter(([name]) => name.startsWith("b")),
      [["b0", 100], ["b1", 100], ["b2", 100], ["b3", 100], ["b4", 100]],
    );
    assertEquals(frontier.counts().queued, 3, "the slow task still has its capacity, no more");
    yield* halt(slow);
    frontier.close();
    for (const task of workers) yield* halt(task);
  }());
});

Deno.test("tasks with none queued go into a full frontier only up to concurrency more entries in all", async () => {
  const { run } = harness();
  const frontier = frontierOf(2, {}, { capacity: 3 });
  let putCount = 0;
  await run(function* () {
    // Ten single-entry tasks, as a config of single URLs puts them; nobody takes.
    const producer = yield* spawn(function* () {
      for (let i = 0; i < 10; i++) {
        yield* frontier.put({ origin: A, task: `t${i}`, payload: `e${i}` });
        putCount++;
      }
    }());
    yield* sleep(100);
    // Two granted (the slots), three queued (the capacity), two more (one a slot each).
    assertEquals(putCount, 7);
    assertEquals(frontier.counts(), { queued: 5, leased: 2 });
    yield* halt(producer);
  }());
});

Deno.test("close() gives waiting takers null once nothing is queued or leased", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf(4);
  const ends: [string, number][] = [];
  await run(function* () {
    const takers: Task<void>[] = [];
    for (const name of ["w1", "w2", "w3"]) {
      takers.push(
        yield* spawn(function* () {
          for (;;) {
            const entry = yield* frontier.take();
            if (entry === null) break;
            yield* sleep(100);
            frontier.done(entry.id);
          }
          ends.push([name, clock.now()]);
        }()),
      );
    }
    yield* sleep(10);
    yield* putAll(frontier, [[A, "only"]]);
    frontier.close();
    // The leased entry could still come back (retryAfter): nobody gets null before it is done.
    yield* sleep(50);
    assertEquals(ends, []);
    for (const task of takers) yield* join(task);
    assertEquals(yield* frontier.take(), null, "a take after the end returns null at once");
  }());
  assertEquals(ends.map(([, atMs]) => atMs), [110, 110, 110]);
});

Deno.test("a closed, empty frontier gives takers null at once", async () => {
  const { run } = harness();
  const frontier = frontierOf(2);
  frontier.close();
  assertEquals(await run(frontier.take()), null);
});

Deno.test("a nested acquire starts while every slot is taken, but still obeys the origin's gap", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf(1, { [A]: { perHost: 1, gapMs: 200 } });
  const log: [string, number][] = [];
  await run(function* () {
    const outer = yield* spawn(function* () {
      const entry = (yield* frontier.take())!;
      log.push([entry.payload, clock.now()]);
      // Inside its response callback, the fetch makes two of its own to the same origin.
      for (const name of ["inner1", "inner2"]) {
        const inner = yield* frontier.acquire({ origin: A, task: "t", payload: name }, true);
        log.push([inner.payload, clock.now()]);
        yield* sleep(10);
        frontier.done(inner.id);
      }
      frontier.done(entry.id);
    }());
    yield* putAll(frontier, [[A, "outer"]]);
    yield* join(outer);
    frontier.close();
  }());
  assertEquals(log, [["outer", 0], ["inner1", 200], ["inner2", 400]]);
  assertEquals(frontier.counts(), { queued: 0, leased: 0 });
});

Deno.test("a nested acquire is not stuck behind queued entries of a full origin or a full run", async (t) => {
  // The callback's fetch holds a slot; entries put before its own acquire wait for that slot, so
  // the acquire must not wait behind them.
  for (const [label, concurrency, perHost] of [["perHost", 4, 1], ["concurrency", 1, 4]] as const) {
    await t.step(`full by ${label}`, async () => {
      const { clock, run } = harness();
      const frontier = frontierOf(concurrency, { [A]: { perHost } });
      const meter = new Meter();
      const log: [string, number][] = [];
      await run(function* () {
        const workers: Task<void>[] = [];
        for (let i = 0; i < concurrency; i++) {
          workers.push(
            yield* spawn(function* () {
              for (;;) {
                const entry = yield* frontier.take();
                if (entry === null) return;
                meter.begin(entry, clock.now());
                if (entry.payload === "outer") {
                  yield* sleep(10);
                  const inner = yield* frontier.acquire(
                    { origin: A, task: "t", payload: "inner" },
                    true,
                  );
                  log.push([inner.payload, clock.now()]);
                  frontier.done(inner.id);
                }
                yield* sleep(10);
                meter.end(entry);
                frontier.done(entry.id);
              }
            }()),
          );
        }
        yield* putAll(frontier, [[A, "outer"], [A, "queued1"], [A, "queued2"]]);
        frontier.close();
        for (const task of workers) yield* join(task);
      }());
      assertEquals(log, [["inner", 10]]);
      assertEquals(meter.order, ["outer", "queued1", "queued2"]);
    });
  }
});

Deno.test("a cancelled acquire leaves the queue and loses no slot", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf(1);
  const meter = new Meter();
  await run(function* () {
    const holder = yield* frontier.acquire({ origin: A, task: "t", payload: "holder" }, false);
    const waiting = yield* spawn(
      frontier.acquire({ origin: B, task: "t", payload: "gone" }, false),
    );
    yield* sleep(10);
    assertEquals(frontier.counts(), { queued: 1, leased: 1 });
    yield* halt(waiting);
    assertEquals(frontier.counts(), { queued: 0, leased: 1 });
    frontier.done(holder.id);
    yield* drain(frontier, clock, meter, [[A, "next"], [B, "after"]], 1);
  }());
  assertEquals(meter.order, ["next", "after"]);
  assertEquals(meter.starts.map((start) => start.atMs), [10, 20]);
  assertEquals(frontier.counts(), { queued: 0, leased: 0 });
});

Deno.test("an acquire cancelled in the step its turn was granted gives the slot back", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf(1);
  const meter = new Meter();
  await run(function* () {
    const holder = yield* frontier.acquire({ origin: A, task: "t", payload: "holder" }, false);
    const waiting = yield* spawn(
      frontier.acquire({ origin: B, task: "t", payload: "gone" }, false),
    );
    yield* sleep(10);
    // The holder ends: the slot goes to the waiting acquire, whose task is cancelled before it
    // could resume and use (or end) its turn.
    frontier.done(holder.id);
    yield* halt(waiting);
    assertEquals(frontier.counts(), { queued: 0, leased: 0 });
    yield* drain(frontier, clock, meter, [[A, "next"]], 1);
  }());
  assertEquals(meter.order, ["next"]);
});

Deno.test("an acquire with a not-before time waits in the delayed queue; cancelled there, it is dropped", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf(2);
  const log: [string, number][] = [];
  await run(function* () {
    const later = yield* spawn(function* () {
      const entry = yield* frontier.acquire(
        { origin: A, task: "t", payload: "later", delayMs: 500 },
        false,
      );
      log.push([entry.payload, clock.now()]);
      frontier.done(entry.id);
    }());
    const dropped = yield* spawn(
      frontier.acquire({ origin: A, task: "t", payload: "dropped", delayMs: 300 }, false),
    );
    yield* sleep(100);
    assertEquals(frontier.counts().queued, 2);
    yield* halt(dropped);
    yield* join(later);
    assertEquals(frontier.counts(), { queued: 0, leased: 0 });
    frontier.close();
  }());
  assertEquals(log, [["later", 500]]);
});

Deno.test("an acquire cancelled during its backoff leaves at once: a closed frontier drains then, not when the backoff ends", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf(2);
  let drainedAtMs: number | undefined;
  await run(function* () {
    const taker = yield* spawn(function* () {
      assertEquals(yield* frontier.take(), null);
      drainedAtMs = clock.now();
    }());
    const backingOff = yield* spawn(
      frontier.acquire({ origin: A, task: "t", payload: "given up", delayMs: 60_000 }, false),
    );
    yield* sleep(100);
    yield* halt(backingOff);
    assertEquals(frontier.counts(), { queued: 0, leased: 0 });
    frontier.close();
    yield* join(taker);
  }());
  assertEquals(drainedAtMs, 100);
});

Deno.test("an entry handed to a taker cancelled before it resumed goes to another taker", async () => {
  const { run } = harness();
  const frontier = frontierOf(1);
  const got: string[] = [];
  await run(function* () {
    const first = yield* spawn(frontier.take());
    const second = yield* spawn(function* () {
      const entry = (yield* frontier.take())!;
      got.push(entry.payload);
      frontier.done(entry.id);
    }());
    yield* sleep(10);
    // The put hands the entry to the first taker; it is cancelled in the same step.
    yield* putAll(frontier, [[A, "only"]]);
    yield* halt(first);
    yield* join(second);
    frontier.close();
  }());
  assertEquals(got, ["only"]);
  assertEquals(frontier.counts(), { queued: 0, leased: 0 });
});

Deno.test("a nested acquire waits out its origin's pause", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf(1);
  const log: [string, number][] = [];
  await run(function* () {
    const outer = yield* frontier.acquire({ origin: A, task: "t", payload: "outer" }, false);
    frontier.pauseOrigin(A, 800);
    const inner = yield* frontier.acquire({ origin: A, task: "t", payload: "inner" }, true);
    log.push([inner.payload, clock.now()]);
    frontier.done(inner.id);
    frontier.done(outer.id);
    frontier.close();
  }());
  assertEquals(log, [["inner", 800]]);
});

Deno.test("again() gives the turn back and waits out its delay for the next: the slot is free meanwhile", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf(1, { [A]: { perHost: 1 } });
  const log: [string, number][] = [];
  const meter = new Meter();
  await run(function* () {
    const coroutine = yield* spawn(function* () {
      const first = yield* frontier.acquire({ origin: A, task: "t", payload: "ctx" }, false);
      log.push([`${first.payload} attempt 1`, clock.now()]);
      const second = yield* frontier.again(first.id, 300, false);
      log.push([`${second.payload} attempt 2`, clock.now()]);
      frontier.done(second.id);
    }());
    // While the coroutine's fetch waits for its retry, the one slot serves a task's fetch.
    const other = yield* spawn(worker(frontier, clock, meter, () => 100));
    yield* putAll(frontier, [[A, "task"]]);
    yield* join(coroutine);
    frontier.close();
    yield* join(other);
  }());
  assertEquals(log, [["ctx attempt 1", 0], ["ctx attempt 2", 300]]);
  assertEquals(meter.starts.map((start) => [start.name, start.atMs]), [["task", 0]]);
  assertEquals(frontier.counts(), { queued: 0, leased: 0 });
});

Deno.test("turnAt waits for the origin's gap and pause, counts its start, and takes no slot", async () => {
  const { clock, run } = harness();
  // One slot, held by a worker's entry of A throughout: turns at B still come (a redirect's).
  const frontier = frontierOf(1, { [B]: { gapMs: 300, perHost: 1 } });
  const meter = new Meter();
  const turns: number[] = [];
  await run(function* () {
    const held = yield* spawn(worker(frontier, clock, meter, () => 2_000));
    yield* putAll(frontier, [[A, "a1"]]);
    for (let i = 0; i < 3; i++) {
      yield* frontier.turnAt(B, "t");
      turns.push(clock.now());
    }
    // A queued entry of B waits a gap after the last turn; a pause holds the next turn.
    yield* putAll(frontier, [[B, "b1"]]);
    frontier.pauseOrigin(B, 1_500);
    yield* frontier.turnAt(B, "t");
    turns.push(clock.now());
    frontier.close();
    yield* join(held);
  }());
  assertEquals(turns, [0, 300, 600, 2_100]);
  // b1 waits for the slot a1 holds (until 2000), then for the pause and the last turn's gap.
  assertEquals(meter.timesAt(B), [2_400]);
  assertEquals(frontier.counts(), { queued: 0, leased: 0 });
});
