/**
 * A list file with no URLs fails its task (exit 1), saying so, instead of a silent `0 fetches: 0
 * done` that cron would take for a success; a list with only bad lines is not empty, and a list with
 * one URL among its comments is run as ever.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { run } from "../tasks/mod.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";

async function runList(list: string, extra: string[] = []) {
  const dir = await Deno.makeTempDir({ prefix: "corun-empty-list-" });
  try {
    await Deno.writeTextFile(`${dir}/urls.txt`, list);
    const config = validateConfig({
      metadata: false,
      tasks: [{ name: "mirror", fetch: { urls: `${dir}/urls.txt` }, save: "{path}" }],
    }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": config }, run });
    const code = await main(["run", "tasks.yaml", "--out", `${dir}/out`, ...extra], world.host);
    return { code, stdout: world.stdout(), stderr: world.stderr(), path: `${dir}/urls.txt` };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a list with no URL fails its task with EMPTY_LIST, and the run exits 1", async () => {
  for (const list of ["", "\n\n", "# nothing new today\n  \n# still nothing\n"]) {
    const ran = await runList(list);
    assertEquals(ran.code, EXIT_CODES.taskFailed, JSON.stringify(list));
    assertStringIncludes(
      ran.stdout,
      ` mirror failed 0.00s (0 fetches: 0 done): Task "mirror": its URL list "${ran.path}" holds ` +
        "no URL (the file is empty, or has only blank lines and comments), so nothing was fetched\n",
    );
    assertStringIncludes(ran.stdout, "1 task: 1 failed");
  }
  const json = await runList("# nothing\n", ["--json"]);
  const [task] = JSON.parse(json.stdout).tasks;
  assertEquals([task.outcome, task.error.code], ["failed", "EMPTY_LIST"]);
});

Deno.test("a list of bad lines is not empty, and one URL among comments is fetched as ever", async () => {
  const bad = await runList("ftp://x.org/a\n");
  assertEquals(bad.code, EXIT_CODES.taskFailed);
  assertStringIncludes(bad.stdout, "1 of 1 fetches failed; the first: ");
  await using server = startRouteServer({ "/a": { body: "a" } });
  const one = await runList(`# one\n\n${server.url("/a")}\n# end\n`);
  assertEquals(one.code, EXIT_CODES.ok, one.stdout);
  assertStringIncludes(one.stdout, " mirror done ");
});
