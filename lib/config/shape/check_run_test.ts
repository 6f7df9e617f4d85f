import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { CheckRun, expected } from "./check_run.ts";
import { string } from "./string.ts";

Deno.test("expected() writes `expected <what>, got <value>`", () => {
  assertEquals(expected("a name", 5), "expected a name, got 5");
  assertEquals(expected("a name", undefined), "expected a name, got nothing");
});

Deno.test("CheckRun records problems at the current path, once each", () => {
  const run = new CheckRun(["tasks", 2]);
  run.path.push("sleep");
  run.fail("bad");
  run.fail("bad");
  run.path.pop();
  run.failAt(["fetch", "url"], "worse", "skip");
  run.failAt(["sav"], "unknown", "continue", "key");
  assertEquals(run.issues, [
    { path: ["tasks", 2, "sleep"], message: "bad" },
    { path: ["tasks", 2, "fetch", "url"], message: "worse" },
    { path: ["tasks", 2, "sav"], message: "unknown", at: "key" },
  ]);
  assertEquals(run.path, ["tasks", 2]);
  assertEquals([run.failures, run.hardFailures, run.stops], [4, 1, 0]);
});

Deno.test("CheckRun counts but does not record problems found quietly", () => {
  const run = new CheckRun();
  assert(!run.quietly(string("a name"), 5));
  assertEquals(run.issues, []);
  assertEquals([run.failures, run.hardFailures], [1, 1]);
  run.recount(0, 0, 0, "stop");
  assertEquals([run.failures, run.hardFailures, run.stops], [1, 1, 1]);
  assert(!run.quiet);
});

Deno.test("a valid value leaves the run's issue list the shared empty one", () => {
  const first = new CheckRun();
  const second = new CheckRun();
  assert(string("a name").validate("x", first) && string("a name").validate("y", second));
  assert(first.issues === second.issues && Object.isFrozen(first.issues));
});
