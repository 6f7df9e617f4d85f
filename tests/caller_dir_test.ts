import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

const PERMISSIONS = "--allow-read --allow-write --allow-net --allow-env";

/** corun's own `corun` task, as deno.json has it, running the sources instead of the bundle. */
async function corunTaskLine(program = MOD): Promise<string> {
  const denoJson = new URL("../deno.json", import.meta.url);
  const line: string = JSON.parse(await Deno.readTextFile(denoJson)).tasks.corun;
  assert(line.endsWith(" dist/cli/corun.js"), line);
  return line.replace(/dist\/cli\/corun\.js$/, JSON.stringify(program));
}

/** The environment without INIT_CWD and CORUN_CALLER_DIR: `deno task` keeps an INIT_CWD it inherits. */
function cleanEnv(): Record<string, string> {
  const env = Deno.env.toObject();
  delete env.INIT_CWD;
  delete env.CORUN_CALLER_DIR;
  return { ...env, NO_COLOR: "1" };
}

/** A project folder (its name has spaces) with a deno.json of `tasks`; removed after `body`. */
async function withProject(
  tasks: Record<string, string>,
  body: (project: string) => Promise<void>,
): Promise<void> {
  const project = await Deno.realPath(await Deno.makeTempDir({ prefix: "corun task " }));
  try {
    await Deno.writeTextFile(`${project}/deno.json`, JSON.stringify({ tasks }));
    await body(project);
  } finally {
    await Deno.remove(project, { recursive: true });
  }
}

function denoTask(cwd: string, args: string[]) {
  return runDeno(["task", ...args], { cwd, clearEnv: true, env: cleanEnv() });
}

Deno.test("deno task corun run CONFIG reads CONFIG, --out and --log from the folder it was typed in", async () => {
  await withProject({ corun: await corunTaskLine() }, async (project) => {
    const configs = `${project}/my configs`;
    await Deno.mkdir(configs);
    await Deno.writeTextFile(`${configs}/my.yaml`, "tasks:\n  - sleep: 1ms\n");
    const args = ["corun", "run", "my.yaml", "--out", "o", "--log", "run.log", "--json"];
    const { code, stdout, stderr } = await denoTask(configs, args);
    assertEquals(code, 0, stderr);
    assertEquals(JSON.parse(stdout).counts.done, 1);
    const history = await Deno.readTextFile(`${configs}/o/.corun-history.jsonl`);
    assertEquals(JSON.parse(history).exitCode, 0);
    assert((await Deno.readTextFile(`${configs}/run.log`)).includes("1 task: 1 done"));
    // Nothing went to the project's folder, where `deno task` runs corun.
    for await (const entry of Deno.readDir(project)) {
      assert(["deno.json", "deno.lock", "my configs"].includes(entry.name), entry.name);
    }
  });
});

Deno.test("a task of the user's own with relative paths reads them from the project, wherever it is typed", async () => {
  const nightly = `deno run ${PERMISSIONS} ${
    JSON.stringify(MOD)
  } run configs/my.yaml --out o --log run.log --json`;
  await withProject({ nightly }, async (project) => {
    await Deno.mkdir(`${project}/configs`);
    await Deno.mkdir(`${project}/sub`);
    await Deno.writeTextFile(`${project}/configs/my.yaml`, "tasks:\n  - sleep: 1ms\n");
    const { code, stdout, stderr } = await denoTask(`${project}/sub`, ["nightly"]);
    assertEquals(code, 0, stderr);
    assertEquals(JSON.parse(stdout).counts.done, 1);
    assertEquals(
      JSON.parse(await Deno.readTextFile(`${project}/o/.corun-history.jsonl`)).exitCode,
      0,
    );
    assert((await Deno.readTextFile(`${project}/run.log`)).includes("1 task: 1 done"));
    assertEquals([...Deno.readDirSync(`${project}/sub`)], []);
  });
});

Deno.test("the corun task lets corun read the user id, so the output check judges the outDir's mode", async () => {
  await withProject({}, async (project) => {
    // What lib/config output_check.ts asks for, asked by a program the task line starts as it starts corun.
    const probe = `${project}/probe.ts`;
    await Deno.writeTextFile(
      probe,
      'console.log(Deno.permissions.querySync({ name: "sys", kind: "uid" }).state);\n',
    );
    await Deno.writeTextFile(
      `${project}/deno.json`,
      JSON.stringify({ tasks: { corun: await corunTaskLine(probe) } }),
    );
    const { code, stdout, stderr } = await denoTask(project, ["corun"]);
    assertEquals(code, 0, stderr);
    assertEquals(stdout.trim(), "granted");
  });
});
