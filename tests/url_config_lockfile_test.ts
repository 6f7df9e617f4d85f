import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { runDeno } from "./fixtures/run_deno.ts";

const REPO = new URL("../", import.meta.url);
const BUNDLE_DIR = new URL("dist/cli/", REPO);

/** A TypeScript config that imports nothing, served with a token in its URL's query. */
const CONFIG = 'export default { tasks: [{ name: "a", sleep: "1ms" }] };\n';

/**
 * A copy of the project (its deno.json, deno.lock and bundle) in a folder of its own, so a run that
 * writes into the lockfile writes into the copy's, never into this repository's.
 */
async function copyProject(dir: string, importHost: string): Promise<void> {
  const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", REPO)));
  // A real host of configs (a raw file of a Git host) is on Deno's default list; the loopback is not.
  config.tasks.corun = config.tasks.corun.replace(
    "deno run ",
    `deno run --allow-import=${importHost} `,
  );
  await Deno.writeTextFile(`${dir}/deno.json`, JSON.stringify(config, null, 2));
  await Deno.copyFile(new URL("deno.lock", REPO), `${dir}/deno.lock`);
  await Deno.mkdir(`${dir}/dist/cli`, { recursive: true });
  for await (const entry of Deno.readDir(BUNDLE_DIR)) {
    if (entry.isFile) {
      await Deno.copyFile(new URL(entry.name, BUNDLE_DIR), `${dir}/dist/cli/${entry.name}`);
    }
  }
}

Deno.test("deno task corun on a TypeScript config by URL leaves the project's deno.lock as it was: no URL, no token", async () => {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response(CONFIG, { headers: { "content-type": "application/typescript" } }),
  );
  const dir = await Deno.makeTempDir({ prefix: "corun-lockfile-" });
  try {
    const host = `127.0.0.1:${server.addr.port}`;
    await copyProject(dir, host);
    const lockBefore = await Deno.readTextFile(`${dir}/deno.lock`);
    // A new path each run: Deno's cache (shared by every test) has never seen it.
    const url = `http://${host}/${crypto.randomUUID()}/jobs.ts?token=LOCKTOK`;
    const { code, stdout, stderr } = await runDeno(["task", "corun", "check", url], {
      cwd: dir,
      env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
    });
    assertEquals([code, stdout], [0, "ok: 1 task\n"], stderr);
    assertEquals(await Deno.readTextFile(`${dir}/deno.lock`), lockBefore);
  } finally {
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
