import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError } from "./config_error.ts";
import { loadText } from "../../tests/fixtures/config_files.ts";
import { parseYamlCounted } from "./yaml_alias_budget.ts";
import { parse as parseYamlFast } from "npm:deno-std@1.4.0/yaml/parse.js";

/** The classic "billion laughs": nine levels of nine aliases each, 9⁹ texts once expanded. */
const LAUGHS = ["a", "b", "c", "d", "e", "f", "g", "h", "i"].map((name, level, names) => {
  const item = level === 0 ? '"lol"' : `*${names[level - 1]}`;
  return `          ${name}: &${name} [${Array(9).fill(item).join(",")}]\n`;
}).join("");

const BOMB = `tasks:
  - fetch:
      url: http://127.0.0.1:9/
      method: POST
      body:
        json:
${LAUGHS}`;

Deno.test("a billion laughs in a JSON body is refused at the alias that passes the budget", async () => {
  const error = await assertRejects(() => loadText("bomb.yaml", BOMB), ConfigError);
  assertEquals(error.issues.length, 1);
  const [issue] = error.issues;
  // Aliases a to e repeat 74,718 values; the first *e on line 12 takes the count past 100,000.
  assertEquals([issue.line, issue.column], [12, 18]);
  assertEquals(issue.path, "tasks[0].fetch.body.json.f[0]");
  assertEquals(
    issue.message,
    "this YAML alias takes the values repeated through aliases past 100,000 (an alias is read " +
      "as a copy of the node it names, aliases in it included); write the repeated part out, or " +
      "raise the limit (--max-alias-nodes; maxAliasNodes in loadConfig)",
  );
});

Deno.test("the alias budget is a knob of loadConfig", async () => {
  const small = BOMB.split("\n").slice(0, 9).join("\n") + "\n"; // levels a to c: 909 values
  const spec = await loadText("c.yaml", small, { maxAliasNodes: 909 });
  assertEquals(spec.tasks.length, 1);
  const error = await assertRejects(
    () => loadText("c.yaml", small, { maxAliasNodes: 908 }),
    ConfigError,
  );
  assertEquals(error.issues[0].path, "tasks[0].fetch.body.json.c[8]");
  assertEquals(error.issues[0].message.includes("past 908 "), true);
});

Deno.test("an alias inside the node it names is refused as a cycle", async () => {
  const text = `tasks:
  - fetch:
      url: http://127.0.0.1:9/
      body:
        json: &loop { next: [1, *loop] }
`;
  const error = await assertRejects(() => loadText("cycle.yaml", text), ConfigError);
  assertEquals(error.format().split(": ").slice(1, 2), ["tasks[0].fetch.body.json.next[1]"]);
  assertEquals(error.issues[0].line, 5);
  assertEquals(
    error.issues[0].message,
    "this YAML alias is inside the node it names, which makes a cycle no config can mean",
  );
});

Deno.test("merges count the values they copy", () => {
  const text = "base: &b { a: 1, b: 2, c: 3 }\nx: { <<: *b, d: 4 }\ny: { <<: *b }\n";
  assertEquals(parseYamlCounted(text, 8), parseYamlFast(text));
  let refused = false;
  try {
    parseYamlCounted(text, 7);
  } catch {
    refused = true;
  }
  assertEquals(refused, true);
});

Deno.test("values without aliases are std's, whatever their size", () => {
  const text = Array.from({ length: 2000 }, (_, index) => `k${index}: [${index}, "x"]`).join("\n");
  assertEquals(parseYamlCounted(text, 0), parseYamlFast(text));
  assertEquals(parseYamlCounted("", 0), parseYamlFast(""));
  assertEquals(parseYamlCounted("a: &x [1]\nb: &x [2]\nc: *x\n", 2), { a: [1], b: [2], c: [2] });
});
