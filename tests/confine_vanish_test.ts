import { assert, assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { AtomicFile, ConfinedDir, ConfinementError } from "../lib/sinks/mod.ts";
import { startLoopingChild } from "./fixtures/looping_child.ts";

const FILES = 3000;

/**
 * Makes and removes `<outDir>/sub` over and over, as fast as it can, from another process, until
 * stopped: a writer that has just changed into `sub` often finds it gone.
 */
async function startRemover(outDir: string): Promise<{ stop(): Promise<void> }> {
  const script = `const sub = Deno.args[0] + "/sub";
console.log("ready");
for (;;) {
  try { Deno.mkdirSync(sub); } catch { /* made by the writer */ }
  try { Deno.removeSync(sub, { recursive: true }); } catch { /* removed already */ }
}`;
  return await startLoopingChild(script, [outDir]);
}

/**
 * Runs `write(out, i)` FILES times while `sub` keeps vanishing; returns the failures' messages, after
 * checking each is a confinement error and the working directory was changed back every time.
 */
async function writeWhileVanishing(
  write: (out: ConfinedDir, i: number) => void,
): Promise<string[]> {
  const dir = await Deno.makeTempDir({ prefix: "corun-vanish-" });
  const cwd = Deno.cwd();
  const remover = await startRemover(dir);
  const failures: string[] = [];
  try {
    const out = ConfinedDir.openSync(dir);
    for (let i = 0; i < FILES; i++) {
      try {
        write(out, i);
      } catch (error) {
        if (!(error instanceof ConfinementError)) throw error;
        assertEquals(error.code, "DIR_REPLACED", error.message);
        failures.push(error.message);
      }
      assertEquals(Deno.cwd(), cwd, "the step changed back");
    }
  } finally {
    await remover.stop();
    await Deno.remove(dir, { recursive: true });
  }
  assert(failures.length > 0, "the remover raced some of the writes");
  for (const message of failures) {
    assertMatch(message, /^Cannot save "sub\/.*": its directory was moved, removed or replaced/);
  }
  return failures;
}

const bytes = new TextEncoder().encode("body\n");

Deno.test("a directory removed while small files are written into it fails them with DIR_REPLACED, never a raw working-directory error", async () => {
  await writeWhileVanishing((out, i) =>
    AtomicFile.writeWholeSync(`sub/f${i}.txt`, bytes, { within: out })
  );
});

Deno.test("a directory removed while files are opened for appending in it fails them with DIR_REPLACED", async () => {
  await writeWhileVanishing((out, i) =>
    out.openFileSync(`sub/a${i}.log`, { append: true }).close()
  );
});

Deno.test("a directory removed while streamed files are made and committed in it fails them with DIR_REPLACED", async () => {
  await writeWhileVanishing((out, i) => {
    const temp = out.createTempSync(`sub/s${i}.bin`);
    try {
      temp.file.writeSync(bytes);
    } finally {
      temp.file.close();
    }
    try {
      out.commitSync(temp, `sub/s${i}.bin`);
    } catch (error) {
      out.removeTempSync(temp);
      throw error;
    }
  });
});
