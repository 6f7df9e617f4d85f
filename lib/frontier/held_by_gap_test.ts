/**
 * `FrontierEntry.heldByGap`: the memory frontier says of each entry it hands out whether its
 * origin's gap between starts held it up to its turn, or it waited for a slot (or for a pause) once
 * the gap had ended. A trace labels the wait by it.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { createVirtualClock, type Effect, join, runOperation, sleep, spawn } from "../loop/mod.ts";
import { MemoryFrontier } from "./memory_frontier.ts";

const A = "http://a.test";

/**
 * Puts `names` at origin A (gap `gapMs`), runs one worker holding each entry `holdMs`, and tells
 * each start: its name, loop time, and `heldByGap`.
 */
async function starts(
  names: string[],
  gapMs: number,
  holdMs: number,
  before?: (frontier: MemoryFrontier<string>) => void,
): Promise<[string, number, boolean | undefined][]> {
  const clock = createVirtualClock({ startWallMs: 0 });
  const frontier = new MemoryFrontier<string>({
    concurrency: 1,
    rules: () => ({ perHost: 1, gapMs, jitterMs: 0 }),
  });
  const seen: [string, number, boolean | undefined][] = [];
  await runOperation(
    (function* (): Generator<Effect, void> {
      const worker = yield* spawn((function* (): Generator<Effect, void> {
        for (;;) {
          const entry = yield* frontier.take();
          if (entry === null) return;
          seen.push([entry.payload, clock.now(), entry.heldByGap]);
          before?.(frontier);
          yield* sleep(holdMs);
          frontier.done(entry.id);
        }
      })());
      for (const name of names) yield* frontier.put({ origin: A, task: "t", payload: name });
      frontier.close();
      yield* join(worker);
    })(),
    { clock },
  );
  return seen;
}

Deno.test("a paced origin's backlog waits for its gap up to each start: heldByGap", async () => {
  // Each fetch takes 10 ms of a 100 ms gap: the gap, not the one slot, decides every start after
  // the first.
  assertEquals(await starts(["a1", "a2", "a3"], 100, 10), [
    ["a1", 0, false],
    ["a2", 100, true],
    ["a3", 200, true],
  ]);
});

Deno.test("an entry that waited for the slot after its origin's gap ended was not held by the gap", async () => {
  // Each fetch takes 300 ms: the gap of 100 ms ended long before the slot came free.
  assertEquals(await starts(["a1", "a2", "a3"], 100, 300), [
    ["a1", 0, false],
    ["a2", 300, false],
    ["a3", 600, false],
  ]);
});

Deno.test("an entry held by a server's pause longer than its gap was not held by the gap", async () => {
  let paused = false;
  const seen = await starts(["a1", "a2"], 100, 10, (frontier) => {
    if (!paused) frontier.pauseOrigin(A, 500);
    paused = true;
  });
  assertEquals(seen, [["a1", 0, false], ["a2", 500, false]]);
});
