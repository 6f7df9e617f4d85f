import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { jsonSchemaOf } from "./json_schema.ts";
import { isPlainObject, record } from "./record.ts";
import { string } from "./string.ts";
import { problems } from "../../../tests/fixtures/shape_problems.ts";

const headers = record(
  string("a header name").regex(/^[A-Za-z-]+$/).refine(
    (name) => name.toLowerCase() !== "host",
    (name) => `"${name}" is set by corun`,
  ),
  string("a header value").regex(/^[^\n]*$/),
  "headers",
);

Deno.test("record() points at bad keys and skips their values", () => {
  assertEquals(problems(headers, { Accept: "x" }), []);
  assertEquals(problems(headers, { "Bad Name": 5, Host: "h", Ok: "a\nb", Num: 1 }), [
    '["Bad Name"]@key: expected a header name, got "Bad Name"',
    'Host@key: "Host" is set by corun',
    'Ok: expected a header value, got "a\\nb"',
    "Num: expected a header value, got 1",
  ]);
});

Deno.test("record() takes plain objects only, with or without a prototype", () => {
  assertEquals(problems(headers, Object.assign(Object.create(null), { A: "b" })), []);
  assertEquals(problems(headers, new Date(0)), [": expected headers, got a date"]);
  assertEquals(problems(headers, ["x"]), [": expected headers, got a list"]);
  assertEquals(isPlainObject(new Map()), false);
});

Deno.test("a record's JSON Schema names its keys and values", () => {
  assertEquals(jsonSchemaOf(record(string("k"), string("v"), "table")), {
    type: "object",
    propertyNames: { type: "string" },
    additionalProperties: { type: "string" },
  });
});
