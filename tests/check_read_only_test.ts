import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";

import { MOD, runDeno } from "./fixtures/run_deno.ts";

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
      check.stderr.includes(`corun run will need --allow-write (or --allow-write=${dir}/out)`),
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
