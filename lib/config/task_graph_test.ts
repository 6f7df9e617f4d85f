import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { checkTaskGraph, defaultTaskName } from "./task_graph.ts";

function tasks(...list: Record<string, unknown>[]) {
  return { tasks: list };
}

Deno.test("defaultTaskName() numbers tasks from 1", () => {
  assertEquals(defaultTaskName(0), "task-1");
  assertEquals(defaultTaskName(9), "task-10");
});

Deno.test("checkTaskGraph() accepts unique names and known dependencies", () => {
  assertEquals(
    checkTaskGraph(tasks({ name: "a" }, { after: ["a"] }, { name: "c", after: ["a", "task-2"] })),
    [],
  );
});

Deno.test("checkTaskGraph() reports a duplicate name at the later task, default names included", () => {
  assertEquals(checkTaskGraph(tasks({ name: "a" }, { name: "a" }, { name: "task-1" }, {})), [
    { path: ["tasks", 1, "name"], message: 'duplicate task name "a" (tasks[0] has it too)' },
  ]);
  assertEquals(checkTaskGraph(tasks({ name: "task-2" }, {})), [
    { path: ["tasks", 1], message: 'duplicate task name "task-2" (tasks[0] has it too)' },
  ]);
});

Deno.test("checkTaskGraph() reports unknown after names with a suggestion", () => {
  assertEquals(checkTaskGraph(tasks({ name: "fetch-blog" }, { after: ["fetch-blgo", "zzz"] })), [
    {
      path: ["tasks", 1, "after", 0],
      message: 'unknown task "fetch-blgo" (did you mean "fetch-blog"?)',
    },
    { path: ["tasks", 1, "after", 1], message: 'unknown task "zzz"' },
  ]);
});

Deno.test("checkTaskGraph() never suggests a task's own name for its unknown after name", () => {
  assertEquals(checkTaskGraph(tasks({ name: "fetch" }, { name: "fetch-2", after: ["fetch-3"] })), [
    { path: ["tasks", 1, "after", 0], message: 'unknown task "fetch-3" (did you mean "fetch"?)' },
  ]);
  // Unnamed, it is "task-2", one letter from "task-3".
  assertEquals(checkTaskGraph(tasks({ name: "x" }, { after: ["task-3"] })), [
    { path: ["tasks", 1, "after", 0], message: 'unknown task "task-3"' },
  ]);
});

Deno.test("checkTaskGraph() quotes task names as JSON: a quote or a TAB in one is escaped", () => {
  assertEquals(checkTaskGraph(tasks({ name: 'a"b' }, { name: 'a"b' }, { after: ["x\ty"] })), [
    { path: ["tasks", 1, "name"], message: 'duplicate task name "a\\"b" (tasks[0] has it too)' },
    { path: ["tasks", 2, "after", 0], message: 'unknown task "x\\ty"' },
  ]);
});

Deno.test("checkTaskGraph() reports each cycle once, as a path from its first task", async (t) => {
  await t.step("a task waiting for itself", () => {
    assertEquals(checkTaskGraph(tasks({ name: "a", after: ["a"] })), [
      { path: ["tasks", 0, "after", 0], message: "dependency cycle a → a" },
    ]);
  });
  await t.step("two tasks", () => {
    assertEquals(checkTaskGraph(tasks({ name: "a", after: ["b"] }, { name: "b", after: ["a"] })), [
      { path: ["tasks", 0, "after", 0], message: "dependency cycle a → b → a" },
    ]);
  });
  await t.step("a longer cycle reached through a task outside it, and a second cycle", () => {
    const config = tasks(
      { name: "x" },
      { name: "a", after: ["x", "c"] },
      { name: "b", after: ["a"] },
      { name: "c", after: ["b"] },
      { name: "y", after: ["c"] },
      { name: "p", after: ["q"] },
      { name: "q", after: ["p"] },
    );
    assertEquals(checkTaskGraph(config), [
      { path: ["tasks", 1, "after", 1], message: "dependency cycle a → c → b → a" },
      { path: ["tasks", 5, "after", 0], message: "dependency cycle p → q → p" },
    ]);
  });
  await t.step("no cycle in a diamond", () => {
    const config = tasks({ name: "a" }, { name: "b", after: ["a"] }, { name: "c", after: ["a"] }, {
      name: "d",
      after: ["b", "c"],
    });
    assertEquals(checkTaskGraph(config), []);
  });
});

Deno.test("checkTaskGraph() tolerates malformed input the schema reports", () => {
  assertEquals(checkTaskGraph(null), []);
  assertEquals(checkTaskGraph({ tasks: "no" }), []);
  assertEquals(checkTaskGraph(tasks({ name: 5 }, { after: "x" }, { after: [1, ""] })), []);
  assertEquals(checkTaskGraph({ tasks: ["text", null] }), []);
});

Deno.test("checkTaskGraph() takes holes in a TypeScript config's lists without crashing", () => {
  // deno-lint-ignore no-sparse-arrays
  const after = [, "x"];
  // deno-lint-ignore no-sparse-arrays
  const tasks = [{ name: "x", sleep: "1s" }, , { sleep: "1s", after }];
  assertEquals(checkTaskGraph({ tasks }), []);
});
