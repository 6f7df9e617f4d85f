/**
 * Resuming a body that broke off, against a server on loopback that breaks bodies off at chosen
 * offsets and honours or ignores `Range`: the retry asks `Range: bytes=N-` with `If-Range`, the file is
 * byte-identical, a 200 instead of a 206 starts over, a wrong Content-Range is refused, a Range of the
 * user's is never resumed, and with `resume: true` a partial outlives the run for the next one.
 * Backoff waits are on a virtual clock.
 */
import { assert, assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { type ConfigInput, createVirtualClock, defineConfig, run, type RunReport } from "../mod.ts";
import { partialPathFor } from "../lib/sinks/partial_file.ts";
import { type AskedRange, bodyOf, startRangeServer } from "./fixtures/range_server.ts";
import { pollUntil } from "./fixtures/poll.ts";
import { killDenoWhen, MOD, runDeno } from "./fixtures/run_deno.ts";
import { savedFiles, sizeOf, withTempDir } from "./fixtures/temp_dir.ts";
import { sha256Of } from "./fixtures/sha256.ts";

const BODY = bodyOf(1024 * 1024, 7);

interface Ran {
  report: RunReport;
  records: Record<string, unknown>[];
}

async function runIn(outDir: string, config: Omit<ConfigInput, "outDir">): Promise<Ran> {
  const report = await run(defineConfig({ ...config, outDir }), {
    clock: createVirtualClock({ startWallMs: 1_700_000_000_000 }),
    state: false,
  });
  const text = await Deno.readTextFile(`${outDir}/corun.jsonl`).catch(() => "");
  const records = text.trim().split("\n").filter(Boolean).map((line) => JSON.parse(line));
  return { report, records };
}

const withOutDir = withTempDir("corun-resume-");

const asked = (log: AskedRange[]) => log.map((entry) => [entry.range, entry.ifRange, entry.status]);

Deno.test("a body broken off is continued with Range and If-Range; the file is byte-identical", async () => {
  await using server = startRangeServer({
    body: BODY,
    cutAt: (i) => i === 0 ? 300_000 : undefined,
  });
  await withOutDir(async (outDir) => {
    const ran = await runIn(outDir, {
      tasks: [{ name: "big", fetch: server.url(), save: "big.bin", retries: 2, sha256: true }],
    });
    const [big] = ran.report.tasks;
    assertEquals(big.outcome, "done", big.error?.message);
    assertEquals(asked(server.log), [[null, null, 200], ["bytes=300000-", '"v1"', 206]]);
    assertEquals(server.log[1].acceptEncoding, "identity");
    assertEquals(await Deno.readFile(`${outDir}/big.bin`), BODY);
    assertEquals(await savedFiles(outDir), ["big.bin"]);
    const [record] = ran.records;
    assertEquals(record.resumedFrom, 300_000);
    assertEquals(record.bytes, BODY.length);
    assertEquals(record.sha256, await sha256Of(BODY)); // the whole file's, kept bytes included
    assertEquals(record.attempts, 2);
  });
});

Deno.test("without sha256: true a continued body is saved whole, and its line's sha256 is null", async () => {
  await using server = startRangeServer({
    body: BODY,
    cutAt: (i) => i === 0 ? 300_000 : undefined,
  });
  await withOutDir(async (outDir) => {
    const ran = await runIn(outDir, {
      tasks: [{ name: "big", fetch: server.url(), save: "big.bin", retries: 2 }],
    });
    assertEquals(ran.report.tasks[0].outcome, "done", ran.report.tasks[0].error?.message);
    assertEquals(asked(server.log), [[null, null, 200], ["bytes=300000-", '"v1"', 206]]);
    assertEquals(await Deno.readFile(`${outDir}/big.bin`), BODY);
    assertEquals(await savedFiles(outDir), ["big.bin"]);
    const [record] = ran.records;
    assertEquals([record.resumedFrom, record.bytes, record.sha256], [300_000, BODY.length, null]);
  });
});

Deno.test("a body broken off twice is continued twice, each time from where it stopped", async () => {
  await using server = startRangeServer({
    body: BODY,
    cutAt: (i) => i === 0 ? 300_000 : i === 1 ? 200_000 : undefined,
  });
  await withOutDir(async (outDir) => {
    const ran = await runIn(outDir, {
      tasks: [{ name: "big", fetch: server.url(), save: "big.bin", retries: 3 }],
    });
    assertEquals(ran.report.tasks[0].outcome, "done", ran.report.tasks[0].error?.message);
    assertEquals(server.log.map((entry) => entry.range), [null, "bytes=300000-", "bytes=500000-"]);
    assertEquals(await Deno.readFile(`${outDir}/big.bin`), BODY);
    assertEquals(ran.records[0].resumedFrom, 500_000);
  });
});

Deno.test("a body that goes silent mid-way (idle timeout) is continued with Range too", async () => {
  await using server = startRangeServer({
    body: BODY,
    cutAt: (i) => i === 0 ? 300_000 : undefined,
    stallAtCut: true,
  });
  await withOutDir(async (outDir) => {
    const ran = await runIn(outDir, {
      tasks: [{
        name: "big",
        fetch: server.url(),
        save: "big.bin",
        retries: 1,
        timeout: { idle: "300ms" },
      }],
    });
    assertEquals(ran.report.tasks[0].outcome, "done", ran.report.tasks[0].error?.message);
    // Kept: the bytes delivered before the timeout (a read still gathering more loses those).
    const kept = ran.records[0].resumedFrom as number;
    assert(kept > 0 && kept <= 300_000, String(kept));
    assertEquals(asked(server.log), [[null, null, 200], [`bytes=${kept}-`, '"v1"', 206]]);
    assertEquals(await Deno.readFile(`${outDir}/big.bin`), BODY);
  });
});

Deno.test("without an ETag, a Last-Modified date (a day before the Date: a strong one) is the If-Range", async () => {
  const lastModified = "Tue, 01 Dec 2026 10:00:00 GMT";
  await using server = startRangeServer({
    body: BODY,
    etag: null,
    lastModified,
    headers: { Date: "Wed, 02 Dec 2026 10:00:00 GMT" },
    cutAt: (i) => i === 0 ? 400_000 : undefined,
  });
  await withOutDir(async (outDir) => {
    const ran = await runIn(outDir, {
      tasks: [{ name: "big", fetch: server.url(), save: "big.bin", retries: 1 }],
    });
    assertEquals(ran.report.tasks[0].outcome, "done");
    assertEquals(asked(server.log)[1], ["bytes=400000-", lastModified, 206]);
    assertEquals(await Deno.readFile(`${outDir}/big.bin`), BODY);
  });
});

Deno.test("with neither ETag nor Last-Modified (or a weak ETag), the retry starts over without Range", async (t) => {
  for (const etag of [null, 'W/"weak"']) {
    await t.step(String(etag), async () => {
      await using server = startRangeServer({
        body: BODY,
        etag,
        cutAt: (i) => i === 0 ? 300_000 : undefined,
      });
      await withOutDir(async (outDir) => {
        const ran = await runIn(outDir, {
          tasks: [{ name: "big", fetch: server.url(), save: "big.bin", retries: 1 }],
        });
        assertEquals(ran.report.tasks[0].outcome, "done");
        assertEquals(server.log.map((entry) => entry.range), [null, null]);
        assertEquals(await Deno.readFile(`${outDir}/big.bin`), BODY);
        assertEquals(ran.records[0].resumedFrom, undefined);
      });
    });
  }
});

Deno.test("a server answering 200 to the Range restarts the file from its first byte", async () => {
  await using server = startRangeServer({
    body: BODY,
    honourRange: false,
    cutAt: (i) => i === 0 ? 300_000 : undefined,
  });
  await withOutDir(async (outDir) => {
    const ran = await runIn(outDir, {
      tasks: [{
        name: "big",
        fetch: { url: server.url(), sha256: true },
        save: "big.bin",
        retries: 1,
      }],
    });
    assertEquals(ran.report.tasks[0].outcome, "done");
    assertEquals(asked(server.log), [[null, null, 200], ["bytes=300000-", '"v1"', 200]]);
    assertEquals(await Deno.readFile(`${outDir}/big.bin`), BODY);
    assertEquals(await savedFiles(outDir), ["big.bin"]);
    assertEquals(ran.records[0].sha256, await sha256Of(BODY));
    assertEquals(ran.records[0].resumedFrom, undefined);
  });
});

Deno.test("a 416 to the Range drops the partial and asks for the whole body at once", async () => {
  await using server = startRangeServer({
    body: BODY,
    cutAt: (i) => i === 0 ? 300_000 : undefined,
    refuseRange: (i) => i === 1,
  });
  await withOutDir(async (outDir) => {
    const ran = await runIn(outDir, {
      tasks: [{ name: "big", fetch: server.url(), save: "big.bin", retries: 1 }],
    });
    assertEquals(ran.report.tasks[0].outcome, "done", ran.report.tasks[0].error?.message);
    assertEquals(asked(server.log), [
      [null, null, 200],
      ["bytes=300000-", '"v1"', 416],
      [null, null, 200],
    ]);
    assertEquals(await Deno.readFile(`${outDir}/big.bin`), BODY);
  });
});

Deno.test("a 206 that carries only a piece of the rest is continued again: no truncated file is ever saved as whole", async (t) => {
  await t.step("enough retries: each piece is appended until the file is whole", async () => {
    await using server = startRangeServer({
      body: BODY,
      cutAt: (i) => i === 0 ? 300_000 : undefined,
      rangePieceBytes: 300_000,
    });
    await withOutDir(async (outDir) => {
      const ran = await runIn(outDir, {
        tasks: [{ name: "big", fetch: server.url(), save: "big.bin", retries: 3, sha256: true }],
      });
      assertEquals(ran.report.tasks[0].outcome, "done", ran.report.tasks[0].error?.message);
      assertEquals(
        server.log.map((entry) => entry.range),
        [null, "bytes=300000-", "bytes=600000-", "bytes=900000-"],
      );
      assertEquals(await Deno.readFile(`${outDir}/big.bin`), BODY);
      assertEquals(ran.records[0].sha256, await sha256Of(BODY));
    });
  });
  await t.step(
    "out of retries: the fetch fails, and nothing is left at the final name",
    async () => {
      await using server = startRangeServer({
        body: BODY,
        cutAt: (i) => i === 0 ? 300_000 : undefined,
        rangePieceBytes: 300_000,
      });
      await withOutDir(async (outDir) => {
        const ran = await runIn(outDir, {
          tasks: [{ name: "big", fetch: server.url(), save: "big.bin", retries: 1 }],
        });
        const [big] = ran.report.tasks;
        assertEquals([big.outcome, big.error?.code], ["failed", "EARLY_EOF"]);
        assertStringIncludes(big.error!.message, `ends at byte 600000 of ${BODY.length}`);
        assertEquals(await savedFiles(outDir), []);
      });
    },
  );
  await t.step(
    "a 206 whose Content-Length says less than its range is not whole either",
    async () => {
      await using server = startRangeServer({
        body: BODY,
        cutAt: (i) => i === 0 ? 300_000 : undefined,
        // The range claims the rest; the body (its Content-Length) holds 300,000 bytes.
        rangePieceBytes: 300_000,
        contentRange: (first, total) => `bytes ${first}-${total - 1}/${total}`,
      });
      await withOutDir(async (outDir) => {
        const ran = await runIn(outDir, {
          tasks: [{ name: "big", fetch: server.url(), save: "big.bin", retries: 3 }],
        });
        assertEquals(ran.report.tasks[0].outcome, "done", ran.report.tasks[0].error?.message);
        assertEquals(await Deno.readFile(`${outDir}/big.bin`), BODY);
      });
    },
  );
});

Deno.test("a 206 whose Content-Range does not start where asked is refused, and the next attempt starts over", async (t) => {
  const wrong = [
    ["another start", (first: number, total: number) => `bytes ${first - 1}-${total - 1}/${total}`],
    ["unparsable", () => "bytes=oops"],
    ["missing", () => null],
  ] as const;
  for (const [label, contentRange] of wrong) {
    await t.step(label, async () => {
      await using server = startRangeServer({
        body: BODY,
        contentRange,
        cutAt: (i) => i === 0 ? 300_000 : undefined,
      });
      await withOutDir(async (outDir) => {
        const ran = await runIn(outDir, {
          tasks: [{ name: "big", fetch: server.url(), save: "big.bin", retries: 2 }],
        });
        assertEquals(ran.report.tasks[0].outcome, "done", ran.report.tasks[0].error?.message);
        assertEquals(server.log.map((entry) => entry.range), [null, "bytes=300000-", null]);
        assertEquals(await Deno.readFile(`${outDir}/big.bin`), BODY);
        assertEquals(await savedFiles(outDir), ["big.bin"]);
      });
    });
  }
  await t.step("out of retries: the fetch fails naming the URL, and nothing is left", async () => {
    await using server = startRangeServer({
      body: BODY,
      contentRange: (_first, total) => `bytes 0-${total - 1}/${total}`,
      cutAt: (i) => i === 0 ? 300_000 : undefined,
    });
    await withOutDir(async (outDir) => {
      const ran = await runIn(outDir, {
        tasks: [{ name: "big", fetch: server.url(), save: "big.bin", retries: 1 }],
      });
      const [big] = ran.report.tasks;
      assertEquals([big.outcome, big.error?.code], ["failed", "RESUME_REFUSED"]);
      assertStringIncludes(big.error!.message, server.url());
      assertStringIncludes(big.error!.message, "bytes=300000-");
      assertEquals(await savedFiles(outDir), []);
    });
  });
});

Deno.test("a Range the user set is never resumed: its 206 is saved as the body given", async () => {
  await using server = startRangeServer({
    body: BODY,
    cutAt: (i) => i === 0 ? 50_000 : undefined,
  });
  await withOutDir(async (outDir) => {
    const ran = await runIn(outDir, {
      tasks: [{
        name: "tail",
        fetch: { url: server.url(), headers: { Range: "bytes=100-" } },
        save: "tail.bin",
        retries: 1,
      }],
    });
    assertEquals(ran.report.tasks[0].outcome, "done", ran.report.tasks[0].error?.message);
    assertEquals(asked(server.log), [["bytes=100-", null, 206], ["bytes=100-", null, 206]]);
    assertEquals(await Deno.readFile(`${outDir}/tail.bin`), BODY.subarray(100));
    assertEquals(ran.records[0].resumedFrom, undefined);
  });
});

Deno.test("without resume: true, a fetch that runs out of retries leaves nothing half-written", async () => {
  await using server = startRangeServer({ body: BODY, cutAt: () => 300_000 });
  await withOutDir(async (outDir) => {
    const ran = await runIn(outDir, {
      tasks: [{ name: "big", fetch: server.url(), save: "big.bin", retries: 1 }],
    });
    assertEquals([ran.report.tasks[0].outcome, ran.report.tasks[0].error?.code], [
      "failed",
      "EARLY_EOF",
    ]);
    assertEquals(server.log.map((entry) => entry.range), [null, "bytes=300000-"]);
    assertEquals(await savedFiles(outDir), []);
  });
});

Deno.test("without resume: true, a run interrupted while a retry waits leaves nothing half-written", async () => {
  await using server = startRangeServer({ body: BODY, cutAt: () => 300_000 });
  await withOutDir(async (outDir) => {
    const interrupt = new AbortController();
    const report = await run(
      defineConfig({
        outDir,
        tasks: [{ name: "big", fetch: server.url(), save: "big.bin", retries: 2, backoff: "60s" }],
      }),
      {
        state: false,
        // The partial is kept and the retry queued as this event fires: interrupted right then.
        onEvent: (event) => event.type === "retry" && interrupt.abort(),
        signal: interrupt.signal,
      },
    );
    assertEquals(report.interrupted, true);
    assertEquals(server.log.map((entry) => entry.range), [null]);
    assertEquals(await savedFiles(outDir), []);
  });
});

Deno.test("with resume: true, a partial outlives a failed run and the next run asks only for the rest", async () => {
  let cut = true;
  await using server = startRangeServer({
    body: BODY,
    cutAt: (i) => cut && i === 0 ? 300_000 : undefined,
  });
  await withOutDir(async (outDir) => {
    const config = {
      defaults: { resume: true, sha256: true },
      tasks: [{ name: "big", fetch: server.url(), save: "isos/big.bin", retries: 0 }],
    };
    const first = await runIn(outDir, config);
    assertEquals(first.report.tasks[0].outcome, "failed");
    const partial = partialPathFor("isos/big.bin", server.url());
    assertEquals(await savedFiles(outDir), [partial, `${partial}.json`]);
    assertEquals((await Deno.stat(`${outDir}/${partial}`)).size, 300_000);
    cut = false;
    const second = await runIn(outDir, config);
    assertEquals(second.report.tasks[0].outcome, "done", second.report.tasks[0].error?.message);
    assertEquals(asked(server.log), [[null, null, 200], ["bytes=300000-", '"v1"', 206]]);
    assertEquals(await Deno.readFile(`${outDir}/isos/big.bin`), BODY);
    assertEquals(await savedFiles(outDir), ["isos/big.bin"]);
    assertEquals(second.records.at(-1)!.resumedFrom, 300_000);
    assertEquals(second.records.at(-1)!.sha256, await sha256Of(BODY));
  });
});

Deno.test("a partial a resume: true run kept goes, with its record, once a run without resume: true saves the file whole", async () => {
  let cut = true;
  await using server = startRangeServer({
    body: BODY,
    cutAt: (i) => cut && i === 0 ? 300_000 : undefined,
  });
  await withOutDir(async (outDir) => {
    const task = { name: "big", fetch: server.url(), save: "isos/big.bin", retries: 0 };
    const first = await runIn(outDir, { defaults: { resume: true }, tasks: [task] });
    assertEquals(first.report.tasks[0].outcome, "failed");
    const partial = partialPathFor("isos/big.bin", server.url());
    assertEquals(await savedFiles(outDir), [partial, `${partial}.json`]);
    cut = false;
    const second = await runIn(outDir, { tasks: [task] });
    assertEquals(second.report.tasks[0].outcome, "done", second.report.tasks[0].error?.message);
    assertEquals(await Deno.readFile(`${outDir}/isos/big.bin`), BODY);
    assertEquals(await savedFiles(outDir), ["isos/big.bin"]);
  });
});

Deno.test("with resume: true, a download whose URL is longer than 16 KiB resumes in the next run too", async () => {
  let cut = true;
  await using server = startRangeServer({
    body: BODY,
    cutAt: (i) => cut && i === 0 ? 300_000 : undefined,
  });
  // A signed URL with a long token: its record is longer than one small read.
  const url = server.url(`/file.bin?token=${"t".repeat(40_000)}`);
  await withOutDir(async (outDir) => {
    const config = {
      defaults: { resume: true },
      tasks: [{ name: "big", fetch: url, save: "big.bin", retries: 0 }],
    };
    assertEquals((await runIn(outDir, config)).report.tasks[0].outcome, "failed");
    cut = false;
    const second = await runIn(outDir, config);
    assertEquals(second.report.tasks[0].outcome, "done", second.report.tasks[0].error?.message);
    assertEquals(asked(server.log), [[null, null, 200], ["bytes=300000-", '"v1"', 206]]);
    assertEquals(await Deno.readFile(`${outDir}/big.bin`), BODY);
  });
});

Deno.test("with resume: true, a validator too long for a partial's record resumes within the run, and leaves no partial behind", async () => {
  // An ETag that with the URL passes the record's 1 MiB: its field line just within the 1 MiB a
  // line may have, once maxHeaderSize lets the head be that long (a URL is far shorter).
  const etag = `"${"v".repeat(1024 * 1024 - 20)}"`;
  await using server = startRangeServer({
    body: BODY,
    etag,
    cutAt: (i) => i === 0 || i === 2 ? 300_000 : undefined,
  });
  await withOutDir(async (outDir) => {
    const config = {
      defaults: { resume: true, maxHeaderSize: "4MiB" },
      tasks: [{ name: "big", fetch: server.url("/file.bin"), save: "big.bin", retries: 1 }],
    };
    const first = await runIn(outDir, config);
    assertEquals(first.report.tasks[0].outcome, "done", first.report.tasks[0].error?.message);
    assertEquals(asked(server.log), [[null, null, 200], ["bytes=300000-", etag, 206]]);
    assertEquals(await Deno.readFile(`${outDir}/big.bin`), BODY);
    await Deno.remove(`${outDir}/big.bin`);
    const second = await runIn(outDir, { ...config, tasks: [{ ...config.tasks[0], retries: 0 }] });
    assertEquals(second.report.tasks[0].outcome, "failed");
    assertEquals(await savedFiles(outDir), []);
  });
});

Deno.test("with resume: true, a partial of another URL or another version is not continued", async () => {
  await using server = startRangeServer({ body: BODY });
  await withOutDir(async (outDir) => {
    // A partial whose record names another URL: the whole body is asked for, the partial replaced.
    const partial = partialPathFor("big.bin", server.url());
    await Deno.writeFile(`${outDir}/${partial}`, BODY.subarray(0, 1000).map((b) => ~b));
    await Deno.writeTextFile(
      `${outDir}/${partial}.json`,
      JSON.stringify({ url: "http://127.0.0.1:1/other", validator: '"v1"' }),
    );
    const ran = await runIn(outDir, {
      defaults: { resume: true },
      tasks: [{ name: "big", fetch: server.url(), save: "big.bin" }],
    });
    assertEquals(ran.report.tasks[0].outcome, "done");
    assertEquals(server.log.map((entry) => entry.range), [null]);
    assertEquals(await Deno.readFile(`${outDir}/big.bin`), BODY);
    assertEquals(await savedFiles(outDir), ["big.bin"]);
  });
  await using changed = startRangeServer({ body: BODY, etag: '"v2"' });
  await withOutDir(async (outDir) => {
    // The file changed on the server: If-Range does not match, the server sends it whole (200).
    const partial = partialPathFor("big.bin", changed.url());
    await Deno.writeFile(`${outDir}/${partial}`, BODY.subarray(0, 1000).map((b) => ~b));
    await Deno.writeTextFile(
      `${outDir}/${partial}.json`,
      JSON.stringify({ url: changed.url(), validator: '"v1"' }),
    );
    const ran = await runIn(outDir, {
      defaults: { resume: true },
      tasks: [{ name: "big", fetch: changed.url(), save: "big.bin" }],
    });
    assertEquals(ran.report.tasks[0].outcome, "done");
    assertEquals(asked(changed.log), [["bytes=1000-", '"v1"', 200]]);
    assertEquals(await Deno.readFile(`${outDir}/big.bin`), BODY);
    assertEquals(await savedFiles(outDir), ["big.bin"]);
  });
});

Deno.test("with resume: true, a partial name planted as a link to outside is refused, and outside stays untouched", async () => {
  await using server = startRangeServer({ body: BODY });
  await withOutDir(async (outDir) => {
    const outside = await Deno.makeTempFile({ prefix: "corun-outside-" });
    try {
      await Deno.writeTextFile(outside, "precious");
      const partial = partialPathFor("big.bin", server.url());
      await Deno.symlink(outside, `${outDir}/${partial}`);
      await Deno.writeTextFile(
        `${outDir}/${partial}.json`,
        JSON.stringify({ url: server.url(), validator: '"v1"' }),
      );
      const ran = await runIn(outDir, {
        defaults: { resume: true },
        tasks: [{ name: "big", fetch: server.url(), save: "big.bin" }],
      });
      const [big] = ran.report.tasks;
      assertEquals([big.outcome, big.error?.code], ["failed", "PATH_ESCAPES_OUTDIR"]);
      assertEquals(server.log.map((entry) => entry.range), [null]); // the link was never read
      assertEquals(await Deno.readTextFile(outside), "precious");
    } finally {
      await Deno.remove(outside);
    }
  });
});

Deno.test("a {sha256} template resumes within a run (the name comes from the whole file's digest)", async () => {
  await using server = startRangeServer({
    body: BODY,
    cutAt: (i) => i === 0 ? 300_000 : undefined,
  });
  await withOutDir(async (outDir) => {
    const ran = await runIn(outDir, {
      tasks: [{ name: "big", fetch: server.url(), save: "{sha256}.bin", retries: 1 }],
    });
    assertEquals(ran.report.tasks[0].outcome, "done", ran.report.tasks[0].error?.message);
    assertEquals(server.log.map((entry) => entry.range), [null, "bytes=300000-"]);
    const name = `${await sha256Of(BODY)}.bin`;
    assertEquals(await savedFiles(outDir), [name]);
    assert((await Deno.readFile(`${outDir}/${name}`)).every((byte, i) => byte === BODY[i]));
  });
});

Deno.test("resume: true keeps the partial of an interrupted run, and the next run continues it", async () => {
  const body = bodyOf(4 * 1024 * 1024, 13);
  await using server = startRangeServer({
    body,
    slow: { pieceBytes: 64 * 1024, pauseMs: 20, requests: 1 },
  });
  await withOutDir(async (outDir) => {
    const config = defineConfig({
      outDir,
      defaults: { resume: true },
      tasks: [{ name: "big", fetch: server.url(), save: "big.bin" }],
    });
    const interrupt = new AbortController();
    const first = run(config, { state: false, signal: interrupt.signal });
    const name = partialPathFor("big.bin", server.url());
    const partial = `${outDir}/${name}`;
    await pollUntil(async () => await sizeOf(partial) > 0, "the first run to keep a partial");
    interrupt.abort();
    const report = await first;
    assertEquals(report.tasks[0].outcome, "cancelled");
    const kept = await sizeOf(partial);
    assert(kept > 0 && kept < body.length, `kept ${kept}`);
    assertEquals(await savedFiles(outDir), [name, `${name}.json`]);
    // Its task and its metadata line say what is kept, and for what: not only "cancelled".
    assertEquals(report.tasks[0].keptPartial, { path: name, bytes: kept });
    const [line] = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n");
    assertEquals(JSON.parse(line).error, {
      code: "CANCELLED",
      message: `Cancelled during the fetch of ${server.url()}: the run was interrupted; ` +
        `${kept} bytes are kept in ${name} for the next run to continue`,
    });
    const second = await run(config, { state: false });
    assertEquals(second.tasks[0].outcome, "done", second.tasks[0].error?.message);
    assertEquals(asked(server.log), [[null, null, 200], [`bytes=${kept}-`, '"v1"', 206]]);
    assertEquals(await Deno.readFile(`${outDir}/big.bin`), body);
    assertEquals(await savedFiles(outDir), ["big.bin"]);
    // `bytes` is the file's size and `resumedFrom` what was kept, in --json as in the line.
    const { bytes, resumedFrom } = second.tasks[0].fetch!;
    assertEquals({ bytes, resumedFrom }, { bytes: body.length, resumedFrom: kept });
    const lines = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n");
    const last = JSON.parse(lines.at(-1)!);
    assertEquals({ bytes: last.bytes, resumedFrom: last.resumedFrom }, { bytes, resumedFrom });
  });
});

Deno.test("resume: true survives a kill -9 mid-body: the next run fetches only the missing bytes", async () => {
  const body = bodyOf(4 * 1024 * 1024, 11);
  // The first response trickles (64 KiB every 20 ms), so the kill lands mid-body.
  await using server = startRangeServer({
    body,
    slow: { pieceBytes: 64 * 1024, pauseMs: 20, requests: 1 },
  });
  const dir = await Deno.makeTempDir({ prefix: "corun-resume-kill-" });
  try {
    const config = `${dir}/resume.yaml`;
    await Deno.writeTextFile(
      config,
      [
        "outDir: out",
        "defaults:",
        "  resume: true",
        "  sha256: true",
        "tasks:",
        "  - name: big",
        `    fetch: ${server.url()}`,
        "    save: isos/big.bin",
        "",
      ].join("\n"),
    );
    const partial = `${dir}/out/${partialPathFor("isos/big.bin", server.url())}`;
    // Killed once the partial holds some bytes (and long before the body could have ended).
    await killDenoWhen(
      ["run", ...PERMISSIONS, MOD, "run", config],
      { cwd: dir },
      async () => await sizeOf(partial) > 0,
    );
    const kept = await sizeOf(partial);
    assert(kept > 0 && kept < body.length, `kept ${kept} bytes`);
    assertEquals(server.log.length, 1);

    const second = await runDeno(["run", ...PERMISSIONS, MOD, "run", config], { cwd: dir });
    assertEquals(second.code, 0, second.stderr + second.stdout);
    assertEquals(await Deno.readFile(`${dir}/out/isos/big.bin`), body);
    // The server's log: the second run asked only for what the partial lacked.
    assertEquals(asked(server.log), [[null, null, 200], [`bytes=${kept}-`, '"v1"', 206]]);
    // Nothing half-written is left: neither the partial nor its record.
    assertEquals((await savedFiles(`${dir}/out`)).filter((name) => name.startsWith("isos/")), [
      "isos/big.bin",
    ]);
    const records = (await Deno.readTextFile(`${dir}/out/corun.jsonl`)).trim().split("\n")
      .map((line) => JSON.parse(line));
    assertEquals([records.at(-1).resumedFrom, records.at(-1).sha256], [kept, await sha256Of(body)]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const PERMISSIONS = ["--allow-read", "--allow-write", "--allow-net", "--allow-env"];
