/**
 * A worker of a shared queue keeps a paced origin's gap (`delay`, `rate`) between the requests the
 * server sees, also for a fetch it claimed ahead and held while every slot was busy: the claim
 * took the origin's turn, and a start long after it would follow the next turn closely.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { recordTurns, turnsOf } from "./fixtures/origin_turns.ts";

const CLI_FLAGS = ["run", "--allow-read", "--allow-write", "--allow-net", "--allow-env", MOD];

interface LoggingServer {
  url: string;
  /** When each request arrived (Date.now(): the wall clock the database stamps turns with). */
  arrivals: number[];
  close(): Promise<void>;
}

/** A server answering every request after `delayMs`. */
function startServer(delayMs: number): LoggingServer {
  const arrivals: number[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async () => {
    arrivals.push(Date.now());
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return new Response("ok");
  });
  return { url: `http://127.0.0.1:${server.addr.port}`, arrivals, close: () => server.shutdown() };
}

function corun(args: string[]) {
  return runDeno([...CLI_FLAGS, ...args], { env: { NO_COLOR: "1" } });
}

pgTest("pacing in a shared queue", async (cluster, t) => {
  await t.step(
    "a paced origin's fetch claimed ahead while every slot was busy keeps the origin's delay",
    async () => {
      const db = await cluster.createDatabase("paced_claimed_ahead");
      // Eight slow fetches fill every slot; the paced origin's fetches are claimed ahead meanwhile.
      const slow = startServer(1_500);
      const paced = startServer(0);
      const dir = await Deno.makeTempDir({ prefix: "corun-shared-pacing-" });
      try {
        const config = `${dir}/pacing.yaml`;
        await Deno.writeTextFile(
          config,
          `concurrency: 8
perHost: 8
origins:
  "${paced.url}": { delay: 1s }
tasks:
  - name: slow
    fetch: "${slow.url}/[1-8]"
  - name: paced
    fetch: "${paced.url}/[1-3]"
`,
        );
        const submit = await corun(["submit", config, "--db", db]);
        assertEquals(submit.code, 0, submit.stderr);
        await recordTurns(db);
        const worker = await corun(["worker", config, "--db", db, "--drain", "--out", dir]);
        assertEquals(worker.code, 0, worker.stderr);
        assertEquals(paced.arrivals.length, 3);
        // The paced origin's turns a delay apart (the slow origin has no gap: it takes none).
        const turns = await turnsOf(db);
        for (let k = 1; k < turns.length; k++) {
          const gapMs = (turns[k] - turns[k - 1]) / 1000;
          assert(gapMs >= 1000, `turns ${k} and ${k + 1} of the paced origin ${gapMs} ms apart`);
        }
        // No request went without a turn of its own: the k-th to arrive came after the k-th turn.
        const arrivals = paced.arrivals;
        for (const [k, atMs] of arrivals.entries()) {
          assert(
            k < turns.length && atMs >= Math.floor(turns[k] / 1000),
            `request ${k + 1} arrived before turn ${k + 1} (${turns.length} turns)`,
          );
        }
        // And a fetch held since its claim took the turn again: started on its claim's turn, a
        // second old by then, it went out right before the next turn's fetch (tens of ms apart).
        // How soon after its turn a request reaches the server is the machine's: a worker paused
        // between its turn and its request sends it late, closer to the next. Half the delay is
        // room for that, and still far from two requests sent together.
        const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]);
        assert(gaps.every((gap) => gap >= 500), `requests to the paced origin ${gaps} ms apart`);
      } finally {
        await Deno.remove(dir, { recursive: true });
        await slow.close();
        await paced.close();
      }
    },
  );
});
