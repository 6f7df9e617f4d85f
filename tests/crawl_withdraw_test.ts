// A worker of a shared queue counts the links each task put in a crawl against `crawl.maxFetches`.
// A link let in but then not queued (its put failed or was given up) is taken back: the count goes
// down by that one link, whatever other links were let in meanwhile.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../lib/config/mod.ts";
import { CrawlRules } from "../lib/tasks/crawl_rules.ts";
import type { RunEnv } from "../lib/tasks/env.ts";
import { TaskTable } from "../lib/tasks/task_table.ts";

Deno.test("a worker's link taken back frees one place under maxFetches, not the places of links let in after it", () => {
  const config = validateConfig({
    tasks: [{
      name: "pages",
      fetch: "http://127.0.0.1:9/",
      crawl: { maxFetches: 2, origins: ["http://127.0.0.1:9"] },
    }],
  }, "inline");
  const warnings: string[] = [];
  const env = { warn: (text: string) => warnings.push(text) } as unknown as RunEnv;
  const rules = new CrawlRules(new TaskTable(config.tasks), env, true);
  rules.open(0);
  const admit = (path: string) => rules.admit(0, 0, `http://127.0.0.1:9/${path}`, 1, 0);
  const first = admit("a");
  const second = admit("b");
  if (typeof first === "string" || typeof second === "string") throw new Error("both let in");
  // The first link's put failed after the second was let in: one of the two places is free again.
  rules.withdraw(0, first);
  const answers = ["c", "d"].map((path) => {
    const link = admit(path);
    return typeof link === "string" ? link : "put";
  });
  assertEquals(answers, ["put", "cap"]);
});
