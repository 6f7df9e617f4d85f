/**
 * A gate obeys an origin's robots.txt for a day at most (RFC 9309 §2.4), then reads it again, and
 * drops the rules of origins no link asks again: a worker of a shared queue is one run that lasts
 * months, and kept every origin's rules, as they were at its first link, for all of it. The gate's
 * clock and its reads are the test's.
 */
import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { codeOf, runOperation } from "../loop/mod.ts";
import type { RunEnv } from "./env.ts";
import { ROBOTS_MAX_AGE_MS, RobotsGate } from "./robots_gate.ts";
import { RobotsRules } from "./robots_rules.ts";
import type { FetchTaskSpec } from "./spec.ts";

/** A gate whose reads answer "no robots.txt", or what `answer` gives or throws. */
function gateOf(answer = (origin: string) => RobotsRules.absent(`${origin}/robots.txt`)) {
  const config = validateConfig({
    tasks: [{ name: "site", fetch: "http://127.0.0.1:9/", save: "{path}.html", *onResponse() {} }],
  }, "inline");
  const spec = config.tasks[0] as FetchTaskSpec;
  const env = {
    baseDir: "/",
    warn: () => {},
    stopping: () => false,
    frontier: { *turnAt() {}, turnUnused() {} },
  } as unknown as RunEnv;
  const clock = { nowMs: 0 };
  const reads: string[] = [];
  const gate = new RobotsGate(env, {
    now: () => clock.nowMs,
    // deno-lint-ignore require-yield
    *read(origin) {
      reads.push(origin);
      return answer(origin);
    },
  });
  const check = (origin: string) =>
    runOperation(gate.check(spec, { task: 0, url: `${origin}/page`, depth: 1 }, 1, false));
  return { gate, check, clock, reads };
}

Deno.test("an origin's robots.txt is read again once its rules are a day old", async () => {
  const { check, clock, reads } = gateOf();
  await check("http://a.test");
  clock.nowMs = ROBOTS_MAX_AGE_MS - 1;
  await check("http://a.test");
  assertEquals(reads, ["http://a.test"], "obeyed as read within the day");
  clock.nowMs = ROBOTS_MAX_AGE_MS;
  await check("http://a.test");
  assertEquals(reads, ["http://a.test", "http://a.test"]);
});

Deno.test("the rules of origins no link asks again are dropped once a day old", async () => {
  const { gate, check, clock } = gateOf();
  for (let n = 0; n < 100; n++) await check(`http://site${n}.test`);
  assertEquals(gate.originCount, 100);
  clock.nowMs = ROBOTS_MAX_AGE_MS + 1;
  await check("http://another.test");
  assertEquals(gate.originCount, 1, "a worker of months keeps no rules for every origin it met");
});

Deno.test("an origin whose robots.txt Deno may not connect to fails each link, its file asked once", async () => {
  const { check, reads } = gateOf((origin) => {
    throw Object.assign(new Error(`Cannot read ${origin}/robots.txt: not allowed`), {
      code: "NOT_PERMITTED",
    });
  });
  for (let n = 0; n < 3; n++) {
    const error = await assertRejects(() => check("http://a.test"));
    assertEquals(codeOf(error), "NOT_PERMITTED");
  }
  assertEquals(reads, ["http://a.test"], "one request per origin, not one per link");
});
