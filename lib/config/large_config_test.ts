/**
 * Large generated configs load, or fail with their first problems located, in time linear in their
 * size: each of these ran for minutes to hours when a check compared every key with every other.
 * No time is asserted; a check that went quadratic again would make the suite time out.
 */
import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError } from "./config_error.ts";
import { loadText } from "../../tests/fixtures/config_files.ts";

async function failureOf(name: string, text: string): Promise<ConfigError> {
  return await assertRejects(() => loadText(name, text), ConfigError);
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

/** `[line, path, message]` of the first issues, and the last issue's message. */
function summary(error: ConfigError, first: number) {
  return {
    first: error.issues.slice(0, first).map((issue) => [issue.line, issue.path, issue.message]),
    listed: error.issues.length,
    last: error.issues.at(-1)?.message,
    message: error.summary.replace(/^.*: /, ""),
  };
}

const UNKNOWN_16000 = {
  first: [
    [3, "tasks[0].zz0", 'unknown key "zz0"'],
    [4, "tasks[0].zz1", 'unknown key "zz1"'],
  ],
  listed: 101,
  last: "… and 15,900 more problems (only the first 100 are listed)",
  message: "found 16,000 problems",
};

Deno.test("16,000 unknown keys in YAML: the first 100 are listed, located, and the rest counted", async () => {
  const keys = range(16_000).map((index) => `    zz${index}: 1\n`).join("");
  const error = await failureOf("c.yaml", `tasks:\n  - sleep: 1s\n${keys}`);
  assertEquals(summary(error, 2), UNKNOWN_16000);
});

Deno.test("16,000 unknown keys in JSON: the first 100 are listed, located, and the rest counted", async () => {
  const keys = range(16_000).map((index) => `"zz${index}": 1`).join(",\n");
  const error = await failureOf("c.json", `{"tasks": [{"sleep": "1s",\n\n${keys}}]}`);
  assertEquals(summary(error, 2), UNKNOWN_16000);
});

Deno.test("a million unknown keys in TOML: the first 100 are listed, located, and the rest counted", async () => {
  const keys = range(1_000_000).map((index) => `zz${index} = 1\n`).join("");
  const error = await failureOf("c.toml", `[[tasks]]\nsleep = "1s"\n${keys}`);
  assertEquals(summary(error, 2), {
    ...UNKNOWN_16000,
    last: "… and 999,900 more problems (only the first 100 are listed)",
    message: "found 1,000,000 problems",
  });
});

Deno.test("200,000 headers in JSON, one of them a bad name: that one is reported, located", async () => {
  const headers = range(200_000).map((index) => `"X-H${index}": "v",\n`).join("");
  const text = `{"tasks": [{"fetch": {"url": "http://127.0.0.1:9/", "headers": {\n${headers}` +
    `"Bad Name": "v"}}}]}`;
  const error = await failureOf("c.json", text);
  assertEquals(summary(error, 1), {
    first: [[
      200_002,
      'tasks[0].fetch.headers["Bad…"]',
      'expected a header name (letters, digits and !#$%&\'*+-.^_`|~), got "Bad"… (" " may not be in a name; the 4 characters after it are not shown: a value belongs apart from its name)',
    ]],
    listed: 1,
    last:
      'expected a header name (letters, digits and !#$%&\'*+-.^_`|~), got "Bad"… (" " may not be in a name; the 4 characters after it are not shown: a value belongs apart from its name)',
    message: "found 1 problem",
  });
});

Deno.test("200,000 headers in YAML load, and a name given twice is found", async () => {
  const headers = range(200_000).map((index) => `        X-H${index}: v\n`).join("");
  const head = "tasks:\n  - fetch:\n      url: http://127.0.0.1:9/\n      headers:\n";
  const spec = await loadText("c.yaml", head + headers);
  assertEquals(spec.tasks.length, 1);
  const error = await failureOf("c.yaml", head + headers + "        X-H7: again\n");
  assertEquals(
    error.format().split("\n")[0],
    `${error.issues[0].file}:200005:9: tasks[0].fetch.headers["X-H7"]: duplicate key "X-H7" ` +
      "at line 200005; first at line 12",
  );
});

Deno.test("100,000 tasks in one dependency cycle: one issue, naming the first and last tasks", async () => {
  const tasks = range(100_000).map((index) => ({
    name: `t${index}`,
    sleep: "1s",
    after: [`t${(index + 1) % 100_000}`],
  }));
  const error = await failureOf("c.json", JSON.stringify({ tasks }));
  assertEquals(error.issues.map((issue) => [issue.path, issue.message]), [[
    "tasks[0].after[0]",
    "dependency cycle t0 → t1 → t2 → t3 → t4 → (99,991 more) → t99996 → t99997 → t99998 → " +
    "t99999 → t0",
  ]]);
});

Deno.test("100,000 tasks after unknown tasks: the first are listed with a guess", async () => {
  const tasks = range(100_000).map((index) => ({
    name: `t${index}`,
    sleep: 1,
    after: [`u${index + 1}`], // one letter from the next task's name (never its own: a cycle)
  }));
  const error = await failureOf("c.json", JSON.stringify({ tasks }));
  assertEquals(summary(error, 2), {
    first: [
      [1, "tasks[0].after[0]", 'unknown task "u1" (did you mean "t1"?)'],
      [1, "tasks[1].after[0]", 'unknown task "u2" (did you mean "t2"?)'],
    ],
    listed: 101,
    last: "… and 99,900 more problems (only the first 100 are listed)",
    message: "found 100,000 problems",
  });
});

Deno.test("a long YAML task list with 20,000 bad tasks lists the first 100", async () => {
  const tasks = range(20_000).map((index) => `  - { name: t${index}, sleep: 3 parsecs }\n`).join(
    "",
  );
  const error = await failureOf("c.yaml", `tasks:\n${tasks}`);
  const duration =
    'expected a duration like "3s", "1500ms" or "1h30m" (units ms, s (sec), m (min), h (hour), d (day), as in "1h 30m"; a number alone is seconds), got "3 parsecs"';
  assertEquals(summary(error, 2), {
    first: [[2, "tasks[0].sleep", duration], [3, "tasks[1].sleep", duration]],
    listed: 101,
    last: "… and 19,900 more problems (only the first 100 are listed)",
    message: "found 20,000 problems",
  });
});
