/**
 * A run interrupted while it reads a kept partial back (to digest the bytes it continues) keeps the
 * partial for the next run, closed and unlocked: the read-back is a wait the interrupt cannot stop
 * part-way, and the partial is kept once it is over, not while it still reads the file.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run } from "../mod.ts";
import { partialPathFor } from "../lib/sinks/partial_file.ts";
import { pollUntil } from "./fixtures/poll.ts";
import { bodyOf, startRangeServer } from "./fixtures/range_server.ts";
import { sizeOf } from "./fixtures/temp_dir.ts";

/**
 * Holds the reads of the first file sought back to its start (the read-back's: the run opens no
 * other file that way) until the test lets them go; `started` resolves at its first read.
 */
function holdReadBack() {
  const { seek, read } = Deno.FsFile.prototype;
  let held: Deno.FsFile | undefined;
  const started = Promise.withResolvers<void>();
  const gate = Promise.withResolvers<void>();
  Deno.FsFile.prototype.seek = function (offset, whence) {
    if (held === undefined && offset === 0 && whence === Deno.SeekMode.Start) held = this;
    return seek.call(this, offset, whence);
  };
  Deno.FsFile.prototype.read = function (buffer) {
    if (this !== held) return read.call(this, buffer);
    started.resolve();
    return gate.promise.then(() => read.call(this, buffer));
  };
  return {
    started: started.promise,
    release: () => gate.resolve(),
    [Symbol.dispose]() {
      gate.resolve();
      Deno.FsFile.prototype.seek = seek;
      Deno.FsFile.prototype.read = read;
    },
  };
}

Deno.test("resume: true, a run interrupted while it reads its partial back for the digest keeps the partial, closed, and the next run continues it", async () => {
  const body = bodyOf(2 * 1024 * 1024, 5);
  await using server = startRangeServer({
    body,
    slow: { pieceBytes: 64 * 1024, pauseMs: 20, requests: 1 },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-resume-read-back-" });
  try {
    const config = defineConfig({
      outDir,
      defaults: { resume: true, sha256: true },
      tasks: [{ name: "big", fetch: server.url(), save: "big.bin" }],
    });
    const partial = `${outDir}/${partialPathFor("big.bin", server.url())}`;
    // The first run leaves a partial.
    const first = new AbortController();
    const firstRun = run(config, { state: false, signal: first.signal });
    await pollUntil(async () => await sizeOf(partial) > 0, "the first run to keep a partial");
    first.abort();
    assertEquals((await firstRun).tasks[0].outcome, "cancelled");
    const kept = await sizeOf(partial);
    assert(kept > 0 && kept < body.length, `kept ${kept}`);

    // The second is interrupted while it reads that partial back.
    const second = new AbortController();
    let report;
    {
      using readBack = holdReadBack();
      const secondRun = run(config, { state: false, signal: second.signal });
      await readBack.started;
      second.abort();
      // The read-back goes on a while after the interrupt (a disk is slow): a run that does not
      // wait for it ends meanwhile.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([secondRun, new Promise((resolve) => timer = setTimeout(resolve, 300))]);
      clearTimeout(timer);
      readBack.release();
      report = await secondRun;
    }
    assertEquals(report.tasks[0].outcome, "cancelled", report.tasks[0].error?.message);
    assertEquals(await sizeOf(partial), kept);

    // The third asks only for the rest.
    const third = await run(config, { state: false });
    assertEquals(third.tasks[0].outcome, "done", third.tasks[0].error?.message);
    assertEquals(server.log.at(-1)?.range, `bytes=${kept}-`);
    assertEquals(await Deno.readFile(`${outDir}/big.bin`), body);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
