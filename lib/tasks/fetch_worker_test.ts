import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import type { Frontier, FrontierCounts, FrontierEntry } from "../frontier/mod.ts";
import type { LiveRun } from "./report.ts";
import { type Effect, letOthersRun, type Operation } from "../loop/mod.ts";
import type { FetchItem } from "./fetch_item.ts";
import { run } from "./runner.ts";

/** A shared queue of the entries given, each taken once; how fetches end is the subclass's. */
class ListFrontier implements Frontier<FetchItem> {
  #entries: FrontierEntry<FetchItem>[];

  constructor(entries: FrontierEntry<FetchItem>[]) {
    this.#entries = entries;
  }

  get entries(): readonly FrontierEntry<FetchItem>[] {
    return this.#entries;
  }

  *take(): Generator<Effect, FrontierEntry<FetchItem> | null> {
    yield* letOthersRun();
    return this.#entries.shift() ?? null;
  }

  failed(_id: number, _error?: unknown): void {}

  givesBack(_error: unknown): boolean {
    return false;
  }

  put(): Operation<number> {
    throw new Error("not used");
  }
  acquire(): Operation<FrontierEntry<FetchItem>> {
    throw new Error("not used");
  }
  again(): Operation<FrontierEntry<FetchItem>> {
    throw new Error("not used");
  }
  turnAt(): Operation<void> {
    throw new Error("not used");
  }
  turnUnused(): void {}
  done(): void {}
  leftOut(): void {}
  retryAfter(): void {}
  retryWaitMs(_origin: string, _task: string, delayMs: number): number {
    return delayMs;
  }
  pauseOrigin(): void {}
  close(): void {}
  counts(): FrontierCounts {
    return { queued: this.#entries.length, leased: 0 };
  }
}

/** A shared queue whose store cannot take a fetch's failure (a bug of its own, say). */
class BrokenStoreFrontier extends ListFrontier {
  override failed(): void {
    throw new Error("the store's connection is gone");
  }
}

Deno.test("a fetch whose outcome the frontier cannot take is a warning that says so, and the worker goes on", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-fetch-worker-" });
  try {
    const config = validateConfig({
      outDir,
      concurrency: 1,
      metadata: false,
      tasks: [{ name: "pages", fetch: "http://127.0.0.1:9/a" }],
    }, "inline");
    const entry = (id: number): FrontierEntry<FetchItem> => ({
      id,
      origin: "http://127.0.0.1:9",
      task: "pages",
      attempt: 0,
      notBeforeMs: 0,
      // A fetch that fails at once, without a request (as a list line that cannot be read does).
      payload: { task: 0, url: `http://127.0.0.1:9/${id}`, depth: 0, problem: "not a URL" },
    });
    const frontier = new BrokenStoreFrontier([entry(1), entry(2)]);
    const report = await run(config, { sharedFrontier: frontier, state: false });
    const warning =
      `Cannot record the outcome of a fetch of "pages": the store's connection is gone`;
    // Both fetches were taken: one worker, which the first failure did not stop.
    assertEquals(report.warnings, [warning, warning]);
    assertEquals(frontier.counts().queued, 0);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

/**
 * A shared queue that gives every failed fetch back, for another worker (as one this process may
 * not connect to goes back), and keeps the errors it was told.
 */
class GivingBackFrontier extends ListFrontier {
  readonly told: unknown[] = [];

  override failed(_id: number, error?: unknown): void {
    this.told.push(error);
  }

  override givesBack(error: unknown): boolean {
    return error instanceof Error;
  }
}

Deno.test("a fetch the shared queue takes back for another worker is counted cancelled, not failed, and the queue hears its error", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-fetch-worker-" });
  try {
    const config = validateConfig({
      outDir,
      concurrency: 1,
      metadata: false,
      tasks: [{ name: "pages", fetch: "http://127.0.0.1:9/a", retries: 0 }],
    }, "inline");
    // Port 9 refuses the connect: the fetch fails, and the queue takes it back.
    const entry: FrontierEntry<FetchItem> = {
      id: 1,
      origin: "http://127.0.0.1:9",
      task: "pages",
      attempt: 0,
      notBeforeMs: 0,
      payload: { task: 0, url: "http://127.0.0.1:9/a", depth: 0 },
    };
    const frontier = new GivingBackFrontier([entry]);
    let live: LiveRun | undefined;
    const report = await run(config, {
      sharedFrontier: frontier,
      state: false,
      onStart: (started) => live = started,
    });
    assertEquals(frontier.entries.length, 0);
    // What the worker's totals count: no failure, which no other worker would see.
    const { done, failed, cancelled } = live!.progress().fetches;
    assertEquals({ done, failed, cancelled }, { done: 0, failed: 0, cancelled: 1 });
    assertEquals(report.tasks.map((task) => [task.outcome, task.error]), [[
      "cancelled",
      undefined,
    ]]);
    // The queue was told the error itself, which is what gives the job back.
    assertEquals(frontier.told.length, 1);
    assertEquals(frontier.told[0] instanceof Error, true);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
