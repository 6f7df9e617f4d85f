/**
 * A file a task writes under the name of corun's temporaries (`.<name>.<12 hex>.part`) would be
 * removed by the next run's sweep of leftovers, after its task was reported done: `ctx.write` and
 * `ctx.append` refuse such a name instead.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run, task } from "../mod.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-working-name-");

Deno.test("ctx.write and ctx.append of a temporary's name fail their task, instead of a file the next run sweeps away", async () => {
  await withOutDir(async (outDir) => {
    const name = ".notes.0123456789ab.part";
    const report = await run(
      defineConfig({
        outDir,
        tasks: [
          task("writer", function* (ctx) {
            yield* ctx.write(name, "kept?");
          }),
          task("appender", function* (ctx) {
            yield* ctx.append(`logs/${name}`, "line\n");
          }),
        ],
      }),
      { state: false },
    );
    for (const outcome of report.tasks) {
      assertEquals(outcome.outcome, "failed", outcome.name);
      assertEquals(outcome.error?.code, "PATH_INVALID", outcome.name);
    }
    assertEquals(
      report.tasks[0].error?.message,
      `Cannot ctx.write "${name}" for task "writer": the name has the form of corun's temporary files ` +
        `(".<name>.<12 hex digits>.part", ".<name>.corun-partial"), which a later run removes: ` +
        "choose another name",
    );
    const names = [...Deno.readDirSync(outDir)].map((entry) => entry.name);
    assertEquals(names.includes(name) || names.includes("logs"), false, names.join(", "));
  });
});
