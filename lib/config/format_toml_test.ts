import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { parseTomlConfig } from "./format_toml.ts";

Deno.test("parseTomlConfig() returns the data and locates fields", () => {
  const parsed = parseTomlConfig('outDir = "x"\n\n[[tasks]]\nsleep = "1s"\n', "t.toml");
  const locate = parsed.locate!;
  assert(parsed.usable);
  assertEquals(JSON.parse(JSON.stringify(parsed.value)), { outDir: "x", tasks: [{ sleep: "1s" }] });
  assertEquals(locate(["tasks", 0, "sleep"], "value"), { line: 4, column: 9 });
  assertEquals(locate(["tasks", 0, "sleep"], "key"), { line: 4, column: 1 });
});

Deno.test("parseTomlConfig() reports a syntax error with its line and column, without data", () => {
  const parsed = parseTomlConfig('outDir = "x"\ntasks = [\n', "t.toml");
  assertEquals(parsed.usable, false);
  assertEquals(parsed.issues.length, 1);
  const [issue] = parsed.issues;
  assertEquals([issue.file, issue.line, issue.path], ["t.toml", 3, ""]);
  assert(issue.message.startsWith("TOML syntax: ") && !issue.message.includes("\n"), issue.message);
});
