import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, sleepTask, task } from "./define.ts";
import type { ConfigInput, FetchOptionsInput, RequestInput, TaskInput } from "./input_types.ts";
import { validateConfig } from "./load.ts";
import type { configSchema } from "./schema.ts";
import type { Infer } from "./shape/mod.ts";

Deno.test("the builders produce the raw shape a YAML config would have", () => {
  const onResponse = () => {};
  assertEquals(sleepTask("nap", "3s", { after: ["x"] }), {
    name: "nap",
    sleep: "3s",
    after: ["x"],
  });
  assertEquals(fetchTask("blog", "https://a.example/"), {
    name: "blog",
    fetch: "https://a.example/",
  });
  assertEquals(
    fetchTask("post", { url: "https://a.example/", method: "POST", body: "hi" }, {
      save: "a.html",
      retries: 1,
      onResponse,
      schedule: "@hourly",
    }),
    {
      name: "post",
      fetch: { url: "https://a.example/", method: "POST", body: "hi" },
      save: "a.html",
      retries: 1,
      onResponse,
      schedule: "@hourly",
    },
  );
  const run = function* () {};
  assertEquals(task("custom", run, { after: ["nap"] }), { name: "custom", run, after: ["nap"] });
});

Deno.test("defineConfig() returns its argument, which validates like a file's content", () => {
  const run = function* () {};
  const input = {
    outDir: "results",
    tasks: [
      sleepTask("a", 1),
      fetchTask("b", "https://a.example/", { after: ["a"] }),
      task("c", run),
    ],
  };
  assert(defineConfig(input) === input);
  const spec = validateConfig(defineConfig(input), "inline", { baseDir: "/base" });
  assertEquals(spec.tasks.map((spec) => [spec.kind, spec.name, spec.after]), [
    ["sleep", "a", []],
    ["fetch", "b", ["a"]],
    ["custom", "c", []],
  ]);
});

// Type-level: whatever the input types allow, the schema's type allows; and what the schema lets through
// fits the input types, except inside tasks, whose exclusive choices (sleep | fetch | run, body and auth
// forms) the types spell out and the schema checks by hand.
// Keys are compared too, since an extra optional key never breaks assignability.
type Assignable<From, To> = [From] extends [To] ? true : false;
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false)
  : false;
type KeysOfUnion<T> = T extends unknown ? keyof T : never;
type Validated = Infer<typeof configSchema>;
type ValidatedTask = Validated["tasks"][number];
type ValidatedRequest = Extract<ValidatedTask["fetch"], object>;
const typedInputFitsSchema: Assignable<ConfigInput, Validated> = true;
const validatedFitsTypes: Assignable<Omit<Validated, "tasks">, Omit<ConfigInput, "tasks">> = true;
const sameConfigKeys: SameKeys<ConfigInput, Validated> = true;
const sameDefaultsKeys: SameKeys<FetchOptionsInput, NonNullable<Validated["defaults"]>> = true;
const sameRequestKeys: SameKeys<RequestInput, ValidatedRequest> = true;
const sameTaskKeys: [KeysOfUnion<TaskInput>] extends [keyof ValidatedTask]
  ? [keyof ValidatedTask] extends [KeysOfUnion<TaskInput>] ? true : false
  : false = true;

Deno.test("the input types and the schema describe the same shape", () => {
  assert(typedInputFitsSchema && validatedFitsTypes);
  assert(sameConfigKeys && sameDefaultsKeys && sameRequestKeys && sameTaskKeys);
});
