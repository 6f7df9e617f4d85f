/**
 * Does a long-running `corun worker` keep memory, sockets or crawl books it should not? Starts a
 * throwaway PostgreSQL (the tests' fixture: `CI=1`, or Debian's `postgresql` binaries) and a
 * loopback server, one worker in a child process (the CLI from the sources), and submits a small
 * config one submit after another, each drained before the next: a pattern of 3 pages and a crawl
 * of 13 pages (the same links each time: each submit is a crawl of its own). Every N submits it
 * prints the worker's heap after a full collection and its open file descriptors. By hand only:
 *
 *     CI=1 deno run -A --v8-flags=--expose-gc bench/soak_worker.ts --submits 2000 --every 200
 *     CI=1 deno run -A --v8-flags=--expose-gc bench/soak_worker.ts --origins --submits 4000
 *
 * `--origins` adds a list of one URL on an origin never met before to each submit (a listener of
 * its own on 127.0.0.1). Flat heap and descriptors are the answer (descriptors reach a plateau:
 * idle connections are closed after 2 minutes), and `crawl` jobs of 13 a submit; see
 * docs/PERFORMANCE.md (2026-12-06, afternoon).
 * @module
 */
import { main } from "../mod.ts";
import { startPostgres } from "../tests/fixtures/postgres_cluster.ts";
import postgres from "npm:postgres@3.4.9";

const flag = (name: string, fallback: number) => {
  const at = Deno.args.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(Deno.args[at + 1]);
};
const quiet = { write() {} };
const mib = (bytes: number) => (bytes / 1048576).toFixed(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --v8-flags=--expose-gc");

if (Deno.args[0] === "--host") await workerHost(Deno.args[1], Deno.args[2]);
else await driver();

/** The worker's process: `corun worker`, and its heap and descriptors for each line on stdin. */
async function workerHost(config: string, db: string): Promise<void> {
  const stop = new AbortController();
  (async () => {
    const lines = Deno.stdin.readable.pipeThrough(new TextDecoderStream());
    for await (const chunk of lines) {
      if (chunk.includes("stop")) stop.abort();
      else {
        gc!();
        const { heapUsed, external, rss } = Deno.memoryUsage();
        const fds = [...Deno.readDirSync("/proc/self/fd")].length;
        console.log(
          `heapUsed ${mib(heapUsed)} MiB  external ${mib(external)} MiB  rss ${
            mib(rss)
          } MiB  fds ${fds}`,
        );
      }
    }
  })();
  const code = await main(["worker", config, "--db", db], {
    stdout: quiet,
    stderr: { write: (text) => void (/reached|warning|error/i.test(text) && console.error(text)) },
    listenForInterrupts: () => ({ signal: stop.signal, [Symbol.dispose]() {} }),
  });
  Deno.exit(code === 130 ? 0 : code);
}

async function driver(): Promise<void> {
  const submits = flag("submits", 2000);
  const every = flag("every", 200);
  const origins = Deno.args.includes("--origins");
  const dir = await Deno.makeTempDir({ prefix: "corun-soak-worker-" });
  const handler = (request: Request) => {
    const path = new URL(request.url).pathname;
    if (path === "/robots.txt") return new Response("User-agent: *\nAllow: /\n");
    const n = Number(path.match(/^\/c\/(\d+)$/)?.[1] ?? -1);
    return new Response(
      n < 0 ? "x".repeat(512) : [1, 2, 3].map((k) => `<a href="/c/${n * 3 + k}">x</a>`).join(""),
    );
  };
  const servers = [Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler)];
  const base = `http://127.0.0.1:${servers[0].addr.port}`;
  const config = `${dir}/soak.ts`;
  await Deno.writeTextFile(`${dir}/urls.txt`, "");
  await Deno.writeTextFile(
    config,
    `import { defineConfig, fetchTask } from ${
      JSON.stringify(new URL("../mod.ts", import.meta.url))
    };
export default defineConfig({
  outDir: "out",
  concurrency: 8,
  tasks: [
    fetchTask("pages", "${base}/page/[1-3]", { save: "pages/{1}.html" }),
    { name: "list", fetch: { urls: "urls.txt" }, save: "list/{host}/{path}" },
    fetchTask("crawl", "${base}/c/0", {
      save: "crawl/{path}.html",
      crawl: { maxDepth: 2 },
      *onResponse(response, ctx) {
        const html = yield* response.body.text();
        for (const [, href] of html.matchAll(/href="([^"]+)"/g)) yield* ctx.enqueue(href);
      },
    }),
  ],
});
`,
  );
  const cluster = await startPostgres();
  const sql = postgres(cluster.url, { onnotice: () => {} });
  try {
    await main(["db", "migrate", "--db", cluster.url], { stdout: quiet });
    const worker = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--v8-flags=--expose-gc",
        new URL(import.meta.url).pathname,
        "--host",
        config,
        cluster.url,
      ],
      stdin: "piped",
      stdout: "piped",
    }).spawn();
    const ask = worker.stdin.getWriter();
    const answers = worker.stdout.pipeThrough(new TextDecoderStream()).getReader();
    const startMs = performance.now();
    for (let submit = 1; submit <= submits; submit++) {
      if (origins) {
        const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handler);
        servers.push(server);
        await Deno.writeTextFile(`${dir}/urls.txt`, `http://127.0.0.1:${server.addr.port}/x\n`);
      }
      if (await main(["submit", config, "--db", cluster.url], { stdout: quiet }) !== 0) {
        throw new Error(`submit ${submit} failed`);
      }
      for (;;) {
        const [{ open }] = await sql`
          SELECT count(*)::int AS open FROM corun_jobs WHERE state IN ('queued', 'leased')`;
        if (open === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      if (submit % every === 0 || submit === 1) {
        await ask.write(new TextEncoder().encode("sample\n"));
        const { value } = await answers.read();
        const seconds = ((performance.now() - startMs) / 1000).toFixed(0);
        console.log(`submits ${submit}  ${value?.trim()}  ${seconds}s`);
      }
    }
    const jobs = await sql`SELECT task, count(*)::int AS n FROM corun_jobs GROUP BY 1 ORDER BY 1`;
    console.log(`jobs: ${jobs.map(({ task, n }) => `${task} ${n}`).join(", ")}`);
    await ask.write(new TextEncoder().encode("stop\n"));
    await answers.cancel();
    await worker.status;
  } finally {
    await sql.end();
    await cluster.stop();
    for (const server of servers) await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
}
