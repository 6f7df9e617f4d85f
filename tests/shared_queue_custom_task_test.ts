/**
 * A custom task's `ctx.fetch` never runs in a shared queue: `submit` refuses a config with a custom
 * task, naming it, before it connects (custom tasks are code that runs where `corun run` runs), so
 * what a redirect does with its place under `perHost` there is a run's rule only.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { mainCapturing } from "./fixtures/fake_host.ts";
import { freePort } from "./fixtures/raw_conn.ts";
import { MOD } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withDir = withTempDir("corun-shared-custom-");

Deno.test("submit refuses a config whose custom task would ctx.fetch, naming the task, before it connects", async () => {
  await withDir(async (dir) => {
    const config = `${dir}/pages.ts`;
    await Deno.writeTextFile(
      config,
      `import { defineConfig, fetchTask, task } from ${JSON.stringify(MOD)};\n` +
        `export default defineConfig({ outDir: "out", tasks: [\n` +
        `  fetchTask("page", "http://127.0.0.1:1/a"),\n` +
        `  task("own", function* (ctx) { yield* ctx.fetch("http://127.0.0.1:1/b"); }),\n` +
        `] });\n`,
    );
    // Nothing listens there: a submit that tried to connect would fail otherwise.
    const db = `postgres://corun@127.0.0.1:${freePort()}/corun`;
    const ran = await mainCapturing(["submit", config, "--db", db]);
    assertEquals(ran.code, 2, ran.stderr);
    assertStringIncludes(
      ran.stderr,
      `task "own" is a custom task; a shared queue holds fetch tasks only (run the others with ` +
        `corun run)`,
    );
  });
});
