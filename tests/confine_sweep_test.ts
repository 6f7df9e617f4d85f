import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { runOperation } from "../lib/loop/mod.ts";
import { acquireLock, LOCK_FILE_NAME } from "../lib/schedule/mod.ts";
import { defineConfig, run, task } from "../mod.ts";
import { within } from "./fixtures/poll.ts";
import { endOf } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const HOUR_MS = 60 * 60 * 1000;

/** Files a killed run left: corun's temporaries from an hour ago, and files that only look alike. */
function leaveLeftovers(outDir: string): void {
  Deno.mkdirSync(`${outDir}/sub`, { recursive: true });
  const old = new Date(Date.now() - HOUR_MS);
  for (
    const path of [
      `${outDir}/.page.html.0123456789ab.part`,
      `${outDir}/sub/.data.json.ba9876543210.part`,
      `${outDir}/sub/notes.part`,
      `${outDir}/sub/.draft.part`,
    ]
  ) {
    Deno.writeTextFileSync(path, "left over\n");
    Deno.utimeSync(path, old, old);
  }
}

function listAll(dir: string, prefix = ""): string[] {
  return [...Deno.readDirSync(dir)].flatMap((entry) =>
    entry.isDirectory
      ? listAll(`${dir}/${entry.name}`, `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`]
  ).sort();
}

const writeBoth = (outDir: string) =>
  defineConfig({
    outDir,
    metadata: false,
    tasks: [task("w", function* (ctx) {
      yield* ctx.write("top.txt", "top\n");
      yield* ctx.write("sub/inner.txt", "inner\n");
    })],
  });

const withOutDir = withTempDir("corun-sweep-");

Deno.test("a run removes the temporaries a killed run left in the directories it writes to, and nothing else", async () => {
  await withOutDir(async (outDir) => {
    leaveLeftovers(outDir);
    const report = await run(writeBoth(outDir), { state: false });
    assertEquals(report.counts.done, 1);
    assertEquals(listAll(outDir), [
      "sub/.draft.part",
      "sub/inner.txt",
      "sub/notes.part",
      "top.txt",
    ]);
  });
});

Deno.test("a run holding its own run lock still sweeps", async () => {
  await withOutDir(async (outDir) => {
    leaveLeftovers(outDir);
    const locked = await runOperation(acquireLock(`${outDir}/${LOCK_FILE_NAME}`));
    if (!locked.acquired) throw new Error("the lock should be free");
    try {
      await run(writeBoth(outDir), { state: false });
    } finally {
      await locked.lock.release();
    }
    assertEquals(listAll(outDir).filter((name) => name.endsWith("0123456789ab.part")), []);
  });
});

Deno.test("a run leaves temporaries alone while another process holds the output directory's run lock", async () => {
  await withOutDir(async (outDir) => {
    leaveLeftovers(outDir);
    const lockPath = `${outDir}/${LOCK_FILE_NAME}`;
    // Another process takes the lock, says so, and holds it until its input closes.
    const holder = new Deno.Command(Deno.execPath(), {
      args: [
        "eval",
        `const f = Deno.openSync(${
          JSON.stringify(lockPath)
        }, { read: true, write: true, create: true });
         f.lockSync(true);
         console.log("locked");
         for await (const _ of Deno.stdin.readable) { /* until closed */ }`,
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    try {
      const reader = holder.stdout.getReader();
      const { value } = await within(reader.read(), "the other process to take the lock");
      assertEquals(new TextDecoder().decode(value).trim(), "locked");
      reader.releaseLock();
      await within(run(writeBoth(outDir), { state: false }), "the run, the lock held elsewhere");
      assertEquals(listAll(outDir), [
        ".corun.lock",
        ".page.html.0123456789ab.part",
        "sub/.data.json.ba9876543210.part",
        "sub/.draft.part",
        "sub/inner.txt",
        "sub/notes.part",
        "top.txt",
      ]);
    } finally {
      await holder.stdin.close();
      await holder.stdout.cancel();
      await endOf(holder, "the other process to end once its input closed");
    }
  });
});

Deno.test("a run taking the run lock with --lock=fail is not refused by another run's sweep looking at that lock", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-sweep-" });
  const path = `${outDir}/${LOCK_FILE_NAME}`;
  try {
    Deno.writeTextFileSync(path, "");
    // What a sweep does to see whether a run holds the lock: a shared lock, let go at once (here a
    // little later, so that the run's first try meets it).
    const probe = Deno.openSync(path, { read: true });
    probe.lockSync(false);
    const letGo = setTimeout(() => probe.close(), 1);
    try {
      const result = await runOperation(acquireLock(path, { mode: "fail" }));
      assertEquals(result.acquired, true);
      if (result.acquired) await result.lock.release();
    } finally {
      clearTimeout(letGo);
      try {
        probe.close();
      } catch {
        // Let go already.
      }
    }
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
