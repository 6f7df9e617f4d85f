import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { jsonSchemaOf } from "./json_schema.ts";
import { number, wholeNumber } from "./number.ts";
import { problems } from "../../../tests/fixtures/shape_problems.ts";

Deno.test("number() accepts finite numbers only", () => {
  const shape = number("a number");
  assertEquals(problems(shape, 1.5), []);
  assertEquals(problems(shape, Infinity), [": expected a number, got Infinity"]);
  assertEquals(problems(shape, NaN), [": expected a number, got NaN"]);
  assertEquals(problems(shape, "1"), [': expected a number, got "1"']);
});

Deno.test("wholeNumber() says the range in its message", () => {
  const retries = wholeNumber(0, 100, "a number of retries");
  const message = (got: string) =>
    `: expected a number of retries (a whole number from 0 to 100), got ${got}`;
  assertEquals(problems(retries, 0), []);
  assertEquals(problems(retries, 100), []);
  assertEquals(problems(retries, 101), [message("101")]);
  assertEquals(problems(retries, -1), [message("-1")]);
  assertEquals(problems(retries, 1.5), [message("1.5")]);
  assertEquals(retries.isKind(1.5), false); // a fraction is not a whole number's kind
});

Deno.test("min() with abort stops the chain before a check", () => {
  const shape = number("seconds").min(0, { abort: true }).check((v) =>
    v > 10 ? "too long" : undefined
  );
  assertEquals(problems(shape, -20), [": expected seconds, got -20"]);
  assertEquals(problems(shape, 20), [": too long"]);
});

Deno.test("a number's JSON Schema: integer bounds default to the safe range", () => {
  assertEquals(jsonSchemaOf(number("x").min(0)), { type: "number", minimum: 0 });
  assertEquals(jsonSchemaOf(number("x").int().min(0)), {
    type: "integer",
    minimum: 0,
    maximum: Number.MAX_SAFE_INTEGER,
  });
  assertEquals(jsonSchemaOf(wholeNumber(1, 5, "x")), { type: "integer", minimum: 1, maximum: 5 });
});
