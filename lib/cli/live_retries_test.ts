/**
 * A retry storm (a server answering 429 to a 10,000-URL list) as `corun run` shows it: on a
 * terminal, the run's first retries and one line saying the rest are only counted, the count in the
 * frame, and every failure and warning; in plain output, every retry.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import type { ConfigSpec, RunReport, TaskResult } from "../tasks/mod.ts";
import type { CliHost } from "./cli_host.ts";
import {
  createFakeWorld,
  FAKE_NOW,
  type FakeWorld,
  idleProgress,
} from "../../tests/fixtures/fake_host.ts";
import { FakeTerminal } from "../../tests/fixtures/fake_terminal.ts";
import { LISTED_RETRIES, RETRIES_NOT_LISTED } from "./live_retry_lines.ts";
import { main } from "./main.ts";

/** What the stand-in run does. */
interface Storm {
  /** Retries it announces, spread over its tasks. */
  retries: number;
  /** Tasks that fail, each as its last retry is announced. */
  failing?: readonly string[];
  /** A warning after each failure. */
  warn?: boolean;
}

/**
 * A stand-in for `run` whose tasks retry `storm.retries` times in all (its progress counts them, as
 * the runner's does), a frame drawn every 100 retries as the view's timer would, then end.
 *
 * @param world The world it runs in, for its timer, once made.
 * @param storm What it does.
 * @param afterStorm Called once every retry is announced and a frame drawn, before any task ends
 *   (a failing task's aside).
 */
function stormRun(world: () => FakeWorld, storm: Storm, afterStorm: () => void): CliHost["run"] {
  return (config, options = {}) => {
    const emit = options.onEvent ?? (() => {});
    const progress = {
      ...idleProgress({ running: config.tasks.length }),
      fetches: { done: 0, failed: 0, cancelled: 0, active: 64, queued: 10_000 },
    };
    options.onStart?.({
      snapshot: () =>
        config.tasks.map((task) => ({
          name: task.name,
          kind: task.kind,
          phase: "running" as const,
          detail: "",
          elapsedMs: 1000,
        })),
      progress: () => progress,
      elapsedMs: () => 1000,
    });
    const failing = new Set(storm.failing);
    const results: TaskResult[] = [];
    const end = (task: ConfigSpec["tasks"][number]) => {
      const failed = failing.has(task.name);
      const result: TaskResult = {
        name: task.name,
        kind: task.kind,
        outcome: failed ? "failed" : "done",
        startMs: 0,
        endMs: 1000,
        ...(failed ? { error: { message: "status 429" } } : {}),
      };
      results.push(result);
      emit({ type: "task-end", result, atMs: 1000 });
      if (failed && storm.warn) {
        const message = `Cannot append the metadata line of ${task.name}`;
        options.onWarning?.(message);
        emit({ type: "warning", message, atMs: 1000 });
      }
    };
    for (const task of config.tasks) {
      emit({ type: "task-start", name: task.name, kind: task.kind, atMs: 0 });
    }
    const share = Math.ceil(storm.retries / config.tasks.length);
    for (let index = 0; index < storm.retries; index++) {
      const task = config.tasks[Math.floor(index / share)];
      progress.retries++;
      emit({
        type: "retry",
        name: task.name,
        url: `https://example.com/${index}.html`,
        attempt: 1,
        retries: 2,
        delayMs: 1500,
        reason: "status 429",
        atMs: 1000,
      });
      // A failing task ends with its last retry: between the other tasks' retries.
      if (failing.has(task.name) && (index + 1) % share === 0) end(task);
      if ((index + 1) % 100 === 0) world().tick();
    }
    world().tick();
    afterStorm();
    for (const task of config.tasks) {
      if (!results.some((ended) => ended.name === task.name)) end(task);
    }
    const { active, queued } = progress.fetches;
    progress.fetches = { done: active + queued, failed: 0, cancelled: 0, active: 0, queued: 0 };
    return Promise.resolve(reportOf(results));
  };
}

function reportOf(tasks: TaskResult[]): RunReport {
  const counts = { done: 0, failed: 0, cancelled: 0, skipped: 0 };
  for (const task of tasks) counts[task.outcome]++;
  return {
    startedAt: FAKE_NOW,
    endedAt: FAKE_NOW,
    durationMs: 1000,
    virtualTime: false,
    interrupted: false,
    counts,
    warnings: [],
    tasks,
  };
}

/**
 * `corun run` of `config` during a retry storm, on a 24 × 80 terminal or not.
 *
 * @returns What it wrote in all, and what it had written on stdout once the storm was over.
 */
async function runStorm(config: ConfigSpec, storm: Storm, terminal: boolean) {
  let stormOver = "";
  const world: FakeWorld = createFakeWorld({
    configs: { "tasks.yaml": config },
    terminal,
    rows: 24,
    columns: 80,
    run: stormRun(() => world, storm, () => stormOver = world.stdout()),
  });
  await main(["run", "tasks.yaml"], world.host);
  return { stdout: world.stdout(), stderr: world.stderr(), stormOver };
}

/** Every line a user of a 24 × 80 terminal saw: what scrolled up, then the screen. */
function seenOn(output: string): string[] {
  const terminal = new FakeTerminal(24, 80);
  terminal.write(output);
  return [...terminal.scrollback, ...terminal.lines()];
}

/** One task fetching a 10,000-URL list (its fetch counts are the stand-in's progress). */
const MIRROR = validateConfig({
  tasks: [{ name: "mirror", fetch: "https://example.com/list.html", save: "list.html" }],
}, "tasks.yaml");

/** 40 tasks: more than a 24-row terminal has rows, so the frame is the one of a run at scale. */
const PAGES = validateConfig({
  tasks: Array.from({ length: 40 }, (_, index) => ({
    name: `page-${index}`,
    fetch: `https://example.com/page/${index}.html`,
    save: `${index}.html`,
  })),
}, "tasks.yaml");

const retryLine = (name: string, index: number) =>
  `↻ ${name} retry 1/2 https://example.com/${index}.html in 1.5s: status 429`;

Deno.test("a retry storm on a terminal: its first 10 retries, one line saying the rest are counted, the count in the frame", async () => {
  const { stdout, stormOver } = await runStorm(MIRROR, { retries: 2000 }, true);
  assertEquals(LISTED_RETRIES, 10);
  const seen = seenOn(stdout);
  assertEquals(seen.filter((line) => line.startsWith("↻")), [
    ...Array.from({ length: 10 }, (_, index) => retryLine("mirror", index)),
    RETRIES_NOT_LISTED,
  ]);
  // While it went: the footer under the task's row, cut to 79 columns, the retry count kept whole.
  assertEquals(
    seenOn(stormOver).at(-1),
    "1.00s  1 running · fetches: 0 done, 0 failed, 64 active, 10,00… · 2,000 retries",
  );
  // Once it is over: the count stays, under the task's row and above the summary.
  assertEquals(seen.slice(-3), [
    "✓ mirror  done        1.00s",
    "fetches: 10,064 done, 0 failed · 0 B received · 2,000 retries",
    "1 task: 1 done in 1.00s",
  ]);
  // Nothing but the 11 lines above and the frame: no screen of retries scrolled past.
  assertEquals(seen.length, 11 + 3);
});

Deno.test("a retry storm in plain output: every retry has its line, as before", async () => {
  const { stdout } = await runStorm(MIRROR, { retries: 2000 }, false);
  const retries = stdout.split("\n").filter((line) => line.includes(" mirror retry "));
  assertEquals(retries.length, 2000);
  assertEquals(retries.at(-1), `${FAKE_NOW} ${retryLine("mirror", 1999).slice(2)}`);
  assert(!stdout.includes(RETRIES_NOT_LISTED.slice(2)));
});

Deno.test("a retry storm on a terminal lists every failure and every warning among the retries it does not list", async () => {
  const failing = PAGES.tasks.filter((_, index) => index % 2 === 0).map((task) => task.name);
  const { stdout, stderr, stormOver } = await runStorm(
    PAGES,
    { retries: 4000, failing, warn: true },
    true,
  );
  const seen = seenOn(stdout);
  assertEquals(seen.filter((line) => line.startsWith("↻")).length, LISTED_RETRIES + 1);
  assertEquals(
    seen.filter((line) => line.startsWith("✗")),
    failing.map((name) => `✗ ${name} failed 1.00s: status 429`),
  );
  assertEquals(
    stderr.split("\n").filter((line) => line.startsWith("warning:")),
    failing.map((name) => `warning: Cannot append the metadata line of ${name}`),
  );
  // At scale, the totals line has the count (its fetch counts cut instead), and so has the end.
  assertEquals(
    seenOn(stormOver).at(-3),
    "1.00s  tasks: 40 running · fetches: 0 done, 0 failed, 64 activ… · 4,000 retries",
  );
  assertEquals(seen.slice(-2), [
    "fetches: 10,064 done, 0 failed · 0 B received · 4,000 retries",
    "40 tasks: 20 done, 20 failed in 1.00s",
  ]);
});
