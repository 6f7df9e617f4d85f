/**
 * `corun run` protects the files it keeps where they really are: a `--state` or `--log` moved into
 * the output directory, the history and the lock, are never replaced by a task's save.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { run } from "../tasks/mod.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { main } from "./main.ts";
import { HISTORY_FILE_NAME, LOCK_FILE_NAME } from "../schedule/mod.ts";

Deno.test("run --state and --log inside the output directory: saves rendering them, the history or the lock fail", async () => {
  await using server = startRouteServer({
    "/page": { body: "A BODY, NOT CORUN'S FILE" },
    "/.corun-history.jsonl": { body: "A BODY, NOT CORUN'S FILE" },
    "/.corun.lock": { body: "A BODY, NOT CORUN'S FILE" },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-own-files-" });
  try {
    // Each task's name renders one of corun's files; the URLs differ, so the state tracks them all.
    // The history and the lock are always in the output directory: a template that renders one for
    // the task's own URL is a config error, so here the server's file name does.
    const names = ["x.json", "run.log", HISTORY_FILE_NAME, LOCK_FILE_NAME];
    const always = [HISTORY_FILE_NAME, LOCK_FILE_NAME];
    const config = validateConfig({
      metadata: false,
      tasks: names.map((name, i) => ({
        name,
        fetch: server.url(always.includes(name) ? `/${name}?${i}` : `/page?${i}`),
        save: always.includes(name) ? "{filename}" : "{name}",
      })),
    }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": config }, run });
    const code = await main([
      "run",
      "tasks.yaml",
      "--out",
      outDir,
      "--state",
      `${outDir}/x.json`,
      "--log",
      `${outDir}/run.log`,
      "--json",
    ], world.host);
    assertEquals(code, EXIT_CODES.taskFailed, world.stderr());
    const report = JSON.parse(world.stdout());
    assertEquals(
      report.tasks.map((t: { name: string; error?: { code: string } }) => [t.name, t.error?.code]),
      names.map((name) => [name, "SAVE_COLLISION"]),
    );
    const messages = report.tasks.map((t: { error: { message: string } }) => t.error.message);
    for (
      const [i, role] of [
        "corun's state file",
        "corun's log file",
        "corun's run history",
        "corun's run lock",
      ].entries()
    ) {
      assert(messages[i].includes(role), messages[i]);
    }
    for (const name of names.slice(0, 3)) {
      const text = await Deno.readTextFile(`${outDir}/${name}`).catch(() => "");
      assert(!text.includes("A BODY"), `${name}: ${text}`);
    }
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
