import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { join } from "npm:deno-std@1.4.0/path/mod.js";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { loadConfig } from "./load.ts";

const DURATION = 'expected a duration like "3s", "1500ms" or "1h30m", got "3 parsecs"';

Deno.test("a cron field out of range is reported with the config's other problems, located", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "tasks.yaml");
    await Deno.writeTextFile(
      file,
      [
        'schedule: "61 * * * *"',
        "tasks:",
        "  - name: nap",
        "    sleep: 3 parsecs",
        "  - name: report",
        "    sleep: 1s",
        "    schedule: { cron: '0 9 * * Nov-Mar', timezone: UTC }",
        "",
      ].join("\n"),
    );
    const error = await assertRejects(() => loadConfig(file), ConfigError);
    const issues: ConfigIssue[] = error.issues;
    assertEquals(issues.map(({ line, path, message }) => ({ line, path, message })), [
      {
        line: 1,
        path: "schedule",
        message: 'invalid cron expression "61 * * * *": minute "61": 61 is out of range 0-59',
      },
      { line: 4, path: "tasks[0].sleep", message: DURATION },
      {
        line: 7,
        path: "tasks[1].schedule.cron",
        message: 'invalid cron expression "0 9 * * Nov-Mar": day-of-week "Nov-Mar": "Nov" is ' +
          "not a day-of-week (names: sun, mon, tue, wed, thu, fri, sat)",
      },
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
