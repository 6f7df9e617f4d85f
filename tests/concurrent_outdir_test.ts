/**
 * Two processes writing into one output directory at once (two runs without `--lock`, or a
 * schedule's own lock beside `corun run --lock`): neither removes a file the other is writing, a
 * partial one of them kept is never continued or discarded by the other while it writes it, and a
 * fetch whose kept bytes went meanwhile starts over instead of failing. The other process is either
 * a child process, or an open file of this test holding the lock that process would hold (locks
 * belong to an open file, so a second open of the same file in this process is another holder).
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { createVirtualClock, defineConfig, run, type RunEvent, task } from "../mod.ts";
import { AtomicFile } from "../lib/sinks/atomic_file.ts";
import { ConfinedDir } from "../lib/sinks/confined_dir.ts";
import { partialPathFor } from "../lib/sinks/partial_file.ts";
import { within } from "./fixtures/poll.ts";
import { bodyOf, startRangeServer } from "./fixtures/range_server.ts";
import { endOf } from "./fixtures/run_deno.ts";

const BODY = bodyOf(1024 * 1024, 5);
const HOUR_MS = 60 * 60 * 1000;

async function withOutDir(body: (outDir: string) => Promise<void>): Promise<void> {
  const outDir = await Deno.realPath(await Deno.makeTempDir({ prefix: "corun-concurrent-" }));
  try {
    await body(outDir);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

/** Every file in the output directory but the metadata log, sorted. */
function filesIn(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((entry) => entry.name)
    .filter((name) => name !== "corun.jsonl").sort();
}

/** A run of another config into `outDir` that writes one small file: its first write sweeps. */
function runOther(outDir: string) {
  return run(
    defineConfig({
      outDir,
      metadata: false,
      tasks: [task("other", function* (ctx) {
        yield* ctx.write("other.txt", "other\n");
      })],
    }),
    { state: false },
  );
}

/** A fetch task's run on a virtual clock (backoff waits take no time). */
function runFetch(
  outDir: string,
  url: string,
  options: { resume?: boolean; onEvent?: (event: RunEvent) => void } = {},
) {
  return run(
    defineConfig({
      outDir,
      defaults: { resume: options.resume ?? false },
      tasks: [{ name: "big", fetch: url, save: "big.bin", retries: 3 }],
    }),
    {
      clock: createVirtualClock({ startWallMs: 1_700_000_000_000 }),
      state: false,
      onEvent: options.onEvent,
    },
  );
}

/** The named partial of `big.bin` from `url`. */
const partialOf = (url: string) => partialPathFor("big.bin", url);

/** What a process writing the named partial of `big.bin` holds: the file, exclusively locked. */
function holdNamedPartial(outDir: string, url: string): Deno.FsFile {
  const file = Deno.openSync(`${outDir}/${partialOf(url)}`, { read: true, write: true });
  if (!file.tryLockSync(true)) {
    file.close();
    throw new Error("The named partial is locked by the run: it should be closed");
  }
  return file;
}

/** A named partial of `big.bin` with its first `bytes` bytes and its record, as a run leaves it. */
function leaveNamedPartial(outDir: string, url: string, bytes: number): void {
  Deno.writeFileSync(`${outDir}/${partialOf(url)}`, BODY.subarray(0, bytes));
  Deno.writeTextFileSync(
    `${outDir}/${partialOf(url)}.json`,
    JSON.stringify({ url, validator: '"v1"' }),
  );
}

/** Calls `act` as the server answers request `index` (0-based): while the fetch waits for it. */
function whenAsked(index: number, act: () => void): (i: number) => undefined {
  return (i) => {
    if (i === index) act();
    return undefined;
  };
}

const asked = (log: { range: string | null; status: number }[]) =>
  log.map((entry) => [entry.range, entry.status]);

Deno.test({
  name:
    "a run without --lock leaves another process's slow download alone: its temporary survives the sweep and is saved whole",
  // Windows locks are mandatory: a writer holds no shared lock there (see confined_dir.ts).
  ignore: Deno.build.os === "windows",
  fn: async () => {
    await withOutDir(async (dir) => {
      const outDir = `${dir}/out`;
      Deno.mkdirSync(outDir);
      // The other process streams a body into a temporary, then waits (a slow server) until told.
      const script = `${dir}/writer.ts`;
      const sinks = new URL("../lib/sinks/mod.ts", import.meta.url).href;
      Deno.writeTextFileSync(
        script,
        `import { AtomicFile, ConfinedDir } from ${JSON.stringify(sinks)};
       const file = AtomicFile.createSync("big.bin", { within: ConfinedDir.openSync(Deno.args[0]) });
       file.write(new Uint8Array(100_000).fill(1));
       console.log(file.tempRelativePath);
       for await (const _ of Deno.stdin.readable) { /* until closed */ }
       file.write(new Uint8Array(100_000).fill(2));
       await file.commit();`,
      );
      const writer = new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-read", "--allow-write", script, outDir],
        stdin: "piped",
        stdout: "piped",
        stderr: "inherit",
      }).spawn();
      let status: Deno.CommandStatus;
      try {
        const reader = writer.stdout.getReader();
        const first = await within(reader.read(), "the writer's temporary's name");
        const temp = new TextDecoder().decode(first.value).trim();
        reader.releaseLock();
        // Nothing written for an hour, as far as its time stamp tells: it looks like a killed run's.
        const old = new Date(Date.now() - HOUR_MS);
        Deno.utimeSync(`${outDir}/${temp}`, old, old);
        const report = await within(runOther(outDir), "the other run, beside the writer");
        assertEquals(report.counts.done, 1);
        assertEquals(Deno.statSync(`${outDir}/${temp}`).size, 100_000);
      } finally {
        await writer.stdin.close();
        await writer.stdout.cancel();
        status = await endOf(writer, "the writer to commit once its input closed");
      }
      assertEquals(status.code, 0);
      const saved = Deno.readFileSync(`${outDir}/big.bin`);
      assertEquals([saved.length, saved[0], saved[199_999]], [200_000, 1, 2]);
      assertEquals(filesIn(outDir), ["big.bin", "other.txt"]);
    });
  },
});

Deno.test("a kept partial that went while its retry waited makes the fetch start over from byte 0", async (t) => {
  for (const resume of [false, true]) {
    await t.step(resume ? "resume: true (its named partial)" : "a partial of the run", async () => {
      await using server = startRangeServer({
        body: BODY,
        cutAt: (i) => i === 0 ? 300_000 : undefined,
      });
      await withOutDir(async (outDir) => {
        // Another run's sweep (or its discard, for a named partial) while the retry waits.
        const removeKept = (event: RunEvent) => {
          if (event.type !== "retry") return;
          for (const name of filesIn(outDir)) Deno.removeSync(`${outDir}/${name}`);
        };
        const report = await runFetch(outDir, server.url(), { resume, onEvent: removeKept });
        const [big] = report.tasks;
        assertEquals(big.outcome, "done", big.error?.message);
        assertEquals(asked(server.log), [[null, 200], ["bytes=300000-", 206], [null, 200]]);
        assertEquals(Deno.readFileSync(`${outDir}/big.bin`), BODY);
        assertEquals(filesIn(outDir), ["big.bin"]);
      });
    });
  }
});

Deno.test("with resume: true, a retry whose named partial another process took meanwhile starts over into a temporary of its own", async () => {
  await using server = startRangeServer({
    body: BODY,
    cutAt: (i) => i === 0 ? 300_000 : undefined,
  });
  await withOutDir(async (outDir) => {
    let holder: Deno.FsFile | undefined;
    const takeKept = (event: RunEvent) => {
      if (event.type === "retry") holder ??= holdNamedPartial(outDir, server.url()); // at the first retry
    };
    try {
      const report = await runFetch(outDir, server.url(), { resume: true, onEvent: takeKept });
      const [big] = report.tasks;
      assertEquals(big.outcome, "done", big.error?.message);
      assertEquals(asked(server.log), [[null, 200], ["bytes=300000-", 206], [null, 200]]);
      assertEquals(Deno.readFileSync(`${outDir}/big.bin`), BODY);
      // The other process's partial and record are as it holds them.
      assertEquals(Deno.statSync(`${outDir}/${partialOf(server.url())}`).size, 300_000);
      assert(filesIn(outDir).includes(`${partialOf(server.url())}.json`));
    } finally {
      holder?.close();
    }
  });
});

Deno.test("with resume: true, a second process saving the same path downloads to a temporary of its own", async () => {
  await using server = startRangeServer({ body: BODY });
  await withOutDir(async (outDir) => {
    leaveNamedPartial(outDir, server.url(), 300_000);
    const writing = holdNamedPartial(outDir, server.url()); // the first process, streaming into it
    try {
      const report = await runFetch(outDir, server.url(), { resume: true });
      const [big] = report.tasks;
      assertEquals(big.outcome, "done", big.error?.message);
      assertEquals(asked(server.log), [[null, 200]]); // the partial was not taken for a leftover
      assertEquals(Deno.readFileSync(`${outDir}/big.bin`), BODY);
      assertEquals(filesIn(outDir), [
        partialOf(server.url()),
        `${partialOf(server.url())}.json`,
        "big.bin",
      ]);
      assertEquals(Deno.statSync(`${outDir}/${partialOf(server.url())}`).size, 300_000);
    } finally {
      writing.close();
    }
  });
});

Deno.test("with resume: true, a 200 to the Range never removes a partial another process started writing, and that process saves its file whole", async () => {
  await withOutDir(async (outDir) => {
    const within = ConfinedDir.openSync(outDir);
    let first: AtomicFile | undefined;
    // The first process continues the partial left behind just after the second looked at it.
    const continueIt = () => {
      const partial = partialOf(server.url());
      first = AtomicFile.continueSync("big.bin", partial, { within, lock: true });
    };
    await using server = startRangeServer({
      body: BODY,
      honourRange: false,
      cutAt: whenAsked(0, continueIt),
    });
    leaveNamedPartial(outDir, server.url(), 300_000);
    try {
      const report = await runFetch(outDir, server.url(), { resume: true });
      const [big] = report.tasks;
      assertEquals(big.outcome, "done", big.error?.message);
      assertEquals(asked(server.log), [["bytes=300000-", 200]]);
      assertEquals(Deno.readFileSync(`${outDir}/big.bin`), BODY);
      // Neither the partial the first process writes nor its record was touched.
      assertEquals(Deno.statSync(`${outDir}/${partialOf(server.url())}`).size, 300_000);
      assert(filesIn(outDir).includes(`${partialOf(server.url())}.json`));
      first!.write(BODY.subarray(300_000));
      await first!.commit();
      first = undefined;
      assertEquals(Deno.readFileSync(`${outDir}/big.bin`), BODY);
    } finally {
      await first?.abort();
    }
  });
});
