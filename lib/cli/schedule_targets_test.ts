import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { scheduleProblems, scheduleTargetsOf } from "./schedule_targets.ts";

const CONFIG = validateConfig({
  schedule: "*/10 * * * *",
  tasks: [
    { name: "nap", sleep: "1s" },
    {
      name: "page",
      fetch: "https://example.com/",
      after: ["nap"],
      schedule: { cron: "0 9 * * *", timezone: "Europe/Berlin" },
    },
  ],
}, "tasks.yaml");

Deno.test("scheduleTargetsOf() runs the whole config on its schedule and a task alone on its own", () => {
  const [whole, task] = scheduleTargetsOf(CONFIG);
  assertEquals([whole.label, whole.task, whole.spec.cron], ["config", undefined, "*/10 * * * *"]);
  assertEquals(whole.config, CONFIG);
  assertEquals([task.label, task.task, task.spec.timezone], ["task page", "page", "Europe/Berlin"]);
  assertEquals(task.config.tasks.map((spec) => [spec.name, spec.after]), [["page", []]]);
  assertEquals(task.config.schedule, undefined, "a task's run is not the whole config's schedule");
  assertEquals(task.config.source, "tasks.yaml", "outDir still resolves against the config file");
});

Deno.test("scheduleTargetsOf() finds nothing in an unscheduled config", () => {
  assertEquals(scheduleTargetsOf(validateConfig({ tasks: [{ sleep: "1s" }] }, "x")), []);
});

Deno.test("scheduleProblems() reports a cron expression of a spec built around the config layer", () => {
  // The config layer refuses "61 * * * *" itself (lib/config/cron_schema_test.ts).
  const valid = validateConfig({ tasks: [{ name: "a", sleep: "1s", schedule: "0 * * * *" }] }, "x");
  const task = valid.tasks[0];
  const config = {
    ...valid,
    tasks: [{ ...task, schedule: { ...task.schedule!, cron: "61 * * * *" } }],
  };
  const problems = scheduleProblems(scheduleTargetsOf(config));
  assertEquals(problems.length, 1);
  assertEquals(
    problems[0].startsWith('schedule of task a: Cannot parse cron expression "61'),
    true,
  );
  assertEquals(scheduleProblems(scheduleTargetsOf(CONFIG)), []);
});
