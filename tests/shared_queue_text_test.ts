/**
 * Text PostgreSQL's `jsonb` refuses (U+0000, half of a surrogate pair) in what a worker reports: a
 * callback's error message, a retry's record, a metadata line. One such string made its whole batch
 * fail, and the worker sent it again for ever: its fetches stayed leased, `--drain` never ended, and
 * every metadata line after it was lost. Such characters are stored as U+FFFD.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { moveOnAfter, runOperation } from "../lib/loop/mod.ts";
import { PgFrontier, PgResultLog, PgStore } from "../lib/frontier/pg/mod.ts";
import { pgTest } from "./fixtures/postgres_cluster.ts";

type Item = { url: string; save?: string };

const ORIGIN = "http://a.test";

pgTest("text the database's jsonb refuses", async (cluster, t) => {
  await t.step(
    "a failure's message and a retry's record holding U+0000 or a lone surrogate are reported",
    async () => {
      const store = await PgStore.connect(await cluster.createDatabase("refused_text"));
      const warnings: string[] = [];
      const frontier = new PgFrontier<Item>({
        store,
        queue: "q",
        worker: "w",
        concurrency: 2,
        rules: () => ({ perHost: 8, gapMs: 0, jitterMs: 0 }),
        codec: { encode: (item) => item, decode: (json) => ({ payload: json as Item }) },
        drain: true,
        idleMs: 50,
        warn: (message) => warnings.push(message),
      });
      try {
        await store.insertJobs(
          "q",
          ["/1", "/2"].map((path) => ({
            task: "pages",
            origin: ORIGIN,
            url: ORIGIN + path,
            payload: { url: ORIGIN + path },
          })),
          (origin) => ({ origin, perHost: 8, gapMs: 0, jitterMs: 0 }),
        );
        await store.registerWorker("w", "q", "host", 1);
        await frontier.start();
        const drained = await runOperation(moveOnAfter(
          10_000,
          function* () {
            const first = (yield* frontier.take())!;
            const second = (yield* frontier.take())!;
            frontier.failed(first.id, "Cannot parse: a \u0000 byte");
            frontier.retryAfter(second.id, 0, { url: second.payload.url, save: "x\ud800.html" });
            const again = (yield* frontier.take())!;
            frontier.done(again.id);
            return yield* frontier.take();
          }(),
        ));
        assertEquals(drained, null, "drain ends: every outcome reached the database");
        const rows = await store.sql`
          SELECT url, state, last_error, payload->>'save' AS save FROM corun_jobs ORDER BY id`;
        assertEquals(rows.map((row) => [row.state, row.last_error, row.save]), [
          ["failed", "Cannot parse: a \uFFFD byte", null],
          ["done", null, "x\uFFFD.html"],
        ]);
        assertEquals(warnings, []);
      } finally {
        await frontier.shutdown();
        await store.close();
      }
    },
  );

  await t.step(
    "metadata lines reach corun_results as written, whatever their strings hold",
    async () => {
      // They travel as one text[] literal: quotes, backslashes, braces, commas, NULL, blanks and
      // empty strings must stay each line's own text.
      const store = await PgStore.connect(await cluster.createDatabase("literal_lines"));
      try {
        const records = [
          { url: `${ORIGIN}/a,b`, error: 'say "hi" \\ {NULL}' },
          { url: "", error: "" },
          { url: `${ORIGIN}/é/日本/😀`, error: " \t two\nlines\r\n " },
          { url: "{}", error: '\\"' },
          "",
          "NULL",
          {},
        ];
        await store.insertResults("q", "w", records.map((record) => JSON.stringify(record)));
        const rows = await store.sql`SELECT line FROM corun_results ORDER BY id`;
        assertEquals(rows.map((row) => row.line), records);
      } finally {
        await store.close();
      }
    },
  );

  await t.step("a metadata line holding U+0000 reaches corun_results with the others", async () => {
    const store = await PgStore.connect(await cluster.createDatabase("refused_line"));
    const warnings: string[] = [];
    try {
      const results = new PgResultLog(store, "q", "w", (message) => warnings.push(message));
      results.appendJson(JSON.stringify({ url: `${ORIGIN}/1`, error: "a \u0000 byte" }));
      results.appendJson(JSON.stringify({ url: `${ORIGIN}/2`, error: null }));
      await results.close();
      const rows = await store.sql`SELECT line FROM corun_results ORDER BY id`;
      assertEquals(rows.map((row) => row.line), [
        { url: `${ORIGIN}/1`, error: "a \uFFFD byte" },
        { url: `${ORIGIN}/2`, error: null },
      ]);
      assertEquals(warnings, []);
    } finally {
      await store.close();
    }
  });
});
