import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";
import { previewFetchWarning } from "./preview_warning.ts";

const FETCHES = validateConfig({
  tasks: [
    { name: "nap", sleep: "1s" },
    { name: "page", fetch: "https://site.example/", save: "page.html", rate: "1/s" },
  ],
}, "tasks.yaml");

const NAPS = validateConfig({ tasks: [{ name: "nap", sleep: "1s" }] }, "naps.yaml");

const WARNING = `warning: ${previewFetchWarning([FETCHES])}`;

/** How many lines of `text` hold the warning. */
function warnings(text: string): number {
  return text.split("\n").filter((line) => line.includes(WARNING)).length;
}

async function withLog(body: (logPath: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-preview-warning-" });
  try {
    await body(`${dir}/run.log`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("run --virtual-time of a config that fetches warns once, on stderr and in --log, that its requests are real and unpaced", async () => {
  assert(WARNING.includes("real requests") && WARNING.includes("Retry-After"), WARNING);
  // A bandwidth limit's waits are virtual too: the server sends at full speed.
  assert(WARNING.includes("bandwidth waits take no real time"), WARNING);
  for (const shown of [[], ["--quiet"]]) {
    await withLog(async (logPath) => {
      const world = createFakeWorld({ configs: { "tasks.yaml": FETCHES } });
      const args = ["run", "tasks.yaml", "--virtual-time", "--log", logPath, ...shown];
      assertEquals(await main(args, world.host), EXIT_CODES.ok);
      assertEquals(warnings(world.stderr()), 1, world.stderr());
      const log = await Deno.readTextFile(logPath);
      assertEquals(warnings(log), 1, log);
      // Before the run's first line.
      assert(log.indexOf(WARNING) < log.indexOf("nap start"), log);
    });
  }
});

Deno.test("run --virtual-time --json lists the warning in the report", async () => {
  const world = createFakeWorld({ configs: { "tasks.yaml": FETCHES } });
  const code = await main(["run", "tasks.yaml", "--virtual-time", "--json"], world.host);
  assertEquals(code, EXIT_CODES.ok);
  assertEquals(JSON.parse(world.stdout()).warnings, [previewFetchWarning([FETCHES])]);
  assertEquals(warnings(world.stderr()), 1, world.stderr());
});

Deno.test("no warning for a real run, nor for a preview of sleeps only", async () => {
  const real = createFakeWorld({ configs: { "tasks.yaml": FETCHES } });
  assertEquals(await main(["run", "tasks.yaml"], real.host), EXIT_CODES.ok);
  assertEquals(real.stderr(), "");
  const naps = createFakeWorld({ configs: { "naps.yaml": NAPS } });
  assertEquals(await main(["run", "naps.yaml", "--virtual-time"], naps.host), EXIT_CODES.ok);
  assertEquals(naps.stderr(), "");
  assertEquals(previewFetchWarning([NAPS]), undefined);
});

Deno.test("schedule --virtual-time warns once for all its fires, before the first, when a scheduled config fetches", async () => {
  const scheduled = validateConfig({
    schedule: { cron: "*/20 * * * *", timezone: "UTC" },
    tasks: [
      { name: "nap", sleep: "1s" },
      {
        name: "page",
        fetch: "https://site.example/",
        save: "page.html",
        schedule: { cron: "0 * * * *", timezone: "UTC" },
      },
    ],
  }, "tasks.yaml");
  await withLog(async (logPath) => {
    const outDir = logPath.replace(/run\.log$/, "out");
    const world = createFakeWorld({ configs: { "tasks.yaml": scheduled } });
    // FAKE_NOW is 10:00:00.123Z: in the hour after it */20 fires 3 times and 0 * once.
    const args = ["schedule", "tasks.yaml", "--out", outDir, "--virtual-time", "--log", logPath];
    const code = await main([...args, "--until", "2026-11-25T11:00:00.123Z"], world.host);
    assertEquals(code, EXIT_CODES.ok, world.stderr());
    assertEquals(world.runCalls.length, 4);
    assertEquals(warnings(world.stderr()), 1, world.stderr());
    const log = await Deno.readTextFile(logPath);
    assertEquals(warnings(log), 1, log);
    assert(log.indexOf(WARNING) < log.indexOf(": started"), log);
  });
});

Deno.test("run --help and schedule --help say a preview's fetches are real and unpaced", async () => {
  for (const command of ["run", "schedule"]) {
    const world = createFakeWorld();
    assertEquals(await main([command, "--help"], world.host), EXIT_CODES.ok);
    // Wrapped to the terminal's width.
    const help = world.stdout().replace(/\s+/g, " ");
    assert(help.includes("fetches are real requests, sent unpaced"), world.stdout());
  }
});
