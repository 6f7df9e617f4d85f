/**
 * What a run would refuse about its output is known before any I/O: `check` and `run` both exit 2
 * naming the config and the field, and the server never hears from `run`. Deno's permissions are
 * only the process's: `check` warns that `run` will need them (exit 0), `run` refuses.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { startRouteServer } from "./fixtures/route_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

function corun(args: string[], cwd: string, permissions: string[]) {
  return runDeno(["run", ...permissions, MOD, ...args], { cwd });
}

Deno.test("check and run refuse a metadata path outside outDir, an outDir that is a file, and writes Deno does not permit, before any request", async (t) => {
  await using server = startRouteServer({ "/page": { body: "page\n" } });
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "corun-output-check-" }));
  const all = ["--allow-read", "--allow-write", "--allow-net", "--allow-env"];
  const cases: [string, string, string[], string, [number, string]?][] = [
    [
      "metadata leaves outDir",
      "outDir: out\nmetadata: ../meta.jsonl\n",
      all,
      `${dir}/c.yaml: metadata: "../meta.jsonl" leaves the output directory "${dir}/out"`,
    ],
    [
      "outDir is a file",
      "outDir: taken\n",
      all,
      `${dir}/c.yaml: outDir: "${dir}/taken" is a file, not a directory`,
    ],
    [
      "no write permission for outDir",
      "outDir: out\n",
      ["--allow-read", `--allow-write=${dir}/elsewhere`, "--allow-net", "--allow-env"],
      `${dir}/c.yaml: outDir: corun may not write to "${dir}/out": start it with --allow-write`,
      [0, `warning: ${dir}/c.yaml: outDir: this check may not write to "${dir}/out"; corun run`],
    ],
  ];
  try {
    await Deno.writeTextFile(`${dir}/taken`, "a file\n");
    for (const [name, head, permissions, message, checkSays] of cases) {
      await t.step(name, async () => {
        const task = `tasks:\n  - name: page\n    fetch: ${
          server.url("/page")
        }\n    save: page.txt\n`;
        await Deno.writeTextFile(`${dir}/c.yaml`, head + task);
        for (const command of ["check", "run"]) {
          const { code, stderr } = await corun([command, `${dir}/c.yaml`], dir, permissions);
          const [expectedCode, said] = command === "check" && checkSays ? checkSays : [2, message];
          assertEquals(code, expectedCode, `${command}: ${stderr}`);
          assert(stderr.startsWith(said), `${command}: ${stderr}`);
        }
        assertEquals(server.requests.length, 0);
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a config of sleeps whose outDir is a file: check warns, run does its tasks and says why no history was recorded", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "corun-output-check-" }));
  try {
    await Deno.writeTextFile(`${dir}/taken`, "a file\n");
    await Deno.writeTextFile(`${dir}/c.yaml`, "outDir: taken\ntasks:\n  - sleep: 1ms\n");
    const problem = `${dir}/c.yaml: outDir: "${dir}/taken" is a file, not a directory`;
    const all = ["--allow-read", "--allow-write", "--allow-env"];
    const check = await corun(["check", `${dir}/c.yaml`], dir, all);
    assertEquals(check.code, 0, check.stderr);
    assertEquals(
      check.stderr,
      `warning: ${problem}; corun run cannot record its history (.corun-history.jsonl) there\n`,
    );
    const run = await corun(["run", "--quiet", `${dir}/c.yaml`], dir, all);
    assertEquals(run.code, 0, run.stderr);
    assertEquals(
      run.stderr,
      `Cannot record the run in "${dir}/taken/.corun-history.jsonl": ${problem}\n`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
