import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { startLoopingChild } from "./fixtures/looping_child.ts";
import { runDeno } from "./fixtures/run_deno.ts";

const FILES = 5000;

/**
 * Exchanges `<outDir>/sub` (a directory) and `<outDir>/lnk` (a link to a directory outside) with one
 * atomic `renameat2(RENAME_EXCHANGE)` after another, as fast as it can, until stopped: at every
 * instant one of the two names is the link. A `deno eval` process, so it may call libc.
 */
async function startExchanger(outDir: string): Promise<{ stop(): Promise<void> }> {
  const script = `const libc = Deno.dlopen("libc.so.6", {
  renameat2: { parameters: ["i32", "buffer", "i32", "buffer", "u32"], result: "i32" },
});
const name = (path) => new TextEncoder().encode(path + "\\0");
const sub = name(Deno.args[0] + "/sub");
const lnk = name(Deno.args[0] + "/lnk");
const AT_FDCWD = -100;
const RENAME_EXCHANGE = 2;
console.log("ready");
for (;;) libc.symbols.renameat2(AT_FDCWD, sub, AT_FDCWD, lnk, RENAME_EXCHANGE);`;
  return await startLoopingChild(script, [outDir]);
}

/**
 * Writes FILES small files into `sub/` through ConfinedDir in a process of its own with every
 * permission (`deno eval`), which is how the guarantee is given: Deno then hands the bare names to
 * the kernel, relative to the directory the step checked. Returns how many were written and refused.
 */
async function writeInChild(outDir: string): Promise<{ written: number; refused: number }> {
  const sinks = new URL("../lib/sinks/mod.ts", import.meta.url).href;
  const script = `import { AtomicFile, ConfinedDir, ConfinementError } from ${
    JSON.stringify(sinks)
  };
const out = ConfinedDir.openSync(Deno.args[0]);
const bytes = new TextEncoder().encode("body\\n");
let written = 0;
let refused = 0;
for (let i = 0; i < ${FILES}; i++) {
  try {
    AtomicFile.writeWholeSync("sub/f" + i + ".txt", bytes, { within: out });
    written++;
  } catch (error) {
    if (!(error instanceof ConfinementError)) throw error;
    refused++;
  }
}
console.log(JSON.stringify({ written, refused }));`;
  const { code, stdout, stderr } = await runDeno(["eval", script, "--", outDir]);
  assertEquals(code, 0, stderr);
  return JSON.parse(stdout);
}

Deno.test({
  name:
    "with every permission, a directory atomically exchanged for a link to outside, over and over, gets nothing outside",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "corun-exchange-" });
    try {
      await Deno.mkdir(`${dir}/out/sub`, { recursive: true });
      await Deno.mkdir(`${dir}/outside`);
      await Deno.symlink(`${dir}/outside`, `${dir}/out/lnk`);
      const exchanger = await startExchanger(`${dir}/out`);
      let counts: { written: number; refused: number };
      try {
        counts = await writeInChild(`${dir}/out`);
      } finally {
        await exchanger.stop();
      }
      assertEquals([...Deno.readDirSync(`${dir}/outside`)], [], "nothing was written outside");
      assertEquals(counts.written + counts.refused, FILES);
      assert(counts.written > 0 && counts.refused > 0, JSON.stringify(counts));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
