import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  afterRealTime,
  liveHostTimers,
  MAX_TIMER_DELAY_MS,
  queuedHostTimers,
  SHARED_WAKE_MAX_MS,
  startHostTimer,
} from "./host_timer.ts";
import { runDeno } from "../../tests/fixtures/run_deno.ts";

/** Replaces the runtime's timeout signals with ones that hold their timers, to be fired by hand. */
function holdTimers(): { delays: number[]; fire: () => void; restore: () => void } {
  const real = AbortSignal.timeout;
  const held: AbortController[] = [];
  const delays: number[] = [];
  AbortSignal.timeout = (ms: number) => {
    delays.push(ms);
    const controller = new AbortController();
    held.push(controller);
    return controller.signal;
  };
  return {
    delays,
    fire: () => held[held.length - 1].abort(),
    restore: () => {
      // Aborted, a held signal the shared wake kept is not listened to again by a later test.
      AbortSignal.timeout = real;
      for (const controller of held.splice(0)) controller.abort();
    },
  };
}

Deno.test("afterRealTime waits past a host timer's longest delay in steps, instead of firing at once", () => {
  const timers = holdTimers();
  const realNow = performance.now;
  let nowMs = realNow.call(performance);
  performance.now = () => nowMs;
  try {
    let fired = 0;
    const cancel = afterRealTime(30 * 86_400_000, () => fired++);
    assertEquals(timers.delays, [SHARED_WAKE_MAX_MS]);
    // A host timer's longest delay (24.8 days) has passed, not the 30 days: armed again.
    nowMs += MAX_TIMER_DELAY_MS;
    timers.fire();
    assertEquals(fired, 0);
    assertEquals(queuedHostTimers(), 1);
    nowMs += 30 * 86_400_000 - MAX_TIMER_DELAY_MS;
    timers.fire();
    assertEquals([fired, queuedHostTimers()], [1, 0]);
    // Cancelled before its time, it never fires.
    const cancelled = afterRealTime(30 * 86_400_000, () => fired++);
    nowMs += MAX_TIMER_DELAY_MS;
    timers.fire();
    cancelled();
    nowMs += 30 * 86_400_000;
    timers.fire();
    assertEquals(fired, 1);
    cancel();
  } finally {
    performance.now = realNow;
    timers.restore();
  }
});

Deno.test("afterRealTime fires once its time has passed", () => {
  const timers = holdTimers();
  try {
    let fired = 0;
    afterRealTime(0, () => fired++);
    assertEquals(timers.delays, [0]);
    timers.fire();
    assertEquals(fired, 1);
  } finally {
    timers.restore();
  }
});

Deno.test("cancelled host timers leave nothing behind: a fetch's hour-long watchdog holds no memory once cancelled", () => {
  const timers = holdTimers();
  try {
    // A timer still waiting (the loop's, a schedule's next fire) beside 10,000 fetches' deadlines.
    const cancelKept = startHostTimer(3_600_000, () => {});
    for (let i = 0; i < 10_000; i++) startHostTimer(7_200_000 + i, () => {})();
    // One timeout signal for all of them (a cancelled one cannot be cleared: it is kept until its
    // delay passes), and the cancelled timers are not kept queued.
    assertEquals(timers.delays, [SHARED_WAKE_MAX_MS]);
    assertEquals(queuedHostTimers() <= 100, true);
    cancelKept();
    assertEquals(queuedHostTimers(), 0);
    // Nothing queued, the process may exit; a later timer listens to the same signal again.
    startHostTimer(3_600_000, () => {})();
    assertEquals(timers.delays.length, 1);
  } finally {
    timers.restore();
  }
});

Deno.test("a host timer sooner than the armed wake gets a signal of its own, and the later ones still fire", () => {
  const timers = holdTimers();
  try {
    const calls: string[] = [];
    const cancelLater = startHostTimer(3_600_000, () => calls.push("later"));
    startHostTimer(0, () => calls.push("first"));
    startHostTimer(0, () => calls.push("second"));
    assertEquals(timers.delays, [SHARED_WAKE_MAX_MS, 0]);
    timers.fire();
    assertEquals(calls, ["first", "second"]);
    // The hour-long one is waited for again, no further ahead than the shared wake's longest.
    assertEquals(timers.delays.length, 3);
    assertEquals(timers.delays[2] <= SHARED_WAKE_MAX_MS, true);
    assertEquals(liveHostTimers() >= 1, true);
    cancelLater();
    timers.fire();
    assertEquals(calls, ["first", "second"]);
  } finally {
    timers.restore();
  }
});

/**
 * Runs `code` (with `startHostTimer` in scope) as a script of its own, failing should it still run
 * after 30 s; its output and exit code.
 */
async function runScript(code: string): Promise<{ output: string; code: number }> {
  const url = new URL("./host_timer.ts", import.meta.url).href;
  const result = await runDeno(
    ["eval", `import { startHostTimer } from ${JSON.stringify(url)};\n${code}`],
    { giveUpMs: 30_000 },
  );
  return { output: result.stdout, code: result.code };
}

Deno.test("a host timer keeps the process alive until it fires; a cancelled one keeps nothing alive", async () => {
  const fired = await runScript(`startHostTimer(300, () => console.log("fired"));`);
  assertEquals(fired, { output: "fired\n", code: 0 });
  // Cancelled, its 60 s would keep the process past the guard's 30 s were it still kept alive.
  const cancelled = await runScript(
    `const cancel = startHostTimer(60_000, () => console.log("fired"));\ncancel();\nconsole.log("exits");`,
  );
  assertEquals(cancelled, { output: "exits\n", code: 0 });
});

Deno.test("startHostTimer calls back once unless cancelled, and counts itself armed until then", async () => {
  const before = liveHostTimers();
  const calls: string[] = [];
  await new Promise<void>((done) => {
    const cancel = startHostTimer(5, () => calls.push("cancelled one"));
    assertEquals(liveHostTimers(), before + 1);
    cancel();
    cancel(); // a second cancel changes nothing
    assertEquals(liveHostTimers(), before);
    startHostTimer(20, () => {
      calls.push("fired");
      done();
    });
    assertEquals(liveHostTimers(), before + 1);
  });
  assertEquals(calls, ["fired"]);
  assertEquals(liveHostTimers(), before);
});
