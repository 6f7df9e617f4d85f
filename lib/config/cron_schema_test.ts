import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { join } from "npm:deno-std@1.4.0/path/mod.js";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { loadConfig } from "./load.ts";

const DURATION =
  'expected a duration like "3s", "1500ms" or "1h30m" (units ms, s (sec), m (min), h (hour), d (day), as in "1h 30m"; a number alone is seconds), got "3 parsecs"';

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

Deno.test("a cron expression with a field too few or too many, or an unknown nickname, says so", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "tasks.yaml");
    await Deno.writeTextFile(
      file,
      'schedule: "0 9 * *"\ntasks:\n  - sleep: 1s\n    schedule: "@every 5m"\n' +
        '  - sleep: 1s\n    schedule: "0 0 9 * * * 2027"\n  - sleep: 1s\n    schedule: every day\n',
    );
    const error = await assertRejects(() => loadConfig(file), ConfigError);
    const issues: ConfigIssue[] = error.issues;
    const fields =
      "cron needs 5 (minute hour day-of-month month day-of-week), or 6 with seconds first";
    assertEquals(issues.map(({ line, path, message }) => ({ line, path, message })), [
      {
        line: 1,
        path: "schedule",
        message: `invalid cron expression "0 9 * *": it has 4 fields; ${fields}`,
      },
      {
        line: 4,
        path: "tasks[0].schedule",
        message: 'invalid cron expression "@every 5m": unknown nickname "@every 5m"; use one of ' +
          "@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly",
      },
      {
        line: 6,
        path: "tasks[1].schedule",
        message: `invalid cron expression "0 0 9 * * * 2027": it has 7 fields; ${fields}`,
      },
      {
        line: 8,
        path: "tasks[2].schedule",
        message: 'expected a cron expression such as "*/10 * * * *" or "@hourly", got "every day"',
      },
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
