/**
 * `Frontier.turnUnused`: an entry that sends nothing on the turn it was given (a crawled link its
 * origin's robots.txt disallows) gives its start back, and the origin's next entry starts without
 * waiting out a gap for it. Times are the loop clock's.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { createVirtualClock, type Effect, join, runOperation, sleep, spawn } from "../loop/mod.ts";
import { MemoryFrontier } from "./memory_frontier.ts";

const A = "http://a.test";

/**
 * Puts `names` at origin A (gap 100 ms), runs `workers` workers, each holding an entry 10 ms; an
 * entry named `no…` gives its turn back as it is taken. Returns each start: name and loop time.
 */
async function starts(names: string[], workers = 1): Promise<[string, number][]> {
  const clock = createVirtualClock({ startWallMs: 0 });
  const frontier = new MemoryFrontier<string>({
    concurrency: workers,
    rules: () => ({ perHost: workers, gapMs: 100, jitterMs: 0 }),
  });
  const seen: [string, number][] = [];
  await runOperation(
    (function* (): Generator<Effect, void> {
      const running = [];
      for (let n = 0; n < workers; n++) {
        running.push(
          yield* spawn((function* (): Generator<Effect, void> {
            for (;;) {
              const entry = yield* frontier.take();
              if (entry === null) return;
              seen.push([entry.payload, clock.now()]);
              if (entry.payload.startsWith("no")) frontier.turnUnused(entry.id);
              yield* sleep(10);
              frontier.done(entry.id);
            }
          })()),
        );
      }
      for (const name of names) yield* frontier.put({ origin: A, task: "t", payload: name });
      frontier.close();
      for (const worker of running) yield* join(worker);
    })(),
    { clock },
  );
  return seen;
}

Deno.test("an entry that gives its turn back holds no gap: the origin's next starts on the gap before it", async () => {
  assertEquals(await starts(["a", "no1", "no2", "no3", "b", "c"]), [
    ["a", 0],
    ["no1", 100],
    // Each unused turn is withdrawn: the next entry starts as soon as the slot is free.
    ["no2", 110],
    ["no3", 120],
    // "a"'s gap ended long ago: "b" starts with the slot, and "c" waits a gap from "b".
    ["b", 130],
    ["c", 230],
  ]);
});

Deno.test("a turn given back goes to the origin's next entry at once, while a slot is free", async () => {
  // Two slots: "no1" takes the turn after "a"'s gap and gives it back as it starts; "b" starts on
  // it, in the same moment, and not a gap later.
  assertEquals(await starts(["a", "no1", "b"], 2), [["a", 0], ["no1", 100], ["b", 100]]);
});
