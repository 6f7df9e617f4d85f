/**
 * A `--trace` file that cannot be made (its folder is a file, or may not be written) is a warning
 * worded as a `--log` that cannot be opened is: the run goes on without a trace and ends as its
 * tasks do. The message used to read like the command's failure, with no "warning:" and no word
 * that the run went on; so did a trace that could not be put in place at the run's end, which was
 * not in `--json`'s warnings either.
 */
import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../lib/config/mod.ts";
import { EXIT_CODES } from "../lib/cli/exit_codes.ts";
import { main } from "../lib/cli/main.ts";
import { run } from "../lib/tasks/mod.ts";
import { createFakeWorld } from "./fixtures/fake_host.ts";
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

Deno.test("a --trace that cannot be put in place at the run's end is the same warning, in --json's list and --log too", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-trace-unplaced-" });
  try {
    const config = validateConfig({ tasks: [{ name: "nap", sleep: "10ms" }] }, "nap.yaml");
    for (const mode of [[], ["--json"]]) {
      const trace = `${dir}/t${mode.length}.json`;
      const log = `${dir}/run${mode.length}.log`;
      const world = createFakeWorld({
        configs: { "nap.yaml": config },
        // The trace is being written beside its path; a folder now there takes the rename's place.
        run: (spec, options) => {
          Deno.mkdirSync(`${trace}/in-the-way`, { recursive: true });
          return run(spec, options);
        },
      });
      const args = ["run", "nap.yaml", "--out", dir, "--trace", trace, "--log", log, ...mode];
      assertEquals(await main(args, world.host), EXIT_CODES.ok, world.stderr());
      const said = `warning: Cannot write the trace "${trace}": `;
      const lines = world.stderr().split("\n").filter((line) => line.includes(said));
      assertEquals(lines.length, 1, world.stderr());
      assertMatch(
        lines[0],
        /^(\S+Z )?warning: Cannot write the trace "[^"]+": .+; no trace was written$/,
      );
      assertEquals((await Deno.readTextFile(log)).split(said).length, 2, "once in the log");
      if (mode.length > 0) {
        const warnings: string[] = JSON.parse(world.stdout()).warnings;
        assertEquals(warnings.filter((w) => w.endsWith("; no trace was written")).length, 1);
      }
      // Nothing of it left behind: the trace is whole or not at all.
      assertEquals([...Deno.readDirSync(dir)].filter((e) => e.name.includes(".part")), []);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
