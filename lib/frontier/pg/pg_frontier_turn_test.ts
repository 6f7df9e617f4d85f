/**
 * A paced origin's job claimed ahead takes the origin's turn again before it starts; a `take` stopped
 * while it waits for that turn gives the job back to the queue instead of holding it leased here.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { halt, runOperation, sleep, spawn } from "../../loop/mod.ts";
import { PgFrontier, type PgFrontierOptions } from "./pg_frontier.ts";
import type { ClaimedJob, Outcomes, PgStore } from "./store.ts";

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
  };
}

/**
 * A store whose first claim hands out an unpaced job and a paced one (kept in hand), and whose
 * `takeTurn` answers with `turnAnswers` in order, then never.
 */
function storeOf(turnAnswers: number[], jitterMs = 0) {
  const reports: Outcomes[] = [];
  let claims = 0;
  const store = {
    turnsAsked: 0,
    claim: () => Promise.resolve(claims++ === 0 ? [job(6, false), job(7, true, jitterMs)] : []),
    takeTurn: () => {
      const answer = turnAnswers[store.turnsAsked++];
      return answer === undefined ? new Promise<number>(() => {}) : Promise.resolve(answer);
    },
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
