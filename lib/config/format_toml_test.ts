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

Deno.test("parseTomlConfig() names the quote of a string left open at its line's end", async (t) => {
  const hint = (quote: string, at: number) =>
    ` (the ${quote} at column ${at} starts a string that is never closed on its line: add the ` +
    `closing ${quote}, or write ${quote.repeat(3)} around text of several lines)`;
  const cases: [string, number, string][] = [
    ['outDir = "out\nx = 1\n', 14, hint('"', 10)],
    ["outDir = 'out\nx = 1\n", 14, hint("'", 10)],
    ['outDir = "out', 10, hint('"', 10)],
    ['a = { b = "x, c = 1 }\n', 22, hint('"', 11)],
    ['a = "x\\"\ny = 1\n', 9, hint('"', 5)],
  ];
  for (const [text, column, hint] of cases) {
    await t.step(JSON.stringify(text), () => {
      const [issue] = parseTomlConfig(text, "t.toml").issues;
      assertEquals(issue.column, column);
      assert(issue.message.endsWith(hint), issue.message);
    });
  }
  await t.step("not for a closed string, a comment's quote or a multi-line string", () => {
    for (const text of ['a = "x" # it"s\nb = 1x\n', 'x = """abc\n', "a = 'x' 'y'\n"]) {
      const [issue] = parseTomlConfig(text, "t.toml").issues;
      assert(!issue.message.includes("never closed"), issue.message);
    }
  });
});

Deno.test("parseTomlConfig() tells TOML's fix for common slips: [tasks], a bare word, key: value", () => {
  const problem = (text: string) =>
    parseTomlConfig(text, "t.toml").issues.map((issue) =>
      `${issue.line}:${issue.column} ${issue.message}`
    );
  assertEquals(problem('outDir = "o"\n[tasks]\nsleep = "1s"\n'), [
    "2:1 expected a list of tasks, got one table: write [[tasks]] (two brackets) before each task, not [tasks]",
  ]);
  assertEquals(problem('[[tasks]]\nname = a\nsleep = "1s"\n'), [
    '2:8 TOML syntax: invalid value (text is quoted in TOML: name = "a")',
  ]);
  assertEquals(problem('[[tasks]]\nname: "a"\n'), [
    '2:5 TOML syntax: illegal character in key (TOML writes key = value, as in name = "a")',
  ]);
  // A bare true or a list of tasks is no slip.
  assertEquals(problem('[[tasks]]\nsleep = "1s"\n'), []);
  assert(!problem("[[tasks]]\nx = True\n")[0].includes("quoted"));
});
