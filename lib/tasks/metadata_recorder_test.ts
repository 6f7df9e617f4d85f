/**
 * The run's metadata lines as the fetches hand them over: taken as text without a trip through the
 * loop, written in batches, all of them in the file once the log is closed, and every line a full
 * disk loses counted in the run's one warning.
 */
import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { HeaderList, type HttpResponse } from "../http/mod.ts";
import type { Operation } from "../loop/mod.ts";
import { type ByteWriterSync, JsonText } from "../sinks/mod.ts";
import {
  type FetchOutcome,
  fetchRecordOf,
  recordFetch,
  writeFetchJson,
} from "./fetch_record_of.ts";
import { LazyMetadataLog } from "./metadata_log.ts";
import { MetadataRecorder } from "./metadata_recorder.ts";
import { withTempDir } from "../../tests/fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-metadata-recorder-");

/** The text `writeFetchJson` writes for a fetch, as one string. */
function fetchJsonOf(item: FetchOutcome, runId: string, endMs: number): string {
  const text = new JsonText();
  writeFetchJson(text, item, runId, endMs);
  return text.toString();
}

function response(fields: [string, string][], overrides: Partial<HttpResponse> = {}): HttpResponse {
  return {
    url: "https://example.com/final",
    status: 200,
    headers: new HeaderList(fields),
    redirects: 1,
    timings: { connectMs: 1.25, tlsMs: 0, firstByteMs: 3.0000000000000004 },
    ...overrides,
  } as unknown as HttpResponse;
}

function outcome(n: number, extra: Partial<FetchOutcome> = {}): FetchOutcome {
  return {
    task: `task-${n}`,
    url: `https://example.com/${n}`,
    method: "GET",
    response: response([["Content-Type", "text/html"], ["ETag", `"${n}"`]]),
    attempts: 1,
    bytes: 1024,
    sha256: "ab".repeat(32),
    savedPath: `${n}.html`,
    bodyMs: 0.5,
    writeMs: 0.25,
    startedAtMs: Date.UTC(2026, 11, 2, 8, 0, 0, n % 1000),
    startMs: 100,
    ...extra,
  };
}

/** Runs a `recordFetch` and says how many effects it yielded (it must wait for none here). */
function effectsOf(operation: Operation<void>): number {
  const steps = operation[Symbol.iterator]();
  let effects = 0;
  while (!steps.next().done) effects++;
  return effects;
}

/** A disk that takes `room` writes, then fails each one part-way as a full disk does. */
function fillingAfter(room: number) {
  return {
    writerOf: (file: Deno.FsFile): ByteWriterSync => ({
      writeSync(bytes) {
        if (room-- > 0) return file.writeSync(bytes);
        file.writeSync(bytes.subarray(0, 7));
        throw new Error("No space left on device (os error 28)");
      },
    }),
  };
}

/** Outcomes whose lines are awkward to write: failures, odd characters, odd times. */
function awkwardOutcomes(): FetchOutcome[] {
  return [
    outcome(1),
    outcome(2, { response: undefined, sha256: null, savedPath: null, bytes: 0 }),
    outcome(3, { unchanged: true, bytes: 0 }),
    outcome(4, { error: Object.assign(new Error("boom"), { code: "ECONNRESET" }) }),
    outcome(5, { error: "a string thrown" }),
    outcome(6, {
      response: response([
        ["Set-Cookie", "a=1"],
        ["set-cookie", "b=2"],
        ["Vary", "Accept"],
        ["vary", "Origin"],
        ["__proto__", "x"],
        ["123", "index-like names come first in an object"],
        ["X-Quote", 'say "hi"\\ \t tab, ünï €'],
      ], { status: 206, url: 'https://example.com/ü?q="x"' }),
    }),
    outcome(7, { bodyMs: NaN, writeMs: Infinity, startMs: -1e-7, bytes: 2 ** 53 }),
    outcome(8, { task: 'line\nbreak "and" \u2028 \u0000', startedAtMs: Date.UTC(1969, 0, 1) }),
    outcome(9, { startedAtMs: Date.UTC(2026, 0, 1, 0, 0, 59, 7) }),
    outcome(10, { startedAtMs: Date.UTC(2026, 0, 1, 0, 1, 0, 0) }),
    outcome(11, { startedAtMs: 8.64e15 }),
    outcome(12, { startedAtMs: 1.5 }),
    outcome(13, { resumedFrom: 300_000, ifRange: '"v1"' }),
    outcome(14, {
      unchanged: false,
      resumedFrom: 0,
      checksum: { algorithm: "sha512", expected: "ab".repeat(64), actual: "ab".repeat(64) },
    }),
    outcome(15, {
      checksum: { algorithm: "sha256", expected: "0".repeat(64), actual: "f".repeat(64) },
      error: Object.assign(new Error("mismatch"), { code: "CHECKSUM_MISMATCH" }),
    }),
    outcome(16, {
      url: "https://example.com/\u007f\u0085\u00a0",
      response: response([["X-Raw", "del \u007f c1 \u009b"]], {
        url: "https://example.com/\ud800",
      }),
      savedPath: "a\\b\u0001",
    }),
  ];
}

Deno.test("writeFetchJson() writes the very text of JSON.stringify of the stamped record, whatever the outcome", () => {
  for (const item of awkwardOutcomes()) {
    const expected = JSON.stringify({ runId: "run-1", ...fetchRecordOf(item, 250) });
    assertEquals(fetchJsonOf(item, "run-1", 250), expected, item.task);
  }
});

Deno.test("takeLine(): the run's own log gets writeFetchJson's text byte for byte (DEL and C1 escaped), a copy gets it as it is", async () => {
  await withOutDir(async (outDir) => {
    const log = new LazyMetadataLog(outDir, "corun.jsonl", () => {});
    const copied: string[] = [];
    const copy = {
      appendJson: (json: string) => copied.push(json),
      close: () => Promise.resolve(),
    };
    const plain = new MetadataRecorder(log, "run-1");
    const copying = new MetadataRecorder(log, "run-1", copy);
    const items = awkwardOutcomes();
    const expected: string[] = [];
    for (const item of items) {
      for (const recorder of [plain, copying]) {
        recorder.takeLine({ writeTo: (out) => writeFetchJson(out, item, "run-1", 250) });
      }
      const json = fetchJsonOf(item, "run-1", 250);
      const escaped = json.replace(
        /[\u007f-\u009f]/g,
        (c) => `\\u00${c.charCodeAt(0).toString(16)}`,
      );
      expected.push(escaped, escaped);
      assertEquals(copied.at(-1), json, item.task);
    }
    await log.close();
    assertEquals(await Deno.readTextFile(`${outDir}/corun.jsonl`), expected.join("\n") + "\n");
    assertEquals(plain.warning(), undefined);
  });
});

Deno.test("writeFetchJson() writes timings to the microsecond, as JSON.stringify of the record does, for any time", () => {
  // A fixed sequence of awkward times: tiny, negative, exact, huge, and fractions that round up.
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const times = [
    0,
    -0,
    1e-7,
    -1e-7,
    0.0005,
    0.0015,
    1.9995,
    999.9999,
    1e9 + 0.123456,
    2 ** 60,
    -3.25,
  ];
  for (let i = 0; i < 2000; i++) times.push((random() - 0.1) * 10 ** Math.floor(random() * 10));
  for (const ms of times) {
    const item = outcome(1, { bodyMs: ms, writeMs: ms / 3, startMs: 250 - ms });
    const record = fetchRecordOf(item, 250);
    assertEquals(fetchJsonOf(item, "run-1", 250), JSON.stringify({ runId: "run-1", ...record }));
    assertEquals(record.timings.bodyMs, Math.round(ms * 1000) / 1000);
  }
});

Deno.test("recordFetch() hands the run's own log its line without waiting; close() writes every line, whole and in order", async () => {
  await withOutDir(async (outDir) => {
    const log = new LazyMetadataLog(outDir, "corun.jsonl", () => {});
    const recorder = new MetadataRecorder(log, "run-7");
    let effects = 0;
    for (let n = 0; n < 2_000; n++) effects += effectsOf(recordFetch(recorder, outcome(n)));
    assertEquals(effects, 0);
    await log.close();
    const lines = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).split("\n");
    assertEquals(lines.pop(), "");
    assertEquals(lines.length, 2_000);
    lines.forEach((line, n) => {
      const { timings, ...record } = JSON.parse(line);
      const { timings: expectedTimings, ...expected } = fetchRecordOf(outcome(n));
      assertEquals(record, { runId: "run-7", ...expected });
      assertEquals(Object.keys(timings), Object.keys(expectedTimings));
    });
    assertEquals(recorder.warning(), undefined);
  });
});

Deno.test("a disk that fills up mid-run: the lines of the batches that failed are counted in one warning, none is left torn", async () => {
  await withOutDir(async (outDir) => {
    // Room for one write: the first full batch (64 KiB, a few hundred lines) goes in, the rest fails.
    const log = new LazyMetadataLog(outDir, "corun.jsonl", () => {}, undefined, fillingAfter(1));
    const recorder = new MetadataRecorder(log, "run-8");
    for (let n = 0; n < 1_000; n++) recordFetch(recorder, outcome(n))[Symbol.iterator]().next();
    await log.close();
    const lines = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).split("\n");
    assertEquals(lines.pop(), "", "the file ends with a whole line");
    lines.forEach((line, n) => assertEquals(JSON.parse(line).task, `task-${n}`));
    const lost = 1_000 - lines.length;
    assertEquals(lines.length > 0 && lost > 0, true, `${lines.length} written, ${lost} lost`);
    assertMatch(
      recorder.warning()!,
      new RegExp(
        `^Cannot write the metadata ".*corun\\.jsonl": No space left on device \\(os error 28\\) \\(${lost} of 1000 metadata lines not written\\)$`,
      ),
    );
  });
});

Deno.test("a metadata log that cannot be opened loses every line, counted, and is said once", async () => {
  await withOutDir(async (outDir) => {
    await Deno.writeTextFile(`${outDir}/meta`, "a file where the log's folder should be");
    const heard: string[] = [];
    const log = new LazyMetadataLog(outDir, "meta/corun.jsonl", (message) => heard.push(message));
    const recorder = new MetadataRecorder(log, "run-10");
    for (let n = 0; n < 3; n++) recordFetch(recorder, outcome(n))[Symbol.iterator]().next();
    await log.close();
    assertEquals(heard.length, 1);
    assertMatch(
      recorder.warning()!,
      /^Cannot write the metadata .*\(3 of 3 metadata lines not written\)$/,
    );
  });
});
