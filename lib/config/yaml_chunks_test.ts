import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { parseYamlFast } from "./yaml_value_deps.ts";
import { splitYamlTasks } from "./yaml_chunks.ts";

/** What the parts parse to, put back together: must be what the whole text parses to. */
function reassemble(text: string): unknown {
  const parts = splitYamlTasks(text);
  if (parts === undefined) return undefined;
  const tasks = [...parts.chunks()].flatMap((chunk) => parseYamlFast(chunk) as unknown[]);
  assertEquals(tasks.length, parts.count);
  return { ...(parseYamlFast(parts.outside) as object ?? {}), tasks };
}

const many = (count: number, line: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => line(i)).join("\n");

Deno.test("splitYamlTasks() cuts a task list into runs that parse to the same tasks", () => {
  const texts = [
    `outDir: out\ntasks:\n${
      many(700, (i) => `  - { name: s${i}, sleep: "1s" }`)
    }\nmetadata: false\n`,
    `# a comment\ntasks:\n\n${
      many(300, (i) => `  - name: 'it''s ${i}' # note\n    fetch:\n      url: "http://x/${i}"`)
    }\n  # trailing\nconcurrency: 3`,
    `tasks:\n${many(600, (i) => `- name: n${i}\n  sleep: ${i}`)}\n`,
    `tasks:\n  - {\n      name: a,\n      sleep: 2s }\n  - name: it's\n    sleep: 1\n`,
    `outDir: out\r\ntasks:\r\n\r\n${
      many(300, (i) => `  -\n    sleep: ${i}`).replaceAll("\n", "\r\n")
    }\r\n`,
  ];
  for (const text of texts) assertEquals(reassemble(text), parseYamlFast(text));
});

Deno.test("splitYamlTasks() leaves alone texts whose lines are tied across items", () => {
  const refused = [
    "tasks:\n  - &a { sleep: 1s }\n  - *a\n", // anchors and aliases
    "tasks:\n  - name: a\n    sleep: !!str 1s\n", // tags
    "tasks:\n  - name: |\n      - b\n    sleep: 1\n", // block scalars
    'tasks:\n  - name: "a\n  - b"\n    sleep: 1\n', // a quoted scalar over two lines
    "tasks:\n  - name: 'a\n  - b'\n    sleep: 1\n",
    "tasks: [{ sleep: 1s }]\n", // a flow list
    "tasks:\n  - { sleep: 1s }\ntasks:\n  - { sleep: 2s }\n", // the key twice
    '"tasks": 1\ntasks:\n  - { sleep: 1s }\n',
    "tasks:\n    - { sleep: 1s }\n  - { sleep: 2s }\n", // indentation that goes back
    "---\ntasks:\n  - { sleep: 1s }\n", // documents
    "tasks:\n\t- { sleep: 1s }\n",
    "tasks:\n  - { name: 'a\\\"', sleep: 1s }\n",
    "outDir: out\n",
    // A quote left open before or after the list hides it from the parser, not from the cutter.
    "outDir: 'a\ntasks:\n  - sleep: 1s\n    name: b'\ntasks: [{sleep: 2s}] #'\n",
    'outDir: "out\ntasks:\n  - sleep: 1s\n"\n',
    "tasks:\n  - sleep: 1s\nmetadata: 'x\n  y'\n",
    // So does a flow collection left open: here `tasks` is a key of `defaults`.
    "defaults: {retries: 1,\ntasks:\n - name: a\n   sleep: 2s\n}\n",
    "outDir: [a,\ntasks:\n  - sleep: 1s\n]\n",
    "defaults: {#}\ntasks:\n  - sleep: 1s\n}#{\n", // a comment right after `{`, for std
    "defaults: {headers: {? '}\ntasks:\n  - sleep: 1s\n  '}: x}}\n", // a quoted key after `?`
    // Line breaks that JavaScript's ^ sees and YAML does not, or sees differently.
    "outDir: a\u2028tasks:\n  - sleep: 1s\n",
    "outDir: a\u2029tasks:\n  - sleep: 1s\n",
    "outDir: a\rtasks:\n  - sleep: 1s\n",
  ];
  for (const text of refused) assertEquals(splitYamlTasks(text), undefined, text);
});
