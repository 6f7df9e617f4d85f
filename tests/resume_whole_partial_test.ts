/**
 * `resume: true` after a run that stopped after a body's last byte, before its rename: the partial
 * holds the whole file, the request for the rest (`Range: bytes=N-`, `If-Range`) gets a 416 whose
 * `Content-Range` (`bytes *` and the file's length) says the file ends there, and the partial is
 * saved as the file (its checksum checked) instead of being thrown away and the whole file fetched
 * again. A 416 that gives another length or names another validator is not taken: the file is
 * fetched whole.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { createVirtualClock, defineConfig, run, type RunReport } from "../mod.ts";
import { type AskedRange, bodyOf, startRangeServer } from "./fixtures/range_server.ts";
import { encodeResponse } from "./fixtures/route_server.ts";
import { startScriptedServer, write } from "./fixtures/scripted_server.ts";

const BODY = bodyOf(1024 * 1024, 11);
const PARTIAL = "isos/.big.bin.corun-partial";

async function sha256Of(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Files in the output directory but the metadata log, by path. */
async function filesIn(dir: string, prefix = ""): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(`${dir}/${prefix}`)) {
    const path = prefix + entry.name;
    if (path === ".corun" || path === "corun.jsonl") continue;
    if (entry.isDirectory) names.push(...await filesIn(dir, `${path}/`));
    else names.push(path);
  }
  return names.sort();
}

/** An output directory holding what a run killed before the rename left: partial and record. */
async function withLeftPartial(
  url: string,
  partial: Uint8Array,
  body: (outDir: string) => Promise<void>,
): Promise<void> {
  const outDir = await Deno.makeTempDir({ prefix: "corun-resume-whole-" });
  try {
    await Deno.mkdir(`${outDir}/isos`);
    await Deno.writeFile(`${outDir}/${PARTIAL}`, partial);
    await Deno.writeTextFile(
      `${outDir}/${PARTIAL}.json`,
      JSON.stringify({ url, validator: '"v1"' }),
    );
    await body(outDir);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

/** Runs the one task `big` (resume: true) saving `url` to isos/big.bin; its report and lines. */
async function runBig(
  outDir: string,
  url: string,
  checksum?: string,
): Promise<{ report: RunReport; records: Record<string, unknown>[] }> {
  const report = await run(
    defineConfig({
      outDir,
      defaults: { resume: true },
      tasks: [{ name: "big", fetch: url, save: "isos/big.bin", checksum }],
    }),
    { clock: createVirtualClock({ startWallMs: 1_700_000_000_000 }), state: false },
  );
  const text = await Deno.readTextFile(`${outDir}/corun.jsonl`);
  return { report, records: text.trim().split("\n").map((line) => JSON.parse(line)) };
}

const asked = (log: AskedRange[]) => log.map((entry) => [entry.range, entry.ifRange, entry.status]);

Deno.test("resume: true: a partial holding every byte is saved as the file on the 416 that says so, nothing fetched again", async () => {
  await using server = startRangeServer({ body: BODY });
  await withLeftPartial(server.url(), BODY, async (outDir) => {
    const sha256 = await sha256Of(BODY);
    const { report, records } = await runBig(outDir, server.url(), `sha256:${sha256}`);
    assertEquals(report.tasks[0].outcome, "done", report.tasks[0].error?.message);
    assertEquals(asked(server.log), [[`bytes=${BODY.length}-`, '"v1"', 416]]);
    assertEquals(await Deno.readFile(`${outDir}/isos/big.bin`), BODY);
    assertEquals(await filesIn(outDir), ["isos/big.bin"]); // the partial and its record are gone
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
    const { report, records } = await runBig(outDir, server.url(), `sha256:${sha256}`);
    assertEquals(report.tasks[0].outcome, "done", report.tasks[0].error?.message);
    assertEquals(asked(server.log), [
      [`bytes=${BODY.length}-`, '"v1"', 416],
      [null, null, 200],
    ]);
    assertEquals(await Deno.readFile(`${outDir}/isos/big.bin`), BODY);
    assertEquals(await filesIn(outDir), ["isos/big.bin"]);
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
        assertEquals(await filesIn(outDir), ["isos/big.bin"]);
        assertEquals([records[0].status, records[0].resumedFrom], [200, undefined]);
      });
    });
  }
});
