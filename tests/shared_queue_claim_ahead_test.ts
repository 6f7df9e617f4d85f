/**
 * The fetches a worker of a shared queue claims ahead of its free slots never wait in its hand
 * while another worker has a free slot: three workers of 4 slots each start all 12 fetches of a
 * queue at once (not 10, two of them waiting for a slot of a full worker), and under a fleet
 * `perHost` of 10 they fill its 10 places (not 8, two taken by fetches waiting in hand).
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { pollUntil } from "./fixtures/poll.ts";
import { QUEUE_CLI_ARGS, type Ran, runDeno, type RunDenoOptions } from "./fixtures/run_deno.ts";
import postgres from "npm:postgres@3.4.9";

/**
 * How long a request is held at most when fewer than the awaited number are in flight: a bound
 * for a build where some never start together (then the test fails on the count), not a measure.
 */
const HOLD_MS = 10_000;

/** A server that answers nothing until `target` requests are in flight (or `HOLD_MS` passed). */
interface GatheringServer {
  url: string;
  /** The most requests in flight at once before the first answer. */
  readonly mostInFlight: number;
  /** Requests answered. */
  readonly answered: number;
  /** Starts the `HOLD_MS` bound (once the queue was submitted). */
  startClock(): void;
  close(): Promise<void>;
}

function startGatheringServer(target: number): GatheringServer {
  let inFlight = 0;
  let mostInFlight = 0;
  let answered = 0;
  const gathered = Promise.withResolvers<void>();
  let clock: ReturnType<typeof setTimeout> | undefined;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    inFlight++;
    if (answered === 0) mostInFlight = Math.max(mostInFlight, inFlight);
    if (inFlight >= target) gathered.resolve();
    await gathered.promise;
    inFlight--;
    answered++;
    return new Response(`${new URL(request.url).pathname}\n`);
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    get mostInFlight() {
      return mostInFlight;
    },
    get answered() {
      return answered;
    },
    startClock() {
      clock = setTimeout(() => gathered.resolve(), HOLD_MS);
    },
    async close() {
      clearTimeout(clock);
      gathered.resolve();
      await server.shutdown();
    },
  };
}

function corun(args: string[], whileRunning?: RunDenoOptions["whileRunning"]): Promise<Ran> {
  return runDeno([...QUEUE_CLI_ARGS, ...args], { env: { NO_COLOR: "1" }, whileRunning });
}

const textOf = (ran: Ran) => ran.stdout + ran.stderr;

/** Runs `body` with a client of the database at `url`, ended afterwards. */
async function withSql<T>(url: string, body: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { onnotice: () => {} });
  try {
    return await body(sql);
  } finally {
    await sql.end();
  }
}

/** How many workers are registered and running; how many of the queue's fetches are done. */
async function progress(db: string): Promise<{ workers: number; done: number }> {
  return await withSql(db, async (sql) => {
    const [row] = await sql<{ workers: number; done: number }[]>`
      SELECT (SELECT count(*)::int FROM corun_workers WHERE stopped_at IS NULL) AS workers,
        (SELECT count(*)::int FROM corun_jobs WHERE state = 'done') AS done`;
    return row;
  });
}

/**
 * Three workers of `concurrency: 4` on a queue of `fetches` URLs, submitted once all three are
 * registered; each is stopped (SIGTERM) once every fetch is done.
 *
 * @returns The most requests in flight at once, before any was answered.
 */
async function threeWorkers(
  db: string,
  fetches: number,
  perHost: number,
  target: number,
): Promise<number> {
  const server = startGatheringServer(target);
  const dir = await Deno.makeTempDir({ prefix: "corun-ahead-" });
  try {
    const config = `${dir}/pages.yaml`;
    await Deno.writeTextFile(
      config,
      `concurrency: 4\nperHost: ${perHost}\ntasks:\n  - name: pages\n` +
        `    fetch: "${server.url}/p[1-${fetches}].html"\n    save: "p{1}.html"\n`,
    );
    const migrated = await corun(["db", "migrate", "--db", db]);
    assertEquals(migrated.code, 0, textOf(migrated));
    let submitted: Promise<Ran> | undefined;
    const allDone = async () => (await progress(db)).done === fetches;
    const ends = await Promise.all(
      [1, 2, 3].map((n) =>
        corun(["worker", config, "--db", db, "--out", `${dir}/out${n}`], async (child) => {
          // Submitted once, when all three wait for work: each claims from the same start.
          submitted ??= pollUntil(async () => (await progress(db)).workers === 3, "three workers")
            .then(() => corun(["submit", config, "--db", db]))
            .finally(() => server.startClock());
          await submitted;
          await pollUntil(() => child.ended || allDone(), `${fetches} fetches done`, 20);
          child.kill("SIGTERM");
        })
      ),
    );
    const ran = await submitted!;
    assertEquals(ran.code, 0, textOf(ran));
    for (const end of ends) assertEquals(end.code, 130, textOf(end));
    assertEquals(server.answered, fetches, "each URL was asked for once");
    return server.mostInFlight;
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
}

pgTest("fetches claimed ahead go to a worker with a free slot", async (cluster, t) => {
  await t.step("12 fetches on 3 workers of 4 slots all start at once", async () => {
    const db = await cluster.createDatabase("tail");
    assertEquals(await threeWorkers(db, 12, 100, 12), 12);
  });

  await t.step("a fleet perHost of 10 has 10 fetches in flight, none held in a hand", async () => {
    const db = await cluster.createDatabase("per_host");
    assertEquals(await threeWorkers(db, 24, 10, 10), 10);
  });
});

/** A server that answers no request until released: its origin stays at `perHost` meanwhile. */
function startHoldingServer() {
  let inFlight = 0;
  let answered = 0;
  const released = Promise.withResolvers<void>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    inFlight++;
    await released.promise;
    inFlight--;
    answered++;
    return new Response(`${new URL(request.url).pathname}\n`);
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    get inFlight() {
      return inFlight;
    },
    get answered() {
      return answered;
    },
    release: () => released.resolve(),
    async [Symbol.asyncDispose]() {
      released.resolve();
      await server.shutdown();
    },
  };
}

/** How long the test counts the `NOTIFY`s of idle workers while their origin is at `perHost`. */
const IDLE_WINDOW_MS = 2_000;

pgTest(
  "idle workers at an origin's perHost say they are short once, not on every look",
  async (cluster) => {
    const db = await cluster.createDatabase("short");
    await using server = startHoldingServer();
    const dir = await Deno.makeTempDir({ prefix: "corun-short-" });
    const shorts: number[] = [];
    const listener = postgres(db, { onnotice: () => {} });
    try {
      const config = `${dir}/pages.yaml`;
      await Deno.writeTextFile(
        config,
        `concurrency: 4\nperHost: 2\ntasks:\n  - name: pages\n` +
          `    fetch: "${server.url}/p[1-8].html"\n    save: "p{1}.html"\n`,
      );
      const migrated = await corun(["db", "migrate", "--db", db]);
      assertEquals(migrated.code, 0, textOf(migrated));
      await listener.listen("corun_short", () => shorts.push(performance.now()));
      let counted: Promise<number> | undefined;
      const ends = await Promise.all(
        [1, 2, 3].map((n) =>
          corun(["worker", config, "--db", db, "--out", `${dir}/out${n}`], async (child) => {
            // Once, for all three: submit when they wait for work, then count while the origin's
            // two places are taken and the other fetches wait, due, for one.
            counted ??= (async () => {
              await pollUntil(async () => (await progress(db)).workers === 3, "three workers");
              const submitted = await corun(["submit", config, "--db", db]);
              assertEquals(submitted.code, 0, textOf(submitted));
              await pollUntil(() => server.inFlight === 2, "two requests in flight");
              const from = performance.now();
              await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_MS));
              server.release();
              return shorts.filter((at) => at >= from && at < from + IDLE_WINDOW_MS).length;
            })();
            await counted;
            await pollUntil(
              async () => child.ended || (await progress(db)).done === 8,
              "8 done",
              20,
            );
            child.kill("SIGTERM");
          })
        ),
      );
      for (const end of ends) assertEquals(end.code, 130, textOf(end));
      assertEquals(server.answered, 8, "each URL was asked for once");
      assert(shorts.length > 0, "an idle worker says it is short");
      // Looking every 50 ms, three workers told it ~100 times in the window; now each tells once,
      // and again only on news or after its idle time (2 s).
      const inWindow = await counted!;
      assert(inWindow <= 9, `${inWindow} NOTIFYs corun_short in ${IDLE_WINDOW_MS} ms`);
    } finally {
      await listener.end();
      await Deno.remove(dir, { recursive: true });
    }
  },
);
