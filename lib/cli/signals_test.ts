import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { listenForInterrupts } from "./signals.ts";

const posix = Deno.build.os !== "windows";

/** Waits for `signal` to abort. Signal listeners do not keep Deno's event loop alive, so a timer does. */
function nextAbort(signal: AbortSignal): Promise<unknown> {
  return keptAlive(
    new Promise((resolve) => signal.addEventListener("abort", () => resolve(signal.reason))),
  );
}

async function keptAlive<T>(promise: Promise<T>): Promise<T> {
  const keepAlive = setTimeout(() => {}, 60_000);
  try {
    return await promise;
  } finally {
    clearTimeout(keepAlive);
  }
}

Deno.test({
  // SIGTERM stands in for SIGINT here: `deno test` keeps SIGINT for itself (it reports pending tests).
  name: "listenForInterrupts() aborts its signal when the process receives SIGTERM",
  ignore: !posix,
  async fn() {
    using interrupts = listenForInterrupts();
    assert(!interrupts.signal.aborted);
    const aborted = nextAbort(interrupts.signal);
    Deno.kill(Deno.pid, "SIGTERM");
    const reason = await aborted as DOMException;
    assert(reason instanceof DOMException);
    assertEquals(reason.name, "AbortError");
    assertEquals(reason.message, "Interrupted by SIGTERM");
  },
});

Deno.test({
  name:
    "listenForInterrupts() calls onRepeat for a later interrupt, not for one right after the first (deno task forwards the Ctrl-C its child got too)",
  ignore: !posix,
  async fn() {
    let nowMs = 1000;
    const repeats: [number, number][] = [];
    let repeated: () => void = () => {};
    const repeatSeen = new Promise<void>((resolve) => repeated = resolve);
    using interrupts = listenForInterrupts({
      now: () => nowMs,
      onRepeat: (_signal, count) => {
        repeats.push([nowMs, count]);
        repeated();
      },
    });
    const aborted = nextAbort(interrupts.signal);
    Deno.kill(Deno.pid, "SIGTERM");
    await aborted;
    nowMs += 100; // the forwarded copy: not "out now"
    Deno.kill(Deno.pid, "SIGTERM");
    // Signals are handled in order: once the third is seen, the second was, and was let go.
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert(!interrupts.again.aborted, "the same interrupt delivered twice is not a second one");
    nowMs += 900; // a second Ctrl-C of the user's, a second after the first
    Deno.kill(Deno.pid, "SIGTERM");
    await keptAlive(repeatSeen);
    assertEquals(repeats, [[2000, 1]]);
    assertEquals((interrupts.again.reason as DOMException).message, "Interrupted again by SIGTERM");
    // The second one's forwarded copy is not a third; a later one is.
    const third = new Promise<void>((resolve) => repeated = resolve);
    nowMs += 100;
    Deno.kill(Deno.pid, "SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 50));
    nowMs += 900;
    Deno.kill(Deno.pid, "SIGTERM");
    await keptAlive(third);
    assertEquals(repeats, [[2000, 1], [3000, 2]]);
  },
});

Deno.test("listenForInterrupts() removes its listeners when disposed, and disposing twice is harmless", () => {
  const interrupts = listenForInterrupts();
  interrupts[Symbol.dispose]();
  interrupts[Symbol.dispose]();
  assert(!interrupts.signal.aborted);
});
