/**
 * The report page's throughput chart: a run that received no bytes (every fetch failed before its
 * body, or it only slept) has nothing to chart, and says so instead of drawing a made-up scale.
 */
import { assert, assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { run } from "../tasks/mod.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";

/** Runs `tasks` in virtual time, traced, and returns the report page's throughput section. */
async function throughputOf(tasks: unknown[], exitCode: number): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "corun-report-throughput-" });
  try {
    const config = validateConfig({ tasks }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": config }, run });
    const trace = `${dir}/trace.json`;
    const args = ["run", "tasks.yaml", "--virtual-time", "--out", dir, "--trace", trace];
    assertEquals(await main(args, world.host), exitCode, world.stderr());
    assertEquals(await main(["report", trace], world.host), EXIT_CODES.ok, world.stderr());
    const page = await Deno.readTextFile(`${dir}/trace.html`);
    const start = page.indexOf("<h2>Bytes and throughput</h2>");
    assert(start >= 0, "no throughput section");
    const next = page.indexOf("<h2>", start + 1);
    return page.slice(start, next < 0 ? page.length : next);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a run whose every fetch failed has no throughput to chart, and no 1 B/s scale", async () => {
  await using server = startRouteServer({}); // every path a 404 with no body
  const section = await throughputOf([
    { name: "gone", fetch: server.url("/gone"), save: "gone.txt" },
    { name: "nap", sleep: "1s" },
  ], EXIT_CODES.taskFailed);
  assert(!section.includes("B/s"), `a rate scale for no bytes: ${section}`);
  assert(!section.includes("<svg"), "a chart of nothing");
  assertStringIncludes(section, "No bytes were received: nothing to chart.");
});

Deno.test("a run of sleeps only has no throughput to chart", async () => {
  const section = await throughputOf([{ name: "nap", sleep: "1s" }], EXIT_CODES.ok);
  assert(!section.includes("1 B/s"), section);
  assertStringIncludes(section, "nothing to chart");
});

Deno.test("a run that received bytes charts them on a scale of its own", async () => {
  await using server = startRouteServer({ "/page": { body: "x".repeat(5_000) } });
  const section = await throughputOf(
    [{ name: "page", fetch: server.url("/page"), save: "page.txt" }],
    EXIT_CODES.ok,
  );
  assertStringIncludes(section, '<svg id="throughput"');
  assertStringIncludes(section, "4.9 KiB in all.");
  assert(!section.includes(">1 B/s</text>"), section);
});
