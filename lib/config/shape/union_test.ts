import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { jsonSchemaOf } from "./json_schema.ts";
import { literal } from "./literal.ts";
import { number } from "./number.ts";
import { strictObject } from "./object.ts";
import { string } from "./string.ts";
import { problems } from "../../../tests/fixtures/shape_problems.ts";
import { union } from "./union.ts";

const fetch = union([
  string("a URL").refine((v) => v.startsWith("http"), (v) => `expected a URL, got "${v}"`),
  strictObject({ url: string("a URL"), n: number("a number").optional() }, "a request"),
], "a URL or a request");

Deno.test("a union reports the problems of the branch the value was meant for", () => {
  assertEquals(problems(fetch, "http://x"), []);
  assertEquals(problems(fetch, { url: "x" }), []);
  assertEquals(problems(fetch, "ftp://x"), [': expected a URL, got "ftp://x"']);
  assertEquals(problems(fetch, { url: "x", n: "1" }), ['n: expected a number, got "1"']);
  assertEquals(problems(fetch, { n: 1 }), [': missing required key "url"']);
  assertEquals(problems(fetch, 5), [": expected a URL or a request, got 5"]);
});

const duration = union([
  number("a duration").min(0, { abort: true }).check((v) => v > 100 ? "too long" : undefined),
  string("a duration").regex(/^\d+s$/, "a duration", { abort: true })
    .check((v) => v.length > 4 ? "too long" : undefined),
], "a duration");
const timeout = union(
  [duration, strictObject({ total: duration.optional() }, "phases")],
  "a timeout",
);

Deno.test("a nested union failing as a whole is not what was meant: the outer message", () => {
  assertEquals(problems(duration, "3 parsecs"), [': expected a duration, got "3 parsecs"']);
  assertEquals(problems(timeout, "3 parsecs"), [': expected a timeout, got "3 parsecs"']);
  assertEquals(problems(timeout, -1), [": expected a timeout, got -1"]);
});

Deno.test("a branch that failed only with problems that let checks continue is passed through", () => {
  assertEquals(problems(timeout, "12345s"), [": too long"]);
  assertEquals(problems(timeout, 200), [": too long"]);
  assertEquals(problems(timeout, { total: "12345s" }), ["total: too long"]);
});

Deno.test("a union of literals and text resolves by kind", () => {
  const metadata = union(
    [string("a file name").nonEmpty(), literal(false)],
    "a file name or false",
  );
  assertEquals(problems(metadata, false), []);
  assertEquals(problems(metadata, ""), [': expected a file name, got ""']);
  assertEquals(problems(metadata, true), [": expected a file name or false, got true"]);
  assertEquals(jsonSchemaOf(metadata), {
    anyOf: [{ type: "string", minLength: 1 }, { type: "boolean", const: false }],
  });
});

Deno.test("a union tries every branch of the value's kind", () => {
  const shape = union([string("short").regex(/^.$/), string("long").regex(/^...$/)], "text");
  assertEquals(problems(shape, "abc"), []);
  assertEquals(problems(shape, "ab"), [': expected short, got "ab"']);
});
