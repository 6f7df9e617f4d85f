/**
 * `resume: true` after a run that stopped after a body's last byte, before its rename: the partial
 * holds the whole file, the request for the rest (`Range: bytes=N-`, `If-Range`) gets a 416 whose
 * `Content-Range` (`bytes *` and the file's length) says the file ends there, and the partial is
 * saved as the file (its checksum checked) instead of being thrown away and the whole file fetched
 * again. The 416 must name the partial's validator, or a checksum must check the bytes; one that
 * gives another length or names another validator is not taken: the file is fetched whole. The
 * file saved is the one the partial's first response would have made: the path its Content-Type
 * gives, the validator it named in the state.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { createVirtualClock, defineConfig, run, type RunReport } from "../mod.ts";
import { partialPathFor } from "../lib/sinks/partial_file.ts";
import { METADATA_ARCHIVE_DIR } from "../lib/tasks/mod.ts";
import { type AskedRange, bodyOf, startRangeServer } from "./fixtures/range_server.ts";
import { encodeResponse } from "./fixtures/route_server.ts";
import { stall, startScriptedServer, write } from "./fixtures/scripted_server.ts";
import { savedFiles, withTempDir } from "./fixtures/temp_dir.ts";
import { sha256Of } from "./fixtures/sha256.ts";

const BODY = bodyOf(1024 * 1024, 11);
const PATH = "isos/big.bin";
/** The partial a run keeps of `url` saved to isos/big.bin. */
const partialOf = (url: string) => partialPathFor(PATH, url);

const withOutDir = withTempDir("corun-resume-whole-");

/**
 * An output directory holding what a run killed before the rename left: partial and record (the
 * record's fields beyond the URL and the validator `"v1"` from `record`).
 */
async function withLeftPartial(
  url: string,
  partial: Uint8Array,
  body: (outDir: string) => Promise<void>,
  record: Record<string, string> = {},
): Promise<void> {
  await withOutDir(async (outDir) => {
    await Deno.mkdir(`${outDir}/isos`);
    await Deno.writeFile(`${outDir}/${partialOf(url)}`, partial);
    await Deno.writeTextFile(
      `${outDir}/${partialOf(url)}.json`,
      JSON.stringify({ url, validator: '"v1"', ...record }),
    );
    await body(outDir);
  });
}

/** How `runBig` runs its task. */
interface BigOptions {
  /** The task's `checksum`. */
  checksum?: string;
  /** The task's `checksums` file. */
  checksums?: string;
  /** The save template. @default "isos/big.bin" */
  save?: string;
  /**
   * Keep state between runs (in the output directory): a run in real time then (a virtual-time
   * run is a preview, which leaves the state as it was). @default false
   */
  state?: boolean;
  /** Attempts after the first. @default the task's default */
  retries?: number;
  /** How long a body may go silent. @default the task's default */
  idle?: string;
}

/** Runs the one task `big` (resume: true) saving `url` to isos/big.bin; its report and lines. */
async function runBig(
  outDir: string,
  url: string,
  options: BigOptions = {},
): Promise<{ report: RunReport; records: Record<string, unknown>[] }> {
  const { checksum, checksums, save = PATH, retries, idle } = options;
  const timeout = idle === undefined ? undefined : { idle };
  const report = await run(
    defineConfig({
      outDir,
      defaults: { resume: true },
      tasks: [{ name: "big", fetch: url, save, checksum, checksums, retries, timeout }],
    }),
    options.state
      ? {}
      : { clock: createVirtualClock({ startWallMs: 1_700_000_000_000 }), state: false },
  );
  const text = await Deno.readTextFile(`${outDir}/corun.jsonl`);
  return { report, records: text.trim().split("\n").map((line) => JSON.parse(line)) };
}

const asked = (log: AskedRange[]) => log.map((entry) => [entry.range, entry.ifRange, entry.status]);

Deno.test("resume: true: a partial holding every byte is saved as the file on the 416 that says so, nothing fetched again", async () => {
  await using server = startRangeServer({ body: BODY });
  await withLeftPartial(server.url(), BODY, async (outDir) => {
    const sha256 = await sha256Of(BODY);
    const { report, records } = await runBig(outDir, server.url(), {
      checksum: `sha256:${sha256}`,
    });
    assertEquals(report.tasks[0].outcome, "done", report.tasks[0].error?.message);
    assertEquals(asked(server.log), [[`bytes=${BODY.length}-`, '"v1"', 416]]);
    assertEquals(await Deno.readFile(`${outDir}/isos/big.bin`), BODY);
    assertEquals(await savedFiles(outDir), ["isos/big.bin"]); // the partial and its record are gone
    // The server's answer as it was; every byte of the file came from the partial.
    const { status, bytes, resumedFrom, savedPath, checksum } = records[0];
    assertEquals(
      { status, bytes, resumedFrom, savedPath, sha256: records[0].sha256, checksum },
      {
        status: 416,
        bytes: BODY.length,
        resumedFrom: BODY.length,
        savedPath: "isos/big.bin",
        sha256,
        checksum: { algorithm: "sha256", expected: sha256, actual: sha256 },
      },
    );
  });
});

Deno.test("resume: true: a whole partial whose checksum does not match is dropped, and the file fetched whole", async () => {
  await using server = startRangeServer({ body: BODY });
  const damaged = BODY.slice();
  damaged[1000] ^= 0xff;
  await withLeftPartial(server.url(), damaged, async (outDir) => {
    const sha256 = await sha256Of(BODY);
    const { report, records } = await runBig(outDir, server.url(), {
      checksum: `sha256:${sha256}`,
    });
    assertEquals(report.tasks[0].outcome, "done", report.tasks[0].error?.message);
    assertEquals(asked(server.log), [
      [`bytes=${BODY.length}-`, '"v1"', 416],
      [null, null, 200],
    ]);
    assertEquals(await Deno.readFile(`${outDir}/isos/big.bin`), BODY);
    assertEquals(await savedFiles(outDir), ["isos/big.bin"]);
    assertEquals([records.length, records[0].status, records[0].resumedFrom], [1, 200, undefined]);
  });
});

Deno.test("resume: true: a 416 giving another length, or naming another ETag, is not taken: the file is fetched whole", async (t) => {
  const whole = encodeResponse({ headers: { ETag: '"v2"' }, body: BODY });
  const cases = [
    { name: "another length", contentRange: `bytes */${BODY.length + 1}`, etag: '"v1"' },
    { name: "another ETag", contentRange: `bytes */${BODY.length}`, etag: '"v2"' },
  ];
  for (const { name, contentRange, etag } of cases) {
    await t.step(name, async () => {
      const refused = encodeResponse({
        status: 416,
        reason: "Range Not Satisfiable",
        headers: { "Content-Range": contentRange, ETag: etag },
      });
      await using server = startScriptedServer({
        routes: { "/file.bin": [[write(refused)], [write(whole)]] },
      });
      await withLeftPartial(server.url("/file.bin"), BODY, async (outDir) => {
        const { report, records } = await runBig(outDir, server.url("/file.bin"));
        assertEquals(report.tasks[0].outcome, "done", report.tasks[0].error?.message);
        assertEquals(server.requests.map((request) => request.headers.get("range")), [
          `bytes=${BODY.length}-`,
          null,
        ]);
        assertEquals(await savedFiles(outDir), ["isos/big.bin"]);
        assertEquals([records[0].status, records[0].resumedFrom], [200, undefined]);
      });
    });
  }
});

/** A 416 saying the file is `BODY.length` bytes long, with `headers` besides. */
function refusal(headers: Record<string, string> = {}): Uint8Array {
  return encodeResponse({
    status: 416,
    reason: "Range Not Satisfiable",
    headers: { "Content-Range": `bytes */${BODY.length}`, ...headers },
  });
}

Deno.test("resume: true: a 416 naming no validator is taken only when a checksum checks the kept bytes", async (t) => {
  const whole = encodeResponse({ headers: { ETag: '"v1"' }, body: BODY });
  const sha256 = await sha256Of(BODY);
  const cases: {
    name: string;
    options: (outDir: string) => Promise<BigOptions>;
    taken: boolean;
  }[] = [
    { name: "no checksum: fetched whole", options: () => Promise.resolve({}), taken: false },
    {
      name: "the task's checksum: saved as it is",
      options: () => Promise.resolve({ checksum: `sha256:${sha256}` }),
      taken: true,
    },
    {
      name: "the path's entry in a checksums file: saved as it is",
      options: async (outDir) => {
        await Deno.writeTextFile(`${outDir}/SHA256SUMS`, `${sha256}  isos/big.bin\n`);
        return { checksums: `${outDir}/SHA256SUMS` };
      },
      taken: true,
    },
    {
      name: "a checksums file without the path: fetched whole",
      options: async (outDir) => {
        await Deno.writeTextFile(`${outDir}/SHA256SUMS`, `${sha256}  isos/other.bin\n`);
        return { checksums: `${outDir}/SHA256SUMS` };
      },
      taken: false,
    },
  ];
  for (const { name, options, taken } of cases) {
    await t.step(name, async () => {
      await using server = startScriptedServer({
        routes: { "/file.bin": [[write(refusal())], [write(whole)]] },
      });
      const url = server.url("/file.bin");
      await withLeftPartial(url, BODY, async (outDir) => {
        const { report, records } = await runBig(outDir, url, await options(outDir));
        assertEquals(report.tasks[0].outcome, "done", report.tasks[0].error?.message);
        assertEquals(
          server.requests.map((request) => request.headers.get("range")),
          taken ? [`bytes=${BODY.length}-`] : [`bytes=${BODY.length}-`, null],
        );
        assertEquals(await Deno.readFile(`${outDir}/isos/big.bin`), BODY);
        assertEquals(records[0].status, taken ? 416 : 200);
      });
    });
  }
});

Deno.test("resume: true: a whole partial saved on a 416 that names no validator keeps its own in the state: the next run gets a 304", async () => {
  const notModified = encodeResponse({ status: 304, headers: { ETag: '"v1"' } });
  await using server = startScriptedServer({
    routes: { "/file.bin": [[write(refusal())], [write(notModified)]] },
  });
  const url = server.url("/file.bin");
  await withLeftPartial(url, BODY, async (outDir) => {
    const options = { checksum: `sha256:${await sha256Of(BODY)}`, state: true };
    const first = await runBig(outDir, url, options);
    assertEquals(first.report.tasks[0].outcome, "done", first.report.tasks[0].error?.message);
    const second = await runBig(outDir, url, options);
    assertEquals(second.report.tasks[0].outcome, "done", second.report.tasks[0].error?.message);
    assertEquals(
      server.requests.map((request) => [
        request.headers.get("range"),
        request.headers.get("if-none-match"),
      ]),
      [[`bytes=${BODY.length}-`, null], [null, '"v1"']],
    );
    assertEquals(second.records.at(-1)?.status, 304);
    assertEquals(await Deno.readFile(`${outDir}/isos/big.bin`), BODY);
  });
});

Deno.test("resume: true: a whole partial saved on a 416 by a run killed before its state was saved is recovered from its line: the next run gets a 304", async () => {
  const notModified = encodeResponse({ status: 304, headers: { ETag: '"v1"' } });
  await using server = startScriptedServer({
    routes: { "/file.bin": [[write(refusal({ ETag: '"v1"' }))], [write(notModified)]] },
  });
  const url = server.url("/file.bin");
  await withLeftPartial(url, BODY, async (outDir) => {
    const first = await runBig(outDir, url, { state: true });
    assertEquals(first.records[0].status, 416);
    // Killed before its save, as it leaves the disk: its unsaved mark, and no state.
    await Deno.remove(`${outDir}/.corun-state.json`);
    await Deno.mkdir(`${outDir}/${METADATA_ARCHIVE_DIR}`, { recursive: true });
    await Deno.writeTextFile(
      `${outDir}/${METADATA_ARCHIVE_DIR}/${first.records[0].runId}.unsaved`,
      "",
    );
    const second = await runBig(outDir, url, { state: true });
    assertEquals(second.report.tasks[0].outcome, "done", second.report.tasks[0].error?.message);
    assertEquals(
      second.report.warnings.filter((warning) => warning.startsWith("Recovered the state")).length,
      1,
    );
    assertEquals(
      server.requests.map((request) => [
        request.headers.get("range"),
        request.headers.get("if-none-match"),
      ]),
      [[`bytes=${BODY.length}-`, null], [null, '"v1"']],
    );
    assertEquals(second.records.at(-1)?.status, 304);
    assertEquals(await Deno.readFile(`${outDir}/isos/big.bin`), BODY);
  });
});

Deno.test("resume: true: a whole partial saved on a 416 naming no validator, by a run killed before its state was saved, is recovered with the partial's own: the next run gets a 304", async () => {
  const notModified = encodeResponse({ status: 304, headers: { ETag: '"v1"' } });
  await using server = startScriptedServer({
    routes: { "/file.bin": [[write(refusal())], [write(notModified)]] },
  });
  const url = server.url("/file.bin");
  await withLeftPartial(url, BODY, async (outDir) => {
    const options = { checksum: `sha256:${await sha256Of(BODY)}`, state: true };
    const first = await runBig(outDir, url, options);
    assertEquals([first.records[0].status, first.records[0].headers], [416, {
      "content-range": `bytes */${BODY.length}`,
      "content-length": "0",
    }]);
    // The line names the version its bytes are of, which the 416 did not.
    assertEquals(first.records[0].ifRange, '"v1"');
    // Killed before its save, as it leaves the disk: its unsaved mark, and no state.
    await Deno.remove(`${outDir}/.corun-state.json`);
    await Deno.mkdir(`${outDir}/${METADATA_ARCHIVE_DIR}`, { recursive: true });
    await Deno.writeTextFile(
      `${outDir}/${METADATA_ARCHIVE_DIR}/${first.records[0].runId}.unsaved`,
      "",
    );
    const second = await runBig(outDir, url, options);
    assertEquals(second.report.tasks[0].outcome, "done", second.report.tasks[0].error?.message);
    assertEquals(
      second.report.warnings.filter((warning) => warning.startsWith("Recovered the state")).length,
      1,
    );
    assertEquals(
      server.requests.map((request) => [
        request.headers.get("range"),
        request.headers.get("if-none-match"),
      ]),
      [[`bytes=${BODY.length}-`, null], [null, '"v1"']],
    );
    assertEquals(second.records.at(-1)?.status, 304);
    assertEquals(await Deno.readFile(`${outDir}/isos/big.bin`), BODY);
  });
});

/**
 * A 200 of `application/json` whose chunked body holds every byte but never ends (its last chunk
 * never comes): the idle timeout breaks it off, and the bytes are kept.
 */
function jsonNeverEnding(): Uint8Array {
  const head = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nETag: "v1"\r\n' +
    `Transfer-Encoding: chunked\r\n\r\n${BODY.length.toString(16)}\r\n`;
  const encoded = new TextEncoder().encode(head);
  const bytes = new Uint8Array(encoded.length + BODY.length + 2);
  bytes.set(encoded);
  bytes.set(BODY, encoded.length);
  bytes.set([13, 10], encoded.length + BODY.length);
  return bytes;
}

Deno.test("a partial kept within the run holding every byte is saved on the 416 under the path its response's Content-Type gave", async () => {
  await using server = startScriptedServer({
    routes: { "/data": [[write(jsonNeverEnding()), stall()], [write(refusal({ ETag: '"v1"' }))]] },
  });
  await withOutDir(async (outDir) => {
    const { report, records } = await runBig(outDir, server.url("/data"), {
      save: "out.{ext}",
      retries: 1,
      idle: "300ms",
    });
    assertEquals(report.tasks[0].outcome, "done", report.tasks[0].error?.message);
    assertEquals(server.requests.map((request) => request.headers.get("range")), [
      null,
      `bytes=${BODY.length}-`,
    ]);
    assertEquals(await savedFiles(outDir), ["out.json"]);
    assertEquals([records[0].status, records[0].savedPath], [416, "out.json"]);
  });
});

Deno.test("resume: true: a partial's record keeps its response's Content-Type, and the next run saves the whole partial under the path it gave", async (t) => {
  await t.step(
    "a run broken off after the last byte leaves the Content-Type in the record",
    async () => {
      await using server = startScriptedServer({
        routes: { "/data": [[write(jsonNeverEnding()), stall()]] },
      });
      const url = server.url("/data");
      await withOutDir(async (outDir) => {
        const options = { save: "isos/big.{ext}", retries: 0, idle: "300ms" };
        const { report } = await runBig(outDir, url, options);
        assertEquals(report.tasks[0].outcome, "failed");
        const partial = partialOf(url);
        assertEquals(await savedFiles(outDir), [partial, `${partial}.json`]);
        assertEquals(await Deno.readFile(`${outDir}/${partial}`), BODY);
        assertEquals(JSON.parse(await Deno.readTextFile(`${outDir}/${partial}.json`)), {
          url,
          validator: '"v1"',
          contentType: "application/json",
        });
      });
    },
  );
  const cases: { name: string; record: Record<string, string>; saved: string }[] = [
    {
      name: "the record's Content-Type gives the path",
      record: { contentType: "application/json" },
      saved: "isos/big.json",
    },
    { name: "a record without one (an earlier version's): the URL's", record: {}, saved: PATH },
  ];
  for (const { name, record, saved } of cases) {
    await t.step(name, async () => {
      await using server = startScriptedServer({
        routes: { "/data": [[write(refusal({ ETag: '"v1"' }))]] },
      });
      const url = server.url("/data");
      await withLeftPartial(url, BODY, async (outDir) => {
        const { report, records } = await runBig(outDir, url, { save: "isos/big.{ext}" });
        assertEquals(report.tasks[0].outcome, "done", report.tasks[0].error?.message);
        assertEquals(await savedFiles(outDir), [saved]);
        assertEquals([records[0].status, records[0].savedPath], [416, saved]);
      }, record);
    });
  }
});
