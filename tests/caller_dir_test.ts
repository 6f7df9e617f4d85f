import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";

const MOD = decodeURIComponent(new URL("../mod.ts", import.meta.url).pathname);
const PERMISSIONS = "--allow-read --allow-write --allow-net --allow-env";

/** The environment without INIT_CWD: `deno task` keeps one it inherits (this suite's own). */
function envWithoutInitCwd(): Record<string, string> {
  const env = Deno.env.toObject();
  delete env.INIT_CWD;
  return { ...env, NO_COLOR: "1" };
}

Deno.test("deno task corun run CONFIG reads CONFIG, --out and --log from the folder it was typed in", async () => {
  const project = await Deno.realPath(await Deno.makeTempDir({ prefix: "corun-task-" }));
  try {
    await Deno.writeTextFile(
      `${project}/deno.json`,
      JSON.stringify({ tasks: { corun: `deno run ${PERMISSIONS} ${JSON.stringify(MOD)}` } }),
    );
    const configs = `${project}/configs`;
    await Deno.mkdir(configs);
    await Deno.writeTextFile(`${configs}/my.yaml`, "tasks:\n  - sleep: 1ms\n");
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["task", "corun", "run", "my.yaml", "--out", "o", "--log", "run.log", "--json"],
      cwd: configs,
      clearEnv: true,
      env: envWithoutInitCwd(),
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(output.stderr);
    assertEquals(output.code, 0, stderr);
    assertEquals(JSON.parse(new TextDecoder().decode(output.stdout)).counts.done, 1);
    const history = await Deno.readTextFile(`${configs}/o/.corun-history.jsonl`);
    assertEquals(JSON.parse(history).exitCode, 0);
    assert((await Deno.readTextFile(`${configs}/run.log`)).includes("1 task: 1 done"));
    // Nothing went to the project's folder, where `deno task` runs corun.
    for await (const entry of Deno.readDir(project)) {
      assert(["deno.json", "deno.lock", "configs"].includes(entry.name), entry.name);
    }
  } finally {
    await Deno.remove(project, { recursive: true });
  }
});
