/**
 * `corun run --json`: the report says how the command exits (after `--max-failures`), and a failed
 * single-URL fetch task has its fetch: the status it got, or null when no response arrived.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { run, type TaskResult } from "../tasks/mod.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { close, startScriptedServer, write } from "../../tests/fixtures/scripted_server.ts";
import { withTempDir } from "../../tests/fixtures/temp_dir.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";

const withOutDir = withTempDir("corun-run-json-report-");
const NOT_FOUND = "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno";

Deno.test("run --json: the report has the exit code after --max-failures, and a failed fetch task its fetch", async () => {
  // Two servers: the second fetch must not find the first one's connection in the pool.
  await using gone = startScriptedServer({ respond: () => [write(NOT_FOUND)] });
  await using cut = startScriptedServer({ respond: () => [close()] });
  const config = validateConfig({
    defaults: { retries: 0 },
    tasks: [
      { name: "gone", fetch: gone.url("/gone"), save: "gone.txt" },
      { name: "cut", fetch: cut.url("/cut"), save: "cut.txt" },
    ],
  }, "tasks.yaml");
  await withOutDir(async (outDir) => {
    const report = async (...flags: string[]) => {
      const world = createFakeWorld({ configs: { "tasks.yaml": config }, run });
      const code = await main(
        ["run", "tasks.yaml", "--out", outDir, "--json", ...flags],
        world.host,
      );
      const printed = JSON.parse(world.stdout());
      return { code, printed, tasks: printed.tasks as TaskResult[] };
    };
    const strict = await report();
    assertEquals([strict.code, strict.printed.exitCode], [EXIT_CODES.taskFailed, 1]);
    const tolerant = await report("--max-failures", "2");
    assertEquals([tolerant.code, tolerant.printed.exitCode], [EXIT_CODES.ok, 0]);
    const [notFound, closed] = tolerant.tasks;
    assertEquals(notFound.outcome, "failed");
    assertEquals(notFound.fetch && { ...notFound.fetch, bytes: 0 }, {
      url: gone.url("/gone"),
      finalUrl: gone.url("/gone"),
      status: 404,
      bytes: 0,
      savedPath: null,
      attempts: 1,
    });
    assertEquals(closed.outcome, "failed");
    assertEquals(closed.fetch, {
      url: cut.url("/cut"),
      finalUrl: cut.url("/cut"),
      status: null,
      bytes: 0,
      savedPath: null,
      attempts: 1,
    });
  });
});
