/**
 * A server that honours `Range` but ignores `If-Range` (or keeps an ETag while the file changes)
 * answers a resumed request for a changed file with the new file's bytes. The ETag or Last-Modified
 * of its 206, or the file's length its Content-Range gives, is the only sign: those bytes must not
 * be glued to the kept ones (the file would be neither version, and the state would keep it as the
 * new one), nor kept bytes of a longer file be saved as the whole on a 416; the next attempt fetches
 * the file whole.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { type ConfigInput, createVirtualClock, defineConfig, run, type RunReport } from "../mod.ts";
import { partialPathFor } from "../lib/sinks/partial_file.ts";
import { bodyOf, startVersionServer } from "./fixtures/range_server.ts";
import type { ScriptedServer } from "./fixtures/scripted_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const OLD = bodyOf(1024 * 1024, 7);
const NEW = bodyOf(1024 * 1024, 8);
const LONGER = bodyOf(2 * 1024 * 1024, 9);
const CUT = 300_000;

const ETAG = { old: 'ETag: "v1"\r\n', new: 'ETag: "v2"\r\n' };
/** Each a day before the response's Date: strong validators (RFC 9110 §8.8.2.2). */
const DATES = {
  old: "Last-Modified: Tue, 01 Dec 2026 10:00:00 GMT\r\nDate: Thu, 03 Dec 2026 10:00:00 GMT\r\n",
  new: "Last-Modified: Wed, 02 Dec 2026 10:00:00 GMT\r\nDate: Thu, 03 Dec 2026 10:00:00 GMT\r\n",
};

function runIn(outDir: string, config: Omit<ConfigInput, "outDir">): Promise<RunReport> {
  return run(defineConfig({ ...config, outDir }), {
    clock: createVirtualClock({ startWallMs: 1_700_000_000_000 }),
    state: false,
  });
}

const withOutDir = withTempDir("corun-resume-version-");

const asked = (server: ScriptedServer) =>
  server.requests.map((request) => [request.headers.get("range"), request.headers.get("if-range")]);

/** The output directory's files, but the archive of earlier runs' metadata. */
function filesIn(outDir: string): string[] {
  return [...Deno.readDirSync(outDir)].map((entry) => entry.name).filter((name) =>
    name !== ".corun"
  )
    .sort();
}

async function lastRecord(outDir: string): Promise<Record<string, unknown>> {
  const lines = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n");
  return JSON.parse(lines.at(-1)!);
}

Deno.test("a 206 of another version of the file (a server ignoring If-Range) is not glued to the kept bytes: the file is fetched whole", async (t) => {
  const cases = [
    { label: "named by its ETag", validators: ETAG, ifRange: '"v1"' },
    {
      label: "named by its Last-Modified",
      validators: DATES,
      ifRange: "Tue, 01 Dec 2026 10:00:00 GMT",
    },
  ];
  for (const { label, validators, ifRange } of cases) {
    await t.step(label, async () => {
      await using server = startVersionServer((hit) =>
        hit === 0
          ? { body: OLD, headers: validators.old, cutAt: CUT }
          : { body: NEW, headers: validators.new }
      );
      await withOutDir(async (outDir) => {
        const report = await runIn(outDir, {
          tasks: [{ name: "big", fetch: server.url("/file.bin"), save: "big.bin", retries: 2 }],
        });
        const [big] = report.tasks;
        assertEquals(big.outcome, "done", big.error?.message);
        assertEquals(asked(server), [[null, null], [`bytes=${CUT}-`, ifRange], [null, null]]);
        assertEquals(await Deno.readFile(`${outDir}/big.bin`), NEW);
        const record = await lastRecord(outDir);
        assertEquals([record.status, record.resumedFrom], [200, undefined]);
      });
    });
  }
});

Deno.test("a 206 of another version says so, naming both versions, and leaves nothing behind", async () => {
  await using server = startVersionServer((hit) =>
    hit === 0 ? { body: OLD, headers: ETAG.old, cutAt: CUT } : { body: NEW, headers: ETAG.new }
  );
  await withOutDir(async (outDir) => {
    const report = await runIn(outDir, {
      tasks: [{ name: "big", fetch: server.url("/file.bin"), save: "big.bin", retries: 1 }],
    });
    const [big] = report.tasks;
    assertEquals([big.outcome, big.error?.code], ["failed", "RESUME_REFUSED"]);
    assertStringIncludes(
      big.error!.message,
      `asked for bytes=${CUT}-, but the 206 is of another version of the file (its ETag is "v2", ` +
        'the kept bytes came with "v1")',
    );
    assertEquals(filesIn(outDir), ["corun.jsonl"]);
  });
});

Deno.test("a 206 whose Content-Range gives the file another length than the kept bytes' response gave is not glued", async () => {
  // The same ETag all along: only the length tells the file changed.
  await using server = startVersionServer((hit) =>
    hit === 0 ? { body: OLD, headers: ETAG.old, cutAt: CUT } : { body: LONGER, headers: ETAG.old }
  );
  await withOutDir(async (outDir) => {
    const report = await runIn(outDir, {
      tasks: [{ name: "big", fetch: server.url("/file.bin"), save: "big.bin", retries: 2 }],
    });
    const [big] = report.tasks;
    assertEquals(big.outcome, "done", big.error?.message);
    assertEquals(asked(server), [[null, null], [`bytes=${CUT}-`, '"v1"'], [null, null]]);
    assertEquals(await Deno.readFile(`${outDir}/big.bin`), LONGER);
  });
});

Deno.test("resume: true: the partial's record keeps the file's length, and the next run refuses a 206 of another length", async () => {
  let changed = false;
  await using server = startVersionServer(() =>
    changed ? { body: LONGER, headers: ETAG.old } : { body: OLD, headers: ETAG.old, cutAt: CUT }
  );
  await withOutDir(async (outDir) => {
    const config = {
      defaults: { resume: true },
      tasks: [{ name: "big", fetch: server.url("/file.bin"), save: "big.bin", retries: 0 }],
    };
    assertEquals((await runIn(outDir, config)).tasks[0].outcome, "failed");
    const record = JSON.parse(
      await Deno.readTextFile(
        `${outDir}/${partialPathFor("big.bin", server.url("/file.bin"))}.json`,
      ),
    );
    assertEquals(record.total, OLD.length);
    changed = true;
    const second = await runIn(outDir, config);
    assertEquals([second.tasks[0].outcome, second.tasks[0].error?.code], [
      "failed",
      "RESUME_REFUSED",
    ]);
    // The kept bytes are dropped with their record: the run after fetches the file whole.
    assertEquals(filesIn(outDir), ["corun.jsonl"]);
    const third = await runIn(outDir, config);
    assertEquals(third.tasks[0].outcome, "done", third.tasks[0].error?.message);
    assertEquals(await Deno.readFile(`${outDir}/big.bin`), LONGER);
    assertEquals(asked(server), [[null, null], [`bytes=${CUT}-`, '"v1"'], [null, null]]);
  });
});

Deno.test("resume: true: kept bytes of a longer file are never saved as the whole on a 416 that says the file now ends where they do", async () => {
  // The file shrank to exactly the kept length, its ETag unchanged: the 416 names the kept bytes'
  // own validator, but the file they came from was longer, so they are not a whole file.
  let shrunk = false;
  await using server = startVersionServer(() =>
    shrunk
      ? { body: NEW.subarray(0, CUT), headers: ETAG.old }
      : { body: OLD, headers: ETAG.old, cutAt: CUT }
  );
  await withOutDir(async (outDir) => {
    const config = {
      defaults: { resume: true },
      tasks: [{ name: "big", fetch: server.url("/file.bin"), save: "big.bin", retries: 0 }],
    };
    assertEquals((await runIn(outDir, config)).tasks[0].outcome, "failed");
    shrunk = true;
    const second = await runIn(outDir, config);
    assertEquals(second.tasks[0].outcome, "done", second.tasks[0].error?.message);
    assertEquals(asked(server), [[null, null], [`bytes=${CUT}-`, '"v1"'], [null, null]]);
    assertEquals(await Deno.readFile(`${outDir}/big.bin`), NEW.subarray(0, CUT));
  });
});
