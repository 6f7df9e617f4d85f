/**
 * A worker stopped while its database is away: the fetches it ended meanwhile are in its own
 * metadata file, named where it is (in its `--out`, not the bare `corun.jsonl` the working directory
 * does not have), and its closing line says that those it counts done were not reported (`corun
 * status` does not count them, and other workers do them again).
 */
import { assert, assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { pollUntil } from "./fixtures/poll.ts";
import { QUEUE_CLI_ARGS, type Ran, runDeno, type RunDenoOptions } from "./fixtures/run_deno.ts";

function corun(args: string[], whileRunning?: RunDenoOptions["whileRunning"]): Promise<Ran> {
  return runDeno([...QUEUE_CLI_ARGS, ...args], {
    env: { NO_COLOR: "1", CORUN_DATABASE_URL: "" },
    whileRunning,
  });
}

/** A TCP path to the database that the test can cut, as a partition does. */
function cuttablePath(port: number) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const pipes: Promise<unknown>[] = [];
  const accepting = (async () => {
    for await (const client of listener) {
      const server = await Deno.connect({ hostname: "127.0.0.1", port });
      conns.add(client).add(server);
      pipes.push(Promise.allSettled([
        client.readable.pipeTo(server.writable),
        server.readable.pipeTo(client.writable),
      ]));
    }
  })().catch(() => {});
  let cut = false;
  return {
    port: listener.addr.port,
    /** Closes every connection and the port: the database is out of reach. */
    async cut() {
      if (cut) return;
      cut = true;
      listener.close();
      await accepting;
      for (const conn of conns) {
        try {
          conn.close();
        } catch {
          // Closed by its pipe already.
        }
      }
      await Promise.allSettled(pipes);
    },
  };
}

pgTest(
  "a worker stopped during a database outage names its metadata file and its unreported fetches",
  async (cluster) => {
    const db = await cluster.createDatabase("stop_outage");
    const answer = Promise.withResolvers<void>();
    let inFlight = 0;
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
      inFlight++;
      await answer.promise;
      return new Response(`${new URL(req.url).pathname}\n`);
    });
    const path = cuttablePath(cluster.port);
    const dir = await Deno.makeTempDir({ prefix: "corun-stop-outage-" });
    try {
      const config = `${dir}/pages.yaml`;
      await Deno.writeTextFile(
        config,
        `concurrency: 2\ntasks:\n  - name: pages\n` +
          `    fetch: "http://127.0.0.1:${server.addr.port}/p[1-2].html"\n    save: "p{1}.html"\n`,
      );
      const submitted = await corun(["submit", config, "--db", db]);
      assertEquals(submitted.code, 0, submitted.stderr);
      const out = `${dir}/out`;
      const viaPath = db.replace(`:${cluster.port}/`, `:${path.port}/`);
      const ran = await corun(["worker", config, "--db", viaPath, "--out", out], async (child) => {
        await pollUntil(() => inFlight === 2 || child.ended, "both requests");
        // The database goes away; then both fetches end, and are saved.
        await path.cut();
        answer.resolve();
        const saved = async (name: string) => {
          try {
            return (await Deno.stat(`${out}/${name}`)).isFile;
          } catch {
            return false;
          }
        };
        await pollUntil(
          async () => (await saved("p1.html")) && (await saved("p2.html")) || child.ended,
          "both pages saved",
        );
        await new Promise((resolve) => setTimeout(resolve, 300));
        child.kill("SIGTERM");
      });
      assertEquals(ran.code, 130, ran.stderr);
      assertStringIncludes(
        ran.stderr,
        `metadata lines to the database (they are in the worker's metadata file, ` +
          `${out}/corun.jsonl)\n`,
      );
      const closing = ran.stderr.trimEnd().split("\n").at(-1)!;
      assert(
        /^worker \S+: 2 fetches done, 0 failed in \S+ \(stopped; 2 of them not reported: other workers do them again\)$/
          .test(closing),
        ran.stderr,
      );
    } finally {
      answer.resolve();
      await path.cut();
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    }
  },
);
