import { assert, assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, validateConfig } from "../mod.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

// A zero-width space pasted from a web page, and a right-to-left override that reorders a line.
const ZWSP = "\u200b";
const RLO = "\u202e";
const INVISIBLE = /[\p{Cf}]/u;

Deno.test("a library caller's ConfigError shows invisible characters in values, keys and paths escaped", () => {
  const error = assertThrows(
    () =>
      validateConfig({
        tasks: [{ name: "a", sleep: `1s${ZWSP}`, [`sl${RLO}eep`]: 1 }, {
          name: "b",
          after: [`a${ZWSP}`],
          sleep: "1s",
        }],
      }, "inline"),
    ConfigError,
  );
  assert(!INVISIBLE.test(error.message), JSON.stringify(error.message));
  assert(!INVISIBLE.test(error.format()), JSON.stringify(error.format()));
  assert(error.message.includes('got "1s\\u200b"'), error.message);
  assert(
    error.message.includes(
      'tasks[0]["sl\\u202eeep"]: unknown key "sl\\u202eeep" (it holds an invisible character U+202E)',
    ),
    error.message,
  );
  // A task name is suggested the same way: not `did you mean "a"` for what reads as "a".
  assert(
    error.message.includes('unknown task "a\\u200b" (it holds an invisible character U+200B)'),
    error.message,
  );
});

Deno.test("corun check names a key that differs from a known one only by a zero-width space, escaped", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-invisible-" });
  try {
    await Deno.writeTextFile(
      `${dir}/zw.yaml`,
      `tasks:\n  - name: b\n    sleep: 1s\n    retries${ZWSP}: 2\n  - name: c\n    sleep: "1s${ZWSP}"\n`,
    );
    const { code, stdout, stderr } = await runDeno(
      ["run", "--allow-read", "--allow-env", MOD, "check", "zw.yaml"],
      { cwd: dir },
    );
    assertEquals(code, 2, stderr);
    assertEquals(stdout, "");
    assert(!INVISIBLE.test(stderr), JSON.stringify(stderr));
    assert(
      stderr.includes(
        'zw.yaml:4:5: tasks[0]["retries\\u200b"]: unknown key "retries\\u200b" ' +
          "(it holds an invisible character U+200B)",
      ),
      stderr,
    );
    assert(stderr.includes("zw.yaml:6:12: tasks[1].sleep: expected a duration"), stderr);
    assert(stderr.includes('got "1s\\u200b"'), stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a cron expression and a TOML key defined twice show an invisible character escaped, never raw", async () => {
  const cron = assertThrows(
    () =>
      validateConfig(
        { tasks: [{ name: "a", sleep: "1s", schedule: `@daily${ZWSP}` }] },
        "inline",
      ),
    ConfigError,
  );
  assert(!INVISIBLE.test(cron.message), JSON.stringify(cron.message));
  assert(cron.message.includes('unknown nickname "@daily\\u200b"'), cron.message);
  const dir = await Deno.makeTempDir({ prefix: "corun-invisible-" });
  try {
    await Deno.writeTextFile(
      `${dir}/dup.toml`,
      `[[tasks]]\nname = "a"\n"sleep${ZWSP}" = "2s"\n"sleep${ZWSP}" = "3s"\n`,
    );
    const { loadConfig } = await import("../mod.ts");
    const toml = await loadConfig(`${dir}/dup.toml`).then(
      () => new Error("loaded"),
      (caught) => caught as Error,
    );
    assert(toml instanceof ConfigError, String(toml));
    assert(!INVISIBLE.test(toml.message), JSON.stringify(toml.message));
    assert(toml.message.includes('duplicate key "sleep\\u200b" at line 4'), toml.message);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an option of run() or loadConfig() that is a known one but for a zero-width space says so, escaped", async () => {
  const { loadConfig, run, defineConfig } = await import("../mod.ts");
  const config = defineConfig({ tasks: [{ name: "a", sleep: "1ms" }] });
  for (
    const call of [
      () => run(config, { [`outDir${ZWSP}`]: "x" } as never),
      () => loadConfig("none.yaml", { [`readSecrets${ZWSP}`]: false } as never),
    ]
  ) {
    const error = await call().then(() => new Error("no error"), (caught) => caught as Error);
    assert(error instanceof TypeError, String(error));
    assert(!INVISIBLE.test(error.message), JSON.stringify(error.message));
    assert(error.message.includes("(it holds an invisible character U+200B)"), error.message);
  }
});
