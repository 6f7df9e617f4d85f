/**
 * `corun run --trace` interrupted: the report read from the trace tells the run as `--json` does, a
 * fetch cancelled while it waited for its retry counted as a cancelled fetch.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { run } from "../tasks/mod.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { startScriptedServer, write } from "../../tests/fixtures/scripted_server.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";
import { readTrace, totalsOf } from "./report_data.ts";

/** A 500 whose Retry-After makes the retry wait an hour (capped by maxBackoff): no jitter. */
const ERROR_500 =
  "HTTP/1.1 500 Internal Server Error\r\nRetry-After: 3600\r\nContent-Length: 4\r\n\r\noops";

Deno.test("run --trace interrupted while a fetch waits for its retry: the report counts it cancelled", async () => {
  await using server = startScriptedServer({ routes: { "/x": [write(ERROR_500)] } });
  const outDir = await Deno.makeTempDir({ prefix: "corun-trace-interrupt-" });
  try {
    const config = validateConfig({
      defaults: { retries: 3, maxBackoff: "1h" },
      tasks: [{ name: "single", fetch: server.url("/x"), save: "x.txt" }],
    }, "tasks.yaml");
    const world = createFakeWorld({
      configs: { "tasks.yaml": config },
      // Interrupted (as Ctrl-C would) once the fetch waits for its retry, an hour away.
      run: (spec, options = {}) =>
        run(spec, {
          ...options,
          onEvent: (event) => {
            options.onEvent?.(event);
            if (event.type === "retry") setTimeout(() => world.interrupt(), 0);
          },
        }),
    });
    const trace = `${outDir}/trace.json`;
    const args = ["run", "tasks.yaml", "--out", outDir, "--trace", trace, "--json"];
    assertEquals(await main(args, world.host), EXIT_CODES.interrupted, world.stderr());
    assertEquals(JSON.parse(world.stdout()).counts.cancelled, 1);
    const data = readTrace(await Deno.readTextFile(trace), trace);
    const totals = totalsOf(data);
    assertEquals(totals.tasks, { cancelled: 1 });
    assertEquals(totals.fetches, { done: 0, failed: 0, cancelled: 1, leftOut: 0 });
    assertEquals(data.attempts.map((a) => [a.outcome, a.status]), [["retry", 500]]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
