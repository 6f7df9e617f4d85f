/**
 * A config named by a `file:` URL (`new URL("./tasks.yaml", import.meta.url)`, or its text, or on
 * the command line) is its file, as its path is: no task may save over it, and the `outDir` option
 * is read from its folder.
 */
import {
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { toFileUrl } from "npm:deno-std@1.4.0/path/mod.js";
import { ConfigError, run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withDir = withTempDir("corun-file-url-config-");

Deno.test("a config named by a file: URL that saves over itself is refused at its save, before anything is fetched: from a URL, its text and the command line", async () => {
  await using server = startRouteServer({ "/a": { body: "NOT A CONFIG" } });
  await withDir(async (dir) => {
    const path = `${dir}/self.yaml`;
    const text = `outDir: .\ntasks:\n  - { name: a, fetch: "${
      server.url("/a")
    }", save: self.yaml }\n`;
    await Deno.writeTextFile(path, text);
    const url = toFileUrl(path);
    const refused = 'tasks[0].save: saves to "self.yaml", but it is the config file';
    for (const config of [url, url.href]) {
      const error = await assertRejects(() => run(config, { state: false }), ConfigError);
      assertStringIncludes(error.message, refused);
    }
    const cli = await runDeno([
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-net",
      MOD,
      "run",
      url.href,
    ]);
    assertEquals(cli.code, 2, cli.stderr);
    assertStringIncludes(cli.stderr, refused);
    assertEquals(server.requests.length, 0);
    assertEquals(await Deno.readTextFile(path), text);
  });
});

Deno.test("the outDir option of a config named by a file: URL is read from the config's folder, as for its path", async () => {
  await using server = startRouteServer({ "/a": { body: "a" } });
  await withDir(async (dir) => {
    await Deno.mkdir(`${dir}/project`);
    const path = `${dir}/project/tasks.yaml`;
    await Deno.writeTextFile(
      path,
      `tasks:\n  - { name: a, fetch: "${server.url("/a")}", save: a.txt }\n`,
    );
    const report = await run(toFileUrl(path), { outDir: "o", state: false });
    assertEquals(report.counts.done, 1, report.tasks[0].error?.message);
    assertEquals(await Deno.readTextFile(`${dir}/project/o/a.txt`), "a");
  });
});
