import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, validateConfig } from "./mod.ts";

const TASKS = [{ name: "nap", sleep: "1s" }];

Deno.test("keepRuns and keepHistory reach the config spec, and are absent when not given", () => {
  const spec = validateConfig({ keepRuns: 5, keepHistory: 200, tasks: TASKS }, "tasks.yaml");
  assertEquals([spec.keepRuns, spec.keepHistory], [5, 200]);
  const plain = validateConfig({ tasks: TASKS }, "tasks.yaml");
  assertEquals([plain.keepRuns, plain.keepHistory], [undefined, undefined]);
});

Deno.test("keepRuns and keepHistory must be whole numbers from 1, said with the field", () => {
  for (const [field, value] of [["keepRuns", 0], ["keepHistory", 2.5], ["keepRuns", "30"]]) {
    const error = assertThrows(
      () => validateConfig({ [field]: value, tasks: TASKS }, "tasks.yaml"),
      ConfigError,
    ) as ConfigError;
    assertEquals(
      error.issues.map((issue) => issue.path),
      [field as string],
      error.message,
    );
  }
});
