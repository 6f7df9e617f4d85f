// What `corun schedule --db` refuses before it connects.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { dbScheduleProblems } from "./schedule_db.ts";
import { scheduleTargetsOf } from "./schedule_targets.ts";

Deno.test("a schedule without a time zone, refused by schedule --db, is named with its config file", () => {
  const config = validateConfig({
    schedule: "@hourly",
    tasks: [
      {
        name: "page",
        fetch: "http://127.0.0.1:1/a",
        schedule: { cron: "@daily", timezone: "UTC" },
      },
      { name: "other", fetch: "http://127.0.0.1:1/b", schedule: "@daily" },
    ],
  }, "/srv/nightly.yaml");
  const zone =
    'with --db every scheduler, on whatever machine, must compute the same fire times (add timezone: "UTC" or your zone)';
  assertEquals(dbScheduleProblems(scheduleTargetsOf(config)), [
    `/srv/nightly.yaml: schedule of config has no timezone: ${zone}`,
    `/srv/nightly.yaml: schedule of task other has no timezone: ${zone}`,
  ]);
});
