/**
 * The in-memory frontier's `sending`: an origin's start is counted as `take` hands the entry out,
 * and the request is written after its connect; for a paced origin the start the frontier counted
 * and the write must stay one moment, so that the server sees the gap between requests. On the
 * virtual clock, a fetch's connect is a sleep between its `take` and its `sending`.
 */
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
import { MemoryFrontier } from "./memory_frontier.ts";

const A = "http://a.test";
const B = "http://b.test";

function harness(): { clock: VirtualClock; run<T>(operation: Operation<T>): Promise<T> } {
  const clock = createVirtualClock({ startWallMs: 0 });
  return { clock, run: (operation) => runOperation(operation, { clock }) };
}

/** A frontier whose rules come from a table by origin (unlisted origins: no limits). */
function frontierOf(
  rules: Record<string, Partial<OriginRule>>,
  paced?: boolean,
): MemoryFrontier<string> {
  return new MemoryFrontier<string>({
    concurrency: 8,
    rules: (origin) => ({ perHost: 8, gapMs: 0, jitterMs: 0, ...rules[origin] }),
    paced,
  });
}

/** One request as the server would see it: its name and when it was written. */
type Write = [name: string, atMs: number];

/**
 * Takes entries until drained; for each, "connects" for `connectMs(name)`, waits for `sending`
 * (when the frontier has one), notes the write, then holds the fetch 10 ms and ends it.
 */
function* worker(
  frontier: MemoryFrontier<string>,
  clock: VirtualClock,
  writes: Write[],
  connectMs: (name: string) => number,
): Generator<Effect, void> {
  for (;;) {
    const entry = yield* frontier.take();
    if (entry === null) return;
    yield* sleep(connectMs(entry.payload));
    if (frontier.sending) yield* frontier.sending(entry.id, entry.origin);
    writes.push([entry.payload, clock.now()]);
    yield* sleep(10);
    frontier.done(entry.id);
  }
}

/** Puts `names` to one origin, and runs `workers` workers until the frontier is drained. */
function* drain(
  frontier: MemoryFrontier<string>,
  clock: VirtualClock,
  origin: string,
  names: string[],
  connectMs: (name: string) => number,
): Generator<Effect, Write[]> {
  const writes: Write[] = [];
  const tasks: Task<void>[] = [];
  for (let i = 0; i < names.length; i++) {
    tasks.push(yield* spawn(worker(frontier, clock, writes, connectMs)));
  }
  for (const name of names) yield* frontier.put({ origin, task: "t", payload: name });
  frontier.close();
  for (const task of tasks) yield* join(task);
  return writes;
}

Deno.test("a connect longer than the gap: the next request to the origin is written a gap after the first's", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf({ [A]: { gapMs: 100 } });
  // a1 starts at 0 and connects for 150 ms; a2 starts at 100 on a connection that opens in 10 ms.
  // Counted at the take, a2's request went out at 110 and a1's at 150: 40 ms apart on the server.
  const writes = await run(
    drain(frontier, clock, A, ["a1", "a2", "a3"], (name) => name === "a1" ? 150 : 10),
  );
  const sorted = writes.toSorted((x, y) => x[1] - y[1]);
  for (let i = 1; i < sorted.length; i++) {
    const gap = sorted[i][1] - sorted[i - 1][1];
    assert(gap >= 100, `writes ${JSON.stringify(sorted)}: ${gap} ms apart`);
  }
  // a2's start was the origin's last when it wrote: moved to 110; a1 waited for a turn after it,
  // and a3, started a gap after a1's turn (310), moved its own to its write.
  assertEquals(sorted, [["a2", 110], ["a1", 210], ["a3", 320]]);
  assertEquals(frontier.counts(), { queued: 0, leased: 0 });
});

Deno.test("a request written within the grace of its start keeps it: the origin's next start is not moved", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf({ [A]: { gapMs: 100 } });
  // A reused connection (no connect) and one that opens in 2 ms (the grace): both keep their turn.
  const writes = await run(
    drain(frontier, clock, A, ["a1", "a2", "a3"], (name) => name === "a2" ? 2 : 0),
  );
  assertEquals(writes, [["a1", 0], ["a2", 102], ["a3", 200]]);
});

Deno.test("an unpaced run's frontier has no sending; an unpaced origin's entry is sent at once", async () => {
  assertEquals(frontierOf({}, false).sending, undefined);
  const { clock, run } = harness();
  const frontier = frontierOf({ [A]: { gapMs: 100 } });
  assert(frontier.sending !== undefined);
  // B has no gap: a long connect moves nothing and waits for nothing.
  const writes = await run(
    drain(frontier, clock, B, ["b1", "b2"], (name) => name === "b1" ? 500 : 0),
  );
  assertEquals(writes, [["b2", 0], ["b1", 500]]);
});

Deno.test("a request whose turn passed waits out the origin's pause", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf({ [A]: { gapMs: 100 } });
  const sentAtMs = await run(function* () {
    yield* frontier.put({ origin: A, task: "t", payload: "a1" });
    const entry = (yield* frontier.take())!;
    yield* sleep(50); // a connect
    frontier.pauseOrigin(A, 1_000); // a Retry-After, until 1050: the start is not moved into it
    yield* frontier.sending!(entry.id, A);
    frontier.done(entry.id);
    frontier.close();
    return clock.now();
  }());
  assertEquals(sentAtMs, 1_050);
  assertEquals(frontier.counts(), { queued: 0, leased: 0 });
});

Deno.test("a pause that comes within the grace of a turn holds the request that took the turn", async (t) => {
  // A Retry-After of another fetch to the origin arrives a moment after the turn was given, before
  // its request is written (a reused connection: the write follows at once). Within the grace the
  // turn stands, but nothing is written to a paused origin: the request waits out the pause.
  for (const afterMs of [0, 1, 2]) {
    await t.step(`${afterMs} ms after the turn`, async () => {
      const { clock, run } = harness();
      const frontier = frontierOf({ [A]: { gapMs: 100 } });
      const sentAtMs = await run(function* () {
        yield* frontier.put({ origin: A, task: "t", payload: "a1" });
        const entry = (yield* frontier.take())!;
        yield* sleep(afterMs);
        frontier.pauseOrigin(A, 1_000);
        yield* frontier.sending!(entry.id, A);
        frontier.done(entry.id);
        frontier.close();
        return clock.now();
      }());
      assertEquals(sentAtMs, afterMs + 1_000);
      assertEquals(frontier.counts(), { queued: 0, leased: 0 });
    });
  }
});

Deno.test("a pause holds the request of a fetch handed out before it at an unpaced origin of a paced run", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf({ [A]: { gapMs: 100 } });
  const sentAtMs = await run(function* () {
    yield* frontier.put({ origin: B, task: "t", payload: "b1" });
    const entry = (yield* frontier.take())!;
    yield* sleep(20); // its connect
    frontier.pauseOrigin(B, 1_000); // another fetch's 503 with Retry-After, until 1020
    yield* frontier.sending!(entry.id, B);
    frontier.done(entry.id);
    frontier.close();
    return clock.now();
  }());
  assertEquals(sentAtMs, 1_020);
  assertEquals(frontier.counts(), { queued: 0, leased: 0 });
});

Deno.test("a waiting sending cancelled (the run interrupted) leaves the entry held, and nothing queued", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf({ [A]: { gapMs: 100 } });
  await run(function* () {
    yield* frontier.put({ origin: A, task: "t", payload: "a1" });
    const entry: FrontierEntry<string> = (yield* frontier.take())!;
    yield* sleep(50);
    frontier.pauseOrigin(A, 1_000);
    let sent = false;
    const sending = yield* spawn(function* () {
      yield* frontier.sending!(entry.id, A);
      sent = true;
    }());
    yield* sleep(500);
    assertEquals(sent, false, "the pause holds the write");
    yield* halt(sending);
    // The fetch still holds its entry (its own cleanup ends it); the wait left nothing queued.
    assertEquals(frontier.counts(), { queued: 0, leased: 1 });
    frontier.done(entry.id);
    yield* frontier.put({ origin: A, task: "t", payload: "a2" });
    const next = (yield* frontier.take())!;
    assertEquals([next.payload, clock.now()], ["a2", 1_050]);
    frontier.done(next.id);
    frontier.close();
    assertEquals(yield* frontier.take(), null, "the frontier is drained");
  }());
  assertEquals(frontier.counts(), { queued: 0, leased: 0 });
});

Deno.test("a turn taken at the entry's origin for it (after a robots.txt read) is its own: its request's sending moves it", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf({ [A]: { gapMs: 100 } });
  const sentAtMs = await run(function* () {
    yield* frontier.put({ origin: A, task: "t", payload: "link" });
    const entry = (yield* frontier.take())!;
    yield* frontier.turnAt(A, "t"); // the robots.txt request, at 100
    yield* frontier.turnAt(A, "t", entry.id); // the link's fresh turn, at 200
    yield* sleep(10); // its connect
    yield* frontier.sending!(entry.id, A);
    frontier.done(entry.id);
    frontier.close();
    return clock.now();
  }());
  // Not a third turn, at 300: the link's request goes out on the one it took.
  assertEquals(sentAtMs, 210);
});

/**
 * A fetch to A whose request is written at once, and redirected to B: the redirect's turn at B is
 * taken at 0, and its request is written after a connect of `connectMs` to B. Another fetch to B,
 * put at `putAtMs`, writes its request as it is handed out (a kept-alive connection).
 */
function* redirectBeside(
  frontier: MemoryFrontier<string>,
  clock: VirtualClock,
  connectMs: number,
  putAtMs: number,
): Generator<Effect, Write[]> {
  const writes: Write[] = [];
  yield* frontier.put({ origin: A, task: "t", payload: "a" });
  const entry = (yield* frontier.take())!;
  yield* frontier.sending!(entry.id, A);
  const redirect = yield* spawn(function* () {
    yield* frontier.turnAt(B, "t", entry.id);
    yield* sleep(connectMs);
    yield* frontier.sending!(entry.id, B);
    writes.push(["a→b", clock.now()]);
    frontier.done(entry.id);
  }());
  yield* sleep(putAtMs);
  yield* frontier.put({ origin: B, task: "t", payload: "b" });
  const other = (yield* frontier.take())!;
  yield* frontier.sending!(other.id, B);
  writes.push(["b", clock.now()]);
  frontier.done(other.id);
  yield* join(redirect);
  frontier.close();
  return writes;
}

Deno.test("a redirect's request is written a gap from its origin's other requests: its turn there moved to its write while still the origin's last", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf({ [A]: { gapMs: 100 }, [B]: { gapMs: 100 } });
  // Counted at the redirect's turn (0), the next request to B went out at 100, 50 after it.
  const writes = await run(redirectBeside(frontier, clock, 50, 60));
  assertEquals(writes, [["a→b", 50], ["b", 150]]);
  assertEquals(frontier.counts(), { queued: 0, leased: 0 });
});

Deno.test("a redirect's request written after another start to its origin waits for a turn of its own there", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf({ [A]: { gapMs: 100 }, [B]: { gapMs: 100 } });
  // b's turn came a gap after the redirect's (at 100): the redirect's write, at 150, waits for 200.
  const writes = await run(redirectBeside(frontier, clock, 150, 1));
  assertEquals(writes, [["b", 100], ["a→b", 200]]);
  assertEquals(frontier.counts(), { queued: 0, leased: 0 });
});

Deno.test("a redirect's turn for a callback's fetch, which no perHost counts, is its own too: its write moves it", async () => {
  const { clock, run } = harness();
  const frontier = frontierOf({ [A]: { gapMs: 100 }, [B]: { gapMs: 100 } });
  const sentAtMs = await run(function* () {
    const entry = yield* frontier.acquire({ origin: A, task: "t", payload: "c" }, true);
    yield* frontier.sending!(entry.id, A); // at 0
    yield* frontier.put({ origin: A, task: "t", payload: "a" });
    frontier.done((yield* frontier.take())!.id); // A's next start, at 100
    yield* frontier.turnAt(B, "t", entry.id); // the callback's fetch redirected to B, at 100
    yield* sleep(10); // its connect to B
    yield* frontier.sending!(entry.id, B);
    frontier.done(entry.id);
    frontier.close();
    return clock.now();
  }());
  // Its turn at B, moved to its write: no turn of its own waited for (at 200), at A or at B.
  assertEquals(sentAtMs, 110);
  assertEquals(frontier.counts(), { queued: 0, leased: 0 });
});
