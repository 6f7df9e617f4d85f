import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { findTomlOffset, indexToml } from "./toml_locator.ts";
import { lineStarts, positionAt } from "./locate.ts";

const DOC = `# corun
outDir = "out"   # comment
"quoted key" = 'x'

[defaults]
timeout = { connect = "3s", total = "1m" }
headers.User-Agent = "corun"
retryOn = [
  429, # too many
  503,
]

[[tasks]]
name = "a"
sleep = "3s"
note = """
[[tasks]]
sleep = "not a header"
"""

[[tasks]]
fetch = "https://x/"
after = ["a", 'b']

[tasks.schedule]
cron = "* * * * *"

[[tasks]]
name = "c"
`;

function at(path: (string | number)[], target: "key" | "value" = "value") {
  const { line, column } = positionAt(
    lineStarts(DOC),
    findTomlOffset(indexToml(DOC), path, target),
  );
  return `${line}:${column}`;
}

Deno.test("indexToml() locates top-level keys, quoted keys and their values", () => {
  assertEquals(at(["outDir"], "key"), "2:1");
  assertEquals(at(["outDir"]), "2:10");
  assertEquals(at(["quoted key"], "key"), "3:1");
  assertEquals(at(["quoted key"]), "3:16");
});

Deno.test("indexToml() follows tables, inline tables, dotted keys and multi-line arrays", () => {
  assertEquals(at(["defaults"]), "5:1");
  assertEquals(at(["defaults", "timeout", "total"]), "6:37");
  assertEquals(at(["defaults", "timeout", "connect"], "key"), "6:13");
  assertEquals(at(["defaults", "headers", "User-Agent"]), "7:22");
  assertEquals(at(["defaults", "headers"], "key"), "7:1");
  assertEquals(at(["defaults", "retryOn", 1]), "10:3");
});

Deno.test("indexToml() numbers arrays of tables and skips headers inside strings", () => {
  assertEquals(at(["tasks", 0]), "13:1");
  assertEquals(at(["tasks", 0, "sleep"]), "15:9");
  assertEquals(at(["tasks", 1]), "21:1");
  assertEquals(at(["tasks", 1, "after", 1]), "23:15");
  assertEquals(at(["tasks", 1, "schedule", "cron"]), "26:8");
  assertEquals(at(["tasks", 2, "name"], "key"), "29:1");
});

Deno.test("indexToml() locates an array of tables, and one nested in a task, at its first header", () => {
  const doc = `[[tasks]]\nname = "a"\n\n[[tasks.fetchx]]\nurl = "x"\n\n[[task]]\n[[task]]\n`;
  const place = (path: (string | number)[]) => {
    const { line, column } = positionAt(
      lineStarts(doc),
      findTomlOffset(indexToml(doc), path, "key"),
    );
    return `${line}:${column}`;
  };
  assertEquals(place(["task"]), "7:1");
  assertEquals(place(["task", 1]), "8:1");
  assertEquals(place(["tasks", 0, "fetchx"]), "4:1");
  assertEquals(place(["tasks"]), "1:1");
});

Deno.test("findTomlOffset() falls back to the nearest field present", () => {
  assertEquals(at(["tasks", 1, "save"]), "21:1");
  assertEquals(at(["tasks", 1, "fetch", "url"]), "22:9");
  assertEquals(at(["nothing", "here"]), "1:1");
});

Deno.test("indexToml() ends on every prefix of a document, however it is cut", () => {
  for (let length = 0; length <= DOC.length; length++) {
    const fields = indexToml(DOC.slice(0, length));
    assertEquals(fields.has("[]"), true, `prefix of ${length} characters`);
  }
  indexToml('"unterminated \\');
  indexToml("[[");
  indexToml("a = { b = [1, { c = ");
});
