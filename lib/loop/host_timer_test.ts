import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { afterRealTime, liveHostTimers, MAX_TIMER_DELAY_MS, startHostTimer } from "./host_timer.ts";
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
    restore: () => AbortSignal.timeout = real,
  };
}

Deno.test("afterRealTime waits past a host timer's longest delay in steps, instead of firing at once", () => {
  const timers = holdTimers();
  try {
    let fired = 0;
    const cancel = afterRealTime(30 * 86_400_000, () => fired++);
    assertEquals(timers.delays, [MAX_TIMER_DELAY_MS]);
    timers.fire(); // woke early: 30 days have not passed
    assertEquals(fired, 0);
    assertEquals(timers.delays.length, 2);
    assertEquals(timers.delays[1] <= MAX_TIMER_DELAY_MS, true);
    cancel();
    timers.fire();
    assertEquals(fired, 0);
  } finally {
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
