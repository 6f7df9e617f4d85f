import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { string } from "./string.ts";
import { jsonSchemaOf } from "./json_schema.ts";
import { problems } from "../../../tests/fixtures/shape_problems.ts";

Deno.test("string() refuses other types with `expected <what>, got <value>`", () => {
  const name = string("a name");
  assertEquals(problems(name, "x"), []);
  assertEquals(problems(name, 5), [": expected a name, got 5"]);
  assertEquals(problems(name, null), [": expected a name, got null"]);
});

Deno.test("nonEmpty(), regex() and refine() run in order; each failure is reported", () => {
  const user = string("a user name")
    .nonEmpty()
    .refine((value) => !value.includes(":"), 'a user name cannot contain ":"')
    .regex(/^[^\n]*$/, "a user name without LF");
  assertEquals(problems(user, "ok"), []);
  assertEquals(problems(user, ""), [': expected a user name, got ""']);
  assertEquals(problems(user, "a:\n"), [
    ': a user name cannot contain ":"',
    ': expected a user name without LF, got "a:\\n"',
  ]);
});

Deno.test("a check marked abort stops the chain", () => {
  const digits = string("digits")
    .regex(/^\d+$/, "digits", { abort: true })
    .check((value) => value.length > 3 ? `expected at most 3 digits, got "${value}"` : undefined);
  assertEquals(problems(digits, "12a45"), [': expected digits, got "12a45"']);
  assertEquals(problems(digits, "12345"), [': expected at most 3 digits, got "12345"']);
});

Deno.test("refine() messages may be made from the value", () => {
  const header = string("a header").refine((v) => v !== "Host", (v) => `"${v}" is reserved`);
  assertEquals(problems(header, "Host"), [': "Host" is reserved']);
});

Deno.test("a string's JSON Schema carries minLength and patterns, not code checks", () => {
  const shape = string("x").nonEmpty().regex(/^a/).refine(() => true, "never").regex(/b$/);
  assertEquals(jsonSchemaOf(shape), {
    type: "string",
    minLength: 1,
    pattern: "^a",
    allOf: [{ pattern: "b$" }],
  });
  assertThrows(() => string("x").regex(/a/g), TypeError);
});
