/**
 * `corun run -` (and every command that takes CONFIG) reads the config from standard input, as a
 * shell user pipes one (`generate-config | corun run -`): YAML, JSON or TOML, told from the text;
 * its problems named `<stdin>` with line and column; its relative paths those of the folder the
 * command was typed in; its runs in the history as `<stdin>`; under `--max-config-size`. A
 * TypeScript config cannot come that way, and is refused saying so. Run as a process of its own, so
 * that standard input is a real pipe.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { startRouteServer } from "./fixtures/route_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const PERMISSIONS = ["--allow-read", "--allow-write", "--allow-net", "--allow-env"];

/** `corun ARGS` from the sources, in `cwd`, with `stdin` piped in. */
function corun(args: string[], stdin: string, cwd: string, env: Record<string, string> = {}) {
  return runDeno(["run", ...PERMISSIONS, MOD, ...args], {
    cwd,
    stdin,
    env: { NO_COLOR: "1", ...env },
  });
}

const withDir = withTempDir("corun-stdin-config-");

Deno.test("run - runs a YAML config piped in: its outDir and list file are the working directory's, its history says <stdin>", async () => {
  await using server = startRouteServer({ "/a": { body: "page a" }, "/b": { body: "page b" } });
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/urls.txt`, `${server.url("/a")}\n${server.url("/b")}\n`);
    const yaml = [
      "outDir: out",
      "metadata: false",
      "tasks:",
      "  - name: pages",
      "    fetch: { urls: urls.txt }",
      '    save: "{path}"',
      "",
    ].join("\n");
    const ran = await corun(["run", "-"], yaml, dir);
    assertEquals(ran.code, 0, ran.stderr);
    assertEquals(await Deno.readTextFile(`${dir}/out/a`), "page a");
    assertEquals(await Deno.readTextFile(`${dir}/out/b`), "page b");
    const history = (await Deno.readTextFile(`${dir}/out/.corun-history.jsonl`)).trim();
    assertEquals(JSON.parse(history).config, "<stdin>");
    // `history -` reads the same config from standard input, and finds its runs.
    const listed = await corun(["history", "-", "--json"], yaml, dir);
    assertEquals(listed.code, 0, listed.stderr);
    assertEquals(JSON.parse(listed.stdout).length, 1);
  });
});

Deno.test("check - names a piped config's problems <stdin> with line and column, in YAML, JSON and TOML", async (t) => {
  await withDir(async (dir) => {
    const cases: [format: string, text: string, located: string][] = [
      ["YAML", "tasks:\n  - sleep: 3 parsecs\n", "<stdin>:2:12: tasks[0].sleep: "],
      ["JSON", '{\n  "tasks": [{ "sleep": "3 parsecs" }]\n}\n', "<stdin>:2:24: tasks[0].sleep: "],
      ["TOML", '[[tasks]]\nsleep = "3 parsecs"\n', "<stdin>:2:9: tasks[0].sleep: "],
    ];
    for (const [format, text, located] of cases) {
      await t.step(format, async () => {
        const checked = await corun(["check", "-"], text, dir);
        assertEquals(checked.code, 2);
        assert(checked.stderr.startsWith(located), checked.stderr);
        assert(
          checked.stderr.endsWith('Cannot load the config "<stdin>": found 1 problem\n'),
          checked.stderr,
        );
      });
    }
    await t.step("a valid one passes, and plan shows it", async () => {
      const json = '{ "tasks": [{ "sleep": "3s" }] }';
      assertEquals(await corun(["check", "-"], json, dir), {
        code: 0,
        stdout: "ok: 1 task\n",
        stderr: "",
      });
      const planned = await corun(["plan", "-"], json, dir);
      assertEquals(planned.code, 0, planned.stderr);
      assert(planned.stdout.startsWith("plan for <stdin>: 1 task"), planned.stdout);
    });
  });
});

Deno.test("run - refuses a TypeScript config, and one past --max-config-size, with exit 2 and nothing written", async () => {
  await withDir(async (dir) => {
    const module = 'import { defineConfig } from "jsr:@corun/corun";\n\nexport default ' +
      'defineConfig({ tasks: [{ sleep: "1s" }] });\n';
    const refused = await corun(["run", "-"], module, dir);
    assertEquals(refused.code, 2);
    assertEquals(
      refused.stderr,
      "<stdin>:1:1: cannot read a TypeScript or JavaScript config from standard input: Deno " +
        "imports a config module from its file or URL; give its path (corun run tasks.ts)\n" +
        'Cannot load the config "<stdin>": found 1 problem\n',
    );
    const large = `tasks:\n  - sleep: 1s\n${"# padding\n".repeat(200)}`;
    const capped = await corun(["run", "-", "--max-config-size", "1KiB"], large, dir);
    assertEquals(capped.code, 2);
    assertEquals(
      capped.stderr,
      "<stdin>: the config is larger than 1KiB (--max-config-size; maxConfigSize in loadConfig)\n" +
        'Cannot load the config "<stdin>": found 1 problem\n',
    );
    assertEquals([...Deno.readDirSync(dir)], []);
  });
});

Deno.test("run - under deno task (CORUN_CALLER_DIR) puts a piped config's relative outDir in the caller's folder", async () => {
  await withDir(async (dir) => {
    await Deno.mkdir(`${dir}/project`);
    await Deno.mkdir(`${dir}/caller`);
    const yaml = "outDir: out\ntasks:\n  - sleep: 1ms\n";
    const ran = await corun(["run", "-"], yaml, `${dir}/project`, {
      CORUN_CALLER_DIR: `${dir}/caller`,
    });
    assertEquals(ran.code, 0, ran.stderr);
    assertEquals([...Deno.readDirSync(`${dir}/project`)], []);
    assert(Deno.statSync(`${dir}/caller/out/.corun-history.jsonl`).isFile);
  });
});

Deno.test("a piped config names no shared queue of its own: submit, worker and status ask for --queue or queue:", async () => {
  await withDir(async (dir) => {
    const yaml = 'tasks:\n  - fetch: "http://127.0.0.1:1/a"\n';
    // Nothing listens on port 1: a command that connected would fail with exit 1, not 2.
    const db = "postgres://corun@127.0.0.1:1/corun";
    for (const command of ["submit", "worker", "status"]) {
      const refused = await corun([command, "-", "--db", db], yaml, dir);
      assertEquals(refused.code, 2, `${command}: ${refused.stderr}`);
      assertEquals(
        refused.stderr,
        "Cannot name a queue after a config read from standard input: every piped config would " +
          "name the same one, and each config's workers would take the other's fetches; give " +
          "--queue NAME, or queue: in the config\n",
      );
      // Named by --queue or queue:, it goes on to connect (and fails there: exit 1).
      for (
        const [args, text] of [
          [["--queue", "piped"], yaml],
          [[], `queue: piped\n${yaml}`],
        ] as const
      ) {
        const named = await corun([command, "-", "--db", db, ...args], text, dir);
        assertEquals(named.code, 1, `${command} ${args.join(" ")}: ${named.stderr}`);
      }
    }
  });
});
