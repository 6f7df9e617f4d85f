/**
 * A save template with `{uuid}` or `{sha256}` renders paths no other fetch can render, so they are
 * not claimed against the other tasks'; they must still stay out of corun's own directory `.corun/`,
 * for a small body written whole and for a large one streamed to a temporary first.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-own-dir-uuid-");

/** Every file under `dir`, relative to it (empty when it is missing). */
function filesUnder(dir: string, prefix = ""): string[] {
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  return entries.flatMap((entry) =>
    entry.isDirectory
      ? filesUnder(`${dir}/${entry.name}`, `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`]
  );
}

Deno.test("{path}/{uuid} and {path}-{sha256} saves that render into .corun/ fail their task and write nothing there", async () => {
  await withOutDir(async (outDir) => {
    const large = "x".repeat(1024 * 1024); // streamed to a temporary, named once it is hashed
    await using server = startRouteServer({
      "/.corun/metadata": { body: "small" },
      "/.Corun/big": { body: large },
    });
    const report = await run(
      defineConfig({
        outDir,
        tasks: [
          fetchTask("by-uuid", server.url("/.corun/metadata"), { save: "{path}/{uuid}" }),
          fetchTask("by-digest", server.url("/.Corun/big"), { save: "{path}-{sha256}" }),
        ],
      }),
      { state: false },
    );
    for (const task of report.tasks) {
      assertEquals(task.outcome, "failed", task.name);
      assertEquals(task.error?.code, "SAVE_COLLISION", task.name);
      assert(task.error!.message.includes(`corun's own directory ".corun"`), task.error!.message);
    }
    assertEquals(filesUnder(`${outDir}/.corun`), []);
    assertEquals(filesUnder(`${outDir}/.Corun`), []);
    assertEquals(filesUnder(outDir).filter((name) => name.endsWith(".part")), []);
  });
});
