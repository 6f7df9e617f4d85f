import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { originRules } from "./politeness.ts";

Deno.test("a fetch that cannot be made is under no origin, which no task's delay, rate or perHost holds back (a shared queue saves its rule too)", () => {
  const config = validateConfig(
    {
      perHost: 2,
      tasks: [{ name: "slow", fetch: { url: "https://x.org/[1-3]", delay: "2s", rate: "1/min" } }],
    },
    "inline",
    { baseDir: "/c" },
  );
  const rules = originRules(config);
  assertEquals(rules("https://x.org", "slow"), { perHost: 2, gapMs: 60_000, jitterMs: 0 });
  assertEquals(rules("", "slow"), { perHost: 2_147_483_647, gapMs: 0, jitterMs: 0 });
});
