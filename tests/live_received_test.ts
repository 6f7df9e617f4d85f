/**
 * The bytes a run received (`RunProgress.bytes`: the live view's `… received` and its rate) are
 * every attempt's, whatever became of it: a body cut short, an attempt that goes again, a fetch
 * cut off by Ctrl-C. The figure never goes down while the run goes.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, type LiveRun, run, type RunReport, type TaskInput } from "../mod.ts";
import {
  close,
  pause,
  stall,
  startScriptedServer,
  type Step,
  write,
} from "./fixtures/scripted_server.ts";

const KIB = 1024;

/** A head saying `declared` bytes, then `sent` of them, then `end` (a close, a stall). */
function cutBody(sent: number, declared: number, end: Step): Step[] {
  return [
    write(`HTTP/1.1 200 OK\r\nContent-Length: ${declared}\r\n\r\n`),
    write(new Uint8Array(sent).fill(97)),
    pause(50),
    end,
  ];
}

/** A whole body of `size` bytes. */
function wholeBody(size: number): Step[] {
  return [
    write(`HTTP/1.1 200 OK\r\nContent-Length: ${size}\r\n\r\n`),
    write(new Uint8Array(size).fill(98)),
  ];
}

/**
 * Runs `tasks`, reading `progress().bytes` every few milliseconds; `stopWhen` aborts the run (as
 * Ctrl-C does) once the bytes reach it.
 *
 * @returns The report, every reading, and the bytes the ended run reports.
 */
async function receivedOf(
  tasks: TaskInput[],
  stopWhen?: number,
): Promise<{ report: RunReport; seen: number[]; final: number }> {
  const outDir = await Deno.makeTempDir({ prefix: "corun-live-received-" });
  const stop = new AbortController();
  let live: LiveRun | undefined;
  const seen: number[] = [];
  let over = false;
  const running = run(defineConfig({ outDir, metadata: false, tasks }), {
    state: false,
    signal: stop.signal,
    onStart: (started) => void (live = started),
  }).finally(() => over = true);
  try {
    while (!over) {
      const bytes = live?.progress().bytes;
      if (bytes !== undefined) seen.push(bytes);
      if (stopWhen !== undefined && bytes !== undefined && bytes >= stopWhen) stop.abort();
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const report = await running;
    return { report, seen, final: live!.progress().bytes };
  } finally {
    stop.abort();
    await running.catch(() => {});
    await Deno.remove(outDir, { recursive: true });
  }
}

/** Every reading at least the one before it. */
function assertNeverDown(seen: number[]): void {
  for (let index = 1; index < seen.length; index++) {
    assert(seen[index] >= seen[index - 1], `went down: ${seen[index - 1]} then ${seen[index]}`);
  }
}

Deno.test("a body cut short still counts the bytes that arrived, and the total never goes down", async () => {
  await using server = startScriptedServer({
    routes: {
      "/cut.bin": cutBody(300 * KIB, 600 * KIB, close()),
      "/ok.bin": [pause(300), ...wholeBody(100 * KIB)],
    },
  });
  const { report, seen, final } = await receivedOf([
    { name: "cut", fetch: server.url("/cut.bin"), save: "cut.bin", retries: 0 },
    { name: "ok", fetch: server.url("/ok.bin"), save: "ok.bin" },
  ]);
  assertEquals(report.counts, { done: 1, failed: 1, cancelled: 0, skipped: 0 });
  assertEquals(final, 400 * KIB);
  // The report's fetches (`--json`) say the same of each: 300 KiB of one, 100 KiB of the other.
  assertEquals(report.tasks.map((task) => task.fetch?.bytes), [300 * KIB, 100 * KIB]);
  assertNeverDown([...seen, final]);
});

Deno.test("a fetch that goes again counts the bytes of each attempt", async () => {
  await using server = startScriptedServer({
    routes: { "/again.bin": [cutBody(200 * KIB, 500 * KIB, close()), wholeBody(500 * KIB)] },
  });
  const { report, seen, final } = await receivedOf([
    { name: "again", fetch: server.url("/again.bin"), save: "again.bin", retries: 1 },
  ]);
  assertEquals(report.counts.done, 1);
  assertEquals(final, 700 * KIB);
  assertNeverDown([...seen, final]);
});

Deno.test("a fetch cut off by Ctrl-C keeps the bytes it received in the run's total", async () => {
  await using server = startScriptedServer({
    routes: { "/iso.bin": cutBody(256 * KIB, 8192 * KIB, stall()) },
  });
  const { report, seen, final } = await receivedOf(
    [{ name: "iso", fetch: server.url("/iso.bin"), save: "iso.bin" }],
    64 * KIB,
  );
  assertEquals([report.interrupted, report.counts.cancelled], [true, 1]);
  // The body stalled: what the frame showed last is what the run received.
  assert(final >= 64 * KIB, `${final} bytes`);
  assertEquals(final, Math.max(...seen));
  assertNeverDown([...seen, final]);
});
