import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { join } from "npm:deno-std@1.4.0/path/mod.js";
import { loadConfig } from "../config/mod.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { main } from "./main.ts";

Deno.test("check and schedule refuse a schedule that can never fire, at its line and field, exit 2", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "corun-never-" });
  try {
    const file = join(dir, "tasks.yaml");
    await Deno.writeTextFile(
      file,
      [
        "tasks:",
        "  - name: report",
        "    sleep: 1s",
        "    schedule: { cron: '0 0 31 4 *', timezone: UTC }",
        "",
      ].join("\n"),
    );
    for (const command of ["check", "schedule"]) {
      await t.step(command, async () => {
        const world = createFakeWorld();
        const host = { ...world.host, loadConfig };
        assertEquals(await main([command, file], host), EXIT_CODES.usage);
        assertEquals(world.stderr().split("\n").slice(0, 2), [
          `${file}:4:23: tasks[0].schedule.cron: invalid cron expression "0 0 31 4 *": it never ` +
          'fires: month "4" has no day-of-month "31"',
          `Cannot load the config "${file}": found 1 problem`,
        ]);
        assertEquals(world.runCalls.length, 0);
        assertEquals(world.listening(), 0, "schedule does not wait");
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
