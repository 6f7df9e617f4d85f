import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";

import { MOD, runDeno } from "./fixtures/run_deno.ts";

/** The command line's own entry point (the bundle's), run with exactly the permissions a test gives. */
const BIN = decodeURIComponent(new URL("../lib/cli/bin.ts", import.meta.url).pathname);

function corun(permissions: string[], args: string[], cwd: string) {
  return runDeno(["run", ...permissions, MOD, ...args], { cwd });
}

Deno.test("check with read permission only passes a valid config (a warning says what run will need); run refuses before any I/O", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "corun-check-ro-" }));
  try {
    await Deno.writeTextFile(
      `${dir}/f.yaml`,
      "outDir: out\ntasks:\n  - fetch: http://127.0.0.1:9/x\n    save: x.txt\n",
    );
    const readOnly = ["--allow-read", "--allow-env"];
    const check = await corun(readOnly, ["check", "f.yaml"], dir);
    assertEquals(check.code, 0, check.stderr);
    assertEquals(check.stdout, "ok: 1 task\n");
    assert(
      check.stderr.includes(`corun run will need --allow-write=${dir}/out (or --allow-write)`),
      check.stderr,
    );
    assert(check.stderr.startsWith("warning: "), check.stderr);

    const run = await corun(readOnly, ["run", "f.yaml"], dir);
    assertEquals(run.code, 2, run.stderr);
    assert(run.stderr.includes(`corun may not write to "${dir}/out"`), run.stderr);
    assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name), ["f.yaml"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--allow-read without the working directory: a write into a folder that no check foresaw fails before it writes, saying why", async () => {
  // `run` refuses such a flag up front (working_dir_read_test.ts); the library's `run()` counts only
  // saves and metadata lines, so a custom task's write is where it is found.
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "corun-read-narrow-" }));
  try {
    await Deno.mkdir(`${dir}/cwd`);
    const script = `${dir}/script.ts`;
    await Deno.writeTextFile(
      script,
      `import { run, task } from ${JSON.stringify(MOD)};\n` +
        `const report = await run({ outDir: ${JSON.stringify(`${dir}/out`)}, tasks: [\n` +
        `  task("writes", function* (ctx) { yield* ctx.write("sub/a.txt", "alpha"); }),\n` +
        `] });\nconsole.log(report.tasks[0].outcome, report.tasks[0].error?.message);\n`,
    );
    const ran = await runDeno([
      "run",
      "--no-prompt",
      `--allow-read=${script},${dir}/out,${MOD.replace(/mod\.ts$/, "")}`,
      `--allow-write=${dir}/out`,
      script,
    ], { cwd: `${dir}/cwd`, stdin: "" });
    assertEquals(ran.code, 0, ran.stderr);
    assert(ran.stdout.startsWith("failed "), ran.stdout);
    assert(ran.stdout.includes("the working directory cannot be read"), ran.stdout);
    const written = await Deno.stat(`${dir}/out/sub/a.txt`).then(() => true, () => false);
    assertEquals(written, false, "a task reported failed has no file");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("status without --allow-env says the database variable needs it, and never prompts", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-status-env-" });
  try {
    const ran = await runDeno(["run", "--allow-read", "--no-prompt", MOD, "status"], {
      cwd: dir,
      env: { NO_COLOR: "1", CORUN_DATABASE_URL: "postgres://u@127.0.0.1:1/db" },
    });
    assertEquals(ran.code, 2, ran.stderr);
    assert(ran.stderr.includes("CORUN_DATABASE_URL (and --allow-env to read it)"), ran.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check with --allow-read alone points at a bad YAML config's problems: the locating parser reads no environment", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "corun-check-noenv-" }));
  try {
    const files: Record<string, string> = {
      "dup.yaml": "concurrency: 2\nconcurrency: 3\ntasks:\n  - sleep: 1s\n",
      "bad.yaml": 'tasks:\n  - name: a\n    sleep: "3 parsecs"\n  - name: b\n    sav: x\n' +
        "    fetch: http://127.0.0.1:9/\n",
      "syntax.yaml": "tasks:\n  - name: a\n    sleep: [1\n",
      "tab.yaml": "tasks:\n\t- sleep: 1s\n",
      "good.yaml": "tasks:\n  - name: a\n    sleep: 1s\n",
    };
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${dir}/${name}`, text);
    }
    const check = (name: string, permissions = ["--allow-read", "--no-prompt"], env = {}) =>
      runDeno(["run", ...permissions, BIN, "check", name], {
        cwd: dir,
        env: { NO_COLOR: "1", ...env },
      });
    const problems = {
      "dup.yaml":
        'dup.yaml:2:1: concurrency: duplicate key "concurrency" at line 2; first at line 1',
      "bad.yaml": 'bad.yaml:3:12: tasks[0].sleep: expected a duration like "3s", "1500ms" or ' +
        '"1h30m" (units ms, s (sec), m (min), h (hour), d (day), as in "1h 30m"; a number alone is seconds), got "3 parsecs"\nbad.yaml:5:5: tasks[1].sav: unknown key "sav" (did you mean ' +
        '"save"?)',
      "syntax.yaml": 'syntax.yaml:3:12: YAML syntax: the [ that starts the list of "sleep" is ' +
        "never closed, so YAML reads the lines after it as part of it: add the closing ] (the " +
        "YAML parser: Flow sequence in block collection must be sufficiently indented and end " +
        "with a ])",
      "tab.yaml": "tab.yaml:2:1: YAML syntax: a tab indents this line, and YAML indents with " +
        "spaces only: replace the tab with spaces",
    };
    for (const [name, problem] of Object.entries(problems)) {
      const ran = await check(name);
      const count = problem.split("\n").length;
      assertEquals([ran.code, ran.stdout, ran.stderr], [
        2,
        "",
        `${problem}\nCannot load the config "${name}": found ${count} problem${
          count > 1 ? "s" : ""
        }\n`,
      ]);
    }
    const good = await check("good.yaml");
    assertEquals([good.code, good.stdout], [0, "ok: 1 task\n"], good.stderr);
    // With env access, its debugging variables set for another program print nothing either.
    const debug = await check("dup.yaml", ["--allow-read", "--allow-env"], {
      LOG_TOKENS: "1",
      LOG_STREAM: "1",
    });
    assertEquals([debug.code, debug.stdout], [2, ""]);
    assert(debug.stderr.startsWith(problems["dup.yaml"]), debug.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
