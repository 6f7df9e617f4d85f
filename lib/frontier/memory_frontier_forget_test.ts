/**
 * The in-memory frontier forgets an origin once nothing about it can matter (nothing queued or
 * held there, its pause and every gap from its last start over), so a run over a million hosts
 * keeps a bounded few; and forgetting never lets a fetch start sooner than a kept origin would.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { createVirtualClock, type Effect, runOperation, sleep } from "../loop/mod.ts";
import type { OriginRule } from "./frontier.ts";
import {
  MemoryFrontier,
  type MemoryFrontierOptions,
  ORIGINS_BEFORE_SWEEP,
} from "./memory_frontier.ts";

const A = "http://a.test";

/** Runs `body` on a virtual clock from 0 with a frontier of `options` (no limits by default). */
function run<T>(
  options: Partial<MemoryFrontierOptions>,
  body: (frontier: MemoryFrontier<string>, now: () => number) => Generator<Effect, T>,
): Promise<T> {
  const clock = createVirtualClock({ startWallMs: 0 });
  const frontier = new MemoryFrontier<string>({
    concurrency: 4,
    rules: () => ({ perHost: 2, gapMs: 0, jitterMs: 0 }),
    ...options,
  });
  return runOperation(body(frontier, () => clock.now()), { clock });
}

/** Puts, takes and ends one fetch at each of `count` new origins: enough to make a sweep. */
function* visitOthers(frontier: MemoryFrontier<string>, count: number, tag: string) {
  for (let i = 0; i < count; i++) {
    yield* frontier.put({ origin: `http://${tag}${i}.test`, task: "fast", payload: "other" });
    frontier.done((yield* frontier.take())!.id);
  }
}

/** Puts one fetch of `task` at A and tells when it starts. */
function* startAt(frontier: MemoryFrontier<string>, task: string, now: () => number) {
  yield* frontier.put({ origin: A, task, payload: task });
  const entry = (yield* frontier.take())!;
  frontier.done(entry.id);
  return now();
}

Deno.test("a run over many hosts, one fetch each, keeps a bounded few of them", async () => {
  const kept = await run({ paced: false }, function* (frontier) {
    yield* visitOthers(frontier, 5 * ORIGINS_BEFORE_SWEEP, "host");
    return frontier.originCount;
  });
  assert(kept <= ORIGINS_BEFORE_SWEEP, `kept ${kept} origins`);
});

Deno.test("paced origins are forgotten once their longest gap has passed", async () => {
  const kept = await run({
    longestGapMs: 100,
    rules: () => ({ perHost: 2, gapMs: 100, jitterMs: 50 }),
  }, function* (frontier) {
    for (let round = 0; round < 5; round++) {
      yield* visitOthers(frontier, ORIGINS_BEFORE_SWEEP, `r${round}h`);
      yield* sleep(200);
    }
    return frontier.originCount;
  });
  assert(kept <= 2 * ORIGINS_BEFORE_SWEEP, `kept ${kept} origins`);
});

/** Task "slow" waits 1 s between starts at every origin, "fast" none. */
const slowAndFast = (_origin: string, task: string): OriginRule => ({
  perHost: 2,
  gapMs: task === "slow" ? 1000 : 0,
  jitterMs: 0,
});

Deno.test("a slower task's gap from an origin's last start holds after the origin drained", async () => {
  const started = await run(
    { rules: slowAndFast, longestGapMs: 1000, paced: true },
    function* (frontier, now) {
      yield* startAt(frontier, "fast", now); // at 0
      yield* sleep(10);
      yield* visitOthers(frontier, 2 * ORIGINS_BEFORE_SWEEP, "other");
      return yield* startAt(frontier, "slow", now);
    },
  );
  assertEquals(started, 1000);
});

Deno.test("a jittered gap from an origin's last start holds after the origin drained", async () => {
  const started = await run(
    // Jitter alone: no gap to keep the origin by, only its next start.
    { rules: () => ({ perHost: 2, gapMs: 0, jitterMs: 500 }), longestGapMs: 0, random: () => 0.5 },
    function* (frontier, now) {
      yield* startAt(frontier, "t", now); // at 0: the next no sooner than 250
      yield* sleep(10);
      yield* visitOthers(frontier, 2 * ORIGINS_BEFORE_SWEEP, "other");
      return yield* startAt(frontier, "t", now);
    },
  );
  assertEquals(started, 250);
});

Deno.test("a server's pause of an origin holds after the origin drained", async () => {
  const started = await run({ paced: false }, function* (frontier, now) {
    yield* startAt(frontier, "fast", now);
    frontier.pauseOrigin(A, 5000);
    yield* sleep(10);
    yield* visitOthers(frontier, 2 * ORIGINS_BEFORE_SWEEP, "other");
    return yield* startAt(frontier, "fast", now);
  });
  assertEquals(started, 5000);
});

Deno.test("a request written after its paced origin was forgotten counts a start there", async () => {
  // A callback's fetch (outside perHost) holds its turn at A past the origin's gap, while another
  // start follows it and ends: A is forgotten. Its request's write counts a start at A again, so
  // the next fetch there waits its gap from that write, as with A kept.
  const started = await run(
    { rules: () => ({ perHost: 2, gapMs: 100, jitterMs: 0 }), longestGapMs: 100 },
    function* (frontier, now) {
      const held = yield* frontier.acquire({ origin: A, task: "t", payload: "held" }, true);
      yield* startAt(frontier, "t", now); // at 100: A's last start is no longer the held one's
      yield* sleep(500);
      yield* visitOthers(frontier, 2 * ORIGINS_BEFORE_SWEEP, "other");
      yield* frontier.sending!(held.id, A); // at 600
      frontier.done(held.id);
      return yield* startAt(frontier, "t", now);
    },
  );
  assertEquals(started, 700);
});
