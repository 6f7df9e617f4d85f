import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { parseSimpleItems } from "./yaml_simple_items.ts";
import { parseYamlFast } from "./yaml_value_deps.ts";

Deno.test("one-line flow mappings and block mappings are read as std reads them", () => {
  const chunk = [
    '  - { name: f0, fetch: "http://127.0.0.1:18080/small/0.html", save: "0.html" }',
    "  - {sleep: 1500ms, name: my task}",
    "",
    "  # a comment between items",
    "  - name: b",
    "    fetch: http://example.test/a?b=c",
    "    retries: 3",
    "    maxBodySize: 2.5",
    "  - {}",
  ].join("\r\n");
  const items = parseSimpleItems(chunk);
  assertEquals(items, parseYamlFast(chunk));
  assertEquals(items?.length, 4);
});

Deno.test("anything it is not sure of is left to std's parser", () => {
  const unsure = [
    "- { sleep: 1e3 }", // a float
    "- { sleep: 0x1F }", // an integer
    "- { name: null }",
    "- { name: ~ }",
    "- { name: True }",
    "- { name: yes }",
    "- { name: 2026-12-01 }", // a date
    "- { name: .inf }",
    "- { name: -1 }",
    "- { __proto__: x }",
    "- { name: a, name: b }", // a duplicate key
    "- { headers: { a: b } }",
    "- { after: [a] }",
    "- { name: a } # comment",
    "- { name: 'it''s' }",
    '- { name: "a\\tb" }',
    "- { name: a, }",
    "- { name : a }",
    "- name:",
    "- just a string",
    "- name: a\n      sleep: 1s", // deeper than the item's keys
    "- name: a: b",
    "- name: a\n  after:\n    - b",
    // Spaces JavaScript trims and YAML keeps, and characters std refuses even in a comment.
    "- name: \u00a0foo",
    "- {\u00a0name: foo}",
    "- name: \vfoo",
    "- name: a\n \u00a0sleep: 1s",
    "- name: a\n# x\u0000y\n- name: b",
    "- name: \rx",
    "- Null: a", // std reads the key as null, then "null"
    "- {True: a, true: b}",
  ];
  for (const chunk of unsure) assertEquals(parseSimpleItems(chunk), undefined, chunk);
});

let seed = Number(Deno.env.get("SEED") ?? 7);
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

const KEYS = ["name", "fetch", "save", "sleep", "a_b"];
const ODD_KEYS = [
  "__proto__",
  "9x",
  '"q"',
  "<<",
  "k y",
  "k ",
  "Null",
  "TRUE",
  "\u00a0k",
  "k\u3000",
];
const SCALARS = ["f0", "my task", "1s", "1500ms", "1h30m", "2m30s", "1d", "10min", "12", "3.5"];
const ODD_SCALARS = [
  ...["\u00a0a", "a\u00a0", "a\u3000", "\va", "a\fb", "\ufeffa", "a\u2000b", '"a\u0085b"'],
  ...[
    "3 parsecs",
    "a  b",
    "1e3",
    "1E3",
    "2e",
    "0x1F",
    "0o17",
    "0b101",
    "017",
    "1_000",
    "12",
    "0",
    "3.5",
    "1.50",
  ],
  ...[".5", "5.", ".inf", ".NaN", "-1", "+1", "-0", "123456789012345678", "0.12345678901234567"],
  ...["null", "Null", "NULL", "~", "true", "False", "yes", "No", "on", "y", "NaN", "Infinity"],
  ...["2026-12-01", "2026-12-01T10:00:00Z", "12:30", "1:20:30", "x -y", "-", "--x", "a~b"],
  ...["http://127.0.0.1:8080/a?b=c", "/abs/path", "a/b.html", "a:b", "a: b", "a,b", "a#b"],
  ...["a #b", "[1]", "{a: 1}", "{}", "[]", "'q'", '"q"', '"a, b"', "'it''s'", '"t\\tx"', "''"],
  ...['"é ü"', '"\u0001"', '"\uffff"', '"😀"', '""', '"a\'b"', "'a\"b'", "a'", 'a"', "@x", "`x"],
  ...["%x", "&a", "*a", "!x", "|", ">", "? x", "x:", "x?", "a=b&c"],
];

/** An item in flow or block style, with spacing std accepts and some it may not. */
function generateItem(indent: string): string {
  const fields = Array.from(
    { length: 1 + Math.floor(rnd() * 4) },
    () =>
      [pick(rnd() < 0.05 ? ODD_KEYS : KEYS), pick(rnd() < 0.3 ? ODD_SCALARS : SCALARS)] as const,
  );
  if (rnd() < 0.5) {
    const gap = () => pick(["", " ", "  ", " ", "", "\u00a0"]);
    const body = fields.map(([key, value]) =>
      `${gap()}${key}:${pick([" ", "  "])}${value}${gap()}`
    );
    return `${indent}- {${body.join(",")}${gap()}}${rnd() < 0.1 ? " " : ""}`;
  }
  const keyIndent = indent + pick(["  ", "  ", "  ", "   ", " "]);
  return fields.map(([key, value], i) => `${i === 0 ? `${indent}- ` : keyIndent}${key}: ${value}`)
    .join("\n");
}

function stdParse(chunk: string): unknown {
  try {
    return parseYamlFast(chunk);
  } catch {
    return "std refuses it";
  }
}

Deno.test("over generated items, whatever the fast reader gives is what std gives", () => {
  const iterations = Number(Deno.env.get("ITER") ?? 4000);
  let read = 0;
  for (let i = 0; i < iterations; i++) {
    const indent = pick(["", "  ", "    "]);
    const lines = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => generateItem(indent));
    if (rnd() < 0.2) {
      lines.splice(1, 0, pick(["", `${indent}# note`, "   ", `${indent}# \u0001`, "\u00a0"]));
    }
    let chunk = lines.join("\n") + pick(["\n", ""]);
    if (rnd() < 0.2) chunk = chunk.replaceAll("\n", pick(["\r\n", "\r\n", "\r"]));
    const fast = parseSimpleItems(chunk);
    if (fast === undefined) continue;
    read++;
    assertEquals(fast, stdParse(chunk), JSON.stringify(chunk));
  }
  // Most generated items hold something tricky; still, a fair share must be read, or this proves
  // nothing.
  if (read < iterations / 50) throw new Error(`only ${read} of ${iterations} chunks were read`);
});
