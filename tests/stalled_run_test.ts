/**
 * A custom task awaiting a promise nothing will settle, beside a task that finishes: the real
 * command line. Deno's event loop drains with the run unfinished; corun says so naming the task and
 * what it waits on, exits 1, and records the run as failed (no "killed?" for the next run).
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

Deno.test("a run that can never end names the stuck task, exits 1, and is recorded in the history as failed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-stalled-" });
  try {
    await Deno.writeTextFile(
      `${dir}/stuck.ts`,
      `import { call, defineConfig, sleepTask, task } from ${JSON.stringify(MOD)};
export default defineConfig({ outDir: "out", tasks: [
  sleepTask("nap", "20ms"),
  task("stuck", function* () { yield* call(() => new Promise<void>(() => {})); }),
] });
`,
    );
    const { code, stdout, stderr } = await runDeno(["run", "-A", MOD, "run", "stuck.ts"], {
      cwd: dir,
    });
    assertEquals(code, 1, stderr);
    assert(stdout.includes("nap done"), stdout);
    assertEquals(
      stderr,
      "corun stopped: what is left of the command waits on promises that nothing will settle " +
        '(a task awaits one that never resolves): task "stuck" (waiting on promise)\n',
    );
    const history = (await Deno.readTextFile(`${dir}/out/.corun-history.jsonl`)).trim().split("\n");
    const line = JSON.parse(history[0]);
    assertEquals([history.length, line.exitCode, line.counts], [1, 1, {
      done: 1,
      failed: 0,
      cancelled: 1,
      skipped: 0,
    }]);
    const marks = await Array.fromAsync(Deno.readDir(`${dir}/out/.corun/running`)).catch(() => []);
    assertEquals(marks, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
