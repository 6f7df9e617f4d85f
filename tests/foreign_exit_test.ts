/**
 * A custom task that calls `Deno.exit` while another task's body streams in: the real command line
 * and a server that holds the rest of the body. The process ends at once, as Deno's exit does; but
 * it says so, naming the call and the tasks it cut short, exits 1 even for `Deno.exit(0)`, and
 * records the run as failed, so the next run does not take it for a killed one.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { startHoldingServer } from "./fixtures/holding_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

Deno.test("Deno.exit(0) in a custom task mid-download: said on stderr with the tasks cut short, exit 1, recorded as failed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-exit-" });
  const server = startHoldingServer();
  try {
    await Deno.writeTextFile(
      `${dir}/quits.ts`,
      `import { call, defineConfig, fetchTask, task } from ${JSON.stringify(MOD)};
const base = ${JSON.stringify(server.base)};
export default defineConfig({ outDir: "out", tasks: [
  fetchTask("slow", base + "/slow", { save: "slow.bin" }),
  task("quitter", function* () {
    yield* call(async () => await (await fetch(base + "/half-sent")).text());
    Deno.exit(0);
  }),
] });
`,
    );
    const { code, stderr } = await runDeno(["run", "-A", MOD, "run", "quits.ts"], { cwd: dir });
    assertEquals(code, 1, stderr);
    assert(
      /^corun stopped: the config's code called Deno\.exit\(0\) \(at .*quits\.ts:7:10\), which ends the process at once: cut short "slow", "quitter"; exit code 1$/m
        .test(stderr),
      stderr,
    );
    const history = (await Deno.readTextFile(`${dir}/out/.corun-history.jsonl`)).trim().split("\n");
    assertEquals(history.length, 1);
    const line = JSON.parse(history[0]);
    assertEquals([line.exitCode, line.counts.cancelled], [1, 2]);
    const marks = await Array.fromAsync(Deno.readDir(`${dir}/out/.corun/running`)).catch(() => []);
    assertEquals(marks, []);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
