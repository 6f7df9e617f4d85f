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

Deno.test("parseTomlConfig() says to quote a duration, rate or size written bare, as TOML wants text", async (t) => {
  const cases: [string, string][] = [
    ["sleep = 1s", 'illegal character in numeric literal (text is quoted in TOML: sleep = "1s")'],
    [
      "rate = 30/min  # polite",
      'illegal character in numeric literal (text is quoted in TOML: rate = "30/min")',
    ],
    [
      "maxBodySize = 10MiB",
      'illegal character in numeric literal (text is quoted in TOML: maxBodySize = "10MiB")',
    ],
    ["fetch = https://x.org/", 'invalid value (text is quoted in TOML: fetch = "https://x.org/")'],
    [
      "bandwidth = 2MiB/s",
      'illegal character in numeric literal (text is quoted in TOML: bandwidth = "2MiB/s")',
    ],
    [
      'origins = { "https://x.org" = { rate = 1/s, delay = 2s } }',
      'illegal character in numeric literal (text is quoted in TOML: rate = "1/s")',
    ],
    [
      'fetch = { url = "https://x.org/", timeout = 5s }',
      'illegal character in numeric literal (text is quoted in TOML: timeout = "5s")',
    ],
  ];
  for (const [line, message] of cases) {
    await t.step(line, () => {
      const parsed = parseTomlConfig(`[[tasks]]\n${line}\n`, "t.toml");
      assertEquals(parsed.issues.map((issue) => [issue.line, issue.message]), [
        [2, `TOML syntax: ${message}`],
      ]);
    });
  }
  await t.step("not for a value that is no text", () => {
    for (const text of ["retries = 2x\n", "a = [1, 2\n", "sleep = [1s]\n"]) {
      const [issue] = parseTomlConfig(text, "t.toml").issues;
      assert(!issue.message.includes("quoted"), issue.message);
    }
  });
});
