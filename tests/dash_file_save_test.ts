/**
 * Only `save: "-"` as written means standard output: a `{filename}` or `{path}` that renders to
 * `-` is a file of that name, reported, recorded and kept in the state as any other file.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run } from "../mod.ts";
import { describeOutcome } from "../lib/cli/format.ts";
import { METADATA_ARCHIVE_DIR, newRunId } from "../lib/tasks/mod.ts";
import type { RecordedRequest } from "./fixtures/request_reader.ts";
import { type ResponseSpec, startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-dash-file-");

/** A body with an ETag, named "-" by its Content-Disposition; a 304 to a request that names it. */
function dashFile(request: RecordedRequest): ResponseSpec {
  const headers = { ETag: '"v1"', "Content-Disposition": 'attachment; filename="-"' };
  if (request.headers.get("if-none-match") === '"v1"') return { status: 304, headers };
  return { headers, body: "the file" };
}

async function metadataLines(outDir: string): Promise<Record<string, unknown>[]> {
  const text = await Deno.readTextFile(`${outDir}/corun.jsonl`);
  return text.trim().split("\n").map((line) => JSON.parse(line));
}

Deno.test('a file the server names "-" is saved, reported and recorded as a file, and asked for conditionally next time', async () => {
  await using server = startRouteServer({ "/cd-dash": dashFile, "/-": dashFile });
  await withOutDir(async (outDir) => {
    const config = defineConfig({
      tasks: [
        { name: "named", fetch: server.url("/cd-dash"), save: "{filename}" },
        { name: "path", fetch: server.url("/-"), save: "p/{path}" },
      ],
    });
    const first = await run(config, { outDir });
    const [named, path] = first.tasks;
    assertEquals(named.fetch?.savedPath, "-");
    assertEquals(named.fetch?.stdout, undefined);
    assertEquals(describeOutcome({ ...named, startMs: 0, endMs: 10 }).includes("saved -"), true);
    assertEquals(path.fetch?.savedPath, "p/-");
    assertEquals(await Deno.readTextFile(`${outDir}/-`), "the file");
    assertEquals((await metadataLines(outDir)).map((line) => line.savedPath), ["-", "p/-"]);
    const state = JSON.parse(await Deno.readTextFile(`${outDir}/.corun-state.json`)).entries;
    assertEquals(state[server.url("/cd-dash")].savedPath, "-");

    const second = await run(config, { outDir });
    assertEquals(second.tasks.map((task) => task.fetch?.unchanged), [true, true]);
  });
});

Deno.test('a file named "-" of a run that ended without saving its state is recovered from its metadata line', async () => {
  await using server = startRouteServer({ "/cd-dash": dashFile });
  await withOutDir(async (outDir) => {
    const config = defineConfig({
      tasks: [{ name: "named", fetch: server.url("/cd-dash"), save: "{filename}" }],
    });
    // Killed before it saved its state: its lines and its unsaved mark stay, no state file.
    const killed = newRunId();
    await run(config, { outDir, runId: killed });
    await Deno.mkdir(`${outDir}/${METADATA_ARCHIVE_DIR}`, { recursive: true });
    await Deno.writeTextFile(`${outDir}/${METADATA_ARCHIVE_DIR}/${killed}.unsaved`, "");
    await Deno.remove(`${outDir}/.corun-state.json`);
    const before = server.requests.length;
    const recovered = await run(config, { outDir });
    assertEquals(server.requests[before].headers.get("if-none-match"), '"v1"');
    assertEquals(recovered.tasks[0].fetch?.unchanged, true);
  });
});
