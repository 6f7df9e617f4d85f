import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { runOperation } from "../loop/mod.ts";
import { acquireLock } from "../schedule/mod.ts";
import { describeHolder, parseLockMode, takeLock } from "./lock_step.ts";

Deno.test("parseLockMode() reads --lock: absent, bare (fail), or a mode", () => {
  assertEquals(parseLockMode(undefined), undefined);
  assertEquals(parseLockMode(true), "fail");
  assertEquals(parseLockMode("skip"), "skip");
  assertEquals(parseLockMode("wait"), "wait");
  assertEquals(parseLockMode("fail"), "fail");
  assertThrows(
    () => parseLockMode("tasks.yaml"),
    RangeError,
    'got "tasks.yaml" (write --lock=MODE)',
  );
  // A mistyped mode is named, as the parser names `--lock skp`'s.
  assertThrows(
    () => parseLockMode("skp"),
    RangeError,
    'Cannot read --lock: expected skip, wait or fail, got "skp" (did you mean --lock=skip?)',
  );
  assertThrows(() => parseLockMode("WAIT"), RangeError, "(did you mean --lock=wait?)");
});

Deno.test("describeHolder() names the pid, host and start, or says the holder is unknown", () => {
  const startedAt = "2026-11-25T10:00:00.000Z";
  assertEquals(describeHolder({ pid: 42, startedAt, hostname: "" }), `pid 42 since ${startedAt}`);
  assertEquals(
    describeHolder({ pid: 42, startedAt, hostname: "box" }),
    `pid 42 on box since ${startedAt}`,
  );
  assertEquals(describeHolder(undefined), "holder unknown");
});

Deno.test("takeLock() in wait mode gives up with 'aborted' when the signal aborts", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-lock-step-" });
  try {
    const held = await runOperation(acquireLock(`${dir}/.corun.lock`));
    if (!held.acquired) throw new Error("the test could not take the lock");
    const controller = new AbortController();
    const waiting = takeLock(`${dir}/.corun.lock`, { mode: "wait", signal: controller.signal });
    controller.abort();
    assertEquals(await waiting, "aborted");
    await held.lock.release();
    // "wait": the abandoned attempt may still hold the lock for a moment while it lets go.
    const free = await takeLock(`${dir}/.corun.lock`, {
      mode: "wait",
      signal: new AbortController().signal,
    });
    if (free === "aborted" || !free.acquired) throw new Error("the lock should be free now");
    await free.lock.release();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
