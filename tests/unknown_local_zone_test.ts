import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

// `TZ=""` (a unit or container that clears it) makes the runtime name the local zone
// "Etc/Unknown", while its clock reads UTC: a schedule without `timezone:` must read it as UTC too.
Deno.test("a schedule without timezone runs in UTC when TZ is empty, as the machine's clock does", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-tz-" });
  try {
    const config = `${dir}/nightly.yaml`;
    await Deno.writeTextFile(
      config,
      'schedule: { cron: "30 2 * * *" }\ntasks:\n  - name: nap\n    sleep: 1s\n',
    );
    const env = { NO_COLOR: "1", TZ: "" };
    const check = await runDeno(["run", "--allow-read", MOD, "check", config], { env });
    assertEquals(check.code, 0, check.stderr);
    const plan = await runDeno(["run", "--allow-read", MOD, "plan", config], { env });
    assertEquals(plan.code, 0, plan.stderr);
    assert(plan.stdout.includes("(UTC)"), plan.stdout);
    assert(plan.stdout.includes("T02:30:00+00:00"), plan.stdout);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
