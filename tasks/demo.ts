/**
 * The demo: corun's main job, offline. It starts a local HTTP and HTTPS site (tasks/demo_server.ts),
 * then runs the asyncio lesson's tasks against it (two sleeps, two HTTPS pages saved by a callback as
 * `<host>/<uuid>.html`) plus a few more fetches and a custom task, and writes everything under ./out/demo.
 *
 *     deno task demo            # or: npx --yes deno@2 task demo
 *
 * @module
 */
import { defineConfig, fetchTask, main, run, task, validateConfig } from "../mod.ts";
import { startDemoSite } from "./demo_server.ts";
import { lessonConfig } from "./lesson.ts";

const site = await startDemoSite();
const lesson = lessonConfig(
  { search: `${site.httpsUrl}/s?wd=%E7%BE%8E%E5%A5%B3`, blog: `${site.httpsUrl}/` },
  site.caFile,
);
const config = defineConfig({
  ...lesson,
  outDir: "../out/demo",
  // The demo site is on this machine: a proxy from the environment (https_proxy) could not reach it.
  defaults: { ...lesson.defaults, proxy: false },
  tasks: [
    ...lesson.tasks,
    fetchTask("moved-page", `${site.httpUrl}/old`, { save: "pages/{host}/moved.html" }),
    fetchTask("compressed", `${site.httpUrl}/gzip`, { save: "pages/compressed.{ext}" }),
    // A URL pattern: six pages, politely (at most 20 requests a second to the site).
    fetchTask("numbered", `${site.httpUrl}/page/[1-6].html`, {
      save: "pages/numbered/{1}.html",
      rate: "20/s",
    }),
    fetchTask("data", `${site.httpsUrl}/data.json`, {
      save: "data/{sha256}.json",
      after: ["task-2"],
    }),
    task("summary", function* (ctx) {
      const page = yield* ctx.fetch(`${site.httpUrl}/data.json`);
      const data = page.json() as { tasks: string[] };
      yield* ctx.write("summary.txt", `The demo site knows ${data.tasks.join(" and ")} tasks.\n`);
      ctx.log(`summary.txt written (${page.body.byteLength} bytes fetched)`);
    }, { after: ["search", "blog"] }),
  ],
});

const spec = validateConfig(config, new URL(import.meta.url).pathname);
// Where the run saved: `--out` moves it, and a command line refused before the run saved nothing.
let resultsDir: string | undefined;
let code: number;
try {
  code = await main(["run", "tasks/demo.ts", ...Deno.args], {
    loadConfig: () => Promise.resolve(spec),
    run(config, options) {
      resultsDir = options?.outDir ?? config.outDir;
      return run(config, options);
    },
  });
} finally {
  await site.close();
}
if (resultsDir !== undefined) console.log(`Results are under ${resultsDir}`);
Deno.exit(code);
