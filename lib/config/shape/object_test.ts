import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { custom } from "./custom.ts";
import { jsonSchemaOf } from "./json_schema.ts";
import { number, wholeNumber } from "./number.ts";
import { strictObject } from "./object.ts";
import type { Infer } from "./shape.ts";
import { string } from "./string.ts";
import { problems } from "../../../tests/fixtures/shape_problems.ts";

const task = strictObject({
  name: string("a name").optional().describe("Unique name."),
  sleep: number("seconds").optional(),
  save: string("a path").optional(),
  retries: wholeNumber(0, 9, "retries").optional(),
  run: custom<() => void>((v) => typeof v === "function", "a function").optional(),
}, "a task").check((value, run) => {
  if (value.sleep === undefined && value.run === undefined) run.fail("a task needs sleep or run");
  if (value.sleep !== undefined && value.save !== undefined) {
    run.failAt(["save"], '"save" is only for fetch tasks');
  }
});

Deno.test("strictObject() names unknown keys, with a suggestion when one is close", () => {
  assertEquals(problems(task, { sleep: 1, sav: "x", colour: "red" }), [
    'sav@key: unknown key "sav" (did you mean "save"?)',
    'colour@key: unknown key "colour" (it takes name, sleep, save, retries, run)',
  ]);
  assertEquals(problems(task, [1]), [": expected a task, got a list"]);
});

Deno.test("allowExtensions() takes the keys that start with its prefix, unchecked, and names it to other unknown keys", () => {
  const config = strictObject({ retries: wholeNumber(0, 9, "retries").optional() }, "a config")
    .allowExtensions("x-").belongElsewhere({ save: "on a task" }).check(() => {});
  assertEquals(problems(config, { retries: 1, "x-common": { anything: [1] }, "x-": null }), []);
  assertEquals(problems(config, { retires: 1, save: "a", common: 1, "X-big": 1 }), [
    'retires@key: unknown key "retires" (did you mean "retries"?)',
    'save@key: unknown key "save": it goes on a task',
    'common@key: unknown key "common" (a key of your own, such as one that holds a YAML anchor, ' +
    'starts with "x-")',
    '["X-big"]@key: unknown key "X-big" (a key of your own, such as one that holds a YAML anchor, ' +
    'starts with "x-")',
  ]);
  // Only where allowed: the keys of a task inside are the task's.
  assertEquals(problems(task, { sleep: 1, "x-note": 1 }), [
    '["x-note"]@key: unknown key "x-note" (it takes name, sleep, save, retries, run)',
  ]);
  assertEquals(jsonSchemaOf(config).patternProperties, { "^x-": {} });
  assertEquals(jsonSchemaOf(config).additionalProperties, false);
  assertEquals(
    jsonSchemaOf(strictObject({}, "a thing").allowExtensions("a.b")).patternProperties,
    { "^a\\.b": {} },
  );
});

Deno.test("strictObject() quotes an unknown key as JSON: a quote, a TAB or a line break in it is escaped", () => {
  assertEquals(
    problems(task, { sleep: 1, 'a"b': 1, "c\td": 2, "e\nf\\": 3 }),
    [
      '["a\\"b"]@key: unknown key "a\\"b"',
      '["c\\td"]@key: unknown key "c\\td"',
      '["e\\nf\\\\"]@key: unknown key "e\\nf\\\\"',
    ].map((line) => `${line} (it takes name, sleep, save, retries, run)`),
  );
});

Deno.test("strictObject() names missing required keys at the object", () => {
  const request = strictObject(
    { url: string("a URL"), method: string("a method").optional() },
    "r",
  );
  assertEquals(problems(request, { method: "GET" }), [': missing required key "url"']);
  assertEquals(problems(request, { url: undefined }), [': missing required key "url"']);
});

Deno.test("whole-object checks run even when fields failed, so every problem is reported", () => {
  assertEquals(problems(task, { name: 5, sleep: 1, save: "x" }), [
    "name: expected a name, got 5",
    'save: "save" is only for fetch tasks',
  ]);
  assertEquals(problems(task, { name: "a" }), [": a task needs sleep or run"]);
});

Deno.test("whole-object checks are skipped after a stop (an aborting check, a predicate)", () => {
  assertEquals(problems(task, { run: "x", sleep: 1, save: "x" }), [
    'run: expected a function, got "x"',
  ]);
  assertEquals(problems(task, { retries: 1.5 }), [
    "retries: expected retries (a whole number from 0 to 9), got 1.5",
  ]);
});

Deno.test("an object's JSON Schema: properties, required keys, no others; field descriptions first", () => {
  const shape = strictObject({
    url: string("a URL"),
    n: number("n").optional().describe("A number."),
  }, "r").meta({ id: "R", description: "A request." });
  assertEquals(jsonSchemaOf(shape), {
    $ref: "#/$defs/R",
    $defs: {
      R: {
        type: "object",
        properties: { url: { type: "string" }, n: { description: "A number.", type: "number" } },
        required: ["url"],
        additionalProperties: false,
        description: "A request.",
      },
    },
  });
});

// Type-level: optional fields are optional keys, the others required.
const requestShape = strictObject({ url: string("u"), n: number("n").optional() }, "r");
type Request = Infer<typeof requestShape>;
const typed: Request = { url: "x" };
// @ts-expect-error: url is required
const untyped: Request = { n: 1 };

Deno.test("Infer gives an object shape's type", () => {
  assert(typed.url === "x" && untyped.n === 1);
});
