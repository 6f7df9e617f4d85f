/**
 * The library's `run()` refuses what the command line refuses before any I/O (lib/config
 * output_check.ts): an output directory that is a file, and a `metadata` log outside it, each a
 * `ConfigError` naming its field, before anything is fetched or made.
 */
import {
  assertEquals,
  assertFalse,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, type ConfigIssue, run, validateConfig } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withDir = withTempDir("corun-library-output-");

function fieldsOf(error: ConfigError): string[][] {
  return error.issues.map((issue: ConfigIssue) => [issue.path, issue.message]);
}

Deno.test("run() refuses an outDir that is a file, at outDir or naming the outDir option, before anything is fetched", async () => {
  await using server = startRouteServer({ "/a": { body: "a" } });
  await withDir(async (dir) => {
    const file = `${dir}/afile`;
    await Deno.writeTextFile(file, "hi\n");
    const tasks = [{ name: "a", fetch: server.url("/a"), save: "a.txt" }];
    const inConfig = await assertRejects(() => run({ outDir: file, tasks }), ConfigError);
    assertEquals(fieldsOf(inConfig), [
      ["outDir", `${JSON.stringify(file)} is a file, not a directory`],
    ]);
    const spec = validateConfig({ outDir: `${dir}/out`, tasks }, "inline");
    const byOption = await assertRejects(() => run(spec, { outDir: file }), ConfigError);
    assertStringIncludes(
      byOption.message,
      `inline: the outDir option: ${JSON.stringify(file)} is a file, not a directory`,
    );
    assertEquals(server.requests.length, 0);
  });
});

Deno.test("run() refuses a metadata log that leaves the output directory, at metadata, and makes nothing", async () => {
  await using server = startRouteServer({ "/a": { body: "a" } });
  await withDir(async (dir) => {
    const outDir = `${dir}/out`;
    const error = await assertRejects(
      () =>
        run({
          outDir,
          metadata: "../m.jsonl",
          tasks: [{ name: "a", fetch: server.url("/a"), save: "a.txt" }],
        }),
      ConfigError,
    );
    assertEquals(fieldsOf(error), [[
      "metadata",
      `"../m.jsonl" leaves the output directory ${JSON.stringify(outDir)}; write a path inside it`,
    ]]);
    assertEquals(server.requests.length, 0);
    assertFalse(await Deno.stat(outDir).then(() => true, () => false));
  });
});
