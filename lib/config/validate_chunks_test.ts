import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError } from "./config_error.ts";
import { parseYamlFast } from "./yaml_value_deps.ts";
import { loadConfig, validateConfig } from "./load.ts";
import { withFile } from "./test_util.ts";

const tasks = (count: number, line: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => line(i)).join("\n");

Deno.test("a large YAML config loaded a run of tasks at a time gives the whole document's spec", async () => {
  const text = `outDir: out\ndefaults: { retries: 1 }\ntasks:\n${
    tasks(1000, (i) =>
      i % 3 === 0
        ? `  - { sleep: "${i}ms" }`
        : i % 3 === 1
        ? `  - { name: f${i}, fetch: "http://127.0.0.1/${i}", save: "f${i}.bin", after: [task-1] }`
        : `  - name: late${i}\n    sleep: 2s\n    after: [f${i + 2 < 1000 ? i + 2 : 1}]`)
  }\nmetadata: false\n`;
  await withFile("big.yaml", text, async (path) => {
    const loaded = await loadConfig(path);
    const whole = validateConfig(parseYamlFast(text), path);
    assertEquals(loaded, whole);
    assertEquals(loaded.tasks.length, 1000);
  });
});

Deno.test("a problem deep in a large YAML config is reported with its line and field", async () => {
  const text = `tasks:\n${
    tasks(800, (i) => `  - { name: s${i}, sleep: ${i === 700 ? "soon" : '"1s"'} }`)
  }\n`;
  await withFile("big.yaml", text, async (path) => {
    const error = await assertRejects(() => loadConfig(path), ConfigError) as ConfigError;
    assertEquals(error.issues.map(({ line, path }) => ({ line, path })), [{
      line: 702,
      path: "tasks[700].sleep",
    }]);
  });
});

Deno.test("a duplicate name across runs of tasks is reported as in a small config", async () => {
  const text = `tasks:\n${tasks(600, (i) => `  - { name: s${i === 599 ? 3 : i}, sleep: 1s }`)}\n`;
  await withFile("big.yaml", text, async (path) => {
    const error = await assertRejects(() => loadConfig(path), ConfigError) as ConfigError;
    assertEquals(error.issues.map(({ line, path }) => ({ line, path })), [{
      line: 601,
      path: "tasks[599].name",
    }]);
  });
});
