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
