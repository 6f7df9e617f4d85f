import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { sleepTask, task, validateConfig } from "../config/mod.ts";
import { run } from "./runner.ts";

Deno.test("a chain of 100,000 tasks whose first fails skips all the others (no stack overflow)", async () => {
  const count = 100_000;
  const tasks = [
    // deno-lint-ignore require-yield
    task("t0", function* () {
      throw new Error("broke");
    }),
    ...Array.from(
      { length: count - 1 },
      (_, index) => sleepTask(`t${index + 1}`, "1s", { after: [`t${index}`] }),
    ),
  ];
  const config = validateConfig({ outDir: "out", metadata: false, tasks }, "chain.ts");
  const warnings: string[] = [];
  const report = await run(config, {
    virtualTime: true,
    state: false,
    onWarning: (message) => warnings.push(message),
  });
  assertEquals(warnings, []);
  assertEquals(report.counts, { done: 0, failed: 1, cancelled: 0, skipped: count - 1 });
  const last = report.tasks[count - 1];
  assertEquals([last.outcome, last.startMs, last.error?.message], [
    "skipped",
    null,
    `it runs after "t${count - 2}", which was skipped`,
  ]);
});
