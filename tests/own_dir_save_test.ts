/**
 * corun's own directory `.corun/` (earlier runs' metadata in `.corun/metadata/<run id>.jsonl`) is
 * no place for a saved body: a `{path}` save of a URL that names an archive, or a `ctx.write` there,
 * fails its task, and the archive of the earlier run stays whole.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, task } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-own-dir-");

/** Runs a config that saves one file twice, so the first run's metadata is archived. */
async function archiveOneRun(outDir: string, url: string): Promise<string> {
  const config = defineConfig({ outDir, tasks: [fetchTask("page", url, { save: "page" })] });
  await run(config, { state: false });
  await run(config, { state: false });
  const names = [...Deno.readDirSync(`${outDir}/.corun/metadata`)].map((entry) => entry.name);
  assertEquals(names.length, 1);
  return names[0];
}

Deno.test("a {path} save of a listed URL naming an archived run's metadata fails the task; the archive stays whole", async () => {
  await withOutDir(async (outDir) => {
    await using pages = startRouteServer({ "/page": { body: "page" } });
    const archive = await archiveOneRun(outDir, pages.url("/page"));
    await using server = startRouteServer({
      [`/.corun/metadata/${archive}`]: { body: "not metadata\n" },
    });
    const before = await Deno.readTextFile(`${outDir}/.corun/metadata/${archive}`);
    // A list's URLs are the run's to check: the same URL as the task's own is a config error.
    const list = `${outDir}/urls.txt`;
    await Deno.writeTextFile(list, `${server.url(`/.corun/metadata/${archive}`)}\n`);
    const report = await run(
      defineConfig({
        outDir,
        tasks: [{ name: "clobber", fetch: { urls: list }, save: "{path}" }],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].outcome, "failed");
    const error = report.tasks[0].error!;
    assertEquals(error.code, "SAVE_COLLISION");
    assert(error.message.includes(`".corun/metadata/${archive}"`), error.message);
    assert(error.message.includes(`corun's own directory ".corun"`), error.message);
    assertEquals(await Deno.readTextFile(`${outDir}/.corun/metadata/${archive}`), before);
  });
});

Deno.test("ctx.write into .corun/ fails the task and writes nothing there", async () => {
  await withOutDir(async (outDir) => {
    const report = await run(
      defineConfig({
        outDir,
        tasks: [task("writer", function* (ctx) {
          yield* ctx.write(".corun/metadata/mine.jsonl", "{}\n");
        })],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].outcome, "failed");
    assertEquals(report.tasks[0].error?.code, "SAVE_COLLISION");
    let exists = true;
    await Deno.stat(`${outDir}/.corun/metadata/mine.jsonl`).catch(() => exists = false);
    assertEquals(exists, false);
  });
});
