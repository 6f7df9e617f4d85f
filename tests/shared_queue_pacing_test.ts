/**
 * A worker of a shared queue keeps a paced origin's gap (`delay`, `rate`) between the requests the
 * server sees, also for a fetch it claimed ahead and held while every slot was busy: the claim
 * took the origin's turn, and a start long after it would follow the next turn closely.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

const CLI_FLAGS = ["run", "--allow-read", "--allow-write", "--allow-net", "--allow-env", MOD];

interface LoggingServer {
  url: string;
  /** When each request arrived (performance.now()), in order. */
  arrivals: number[];
  close(): Promise<void>;
}

/** A server answering every request after `delayMs`. */
function startServer(delayMs: number): LoggingServer {
  const arrivals: number[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async () => {
    arrivals.push(performance.now());
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
        const worker = await corun(["worker", config, "--db", db, "--drain", "--out", dir]);
        assertEquals(worker.code, 0, worker.stderr);
        assertEquals(paced.arrivals.length, 3);
        const gaps = paced.arrivals.slice(1).map((at, i) => Math.round(at - paced.arrivals[i]));
        // A delay of 1s, less the few milliseconds between a claim and its request.
        assert(gaps.every((gap) => gap >= 900), `requests to the paced origin ${gaps} ms apart`);
      } finally {
        await Deno.remove(dir, { recursive: true });
        await slow.close();
        await paced.close();
      }
    },
  );
});
