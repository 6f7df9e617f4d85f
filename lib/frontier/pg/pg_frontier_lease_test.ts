import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { race, runOperation, sleep as waitFor } from "../../loop/mod.ts";
import { PgFrontier, type PgFrontierOptions } from "./pg_frontier.ts";
import type { PgStore } from "./store.ts";

const cutOff = () =>
  Promise.reject(Object.assign(new Error("write CONNECTION_ENDED 127.0.0.1:5432"), {
    code: "CONNECTION_ENDED",
  }));

const jobs = [1, 2].map((id) => ({
  id,
  task: "pages",
  origin: "http://127.0.0.1:1",
  url: `http://127.0.0.1:1/${id}`,
  payload: {},
  attempt: 0,
  reserved: false,
  paced: false,
  gapMs: 0,
  jitterMs: 0,
}));

/**
 * A worker of one slot (so one job claimed ahead), whose first claim gets jobs 1 and 2 and whose
 * later claims meet a lost connection; `heartbeat` answers as the test says.
 */
function worker(heartbeat: () => Promise<number[]>, leaseMs: number) {
  let claims = 0;
  const store = {
    sql: { listen: () => Promise.resolve({ unlisten: () => Promise.resolve() }) },
    claim: () => claims++ === 0 ? Promise.resolve(jobs) : cutOff(),
    releaseUnknown: cutOff,
    report: () => Promise.resolve(0),
    heartbeat,
  } as unknown as PgStore;
  const warnings: string[] = [];
  const frontier = new PgFrontier<{ url: string }>({
    store,
    queue: "nightly",
    worker: "w1",
    concurrency: 1,
    leaseMs,
    rules: () => ({ perHost: 2, gapMs: 0, jitterMs: 0 }),
    codec: {
      encode: (payload: { url: string }) => payload,
      decode: (_json: unknown, job: { url: string }) => ({ payload: { url: job.url } }),
    } as unknown as PgFrontierOptions<{ url: string }>["codec"],
    warn: (message) => warnings.push(message),
  });
  return { frontier, warnings };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The job the next `take` hands out within `ms`, or null when it waits for the database. */
async function nextTaken(frontier: PgFrontier<{ url: string }>, ms: number) {
  const taken = await runOperation(race([frontier.take(), waitFor(ms)]));
  return taken?.id ?? null;
}

Deno.test("a worker cut off from the database for longer than its lease starts none of the jobs it claimed ahead", async () => {
  const { frontier, warnings } = worker(cutOff, 300);
  await frontier.start();
  try {
    const first = await runOperation(frontier.take());
    assertEquals(first?.id, 1);
    // The database stops answering; job 2's lease runs out, and another worker may take it.
    await sleep(400);
    frontier.done(1);
    // Its slot is free: job 2 waits in its hand, yet is no longer its own to start.
    assertEquals(await nextTaken(frontier, 200), null, "it started a job whose lease ran out");
    assertMatch(
      warnings.join("\n"),
      /Worker w1 drops 1 job it claimed ahead, unstarted: its lease ran out while it could not reach/,
    );
  } finally {
    await frontier.shutdown();
  }
});

Deno.test("a job in hand that the heartbeat no longer finds leased to the worker is not started", async () => {
  let beats = 0;
  // Job 2's lease ran out while the heartbeat's answers were lost, and another worker took it.
  const { frontier, warnings } = worker(() => {
    beats++;
    return Promise.resolve([1]);
  }, 3_000);
  await frontier.start();
  try {
    assertEquals((await runOperation(frontier.take()))?.id, 1);
    while (beats === 0) await sleep(20);
    await sleep(0);
    frontier.done(1);
    assertEquals(await nextTaken(frontier, 200), null, "it started another worker's job");
    assertMatch(warnings.join("\n"), /Worker w1 drops 1 job it claimed ahead, unstarted/);
  } finally {
    await frontier.shutdown();
  }
});
