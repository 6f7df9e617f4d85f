import { assertEquals, assertRejects, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { readStdinConfig, stdinFormatOf, type StdinStream } from "./stdin_config.ts";

Deno.test("stdinFormatOf() tells a piped config's format by its first line that is no comment", () => {
  const cases: [text: string, format: string][] = [
    ['{ "tasks": [] }', ".jsonc"],
    ['\n  {\n  "tasks": []\n}', ".jsonc"],
    ['// nightly\n{ "tasks": [] }', ".jsonc"],
    ['/* nightly */ { "tasks": [] }', ".jsonc"],
    ['outDir = "out"\n', ".toml"],
    ["# nightly\n\n[[tasks]]\nsleep = '1s'\n", ".toml"],
    ["[defaults]\nretries = 2\n", ".toml"],
    ["defaults.retries = 2\n", ".toml"],
    ["tasks:\n  - sleep: 1s\n", ".yaml"],
    ["# nightly\n---\ntasks: []\n", ".yaml"],
    // A URL's `=` is in a YAML value, not a TOML key.
    ["url: https://x.test/?a=b\n", ".yaml"],
    ["", ".yaml"],
  ];
  for (const [text, format] of cases) assertEquals(stdinFormatOf(text), format, text);
});

Deno.test("stdinFormatOf() refuses a TypeScript or JavaScript module at its first import or export line", () => {
  const error = assertThrows(
    () => stdinFormatOf('// nightly\n\nimport { task } from "jsr:@corun/corun";\n'),
    ConfigError,
  );
  assertEquals(error.issues.map((issue: ConfigIssue) => [issue.file, issue.line, issue.column]), [
    ["<stdin>", 3, 1],
  ]);
  assertThrows(() => stdinFormatOf("export default { tasks: [] };\n"), ConfigError);
});

/** Standard input that hands out `text` in pieces of `pieceBytes`. */
function fakeStdin(text: string, options: { terminal?: boolean; pieceBytes?: number } = {}) {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  let reads = 0;
  const stdin: StdinStream & { reads(): number } = {
    isTerminal: () => options.terminal ?? false,
    read: (buffer) => {
      reads++;
      if (at >= bytes.length) return Promise.resolve(null);
      const count = Math.min(buffer.length, options.pieceBytes ?? 4, bytes.length - at);
      buffer.set(bytes.subarray(at, at + count));
      at += count;
      return Promise.resolve(count);
    },
    reads: () => reads,
  };
  return stdin;
}

Deno.test("readStdinConfig() reads a pipe to its end, piece by piece", async () => {
  assertEquals(
    await readStdinConfig(1024, fakeStdin("tasks:\n  - sleep: 1s\n")),
    "tasks:\n  - sleep: 1s\n",
  );
});

Deno.test("readStdinConfig() stops one byte past the size cap, and refuses the config", async () => {
  const stdin = fakeStdin("x".repeat(10_000), { pieceBytes: 100 });
  const error = await assertRejects(() => readStdinConfig(250, stdin), ConfigError);
  assertEquals(
    error.issues[0].message,
    "the config is larger than 250B (--max-config-size; maxConfigSize in loadConfig)",
  );
  assertEquals(stdin.reads(), 3);
});

Deno.test("readStdinConfig() refuses a terminal, which it would wait on for typing that never comes", async () => {
  const stdin = fakeStdin("tasks: []\n", { terminal: true });
  const error = await assertRejects(() => readStdinConfig(1024, stdin), ConfigError);
  assertEquals(
    error.issues[0].message,
    "cannot read the config: standard input is a terminal, not a config: pipe one in " +
      "(corun run - < tasks.yaml)",
  );
  assertEquals(stdin.reads(), 0);
});
