/**
 * The baseline for `loop_sleep.ts`: N promises that each wait 1 s on a native `setTimeout`.
 *
 *     deno run -A bench/loop_settimeout.ts COUNT
 * @module
 */

const SLEEP_MS = 1000;

if (import.meta.main) {
  const count = Number(Deno.args[0] ?? 100_000);
  if (!Number.isInteger(count) || count < 1) {
    console.error("usage: loop_settimeout.ts COUNT");
    Deno.exit(2);
  }
  const startedMs = performance.now();
  await Promise.all(
    Array.from({ length: count }, () => new Promise((wake) => setTimeout(wake, SLEEP_MS))),
  );
  const elapsedMs = performance.now() - startedMs;
  console.log(JSON.stringify({ runner: "setTimeout", count, elapsedMs: Math.round(elapsedMs) }));
}
