/**
 * A paced origin's job claimed ahead renews its turn before it starts (moves it while it is still
 * the origin's last, else takes it again); a `take` stopped while it waits for that turn gives the
 * job back to the queue instead of holding it leased here. A paced fetch whose request is written
 * later than its turn's grace renews the turn the same way, as it is written (`sending`).
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { halt, runOperation, sleep, spawn } from "../../loop/mod.ts";
import { PgFrontier, type PgFrontierOptions } from "./pg_frontier.ts";
import type { ClaimedJob, Outcomes, PgStore, TurnAnswer } from "./store.ts";

const ORIGIN = "http://127.0.0.1:1";

function job(id: number, paced: boolean, jitterMs = 0): ClaimedJob {
  return {
    id,
    task: "pages",
    origin: ORIGIN,
    url: `${ORIGIN}/${id}`,
    payload: {},
    attempt: 0,
    reserved: false,
    paced,
    gapMs: paced ? 10 : 0,
    jitterMs: paced ? jitterMs : 0,
    nextStart: paced ? `next start of ${id}` : undefined,
    crawl: 1,
    runAt: new Date(0),
  };
}

/**
 * A store whose first claim hands out an unpaced job and a paced one (kept in hand), and whose
 * `takeTurn` (and `redirectTurn`) answers with `turnAnswers` (a wait, 0 granting the turn, at an
 * origin of gap `turnGapMs`) in order, then never. The claim's turn is never the origin's last any more: it is
 * not moved.
 */
function storeOf(turnAnswers: number[], jitterMs = 0, turnGapMs = 10) {
  const reports: Outcomes[] = [];
  let claims = 0;
  const store = {
    turnsAsked: 0,
    claim: () => Promise.resolve(claims++ === 0 ? [job(6, false), job(7, true, jitterMs)] : []),
    takeTurn: () => {
      const waitMs = turnAnswers[store.turnsAsked++];
      return waitMs === undefined ? new Promise<never>(() => {}) : Promise.resolve(
        waitMs === 0
          ? { waitMs, nextStart: "next start taken again", gapMs: turnGapMs, jitterMs }
          : { waitMs },
      );
    },
    // A redirect's turn (and its place under `perHost`) is answered as a turn.
    redirectTurn: () => store.takeTurn(),
    moveTurn: () => Promise.resolve(undefined),
    report: (_queue: string, _worker: string, outcomes: Outcomes) => {
      reports.push(outcomes);
      return Promise.resolve();
    },
  };
  return { store, reports };
}

function frontierOf(store: unknown): PgFrontier<{ url: string }> {
  return new PgFrontier<{ url: string }>({
    store: store as PgStore,
    queue: "nightly",
    worker: "w1",
    concurrency: 1,
    rules: () => ({ perHost: 1, gapMs: 10, jitterMs: 0 }),
    codec: {
      encode: (payload: { url: string }) => payload,
      decode: (_json: unknown, claimed: { url: string }) => ({ payload: { url: claimed.url } }),
    } as unknown as PgFrontierOptions<{ url: string }>["codec"],
    warn: () => {},
  });
}

Deno.test("a take() stopped while it waits for a paced origin's turn gives its job back to the queue", async (t) => {
  const cases = [
    { when: "while it asks the database for the turn", turnAnswers: [] },
    { when: "while it sleeps until the origin's next start", turnAnswers: [15] },
  ];
  for (const { when, turnAnswers } of cases) {
    await t.step(when, async () => {
      const { store, reports } = storeOf(turnAnswers);
      const frontier = frontierOf(store);
      await runOperation(function* () {
        const first = (yield* frontier.take())!; // claims two: one now, one kept in hand
        frontier.done(first.id);
        yield* sleep(5); // the one in hand waits longer than its claim's turn lasts
        const taker = yield* spawn(frontier.take());
        while (store.turnsAsked === 0) yield* sleep(1);
        yield* sleep(1); // an answer, if any, is read: the taker sleeps until the turn
        yield* halt(taker);
      }());
      assertEquals(frontier.counts(), { queued: 0, leased: 0 }, "the job stayed leased here");
      await frontier.shutdown();
      const released = reports.flatMap((outcomes) => outcomes.released);
      assertEquals(released, [7]);
    });
  }
});

Deno.test("a paced origin's job claimed ahead waits for a next start its jitter puts beyond two gaps, and starts", async () => {
  // A gap of 10 ms and a jitter of 100 ms: the origin's next start may be 110 ms after its last.
  const { store, reports } = storeOf([30, 0], 100);
  const frontier = frontierOf(store);
  const second = await runOperation(function* () {
    frontier.done((yield* frontier.take())!.id);
    yield* sleep(5); // the one in hand waits longer than its claim's turn lasts
    return yield* frontier.take();
  }());
  assertEquals(second?.id, 7);
  assertEquals(store.turnsAsked, 2, "it waited for the turn and took it");
  frontier.done(7);
  await frontier.shutdown();
  assertEquals(reports.flatMap((outcomes) => outcomes.released), []);
});

/**
 * A store for a coroutine's own fetch (`acquire`) of the paced origin, job 7: `moveTurn` answers
 * with `moved` (undefined: another start followed the turn), `takeTurn` with `turnAnswers` in order
 * (a turn granted at an origin of gap `turnGapMs`).
 */
function acquiringStoreOf(
  moved: string | undefined,
  turnAnswers: number[] = [],
  gapMs = 10,
  turnGapMs = 10,
) {
  const { store: base, reports } = storeOf(turnAnswers, 0, turnGapMs);
  const store = {
    ...base,
    get turnsAsked() {
      return base.turnsAsked;
    },
    moves: [] as string[],
    insertJobs: () => Promise.resolve([7]),
    claim: () => Promise.resolve([{ ...job(7, true), reserved: true, gapMs }]),
    moveTurn: (_queue: string, _origin: string, nextStart: string) => {
      store.moves.push(nextStart);
      return Promise.resolve(moved);
    },
  };
  return { store, reports };
}

Deno.test("a paced fetch's request written later than its turn's grace moves the turn to that moment, while it is the origin's last", async () => {
  const { store } = acquiringStoreOf("the moved turn's next start");
  const frontier = frontierOf(store);
  await runOperation(function* () {
    const entry = yield* frontier.acquire(
      { origin: ORIGIN, task: "pages", payload: { url: "" } },
      false,
    );
    yield* sleep(5); // a connection opened: longer than the turn's grace (a tenth of 10 ms)
    yield* frontier.sending(entry.id, ORIGIN);
    yield* frontier.sending(entry.id, ORIGIN); // a second write at once (a resend), on the moved turn
    frontier.done(entry.id);
  }());
  await frontier.shutdown();
  assertEquals(store.moves, ["next start of 7"], "moved once, the claim's turn");
  assertEquals(store.turnsAsked, 0, "no turn of its own taken");
});

Deno.test("a paced fetch's request written later than its turn's grace waits for a turn of its own once another start followed the turn", async () => {
  // The turn is another's now; the origin's next start is 5 ms on, then the turn is granted.
  const { store } = acquiringStoreOf(undefined, [5, 0]);
  const frontier = frontierOf(store);
  await runOperation(function* () {
    const entry = yield* frontier.acquire(
      { origin: ORIGIN, task: "pages", payload: { url: "" } },
      false,
    );
    yield* sleep(5);
    yield* frontier.sending(entry.id, ORIGIN);
    frontier.done(entry.id);
  }());
  await frontier.shutdown();
  assertEquals(store.moves, ["next start of 7"]);
  assertEquals(store.turnsAsked, 2, "it asked, waited for the origin's next start, and took it");
});

Deno.test("a paced origin's job claimed ahead whose turn is still the origin's last moves it, and starts at once", async () => {
  const { store: base, reports } = storeOf([0]); // a turn of its own would be granted too
  const moves: string[] = [];
  const store = {
    ...base,
    moveTurn: (_queue: string, _origin: string, nextStart: string) => {
      moves.push(nextStart);
      return Promise.resolve("the moved turn's next start");
    },
  };
  const frontier = frontierOf(store);
  const second = await runOperation(function* () {
    frontier.done((yield* frontier.take())!.id);
    yield* sleep(5); // the one in hand waits longer than its claim's turn lasts
    return yield* frontier.take();
  }());
  assertEquals(second?.id, 7);
  assertEquals(moves, ["next start of 7"]);
  assertEquals(base.turnsAsked, 0, "no turn of its own taken: the claim's was moved");
  frontier.done(7);
  await frontier.shutdown();
  assertEquals(reports.flatMap((outcomes) => outcomes.released), []);
});

Deno.test("a turn taken at a paced fetch's own origin for it (after its robots.txt) is its own: its request goes out on it", async () => {
  // The claim's turn is another's by then; a turn of its own is granted at once.
  const { store } = acquiringStoreOf(undefined, [0, 0]);
  const frontier = frontierOf(store);
  await runOperation(function* () {
    const entry = yield* frontier.acquire(
      { origin: ORIGIN, task: "pages", payload: { url: "" } },
      false,
    );
    yield* sleep(5); // robots.txt read, in a turn of its own
    yield* frontier.turnAt(ORIGIN, "pages", entry.id); // the link's fresh turn
    yield* frontier.sending(entry.id, ORIGIN); // written at once
    frontier.done(entry.id);
  }());
  await frontier.shutdown();
  assertEquals(store.turnsAsked, 1, "one turn taken: the link's, not a third at its write");
  assertEquals(store.moves, [], "nothing moved: the turn was fresh");
});

Deno.test("a turn holds 2 ms at most: at a gap of a minute, a request written 5 ms after its turn moves it", async () => {
  const { store } = acquiringStoreOf("the moved turn's next start", [], 60_000);
  const frontier = frontierOf(store);
  await runOperation(function* () {
    const entry = yield* frontier.acquire(
      { origin: ORIGIN, task: "pages", payload: { url: "" } },
      false,
    );
    yield* sleep(5); // a connect: a tenth of the gap would be 6 s
    yield* frontier.sending(entry.id, ORIGIN);
    frontier.done(entry.id);
  }());
  await frontier.shutdown();
  assertEquals(store.moves, ["next start of 7"]);
});

Deno.test("a redirect's request written later than its turn's grace moves the turn it took at the redirect's origin; at an unpaced one it confirms nothing", async (t) => {
  const OTHER = "http://127.0.0.1:2";
  for (const [turnGapMs, moves] of [[10, ["next start taken again"]], [0, []]] as const) {
    await t.step(turnGapMs > 0 ? "paced" : "unpaced", async () => {
      const { store } = acquiringStoreOf("the moved turn's next start", [0], 10, turnGapMs);
      const frontier = frontierOf(store);
      await runOperation(function* () {
        const entry = yield* frontier.acquire(
          { origin: ORIGIN, task: "pages", payload: { url: "" } },
          false,
        );
        yield* frontier.sending(entry.id, ORIGIN); // written at once, and redirected
        yield* frontier.turnAt(OTHER, "pages", entry.id); // the redirect's turn
        yield* sleep(5); // a connection to the other origin opened
        yield* frontier.sending(entry.id, OTHER);
        frontier.done(entry.id);
      }());
      await frontier.shutdown();
      assertEquals(store.moves, moves);
      assertEquals(store.turnsAsked, 1, "no turn taken but the redirect's");
    });
  }
});

Deno.test("a request sent again on a new connection confirms its turn again as it is written", async () => {
  const { store } = acquiringStoreOf("the moved turn's next start");
  const frontier = frontierOf(store);
  await runOperation(function* () {
    const entry = yield* frontier.acquire(
      { origin: ORIGIN, task: "pages", payload: { url: "" } },
      false,
    );
    yield* sleep(5);
    yield* frontier.sending(entry.id, ORIGIN); // its first send: the claim's turn moved
    yield* sleep(5); // its kept-alive connection was found closed, and another opened
    yield* frontier.sending(entry.id, ORIGIN);
    frontier.done(entry.id);
  }());
  await frontier.shutdown();
  assertEquals(store.moves, ["next start of 7", "the moved turn's next start"]);
});

Deno.test("a pause that comes within a paced turn's grace holds its request until the pause ends, then a turn of its own", async () => {
  // A gap of a minute: the turn's grace is 2 ms, and the write follows the turn at once.
  const { store } = acquiringStoreOf("the moved turn's next start", [0], 60_000);
  const frontier = frontierOf(store);
  let pauseEndsMs = 0;
  let sentAtMs = 0;
  await runOperation(function* () {
    const entry = yield* frontier.acquire(
      { origin: ORIGIN, task: "pages", payload: { url: "" } },
      false,
    );
    pauseEndsMs = performance.now() + 30;
    frontier.pauseOrigin(ORIGIN, 30); // another fetch's Retry-After, a moment after the turn
    yield* frontier.sending(entry.id, ORIGIN);
    sentAtMs = performance.now();
    frontier.done(entry.id);
  }());
  await frontier.shutdown();
  assert(sentAtMs >= pauseEndsMs, `written ${pauseEndsMs - sentAtMs} ms inside the pause`);
  assertEquals(store.turnsAsked, 1, "a turn of its own, taken once the pause ended");
  assertEquals(store.moves, [], "the paused turn was not moved");
});

Deno.test("a pause holds the request of an unpaced origin's job handed out before it", async () => {
  const { store } = storeOf([]);
  const frontier = frontierOf(store);
  let pauseEndsMs = 0;
  let sentAtMs = 0;
  await runOperation(function* () {
    const entry = (yield* frontier.take())!; // job 6, at an unpaced origin
    pauseEndsMs = performance.now() + 30;
    frontier.pauseOrigin(ORIGIN, 30);
    yield* frontier.sending(entry.id, ORIGIN);
    sentAtMs = performance.now();
    frontier.done(entry.id);
  }());
  await frontier.shutdown();
  assert(sentAtMs >= pauseEndsMs, `written ${pauseEndsMs - sentAtMs} ms inside the pause`);
  assertEquals(store.turnsAsked, 0, "an unpaced origin has no turn to take");
});

/**
 * A store whose first claim hands out jobs 6 and 9 (unpaced, at ORIGIN; a worker of concurrency 1
 * keeps 9 in hand), and whose `redirectTurn` answers with `answers` in order (then never);
 * `takeTurn` grants every turn. A coroutine's own fetch (`acquire`) is job 8.
 */
function redirectStoreOf(answers: TurnAnswer[]) {
  let claims = 0;
  const store = {
    released: [] as number[],
    redirects: [] as [origin: string, job: number][],
    turnsAsked: 0,
    insertJobs: () => Promise.resolve([8]),
    claim: (_queue: string, _worker: string, _want: number, _leaseMs: number, only?: unknown) =>
      Promise.resolve(
        only !== undefined
          ? [{ ...job(8, false), reserved: true }]
          : claims++ === 0
          ? [job(6, false), job(9, false)]
          : [],
      ),
    takeTurn: () => {
      store.turnsAsked++;
      return Promise.resolve({ waitMs: 0, gapMs: 0, jitterMs: 0 });
    },
    redirectTurn: (_queue: string, origin: string, id: number) => {
      store.redirects.push([origin, id]);
      const answer = answers.shift();
      return answer === undefined ? new Promise<never>(() => {}) : Promise.resolve(answer);
    },
    report: (_queue: string, _worker: string, outcomes: Outcomes) => {
      store.released.push(...outcomes.released);
      return Promise.resolve();
    },
  };
  return store;
}

Deno.test("a redirect of a fetch perHost counts takes a place at the origin it goes to: full there, it waits for one, holding nothing in hand", async () => {
  const OTHER = "http://127.0.0.1:2";
  const store = redirectStoreOf([{ waitMs: 0, full: true }, { waitMs: 0, gapMs: 0, jitterMs: 0 }]);
  const frontier = frontierOf(store);
  await runOperation(function* () {
    const entry = (yield* frontier.take())!;
    yield* frontier.turnAt(OTHER, "pages", entry.id); // full, then a place 50 ms on
    // Refused, it gave back the job in hand: a place that job holds may be the one the redirect
    // awaits, and the slot it waits for is the redirect's.
    assertEquals(frontier.counts(), { queued: 0, leased: 1 });
    // Its place is at OTHER now: another turn there (its request's, a resend's) is a plain one.
    yield* frontier.turnAt(OTHER, "pages", entry.id);
    frontier.done(entry.id);
  }());
  await frontier.shutdown();
  assertEquals(store.redirects, [[OTHER, 6], [OTHER, 6]], "asked again once refused");
  assertEquals(store.turnsAsked, 1);
  assertEquals(store.released, [9]);
});

Deno.test("a redirect of a callback's nested fetch, which no perHost counts, takes a plain turn", async () => {
  const OTHER = "http://127.0.0.1:2";
  const store = redirectStoreOf([]);
  const frontier = frontierOf(store);
  await runOperation(function* () {
    const entry = yield* frontier.acquire(
      { origin: ORIGIN, task: "pages", payload: { url: "" } },
      true,
    );
    yield* frontier.turnAt(OTHER, "pages", entry.id);
    frontier.done(entry.id);
  }());
  await frontier.shutdown();
  assertEquals(store.redirects, []);
  assertEquals(store.turnsAsked, 1);
});
