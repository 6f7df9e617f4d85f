/**
 * A custom task's code that lets an error go outside the task (a promise it rejected and never
 * awaited, a throw from a timer), while another task's body streams in: the real command line and
 * a server that holds the rest of the body until the config's code has let its error go. The run
 * goes on: the other file is complete, the summary and the history line are there, a warning names
 * what was thrown and where, and the exit code is 1.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { HALF, startHoldingServer } from "./fixtures/holding_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

/** A config whose `stray` task leaves `helper` running; the helper lets its error go. */
function strayConfig(base: string, helper: string): string {
  return `import { defineConfig, fetchTask, task } from ${JSON.stringify(MOD)};
const base = ${JSON.stringify(base)};
/** Once the other task's body is half in: asks the server for the rest, and lets an error go. */
async function helper() {
  await (await fetch(base + "/half-sent")).text();
  ${helper}
}
export default defineConfig({ outDir: "out", tasks: [
  fetchTask("slow", base + "/slow", { save: "slow.bin" }),
  task("stray", function* (ctx) {
    helper();
    yield* ctx.sleep(1);
  }),
] });
`;
}

async function runStray(helper: string) {
  const dir = await Deno.makeTempDir({ prefix: "corun-stray-" });
  const server = startHoldingServer();
  try {
    await Deno.writeTextFile(`${dir}/stray.ts`, strayConfig(server.base, helper));
    const ran = await runDeno(["run", "-A", MOD, "run", "stray.ts"], { cwd: dir });
    const saved = await Deno.readFile(`${dir}/out/slow.bin`).catch(() => new Uint8Array());
    const history = await Deno.readTextFile(`${dir}/out/.corun-history.jsonl`).catch(() => "");
    const marks = await Array.fromAsync(Deno.readDir(`${dir}/out/.corun/running`)).catch(() => []);
    return { ...ran, saved, history: history.trim().split("\n").filter(Boolean), marks };
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
}

// The release is asked for in the same turn as the error: a process the error ended sends nothing more.
const RELEASE = `fetch(base + "/release").then((response) => response.body?.cancel());`;

Deno.test("a promise a custom task rejected and nothing awaited is a warning: the other download completes, exit 1, recorded", async () => {
  const ran = await runStray(`${RELEASE}\n  throw new Error("lost helper failed");`);
  assertEquals(ran.code, 1, ran.stderr);
  assertEquals(ran.saved.length, 2 * HALF, ran.stderr);
  assert(ran.stdout.includes("2 tasks: 2 done"), ran.stdout);
  assert(
    /warning: A promise of the config's code rejected and nothing awaited it: Error: lost helper failed \(at .*stray\.ts:\d+:\d+\)/
      .test(ran.stderr),
    ran.stderr,
  );
  assertEquals(ran.history.length, 1, ran.history.join("\n"));
  assertEquals(JSON.parse(ran.history[0]).exitCode, 1);
  assertEquals(ran.marks, []);
});

Deno.test("a throw from a timer a custom task left behind is a warning: the other download completes, exit 1, recorded", async () => {
  const ran = await runStray(
    `setTimeout(() => { ${RELEASE} throw new TypeError("timer threw"); }, 0);`,
  );
  assertEquals(ran.code, 1, ran.stderr);
  assertEquals(ran.saved.length, 2 * HALF, ran.stderr);
  assert(ran.stdout.includes("2 tasks: 2 done"), ran.stdout);
  assert(
    /warning: The config's code threw outside any task \(from a timer or callback it left running\): TypeError: timer threw \(at .*stray\.ts:\d+:\d+\)/
      .test(ran.stderr),
    ran.stderr,
  );
  assertEquals(JSON.parse(ran.history[0]).exitCode, 1);
});
