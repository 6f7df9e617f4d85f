import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { main } from "./main.ts";
import type { Plan } from "./plan.ts";
import { formatInZone } from "./plan_schedules.ts";

const CONFIG = validateConfig({
  schedule: { cron: "*/10 * * * *", timezone: "UTC" },
  tasks: [
    { name: "nap", sleep: "1s" },
    { name: "page", sleep: "2s", schedule: { cron: "30 2 * * *", timezone: "Europe/Berlin" } },
  ],
}, "tasks.yaml");
const configs = { "tasks.yaml": CONFIG };

Deno.test("plan lists the next 5 fire times of each schedule in its time zone", async () => {
  const world = createFakeWorld({ configs }); // now: 2026-11-25T10:00:00.123Z
  assertEquals(await main(["plan", "tasks.yaml"], world.host), EXIT_CODES.ok);
  const text = world.stdout();
  const section = text.slice(text.indexOf("schedules (next 5 fire times):"));
  assertEquals(
    section,
    [
      "schedules (next 5 fire times):",
      "  config: */10 * * * * (UTC)",
      "    2026-11-25T10:10:00+00:00",
      "    2026-11-25T10:20:00+00:00",
      "    2026-11-25T10:30:00+00:00",
      "    2026-11-25T10:40:00+00:00",
      "    2026-11-25T10:50:00+00:00",
      "  task page: 30 2 * * * (Europe/Berlin)",
      "    2026-11-26T02:30:00+01:00",
      "    2026-11-27T02:30:00+01:00",
      "    2026-11-28T02:30:00+01:00",
      "    2026-11-29T02:30:00+01:00",
      "    2026-11-30T02:30:00+01:00",
      "",
    ].join("\n"),
  );
});

Deno.test("plan --json has the schedules, and an unscheduled config has none", async () => {
  const world = createFakeWorld({ configs });
  await main(["plan", "tasks.yaml", "--json"], world.host);
  const plan: Plan = JSON.parse(world.stdout());
  assertEquals(plan.schedules?.map((schedule) => [schedule.label, schedule.nextFireTimes[0]]), [
    ["config", "2026-11-25T10:10:00+00:00"],
    ["task page", "2026-11-26T02:30:00+01:00"],
  ]);
  const plain = createFakeWorld({
    configs: { "x.yaml": validateConfig({ tasks: [{ sleep: "1s" }] }, "x.yaml") },
  });
  await main(["plan", "x.yaml", "--json"], plain.host);
  assert(!("schedules" in JSON.parse(plain.stdout())));
});

Deno.test("plan and check exit 2 on a cron expression whose fields are out of range", async () => {
  // The config layer refuses "0 25 * * *" itself (lib/config/cron_schema_test.ts); a spec built
  // around it is still refused here.
  const valid = validateConfig({ schedule: "0 0 * * *", tasks: [{ sleep: "1s" }] }, "bad.yaml");
  const bad = { ...valid, schedule: { ...valid.schedule!, cron: "0 25 * * *" } };
  for (const command of ["plan", "check"]) {
    const world = createFakeWorld({ configs: { "bad.yaml": bad } });
    assertEquals(await main([command, "bad.yaml"], world.host), EXIT_CODES.usage, command);
    assert(world.stderr().startsWith("schedule of config: Cannot parse cron expression"));
  }
});

Deno.test("formatInZone() writes local time with the zone's offset", () => {
  const at = Date.UTC(2026, 2, 29, 1, 30);
  assertEquals(formatInZone(at, 2 * 3_600_000), "2026-03-29T03:30:00+02:00");
  assertEquals(formatInZone(at, -(5 * 3_600_000 + 30 * 60_000)), "2026-03-28T20:00:00-05:30");
  assertEquals(formatInZone(at, 0), "2026-03-29T01:30:00+00:00");
});
