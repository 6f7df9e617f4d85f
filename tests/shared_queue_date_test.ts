/**
 * `{date}` in a shared queue is the UTC day of the submit (or schedule fire) that queued the fetch,
 * by the database's clock, as it is the run's day under `corun run`: a worker that has run since
 * another day (here: its clock says it started 1,000 days ago) saves each submit's fetch under that
 * submit's day, not under its own first day, where each day's file replaced the one before. A
 * crawled link is of its page's day.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask } from "../mod.ts";
import { resolveConfig } from "../lib/config/mod.ts";
import { PgFrontier, PgStore } from "../lib/frontier/pg/mod.ts";
import type { Clock } from "../lib/loop/mod.ts";
import {
  type ConfigSpec,
  fetchItemCodec,
  originRules,
  run,
  submitTasks,
} from "../lib/tasks/mod.ts";
import { pgTest } from "./fixtures/postgres_cluster.ts";
import { savedFiles, withTempDir } from "./fixtures/temp_dir.ts";

const withDir = withTempDir("corun-shared-date-");

/** 1,000 days: the worker's clock is that far behind the database's. */
const SHIFT_MS = 1_000 * 86_400_000;

/** A real clock whose wall time is `SHIFT_MS` behind: the worker "started" long ago. */
const longAgo: Clock = {
  kind: "system",
  now: () => performance.now(),
  wallNow: () => Date.now() - SHIFT_MS,
};

/** A server answering each path with `body of PATH`. */
async function withServer(body: (base: string) => Promise<void>): Promise<void> {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    return new Response(`body of ${new URL(request.url).pathname}`);
  });
  try {
    await body(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    await server.shutdown();
  }
}

/** The database's UTC day now. */
async function databaseDay(store: PgStore): Promise<string> {
  const [row] = await store.sql<{ day: string }[]>`
    SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day`;
  return row.day;
}

/** Drains the queue with one worker that runs on `clock`, saving into `outDir`. */
async function drain(store: PgStore, config: ConfigSpec, clock: Clock, outDir: string) {
  const frontier = new PgFrontier({
    store,
    queue: "q",
    worker: "w",
    concurrency: 2,
    rules: originRules(config),
    codec: fetchItemCodec(config),
    drain: true,
    idleMs: 50,
    warn: (message) => {
      throw new Error(`unexpected warning: ${message}`);
    },
  });
  await store.registerWorker("w", "q", "host", 1);
  await frontier.start();
  try {
    const report = await run(config, {
      sharedFrontier: frontier,
      sharedSaves: frontier,
      state: false,
      outDir,
      clock,
    });
    assertEquals(report.counts.failed, 0);
  } finally {
    await frontier.shutdown();
    await store.stopWorker("w");
  }
}

pgTest("{date} in a shared queue", async (cluster, t) => {
  await t.step(
    "a worker that started on another day saves a submit's fetch under the submit's day",
    () =>
      withServer((base) =>
        withDir(async (dir) => {
          const store = await PgStore.connect(await cluster.createDatabase("dated"));
          try {
            const config = await resolveConfig(defineConfig({
              metadata: false,
              tasks: [fetchTask("daily", `${base}/report`, { save: "{date}/report.txt" })],
            }));
            const before = await databaseDay(store);
            await store.transaction((tx) => submitTasks(tx, "q", config));
            const after = await databaseDay(store);
            await drain(store, config, longAgo, dir);
            const files = await savedFiles(dir);
            // The submit's day (read around it: it may have run across midnight).
            assert(
              files.length === 1 &&
                [before, after].some((day) => files[0] === `${day}/report.txt`),
              `saved under the submit's day (${before}), not the worker's start: ${files}`,
            );
          } finally {
            await store.close();
          }
        })
      ),
  );

  await t.step(
    "a crawled link is saved under its page's day",
    () =>
      withServer((base) =>
        withDir(async (dir) => {
          const store = await PgStore.connect(await cluster.createDatabase("dated_links"));
          try {
            const config = await resolveConfig(defineConfig({
              metadata: false,
              tasks: [fetchTask("site", `${base}/`, {
                save: "{date}/{path}.txt",
                // The body is left to the save.
                *onResponse(_response, ctx) {
                  yield* ctx.enqueue("/link");
                },
              })],
            }));
            await store.transaction((tx) => submitTasks(tx, "q", config));
            // Submitted on 2001-02-03, as far as the queue knows, and taken by a worker today.
            await store.sql`UPDATE corun_jobs SET run_at = '2001-02-03T23:59:00Z'`;
            await drain(store, config, { ...longAgo, wallNow: () => Date.now() }, dir);
            assertEquals(await savedFiles(dir), ["2001-02-03/index.txt", "2001-02-03/link.txt"]);
          } finally {
            await store.close();
          }
        })
      ),
  );
});
