/**
 * An interrupted run (Ctrl-C, SIGTERM) says so at the top of its report page: its trace carries the
 * fact, and the page's figures are of a run cut short, not of one that ended.
 */
import { assert, assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { run } from "../tasks/mod.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";

/**
 * Runs an hour's sleep, traced, interrupted as it starts when `interrupt` (else a moment's sleep
 * that ends by itself), and returns the trace's facts and the report page.
 */
async function reportOf(interrupt: boolean): Promise<{ facts: unknown; page: string }> {
  const dir = await Deno.makeTempDir({ prefix: "corun-report-interrupted-" });
  try {
    const sleep = interrupt ? "1h" : "1ms";
    const config = validateConfig({ tasks: [{ name: "nap", sleep }] }, "tasks.yaml");
    const world = createFakeWorld({
      configs: { "tasks.yaml": config },
      // As Ctrl-C would, once the sleep has started.
      run: (spec, options = {}) =>
        run(spec, {
          ...options,
          onEvent: (event) => {
            options.onEvent?.(event);
            if (interrupt && event.type === "task-start") setTimeout(() => world.interrupt(), 0);
          },
        }),
    });
    const trace = `${dir}/trace.json`;
    const code = await main(["run", "tasks.yaml", "--out", dir, "--trace", trace], world.host);
    assertEquals(code, interrupt ? EXIT_CODES.interrupted : EXIT_CODES.ok, world.stderr());
    assertEquals(await main(["report", trace], world.host), EXIT_CODES.ok, world.stderr());
    return {
      facts: JSON.parse(await Deno.readTextFile(trace)).otherData,
      page: await Deno.readTextFile(`${dir}/trace.html`),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("an interrupted run's report page says it was interrupted, above its figures", async () => {
  const { facts, page } = await reportOf(true);
  assertEquals((facts as { interrupted?: boolean }).interrupted, true);
  assertStringIncludes(page, "<title>corun run tasks.yaml (interrupted): report</title>");
  const note = page.indexOf('<p id="interrupted"');
  assert(note >= 0, "the page does not say the run was interrupted");
  assertStringIncludes(page.slice(note), "<strong>Interrupted</strong> (Ctrl-C or SIGTERM)");
  assert(note < page.indexOf("<h2>Totals</h2>"), "said below the figures");
  assertStringIncludes(page, "<th>tasks</th><td>1 cancelled</td>");
});

Deno.test("a run that ended by itself says nothing of an interrupt", async () => {
  const { facts, page } = await reportOf(false);
  assertEquals((facts as { interrupted?: boolean }).interrupted, undefined);
  assertStringIncludes(page, "<title>corun run tasks.yaml: report</title>");
  assert(!page.includes('id="interrupted"'), "a run that ended by itself is called interrupted");
});
