import { assert, assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, formatIssue, formatPath, sortIssues } from "./config_error.ts";
import { validateConfig } from "./load.ts";

Deno.test("formatPath() writes paths the way JavaScript reaches them", () => {
  assertEquals(formatPath([]), "");
  assertEquals(formatPath(["tasks", 2, "sleep"]), "tasks[2].sleep");
  assertEquals(formatPath(["defaults", "headers", "User-Agent"]), 'defaults.headers["User-Agent"]');
  assertEquals(formatPath([0]), "[0]");
  assertEquals(formatPath(["$schema"]), "$schema");
});

Deno.test("formatIssue() leaves out the line, column and path when they are unknown", () => {
  const issue = { file: "a.yaml", line: 7, column: 12, path: "tasks[2].sleep", message: "bad" };
  assertEquals(formatIssue(issue), "a.yaml:7:12: tasks[2].sleep: bad");
  assertEquals(formatIssue({ ...issue, column: undefined }), "a.yaml:7: tasks[2].sleep: bad");
  assertEquals(
    formatIssue({ ...issue, line: undefined, column: undefined }),
    "a.yaml: tasks[2].sleep: bad",
  );
  assertEquals(formatIssue({ file: "a.ts", path: "", message: "bad" }), "a.ts: bad");
});

Deno.test("ConfigError summarises the count and formats one line per issue", () => {
  const issues = [
    { file: "a.yaml", line: 1, column: 1, path: "x", message: "one" },
    { file: "a.yaml", line: 2, column: 3, path: "y", message: "two" },
  ];
  const error = new ConfigError("a.yaml", issues);
  assert(error instanceof Error);
  assertEquals(error.name, "ConfigError");
  assertEquals(error.code, "CONFIG_INVALID");
  assertEquals(error.summary, 'Cannot load the config "a.yaml": found 2 problems');
  assertEquals(error.format(), "a.yaml:1:1: x: one\na.yaml:2:3: y: two");
  assertEquals(new ConfigError("a.yaml", issues.slice(1)).summary.endsWith("1 problem"), true);
});

Deno.test("a ConfigError's message says what is wrong and where: uncaught, it is all that is printed", () => {
  const error = assertThrows(
    () => validateConfig({ tasks: [{ name: "a", sleep: true }] }, "inline config"),
    ConfigError,
  );
  assertEquals(
    error.message,
    'Cannot load the config "inline config": found 1 problem:\n' +
      '  inline config: tasks[0].sleep: expected a duration like "3s", "1500ms" or "1h30m" (units ms, s (sec), m (min), h (hour), d (day), as in "1h 30m"; a number alone is seconds), got true',
  );
});

Deno.test("a ConfigError's message lists the first ten problems and counts the others", () => {
  const issues = Array.from({ length: 12 }, (_, index) => ({
    file: "a.yaml",
    line: index + 1,
    path: `tasks[${index}].sleep`,
    message: "bad",
  }));
  const lines = new ConfigError("a.yaml", issues, { problems: 40 }).message.split("\n");
  assertEquals(lines.length, 12);
  assertEquals(lines[0], 'Cannot load the config "a.yaml": found 40 problems:');
  assertEquals(lines[10], "  a.yaml:10: tasks[9].sleep: bad");
  assertEquals(lines[11], "  … and 30 more (the error's `issues`)");
});

Deno.test("sortIssues() orders by position and keeps unlocated issues last, in order", () => {
  const at = (line: number | undefined, column: number | undefined, message: string) => ({
    file: "f",
    line,
    column,
    path: "",
    message,
  });
  const sorted = sortIssues([
    at(undefined, undefined, "u1"),
    at(5, 2, "b"),
    at(5, 1, "a"),
    at(undefined, undefined, "u2"),
    at(1, 9, "first"),
  ]);
  assertEquals(sorted.map((issue) => issue.message), ["first", "a", "b", "u1", "u2"]);
});

Deno.test("the line after the listed problems counts the rest in words that fit one or many", async (t) => {
  const sleeps = (count: number) => ({
    tasks: Array.from({ length: count }, () => ({ sleep: "x" })),
  });
  const lastLine = (count: number, maxListedIssues: number) => {
    const error = assertThrows(
      () => validateConfig(sleeps(count), "inline", { maxListedIssues }),
      ConfigError,
    );
    return error.issues.at(-1)?.message;
  };
  await t.step("one more, several listed", () => {
    assertEquals(lastLine(3, 2), "… and 1 more problem (only the first 2 are listed)");
  });
  await t.step("several more, one listed", () => {
    assertEquals(lastLine(3, 1), "… and 2 more problems (only the first is listed)");
  });
  await t.step("thousands more, grouped", () => {
    assertEquals(lastLine(1102, 100), "… and 1,002 more problems (only the first 100 are listed)");
  });
});

Deno.test("formatPath() hides a user:password@ in a key, a URL's or not", () => {
  assertEquals(
    formatPath(["origins", "https://me:pw@x.org"]),
    'origins["https://***@x.org"]',
  );
  assertEquals(formatPath(["origins", "http:/me:pw@x.org"]), 'origins["http:/***@x.org"]');
  assertEquals(formatPath(["origins", "me:pw@x.org", "rate"]), 'origins["***@x.org"].rate');
  // An @ without a : before it is no password: a key stays as written.
  assertEquals(formatPath(["headers", "From", "me@x.org"]), 'headers.From["me@x.org"]');
});
