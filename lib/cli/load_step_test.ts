import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, type LoadConfigOptions, validateConfig } from "../config/mod.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { loadOrExplain, loadUnlessInterrupted } from "./load_step.ts";

function stderr() {
  let text = "";
  return { text: () => text, sink: { write: (chunk: string) => void (text += chunk) } };
}

Deno.test("loadOrExplain() returns the config and writes nothing when it loads", async () => {
  const config = validateConfig({ tasks: [{ sleep: "1s" }] }, "ok.yaml");
  const err = stderr();
  const loaded = await loadOrExplain(
    "ok.yaml",
    {
      loadConfig: () => Promise.resolve(config),
      stderr: err.sink,
    },
    undefined,
    "read",
  );
  assertEquals([loaded, err.text()], [config, ""]);
});

Deno.test("loadOrExplain() asks loadConfig to read the credentials only when the command says so", async () => {
  const config = validateConfig({ tasks: [{ sleep: "1s" }] }, "ok.yaml");
  const asked: (boolean | undefined)[] = [];
  const host = {
    loadConfig: (_: string, options?: LoadConfigOptions) => {
      asked.push(options?.readSecrets);
      return Promise.resolve(config);
    },
    stderr: stderr().sink,
  };
  const invocation = { args: [], options: {} };
  await loadOrExplain("ok.yaml", host, invocation, "read");
  await loadOrExplain("ok.yaml", host, invocation, "skip");
  await loadUnlessInterrupted("ok.yaml", host, invocation, "skip", new AbortController().signal);
  assertEquals(asked, [true, false, false]);
});

Deno.test("loadOrExplain() writes each issue, then the error's summary", async () => {
  const err = stderr();
  const error = new ConfigError("a.toml", [
    { file: "a.toml", line: 2, column: 1, path: "tasks[0]", message: "expected a task" },
    { file: "a.toml", path: "", message: "no tasks" },
  ]);
  const loaded = await loadOrExplain(
    "a.toml",
    {
      loadConfig: () => Promise.reject(error),
      stderr: err.sink,
    },
    undefined,
    "read",
  );
  assertEquals(loaded, undefined);
  assertEquals(
    err.text(),
    [
      "a.toml:2:1: tasks[0]: expected a task",
      "a.toml: no tasks",
      'Cannot load the config "a.toml": found 2 problems',
      "",
    ].join("\n"),
  );
});

Deno.test("loadOrExplain() escapes the controls a quoted value holds that its JSON form leaves as they are", async () => {
  const err = stderr();
  const quoted = JSON.stringify("a\u202eb\u009b31mc\u001bd");
  const error = new ConfigError("a.yaml", [
    { file: "a.yaml", line: 3, column: 11, path: "tasks[0].name", message: `got ${quoted}` },
  ]);
  const host = { loadConfig: () => Promise.reject(error), stderr: err.sink };
  await loadOrExplain("a.yaml", host, undefined, "read");
  assertEquals(
    err.text(),
    'a.yaml:3:11: tasks[0].name: got "a\\u202eb\\u009b31mc\\u001bd"\n' +
      'Cannot load the config "a.yaml": found 1 problem\n',
  );
});

Deno.test("loadOrExplain() writes only the summary when a ConfigError lists no issue", async () => {
  const err = stderr();
  await loadOrExplain(
    "a.toml",
    {
      loadConfig: () => Promise.reject(new ConfigError("a.toml", [])),
      stderr: err.sink,
    },
    undefined,
    "read",
  );
  assertEquals(err.text(), 'Cannot load the config "a.toml": found 0 problems\n');
});

Deno.test("loadUnlessInterrupted() says an interrupt during the load and gives exit 130; the load's later failure is not said", async () => {
  const err = stderr();
  const controller = new AbortController();
  let fail: (error: Error) => void = () => {};
  let asked: () => void = () => {};
  const loadAsked = new Promise<void>((resolve) => asked = resolve);
  const code = loadUnlessInterrupted(
    "https://u:secret@x.org/c.yaml",
    {
      loadConfig: () => {
        asked();
        return new Promise((_, reject) => fail = reject);
      },
      stderr: err.sink,
    },
    { args: [], options: {} },
    "read",
    controller.signal,
  );
  await loadAsked;
  controller.abort();
  assertEquals(await code, EXIT_CODES.interrupted);
  fail(new Error("connection reset"));
  await Promise.resolve();
  assertEquals(
    err.text(),
    'Interrupted while loading the config "https://***@x.org/c.yaml": not run\n',
  );
});

Deno.test("loadUnlessInterrupted() gives the config, or exit 2 after saying why it did not load", async () => {
  const config = validateConfig({ tasks: [{ sleep: "1s" }] }, "ok.yaml");
  const signal = new AbortController().signal;
  const invocation = { args: [], options: {} };
  const err = stderr();
  const loaded = await loadUnlessInterrupted(
    "ok.yaml",
    {
      loadConfig: () => Promise.resolve(config),
      stderr: err.sink,
    },
    invocation,
    "read",
    signal,
  );
  assertEquals([loaded, err.text()], [config, ""]);
  const refused = await loadUnlessInterrupted(
    "a.toml",
    {
      loadConfig: () => Promise.reject(new ConfigError("a.toml", [])),
      stderr: err.sink,
    },
    invocation,
    "read",
    signal,
  );
  assertEquals([refused, err.text()], [
    EXIT_CODES.usage,
    'Cannot load the config "a.toml": found 0 problems\n',
  ]);
});
