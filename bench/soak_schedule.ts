/**
 * Does a long-running `corun schedule` keep memory it should not? Runs the CLI from the sources in
 * this process on a config that fetches from a loopback server every minute (a page, a pattern, a
 * list, a crawl, cookies, state, a task-level schedule), with `--log` and `--trace`, and prints the
 * heap after a full collection every N runs. By hand only (not part of `deno task bench`):
 *
 *     deno run -A --v8-flags=--expose-gc bench/soak_schedule.ts --fires 20000 --every 1000
 *     deno run -A --v8-flags=--expose-gc bench/soak_schedule.ts --real --fires 2000 --every 250
 *
 * `--virtual-time` (the default) fires as fast as the runs go, but a preview saves no state,
 * cookies or history; `--real` fires every second by the wall clock (and a task every 5 s), so
 * those paths run too. A flat `heapUsed` is the answer; see docs/PERFORMANCE.md (2026-12-06,
 * afternoon) for the figures of the run that added this.
 * @module
 */
import { main } from "../mod.ts";

const flag = (name: string, fallback: number) => {
  const at = Deno.args.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(Deno.args[at + 1]);
};
const real = Deno.args.includes("--real");
const fires = flag("fires", real ? 2000 : 20000);
const every = flag("every", real ? 250 : 1000);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --v8-flags=--expose-gc");

const dir = await Deno.makeTempDir({ prefix: "corun-soak-schedule-" });
let hits = 0;
const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
  const path = new URL(request.url).pathname;
  if (path === "/robots.txt") return new Response("User-agent: *\nAllow: /\n");
  const etag = `"${path}"`;
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304 });
  const headers = new Headers({ etag, "set-cookie": `seen=${++hits}; Path=/; Max-Age=3600` });
  const n = Number(path.match(/^\/c\/(\d+)$/)?.[1] ?? -1);
  const body = n < 0
    ? "x".repeat(512)
    : [1, 2, 3].map((k) => `<a href="/c/${(n * 3 + k) % 40}">x</a>`).join("");
  return new Response(body, { headers });
});
const base = `http://127.0.0.1:${server.addr.port}`;
await Deno.writeTextFile(`${dir}/urls.txt`, [1, 2, 3, 4].map((n) => `${base}/l/${n}`).join("\n"));
await Deno.writeTextFile(
  `${dir}/soak.ts`,
  `import { defineConfig, fetchTask } from ${JSON.stringify(new URL("../mod.ts", import.meta.url))};
export default defineConfig({
  outDir: "out",
  cookies: "cookies.json",
  schedule: { cron: "${real ? "* * * * * *" : "* * * * *"}", timezone: "UTC", overlap: "skip" },
  tasks: [
    fetchTask("front", "${base}/front", { save: "front.html" }),
    fetchTask("pages", "${base}/page/[1-3]", { save: "pages/{1}.html" }),
    { name: "list", fetch: { urls: "urls.txt" }, save: "list/{path}" },
    fetchTask("crawl", "${base}/c/0", {
      save: "crawl/{path}.html",
      crawl: { maxDepth: 2, maxFetches: 20 },
      *onResponse(response, ctx) {
        const html = yield* response.body.text();
        for (const [, href] of html.matchAll(/href="([^"]+)"/g)) yield* ctx.enqueue(href);
      },
    }),
    fetchTask("task", "${base}/task", {
      save: "task/{date}.html",
      schedule: { cron: "${real ? "*/5 * * * * *" : "*/5 * * * *"}", timezone: "UTC" },
    }),
  ],
});
`,
);

const startMs = performance.now();
const sample = (runs: number) => {
  gc();
  const { heapUsed, external, rss } = Deno.memoryUsage();
  const mib = (bytes: number) => (bytes / 1048576).toFixed(2);
  const seconds = ((performance.now() - startMs) / 1000).toFixed(0);
  console.log(
    `runs ${runs}  heapUsed ${mib(heapUsed)} MiB  external ${mib(external)} MiB  rss ${
      mib(rss)
    } MiB  ${seconds}s`,
  );
};
let ended = 0;
const stop = new AbortController();
const lines = {
  write(text: string) {
    for (const line of text.split("\n")) {
      if (!/: ended, exit/.test(line)) continue;
      if (!/exit 0 /.test(line)) console.error(line);
      if (++ended % every === 0 || ended === 1) sample(ended);
      if (ended >= fires) stop.abort();
    }
  },
};
// Each run writes a trace of its own: pruned as a logrotate would.
const traces = `${dir}/traces`;
await Deno.mkdir(traces);
const prune = setInterval(async () => {
  for await (const entry of Deno.readDir(traces)) await Deno.remove(`${traces}/${entry.name}`);
}, 60_000);
const until = new Date(Date.now() + (real ? 86_400_000 : fires * 50_000)).toISOString();
const code = await main([
  "schedule",
  `${dir}/soak.ts`,
  "--until",
  until,
  "--log",
  `${dir}/corun.log`,
  "--trace",
  `${traces}/trace.json`,
  ...(real ? [] : ["--virtual-time"]),
], {
  stdout: lines,
  stderr: lines,
  listenForInterrupts: () => ({ signal: stop.signal, [Symbol.dispose]() {} }),
});
clearInterval(prune);
sample(ended);
console.log(`exit ${code}, ${ended} runs, ${hits} requests`);
await server.shutdown();
await Deno.remove(dir, { recursive: true });
