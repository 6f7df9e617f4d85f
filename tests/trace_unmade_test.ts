/**
 * A `--trace` file that cannot be made (its folder is a file, or may not be written) is a warning
 * worded as a `--log` that cannot be opened is: the run goes on without a trace and ends as its
 * tasks do. The message used to read like the command's failure, with no "warning:" and no word
 * that the run went on.
 */
import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

Deno.test("a --trace file that cannot be made is a warning: the run goes on without a trace", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-trace-unmade-" });
  try {
    await Deno.writeTextFile(`${dir}/nap.yaml`, `tasks:\n  - name: nap\n    sleep: 10ms\n`);
    await Deno.writeTextFile(`${dir}/blocker`, "a file, not a folder\n");
    for (const mode of [[], ["--json"]]) {
      const { code, stdout, stderr } = await runDeno(
        ["run", "-A", MOD, "run", "nap.yaml", "--trace", "blocker/t.json", ...mode],
        { cwd: dir, env: { NO_COLOR: "1" } },
      );
      assertEquals(code, 0, stderr);
      const trace = `${await Deno.realPath(dir)}/blocker/t.json`.replace(
        /[.*+?^${}()|[\]\\]/g,
        "\\$&",
      );
      // Plain lines are timestamped; --json's stderr is not.
      const said = new RegExp(
        `^(\\S+Z )?warning: Cannot write the trace "${trace}": [^\\n]+; going on without a trace$`,
        "m",
      );
      assertMatch(stderr, said);
      if (mode.length > 0) {
        const warnings: string[] = JSON.parse(stdout).warnings;
        assertEquals(warnings.filter((w) => w.endsWith("; going on without a trace")).length, 1);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
