// A redirect's request (`turnAt` with its fetch's entry) moves the fetch's place under `perHost`
// from the origin it leaves to the one it goes to; a callback's nested fetch, which no `perHost`
// counts, never waits behind such a move.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
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
} from "../loop/mod.ts";
import type { FrontierEntry, OriginRule } from "./frontier.ts";
import { MemoryFrontier } from "./memory_frontier.ts";

const A = "http://a.test";
const B = "http://b.test";

function frontierOf(
  concurrency: number,
  rules: Record<string, Partial<OriginRule>>,
): MemoryFrontier<string> {
  return new MemoryFrontier<string>({
    concurrency,
    rules: (origin) => ({ perHost: 100, gapMs: 0, jitterMs: 0, ...rules[origin] }),
  });
}

/**
 * Runs `workers` workers that take entries until the frontier drains, each doing what `work`
 * says with its entry, then `done`; logs what happened when, on a virtual clock.
 */
async function runWorkers(
  frontier: MemoryFrontier<string>,
  items: readonly (readonly [string, string])[],
  workers: number,
  work: (entry: FrontierEntry<string>, log: (what: string) => void) => Operation<void>,
): Promise<[string, number][]> {
  const clock = createVirtualClock({ startWallMs: 0 });
  const log: [string, number][] = [];
  const note = (what: string) => log.push([what, clock.now()]);
  await runOperation(
    function* (): Generator<Effect, void> {
      const tasks: Task<void>[] = [];
      for (let i = 0; i < workers; i++) {
        tasks.push(
          yield* spawn(function* () {
            for (;;) {
              const entry = yield* frontier.take();
              if (entry === null) return;
              note(`${entry.payload} starts`);
              yield* work(entry, note);
              frontier.done(entry.id);
            }
          }()),
        );
      }
      for (const [origin, payload] of items) yield* frontier.put({ origin, task: "t", payload });
      frontier.close();
      for (const task of tasks) yield* join(task);
    }(),
    { clock },
  );
  return log;
}

Deno.test("a redirect gives back its place at the origin it leaves and holds one where it goes", async () => {
  const frontier = frontierOf(3, { [A]: { perHost: 1 }, [B]: { perHost: 1 } });
  const log = await runWorkers(
    frontier,
    [[A, "a1"], [B, "b1"], [A, "a2"], [B, "b2"]],
    3,
    function* (entry, note) {
      if (entry.payload !== "a1") return yield* sleep(entry.payload === "b1" ? 50 : 10);
      yield* sleep(10);
      yield* frontier.turnAt(B, "t", entry.id); // a1 is redirected to B, which b1 holds
      note("a1 at B");
      yield* sleep(50);
    },
  );
  assertEquals(log, [
    ["a1 starts", 0],
    ["b1 starts", 0],
    ["a2 starts", 10], // A's place came free with the redirect
    ["a1 at B", 50], // B's, when b1 ended: ahead of b2, queued before it
    ["b2 starts", 100], // only when a1 ended: B's perHost counts it
  ]);
  assertEquals(frontier.counts(), { queued: 0, leased: 0 });
});

Deno.test("a callback's nested acquire is not stuck behind a redirect waiting for a place", async () => {
  const frontier = frontierOf(2, { [B]: { perHost: 1 } });
  const log = await runWorkers(frontier, [[B, "b1"], [A, "a1"]], 2, function* (entry, note) {
    if (entry.payload === "a1") {
      yield* sleep(10);
      yield* frontier.turnAt(B, "t", entry.id); // waits for b1's place
      note("a1 at B");
      return;
    }
    yield* sleep(20);
    // b1's callback fetches from its own origin: it holds B's one place itself.
    const inner = yield* frontier.acquire({ origin: B, task: "t", payload: "inner" }, true);
    note("inner starts");
    frontier.done(inner.id);
    yield* sleep(10);
  });
  assertEquals(log, [
    ["b1 starts", 0],
    ["a1 starts", 0],
    ["inner starts", 20],
    ["a1 at B", 30],
  ]);
  assertEquals(frontier.counts(), { queued: 0, leased: 0 });
});

Deno.test("a redirect cancelled while it waits for a place holds none, at either origin", async () => {
  const frontier = frontierOf(3, { [A]: { perHost: 1 }, [B]: { perHost: 1 } });
  const log = await runWorkers(
    frontier,
    [[B, "b1"], [A, "a1"], [A, "a2"], [B, "b2"]],
    3,
    function* (entry, note) {
      if (entry.payload !== "a1") return yield* sleep(entry.payload === "b1" ? 50 : 10);
      const waiting = yield* spawn(frontier.turnAt(B, "t", entry.id));
      yield* sleep(20);
      yield* halt(waiting);
      note("a1 gave up");
      yield* sleep(100);
    },
  );
  assertEquals(log, [
    ["b1 starts", 0],
    ["a1 starts", 0],
    ["a2 starts", 0],
    ["a1 gave up", 20],
    ["b2 starts", 50], // after b1: nothing else holds B
  ]);
  assertEquals(frontier.counts(), { queued: 0, leased: 0 });
});
