import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { canPace, longestGap, originRules, RULES_KEPT } from "./politeness.ts";

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

Deno.test("a run can pace when a rate, delay or jitter is set anywhere: the defaults, a fetch task, an origin", () => {
  const paced = (input: Record<string, unknown>) =>
    canPace(
      validateConfig({ tasks: [{ name: "t", fetch: "https://x.org/" }], ...input }, "inline"),
    );
  assertEquals(paced({}), false);
  assertEquals(
    paced({ defaults: { timeout: "5s" }, origins: { "https://x.org": { perHost: 2 } } }),
    false,
  );
  assertEquals(paced({ defaults: { delay: "1s" } }), true);
  assertEquals(paced({ defaults: { jitter: "50ms" } }), true);
  assertEquals(paced({ origins: { "https://x.org": { rate: "5/s" } } }), true);
  assertEquals(
    canPace(
      validateConfig(
        { tasks: [{ name: "t", fetch: { url: "https://x.org/", rate: "1/s" } }] },
        "inline",
      ),
    ),
    true,
  );
});

Deno.test("the rules kept for a worker that meets new origins for months are bounded", () => {
  const rules = originRules(
    validateConfig({ tasks: [{ name: "t", fetch: "http://a.test/" }] }, "inline"),
  );
  const first = rules("http://a.test", "t");
  assert(rules("http://a.test", "t") === first, "kept");
  for (let n = 0; n < RULES_KEPT; n++) rules(`http://site${n}.test`, "t");
  const again = rules("http://a.test", "t");
  assert(again !== first, "dropped with the others once past RULES_KEPT, not kept for ever");
  assertEquals(again, first);
});

Deno.test("the longest gap of a run bounds every rule's: the defaults, each fetch task, each origin", () => {
  const longest = (input: Record<string, unknown>) =>
    longestGap(
      validateConfig({ tasks: [{ name: "t", fetch: "https://x.org/" }], ...input }, "inline"),
    );
  assertEquals(longest({}), 0);
  assertEquals(longest({ defaults: { jitter: "5s" } }), 0); // jitter is no gap: `nextStartMs` holds it
  assertEquals(longest({ defaults: { delay: "2s" } }), 2000);
  assertEquals(longest({ origins: { "https://x.org": { rate: "1/min" } } }), 60_000);
  const config = validateConfig(
    {
      defaults: { delay: "1s" },
      origins: { "https://y.org": { delay: "3s" } },
      tasks: [
        { name: "slow", fetch: { url: "https://x.org/", rate: "1/10s" } },
        { name: "fast", fetch: { url: "https://y.org/", rate: "10/s" } },
      ],
    },
    "inline",
  );
  const rules = originRules(config);
  const gaps = ["https://x.org", "https://y.org", "https://z.org"].flatMap((origin) =>
    ["slow", "fast", "custom"].map((task) => rules(origin, task).gapMs)
  );
  assertEquals(longestGap(config), Math.max(...gaps));
  assertEquals(longestGap(config), 10_000);
});
