import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  all,
  call,
  createVirtualClock,
  type Operation,
  runOperation,
  sleep,
  spawn,
} from "../loop/mod.ts";
import {
  acquireLock,
  LockHeldError,
  type LockResult,
  LockUnsupportedError,
  MAX_LOCK_FILE_BYTES,
  readHolder,
  type RunLock,
} from "./lock.ts";
import { fullDisk, noLocks } from "../../tests/fixtures/file_system_quirks.ts";
import { pollUntil } from "../../tests/fixtures/poll.ts";
import { runDeno } from "../../tests/fixtures/run_deno.ts";

/** The lock of a result that must have been acquired. */
function lockOf(result: LockResult): RunLock {
  if (!result.acquired) {
    throw new Error(`expected the lock, but it is held by ${result.holder?.pid}`);
  }
  return result.lock;
}

async function withTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-lock-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Runs an operation and hands back its error instead of throwing. */
function* settle<T>(operation: Operation<T>): Operation<T | Error> {
  try {
    return yield* operation;
  } catch (error) {
    return error as Error;
  }
}

function release(result: LockResult | Error): Promise<void> {
  return result instanceof Error || !result.acquired ? Promise.resolve() : result.lock.release();
}

Deno.test("two concurrent acquireLock calls: one wins, the other skips and learns who holds it", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/.corun.lock`;
    const results = await runOperation(all([
      acquireLock(path, { mode: "skip" }),
      acquireLock(path, { mode: "skip" }),
    ]));
    const winners = results.filter((result) => result.acquired);
    const losers = results.filter((result) => !result.acquired);
    assertEquals([winners.length, losers.length], [1, 1]);
    const winner = lockOf(winners[0]);
    assertEquals(losers[0], { acquired: false, holder: winner.holder });
    assertEquals(winner.holder.pid, Deno.pid);
    assertEquals(await readHolder(path), winner.holder);
    await winner.release();
  });
});

Deno.test("two concurrent acquireLock calls in fail mode: the loser throws LockHeldError", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/.corun.lock`;
    const results = await runOperation(all([
      settle(acquireLock(path, { mode: "fail" })),
      settle(acquireLock(path, { mode: "fail" })),
    ]));
    const errors = results.filter((result) => result instanceof LockHeldError);
    assertEquals(errors.length, 1);
    const error = errors[0] as LockHeldError;
    assertEquals(error.code, "LOCK_HELD");
    assertEquals(error.holder?.pid, Deno.pid);
    assert(error.message.startsWith(`Cannot lock "${path}": it is held by process ${Deno.pid}`));
    for (const result of results) await release(result);
  });
});

Deno.test("in wait mode the loser polls until the winner releases", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/.corun.lock`;
    const clock = createVirtualClock();
    const acquiredAtMs = await runOperation(
      function* () {
        const first = lockOf(yield* acquireLock(path));
        yield* spawn(function* () {
          yield* sleep(950);
          yield* call(() => first.release());
        }());
        const second = lockOf(
          yield* acquireLock(path, { mode: "wait", pollMs: 100, waitTimeoutMs: 5000 }),
        );
        yield* call(() => second.release());
        return clock.now();
      }(),
      { clock },
    );
    assertEquals(acquiredAtMs, 1000); // the first poll after the release at 950
  });
});

Deno.test("in wait mode the loser gives up with LockHeldError after waitTimeoutMs", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/.corun.lock`;
    const clock = createVirtualClock();
    const first = lockOf(await runOperation(acquireLock(path), { clock }));
    try {
      const error = await assertRejects(
        () =>
          runOperation(acquireLock(path, { mode: "wait", pollMs: 100, waitTimeoutMs: 450 }), {
            clock,
          }),
        LockHeldError,
      );
      assert(error.message.endsWith("(waited 450 ms)"), error.message);
    } finally {
      await first.release();
    }
  });
});

Deno.test("a lock file left by a dead process is free: the run takes it over", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/.corun.lock`;
    const stale = { pid: 2 ** 22 + 17, startedAt: "2020-01-01T00:00:00.000Z", hostname: "gone" };
    await Deno.writeTextFile(path, JSON.stringify(stale));
    const lock = lockOf(await runOperation(acquireLock(path)));
    assertEquals((await readHolder(path))?.pid, Deno.pid);
    await lock.release();
  });
});

Deno.test("the lock file names the holder's config when given, and reads without one from an older corun", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/.corun.lock`;
    const lock = lockOf(await runOperation(acquireLock(path, { config: "../o.yaml" })));
    assertEquals(await readHolder(path), lock.holder);
    assertEquals(lock.holder.config, "../o.yaml");
    await lock.release();
    const older = { pid: 42, startedAt: "2026-01-01T00:00:00.000Z", hostname: "box" };
    await Deno.writeTextFile(path, JSON.stringify(older));
    assertEquals(await readHolder(path), older);
  });
});

Deno.test("a lock file past MAX_LOCK_FILE_BYTES is an unknown holder, not read whole", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/.corun.lock`;
    const holder = { pid: 42, startedAt: "2026-01-01T00:00:00.000Z", hostname: "box" };
    // A holder's record, padded past the cap: whole, it would read as that holder.
    const record = JSON.stringify(holder);
    await Deno.writeTextFile(path, record.padEnd(MAX_LOCK_FILE_BYTES, " "));
    assertEquals(await readHolder(path), holder);
    await Deno.writeTextFile(path, record.padEnd(MAX_LOCK_FILE_BYTES + 1, " "));
    assertEquals(await readHolder(path), undefined);
    // Held by another, such a file makes the lock "held by another process".
    using other = await Deno.open(path, { read: true, write: true });
    await other.lock(true);
    const error = await assertRejects(() => runOperation(acquireLock(path)), LockHeldError);
    assertEquals(error.holder, undefined);
    assert(error.message.includes("held by another process"), error.message);
  });
});

Deno.test("a lock held by a process that crashes is recovered once it is gone", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/.corun.lock`;
    const script = `
      const file = await Deno.open(${
      JSON.stringify(path)
    }, { read: true, write: true, create: true });
      if (!(await file.tryLock(true))) Deno.exit(2);
      await file.write(new TextEncoder().encode(JSON.stringify({ pid: Deno.pid, startedAt: new Date().toISOString(), hostname: "" })));
      console.log("locked");
      setInterval(() => {}, 60_000);
    `;
    await runDeno(["eval", script], {
      whileRunning: async (child) => {
        await pollUntil(() => child.ended || child.stdout().includes("\n"), "its line");
        assertEquals(child.stdout().trim(), "locked");
        const held = await runOperation(acquireLock(path, { mode: "skip" }));
        assertEquals(held.acquired, false);
        assertEquals(!held.acquired && held.holder?.pid, child.pid);
        child.kill("SIGKILL"); // a crash: no release, no cleanup
      },
    });
    const lock = lockOf(await runOperation(acquireLock(path, { mode: "fail" })));
    await lock.release();
  });
});

Deno.test("release() empties the file and frees the lock; the directory is made if missing", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/out/nested/.corun.lock`;
    const first = lockOf(await runOperation(acquireLock(path)));
    await first.release();
    await first.release(); // twice is fine
    assertEquals(await Deno.readTextFile(path), "");
    assertEquals(await readHolder(path), undefined);
    {
      await using _lock = lockOf(await runOperation(acquireLock(path)));
    }
    const third = lockOf(await runOperation(acquireLock(path, { mode: "fail" })));
    await third.release();
  });
});

Deno.test("a run lock on a file system without flock fails saying so, naming the lock file", async () => {
  await withTempDir(async (dir) => {
    using _quirk = noLocks();
    const path = `${dir}/.corun.lock`;
    const error = await assertRejects(
      () => runOperation(acquireLock(path, { mode: "fail" })),
      LockUnsupportedError,
    );
    assert(
      error.message.includes(`"${path}"`) && error.message.includes("no file locks"),
      error.message,
    );
  });
});

Deno.test("a full disk keeps the lock: the record is not written, said once, and the flock still excludes", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/.corun.lock`;
    const unrecorded: unknown[] = [];
    let lock: RunLock;
    {
      using _full = fullDisk();
      lock = lockOf(
        await runOperation(
          acquireLock(path, { mode: "fail", onUnrecorded: (error) => unrecorded.push(error) }),
        ),
      );
    }
    try {
      assertEquals(unrecorded.length, 1);
      assertEquals((unrecorded[0] as { code?: string }).code, "ENOSPC");
      assertEquals(await Deno.readTextFile(path), "", "no half record");
      // Another taker is kept out by the flock alone, and cannot tell who holds it.
      assertEquals(await runOperation(acquireLock(path, { mode: "skip" })), {
        acquired: false,
        holder: undefined,
      });
    } finally {
      await lock.release();
    }
    const again = lockOf(await runOperation(acquireLock(path, { mode: "skip" })));
    assertEquals((await readHolder(path))?.pid, Deno.pid);
    await again.release();
  });
});
