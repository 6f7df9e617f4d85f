// `loadConfig` and `validateConfig` check their options as `run()` does: a misspelt
// `readSecret: false` read the config's secrets (or failed for lack of --allow-env), which
// `readSecrets: false` exists to avoid; a `signal` that was no AbortSignal failed inside the load
// ("signal.throwIfAborted is not a function"); options given where `source` goes failed with
// "source.startsWith is not a function".
import { assertEquals, assertRejects, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { loadConfig, type LoadConfigOptions, validateConfig } from "../mod.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const inTempDir = withTempDir("corun-load-options-");

/** A config whose password is read from a variable no test sets. */
const SECRET_CONFIG = "tasks:\n  - name: a\n    fetch:\n      url: http://127.0.0.1:9/x\n" +
  "      auth: { username: bob, password: { env: CORUN_LOAD_OPTIONS_TEST_UNSET } }\n";

Deno.test("loadConfig refuses an unknown option, naming the one likely meant, and an option of the wrong kind: nothing is read", async () => {
  await inTempDir(async (dir) => {
    const path = `${dir}/c.yaml`;
    await Deno.writeTextFile(path, SECRET_CONFIG);
    const refusals: [unknown, string][] = [
      [{ readSecret: false }, 'unknown option "readSecret" (did you mean "readSecrets"?)'],
      [{ signl: AbortSignal.abort() }, 'unknown option "signl" (did you mean "signal"?)'],
      [{ maxConfigsize: 1 }, 'unknown option "maxConfigsize" (did you mean "maxConfigSize"?)'],
      [{ signal: "x" }, 'option "signal" expects an AbortSignal, got "x"'],
      [{ readSecrets: "no" }, 'option "readSecrets" expects true or false, got "no"'],
      [{ caCerts: "PEM" }, 'option "caCerts" expects a list of PEM texts, got "PEM"'],
      [{ stdinBaseDir: "" }, 'option "stdinBaseDir" expects a path (text, not empty), got ""'],
      [null, "expected options as an object, got null"],
    ];
    for (const [options, problem] of refusals) {
      await assertRejects(
        () => loadConfig(path, options as LoadConfigOptions),
        TypeError,
        `Cannot load a config: ${problem}`,
      );
    }
    // Spelt right, the secret is not read: the spec says so.
    const spec = await loadConfig(path, { readSecrets: false, signal: undefined });
    assertEquals(spec.secretsNotRead?.count, 1);
  });
});

Deno.test("validateConfig refuses a source that is not text, and an unknown option or one of the wrong kind, naming it", () => {
  const config = { tasks: [{ name: "a", sleep: "1s" }] };
  assertThrows(
    () => validateConfig(config, { readSecrets: false } as unknown as string),
    TypeError,
    "Cannot validate a config: expected its source as text (what names it in messages, " +
      '"inline"), got a value of type object; options go third: validateConfig(config, source, ' +
      "options)",
  );
  const refusals: [unknown, string][] = [
    [{ basedir: "/srv" }, 'unknown option "basedir" (did you mean "baseDir"?)'],
    [{ baseDir: "" }, 'option "baseDir" expects a path (text, not empty), got ""'],
    [{ maxNestingDepth: 0 }, 'option "maxNestingDepth" expects a whole number of 1 or more'],
  ];
  for (const [options, problem] of refusals) {
    assertThrows(
      () => validateConfig(config, "inline", options as Record<string, never>),
      TypeError,
      `Cannot validate a config: ${problem}`,
    );
  }
  assertEquals(validateConfig(config, undefined, { maxListedIssues: 3 }).tasks.length, 1);
});

Deno.test('validateConfig with an empty source ("") reads paths from the working directory and names the config as an inline one', () => {
  const spec = validateConfig({ outDir: "o", tasks: [{ name: "a", sleep: "1s" }] }, "");
  // Before, "" was taken for a file of the working directory's parent: outDir landed one folder up.
  assertEquals(spec.outDir, `${Deno.cwd()}/o`);
  const error = assertThrows(() => validateConfig({ tasks: [{ name: "a", sleep: "x" }] }, ""));
  assertEquals(
    String(error).split("\n")[1].trimStart().startsWith("inline config: tasks[0].sleep"),
    true,
    String(error),
  );
});

Deno.test("loadConfig refuses a location that is neither text nor a URL, or empty text, saying what it takes", async () => {
  for (
    const [location, got] of [[42, "a value of type number"], [
      { path: "c.yaml" },
      "a value of type object",
    ], ["", "empty text"]] as const
  ) {
    const error = await assertRejects(() => loadConfig(location as unknown as string), TypeError);
    assertEquals(
      error.message,
      'Cannot load a config: expected its location as a path, a URL (text or URL object) or "-" ' +
        `for stdin, got ${got}`,
    );
  }
});
