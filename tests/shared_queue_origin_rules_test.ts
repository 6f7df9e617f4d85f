/**
 * A config's `origins:` rules reach a shared queue with each submit, for the origins only crawled
 * links reach too: the first worker to reach such an origin records its rule when the queue has
 * none, and a stricter rule given in `origins:` afterwards holds from the next submit on (before,
 * the first rule stayed for the life of the queue, and `corun status` showed it).
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const CLI_FLAGS = ["run", "--allow-read", "--allow-write", "--allow-net", "--allow-env", MOD];
const withDir = withTempDir("corun-shared-origin-rules-");

function corun(args: string[], db: string) {
  return runDeno([...CLI_FLAGS, ...args, "--db", db], { env: { NO_COLOR: "1" } });
}

/** A server answering each path with `body of PATH`. */
function startServer() {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (request) => new Response(`body of ${new URL(request.url).pathname}`),
  );
  return { url: `http://127.0.0.1:${server.addr.port}`, close: () => server.shutdown() };
}

/**
 * A config whose task fetches `seed`'s `/` and enqueues `linked`'s `/page`, with `origins` as its
 * `origins:` entries (TypeScript).
 */
async function writeConfig(dir: string, seed: string, linked: string, origins: string) {
  const path = `${dir}/crawl.ts`;
  await Deno.writeTextFile(
    path,
    `import { defineConfig, fetchTask } from ${JSON.stringify(`file://${MOD}`)};
export default defineConfig({ queue: "q", origins: { ${origins} }, tasks: [fetchTask("site", "${seed}/", {
  save: "{host}{path}.txt",
  crawl: { origins: ["${seed}", "${linked}"] },
  *onResponse(_response, ctx) {
    yield* ctx.enqueue("${linked}/page");
  },
})] });
`,
  );
  return path;
}

/** The rules `corun status` shows for `origin`. */
function rulesShown(status: string, origin: string): string {
  const line = status.split("\n").find((line) => line.trimStart().startsWith(`${origin} `));
  if (line === undefined) throw new Error(`No line of ${origin} in:\n${status}`);
  return line.slice(line.indexOf("perHost"));
}

pgTest("origins: rules in a shared queue", async (cluster, t) => {
  await t.step(
    "a stricter origins: rule for an origin only crawled links reach holds from the next submit",
    async () => {
      const db = await cluster.createDatabase("origin_rules");
      const seed = startServer();
      const linked = startServer();
      try {
        await withDir(async (dir) => {
          const config = await writeConfig(dir, seed.url, linked.url, "");
          assertEquals((await corun(["submit", config], db)).code, 0);
          const first = await corun(["worker", config, "--drain", "--out", `${dir}/out`], db);
          assertEquals(first.code, 0, first.stderr);
          // The worker that reached it recorded its own rule (the default perHost, no gap).
          let status = await corun(["status", config], db);
          assertEquals(rulesShown(status.stdout, linked.url), "perHost 6");

          await writeConfig(
            dir,
            seed.url,
            linked.url,
            `"${linked.url}": { rate: "2/s", perHost: 1 }`,
          );
          assertEquals((await corun(["submit", config], db)).code, 0);
          status = await corun(["status", config], db);
          assertEquals(rulesShown(status.stdout, linked.url), "perHost 1, gap 500ms");
          assertEquals(rulesShown(status.stdout, seed.url), "perHost 6");
        });
      } finally {
        await seed.close();
        await linked.close();
      }
    },
  );
});
