import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { z } from "./deps.ts";
import { configSchema } from "./schema.ts";
import { issuesFromZod, knownKeysAt, sortByField } from "./zod_issues.ts";

function issues(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input, { reportInput: true });
  return result.success ? [] : issuesFromZod(result.error.issues, input, schema);
}

Deno.test("knownKeysAt() lists the keys an object may have at a path, through lists and unions", () => {
  const keys = (path: (string | number)[]) => [...knownKeysAt(configSchema, path)].sort();
  assertEquals(keys(["defaults", "timeout"]), ["connect", "headers", "idle", "tls", "total"]);
  assertEquals(keys(["tasks", 3, "fetch", "auth"]), ["bearer", "password", "username"]);
  assertEquals(keys(["tasks", 0, "schedule"]), [
    "catchUp",
    "cron",
    "jitter",
    "overlap",
    "timezone",
  ]);
  assertEquals(keys(["tasks", 0]).includes("save"), true);
  assertEquals(keys(["nothing"]), []);
});

Deno.test("issuesFromZod() splits unknown keys into one issue each, pointing at the key", () => {
  const schema = z.strictObject({ save: z.string().optional(), sleep: z.number().optional() });
  assertEquals(issues(schema, { sav: 1, slep: 2, other: 3 }), [
    { path: ["sav"], message: 'unknown key "sav" (did you mean "save"?)', at: "key" },
    { path: ["slep"], message: 'unknown key "slep" (did you mean "sleep"?)', at: "key" },
    { path: ["other"], message: 'unknown key "other"', at: "key" },
  ]);
});

Deno.test("issuesFromZod() reports a union's problems in the branch the value was meant for", () => {
  const schema = z.union([
    z.string(),
    z.strictObject({ url: z.string(), n: z.number().optional() }),
  ], { error: () => "expected text or an object" });
  assertEquals(issues(schema, { url: "x", n: "1" }), [
    { path: ["n"], message: "Invalid input: expected number, received string" },
  ]);
  assertEquals(issues(schema, { n: 1 }), [{ path: [], message: 'missing required key "url"' }]);
  assertEquals(issues(schema, 5), [{ path: [], message: "expected text or an object" }]);
});

Deno.test("issuesFromZod() drops repeated issues", () => {
  const schema = z.string().refine(() => false, "no").refine(() => false, "no");
  assertEquals(issues(schema, "x"), [{ path: [], message: "no" }]);
});

Deno.test("sortByField() orders issues as their fields appear in the input", () => {
  const input = { b: { y: 1, x: 2 }, a: [0, 1], c: 3 };
  const sorted = sortByField([
    { path: ["c"], message: "c" },
    { path: ["a", 1], message: "a1" },
    { path: ["b", "x"], message: "bx" },
    { path: ["zz"], message: "absent" },
    { path: ["b"], message: "b" },
    { path: ["b", "y"], message: "by" },
    { path: ["a", 0], message: "a0" },
    { path: [], message: "root" },
  ], input);
  assertEquals(sorted.map((issue) => issue.message), [
    "root",
    "b",
    "by",
    "bx",
    "a0",
    "a1",
    "c",
    "absent",
  ]);
});
