import { assert, assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { runOperation } from "../../loop/mod.ts";
import { PgFrontier, type PgFrontierOptions } from "./pg_frontier.ts";
import { type PgStore, reconnectDelaySeconds } from "./store.ts";

/**
 * Timers held by the test and fired by hand, so that a backoff of 30 s costs no real time and a
 * wait that only such a timer would end shows as a wait that never ends.
 */
class HeldTimers {
  readonly #real = { set: globalThis.setTimeout, clear: globalThis.clearTimeout };
  readonly #held = new Map<number, { fire: () => void; ms: number }>();
  #next = 1;

  install(): void {
    globalThis.setTimeout = ((fire: () => void, ms = 0) => {
      const id = this.#next++;
      this.#held.set(id, { fire, ms });
      return id;
    }) as unknown as typeof setTimeout;
    globalThis.clearTimeout =
      ((id: number) => this.#held.delete(id)) as unknown as typeof clearTimeout;
  }

  restore(): void {
    globalThis.setTimeout = this.#real.set;
    globalThis.clearTimeout = this.#real.clear;
  }

  /** Lets promise callbacks and the real timers' turns run. */
  settle(): Promise<void> {
    return new Promise((resolve) => this.#real.set(resolve, 0));
  }

  /** Fires the held timers shorter than `limitMs`; how many it fired. */
  fireShorterThan(limitMs: number): number {
    const due = [...this.#held].filter(([, timer]) => timer.ms < limitMs);
    for (const [id, timer] of due) {
      this.#held.delete(id);
      timer.fire();
    }
    return due.length;
  }

  longest(): number {
    return Math.max(0, ...[...this.#held.values()].map((timer) => timer.ms));
  }
}

const refused = () =>
  Promise.reject(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
    code: "ECONNREFUSED",
  }));

Deno.test("a worker stopped during a long database outage tries its reports once more at once instead of waiting out its backoff", async () => {
  const timers = new HeldTimers();
  let reports = 0;
  const store = {
    report: () => {
      reports++;
      return refused();
    },
  } as unknown as PgStore;
  const warnings: string[] = [];
  const frontier = new PgFrontier<{ url: string }>({
    store,
    queue: "nightly",
    worker: "w1",
    concurrency: 1,
    rules: () => ({ perHost: 1, gapMs: 0, jitterMs: 0 }),
    codec: {
      encode: (payload: { url: string }) => payload,
      decode: () => ({ problem: "unused" }),
    } as unknown as PgFrontierOptions<{ url: string }>["codec"],
    warn: (message) => warnings.push(message),
  });
  timers.install();
  try {
    // An outcome to report (a pause goes to the database at once), and an outage that lasts: the
    // report's backoff grows to its longest, 30 s.
    frontier.pauseOrigin("http://127.0.0.1:1", 1_000);
    while (timers.longest() < 30_000) {
      await timers.settle();
      timers.fireShorterThan(30_000);
      await timers.settle();
    }
    const before = reports;
    let ended: unknown = "not yet";
    frontier.shutdown().then(() => ended = undefined, (error) => ended = error);
    // Whatever shorter waits a stop makes are let run; the 30-second one is never fired.
    for (let round = 0; round < 20 && ended === "not yet"; round++) {
      await timers.settle();
      timers.fireShorterThan(30_000);
    }
    assert(ended !== "not yet", "the stop waited for the 30 s backoff");
    assertMatch(String(ended), /Cannot report a pause an origin asked for to the database/);
    assert(reports > before, "the stop did not try the database again");
    assertMatch(warnings[0], /Worker w1 cannot report how its fetches ended: connect ECONNREFUSED/);
  } finally {
    timers.restore();
  }
});

Deno.test("a worker's report retry during a database outage keeps its backoff while fetches end, and a stop still ends it at once", async () => {
  let reports = 0;
  let claims = 0;
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
  const store = {
    claim: () => Promise.resolve(claims++ === 0 ? jobs : []),
    report: () => {
      reports++;
      return refused();
    },
  } as unknown as PgStore;
  const frontier = new PgFrontier<{ url: string }>({
    store,
    queue: "nightly",
    worker: "w1",
    concurrency: 2,
    rules: () => ({ perHost: 2, gapMs: 0, jitterMs: 0 }),
    codec: {
      encode: (payload: { url: string }) => payload,
      decode: (_json: unknown, job: { url: string }) => ({ payload: { url: job.url } }),
    } as unknown as PgFrontierOptions<{ url: string }>["codec"],
    warn: () => {},
  });
  // Two fetches under way, then the database goes away.
  const taken = await runOperation(function* () {
    return [yield* frontier.take(), yield* frontier.take()];
  }());
  const [first, second] = taken.map((entry) => entry!.id);
  const timers = new HeldTimers();
  timers.install();
  try {
    frontier.pauseOrigin("http://127.0.0.1:2", 1_000); // reported at once, refused: a backoff
    await timers.settle();
    assertEquals(reports, 1);
    // Fetches that end meanwhile wait for the backoff like the rest of the report.
    frontier.done(first);
    frontier.retryAfter(second, 1_000);
    await timers.settle();
    assertEquals(reports, 1, "each fetch that ended sent another report into the outage");
    frontier.interrupt();
    await timers.settle();
    assertEquals(reports, 2, "the stop did not end the report's backoff");
    let ended: unknown = "not yet";
    frontier.shutdown().then(() => ended = undefined, (error) => ended = error);
    for (let round = 0; round < 20 && ended === "not yet"; round++) {
      await timers.settle();
      timers.fireShorterThan(Infinity);
    }
    assertMatch(String(ended), /Cannot report 2 fetch outcomes to the database/);
  } finally {
    timers.restore();
  }
});

Deno.test("a report the server rejects stops the worker with the server's error instead of retrying it for ever", async () => {
  let reports = 0;
  let claims = 0;
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
  // Tables of another corun: a statement of this one's is rejected, and would be each time.
  const rejected = Object.assign(
    new Error('column "skipped" of relation "corun_workers" does not exist'),
    { code: "42703" },
  );
  const store = {
    claim: () => Promise.resolve(claims++ === 0 ? jobs : []),
    report: () => {
      reports++;
      return Promise.reject(rejected);
    },
  } as unknown as PgStore;
  const warnings: string[] = [];
  const frontier = new PgFrontier<{ url: string }>({
    store,
    queue: "nightly",
    worker: "w1",
    concurrency: 2,
    rules: () => ({ perHost: 2, gapMs: 0, jitterMs: 0 }),
    codec: {
      encode: (payload: { url: string }) => payload,
      decode: (_json: unknown, job: { url: string }) => ({ payload: { url: job.url } }),
    } as unknown as PgFrontierOptions<{ url: string }>["codec"],
    warn: (message) => warnings.push(message),
  });
  const taken = await runOperation(function* () {
    return [yield* frontier.take(), yield* frontier.take()];
  }());
  const timers = new HeldTimers();
  timers.install();
  try {
    frontier.done(taken[0]!.id);
    // Every wait the frontier starts is let run: a retry's backoff would send the report again.
    for (let round = 0; round < 20; round++) {
      await timers.settle();
      timers.fireShorterThan(Infinity);
    }
  } finally {
    timers.restore();
  }
  assertEquals(reports, 1, "the rejected report was sent again");
  assertEquals(warnings.filter((line) => line.includes("retrying")), []);
  const reason = 'Worker w1 cannot report how its fetches ended: column "skipped" of relation ' +
    '"corun_workers" does not exist (42703)';
  // The worker stops: its next take says why (the worker's exit line).
  let stopped: unknown;
  await runOperation(frontier.take()).catch((error) => stopped = error);
  assertEquals((stopped as Error | undefined)?.message, reason);
  // Its stop sends nothing more, and says what it leaves to other workers (the fetch that ended
  // and the one it held), not the server's reason again: the exit line said it.
  let ended: unknown;
  await frontier.shutdown().catch((error) => ended = error);
  assertEquals(
    (ended as Error | undefined)?.message,
    "Cannot report 2 fetch outcomes to the database; other workers do them again",
  );
  assertEquals(reports, 1);
  // The server still answers: the stop may hand the leases back.
  assertEquals(frontier.reportRefused, true);
});

Deno.test("a report the server rejects as the worker stops is said with the server's error by the stop", async () => {
  const store = {
    claim: () => Promise.resolve([]),
    report: () =>
      Promise.reject(
        Object.assign(new Error('relation "corun_jobs" does not exist'), { code: "42P01" }),
      ),
  } as unknown as PgStore;
  const frontier = new PgFrontier<{ url: string }>({
    store,
    queue: "nightly",
    worker: "w1",
    concurrency: 1,
    rules: () => ({ perHost: 1, gapMs: 0, jitterMs: 0 }),
    codec: {} as PgFrontierOptions<{ url: string }>["codec"],
    warn: () => {},
  });
  // The only report is the stop's: no `take` threw its reason.
  frontier.pauseOrigin("http://127.0.0.1:1", 1_000);
  let ended: unknown;
  await frontier.shutdown().catch((error) => ended = error);
  assertEquals(
    (ended as Error | undefined)?.message,
    'Worker w1 cannot report how its fetches ended: relation "corun_jobs" does not exist ' +
      "(42P01); cannot report a pause an origin asked for to the database",
  );
});

Deno.test("a heartbeat the server rejects stops the worker instead of letting its leases run out under it", async () => {
  let beats = 0;
  const store = {
    sql: { listen: () => Promise.resolve({ unlisten: () => Promise.resolve() }) },
    heartbeat: () => {
      beats++;
      return Promise.reject(
        Object.assign(new Error('relation "corun_jobs" does not exist'), { code: "42P01" }),
      );
    },
  } as unknown as PgStore;
  const warnings: string[] = [];
  const frontier = new PgFrontier<{ url: string }>({
    store,
    queue: "nightly",
    worker: "w1",
    concurrency: 1,
    leaseMs: 300, // a beat every 100 ms
    rules: () => ({ perHost: 1, gapMs: 0, jitterMs: 0 }),
    codec: {} as PgFrontierOptions<{ url: string }>["codec"],
    warn: (message) => warnings.push(message),
  });
  await frontier.start();
  try {
    while (beats === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 0));
    assertEquals(warnings, [], "a rejected heartbeat was taken for a lost connection");
    let stopped: unknown;
    await runOperation(frontier.take()).catch((error) => stopped = error);
    assertEquals(
      (stopped as Error | undefined)?.message,
      'Worker w1 cannot extend its leases: relation "corun_jobs" does not exist (42P01)',
    );
  } finally {
    await frontier.shutdown();
  }
});

Deno.test("the database client opens a lost connection again within a second, however long the outage", () => {
  for (let retries = 0; retries < 40; retries++) {
    const seconds = reconnectDelaySeconds(retries);
    assert(seconds > 0 && seconds <= 1, `${retries} retries: ${seconds} s`);
  }
  // Growing at first, so a database that just went away is not hammered.
  assert(reconnectDelaySeconds(0) <= 0.05);
  assertEquals(reconnectDelaySeconds(30) >= 0.5, true);
});
