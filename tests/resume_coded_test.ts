/**
 * Resuming a body with a `Content-Encoding`. A range counts the bytes of the representation, coding
 * included (RFC 9110 §8.4, §14.1): a coded body saved as sent (a `.tar.gz` under `gzip`, any body
 * with `decompress: false`) holds exactly those bytes, so it is continued, asking as its first
 * request did and taking only a 206 of the same coding, kept as sent; a body decoded from its coding
 * holds other bytes than the range counts, and starts over from byte 0.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { type ConfigInput, createVirtualClock, defineConfig, run, type RunReport } from "../mod.ts";
import { partialPathFor } from "../lib/sinks/partial_file.ts";
import { type AskedRange, bodyOf, startRangeServer } from "./fixtures/range_server.ts";
import { close, startScriptedServer, write } from "./fixtures/scripted_server.ts";
import { sha256Of } from "./fixtures/sha256.ts";
import { savedFiles, withTempDir } from "./fixtures/temp_dir.ts";

/** The bytes of a `.tar.gz` as its server stores and sends them (never decoded by corun). */
const ARCHIVE = bodyOf(1024 * 1024, 41);
const CUT = 300_000;

const withOutDir = withTempDir("corun-resume-coded-");

interface Ran {
  report: RunReport;
  records: Record<string, unknown>[];
  retries: string[];
}

async function runIn(outDir: string, config: Omit<ConfigInput, "outDir">): Promise<Ran> {
  const retries: string[] = [];
  const report = await run(defineConfig({ ...config, outDir }), {
    clock: createVirtualClock({ startWallMs: 1_700_000_000_000 }),
    state: false,
    onEvent: (event) => event.type === "retry" && retries.push(event.reason),
  });
  const text = await Deno.readTextFile(`${outDir}/corun.jsonl`).catch(() => "");
  const records = text.trim().split("\n").filter(Boolean).map((line) => JSON.parse(line));
  return { report, records, retries };
}

const asked = (log: AskedRange[]) =>
  log.map((entry) => [entry.range, entry.ifRange, entry.acceptEncoding, entry.status]);

/** The file's digest against the body's: a wrong splice shows without a megabyte diff. */
async function assertHolds(path: string, body: Uint8Array<ArrayBuffer>): Promise<void> {
  assertEquals(await sha256Of(await Deno.readFile(path)), await sha256Of(body));
}

Deno.test("a .tar.gz sent under Content-Encoding: gzip and saved as sent is continued where it broke off, asking as its first request did", async () => {
  await using server = startRangeServer({
    body: ARCHIVE,
    headers: { "Content-Encoding": "gzip" },
    cutAt: (i) => i === 0 ? CUT : undefined,
  });
  await withOutDir(async (outDir) => {
    const ran = await runIn(outDir, {
      tasks: [{ name: "tgz", fetch: server.url("/a.tar.gz"), save: "a.tar.gz", retries: 1 }],
    });
    assertEquals(ran.report.tasks[0].outcome, "done", ran.report.tasks[0].error?.message);
    // A compressed file's URL asks for no coding (identity); this server sends its own anyway.
    assertEquals(asked(server.log), [
      [null, null, "identity", 200],
      [`bytes=${CUT}-`, '"v1"', "identity", 206],
    ]);
    await assertHolds(`${outDir}/a.tar.gz`, ARCHIVE);
    assertEquals([ran.records[0].resumedFrom, ran.records[0].bytes], [CUT, ARCHIVE.length]);
  });
});

Deno.test("resume: true keeps a .tar.gz's coded bytes across runs with their coding, and the next run continues them", async () => {
  let cut = true;
  await using server = startRangeServer({
    body: ARCHIVE,
    headers: { "Content-Encoding": "gzip" },
    cutAt: (i) => cut && i === 0 ? CUT : undefined,
  });
  await withOutDir(async (outDir) => {
    const url = server.url("/a.tar.gz");
    const config = {
      defaults: { resume: true },
      tasks: [{ name: "tgz", fetch: url, save: "a.tar.gz", retries: 0 }],
    };
    assertEquals((await runIn(outDir, config)).report.tasks[0].outcome, "failed");
    const partial = partialPathFor("a.tar.gz", url);
    const record = JSON.parse(await Deno.readTextFile(`${outDir}/${partial}.json`));
    assertEquals([record.validator, record.encoding], ['"v1"', "gzip"]);
    cut = false;
    const second = await runIn(outDir, config);
    assertEquals(second.report.tasks[0].outcome, "done", second.report.tasks[0].error?.message);
    assertEquals(asked(server.log).at(-1), [`bytes=${CUT}-`, '"v1"', "identity", 206]);
    await assertHolds(`${outDir}/a.tar.gz`, ARCHIVE);
    assertEquals(await savedFiles(outDir), ["a.tar.gz"]);
  });
});

Deno.test("with decompress: false any coded body is saved as sent, and continued", async () => {
  await using server = startRangeServer({
    body: ARCHIVE,
    headers: { "Content-Encoding": "gzip" },
    cutAt: (i) => i === 0 ? CUT : undefined,
  });
  await withOutDir(async (outDir) => {
    const ran = await runIn(outDir, {
      tasks: [{ name: "gz", fetch: server.url(), save: "gz.bin", retries: 1, decompress: false }],
    });
    assertEquals(ran.report.tasks[0].outcome, "done", ran.report.tasks[0].error?.message);
    assertEquals(server.log.map((entry) => entry.range), [null, `bytes=${CUT}-`]);
    await assertHolds(`${outDir}/gz.bin`, ARCHIVE);
  });
});

Deno.test("a body decoded from its Content-Encoding that broke off starts over from byte 0, and says why", async () => {
  const json = new TextEncoder().encode(JSON.stringify({ noise: Array.from(ARCHIVE) }));
  const coded = new Uint8Array(
    await new Response(new Blob([json]).stream().pipeThrough(new CompressionStream("gzip")))
      .arrayBuffer(),
  );
  await using server = startRangeServer({
    body: coded,
    headers: { "Content-Encoding": "gzip" },
    cutAt: (i) => i === 0 ? Math.floor(coded.length / 2) : undefined,
  });
  await withOutDir(async (outDir) => {
    const ran = await runIn(outDir, {
      tasks: [{ name: "json", fetch: server.url("/data.json"), save: "data.json", retries: 1 }],
    });
    assertEquals(ran.report.tasks[0].outcome, "done", ran.report.tasks[0].error?.message);
    assertEquals(server.log.map((entry) => entry.range), [null, null]);
    assertEquals(await Deno.readFile(`${outDir}/data.json`), json);
    assertStringIncludes(
      ran.retries[0],
      'it starts over from byte 0, since it was decoded from its Content-Encoding "gzip", and a ' +
        "range counts the coded bytes",
    );
  });
});

Deno.test("a 206 not coded as the kept bytes are is refused, and the file fetched again from byte 0", async () => {
  const head = (status: string, lines: string) =>
    `HTTP/1.1 ${status}\r\nETag: "v1"\r\n${lines}Content-Length: `;
  const rest = ARCHIVE.subarray(CUT);
  await using server = startScriptedServer({
    routes: {
      "/a.tar.gz": [
        [
          write(`${head("200 OK", "Content-Encoding: gzip\r\n")}${ARCHIVE.length}\r\n\r\n`),
          write(ARCHIVE.subarray(0, CUT)),
          close(),
        ],
        [
          write(
            `${
              head(
                "206 Partial Content",
                `Content-Range: bytes ${CUT}-${ARCHIVE.length - 1}/${ARCHIVE.length}\r\n`,
              )
            }${rest.length}\r\n\r\n`,
          ),
          write(rest),
        ],
        [
          write(`${head("200 OK", "Content-Encoding: gzip\r\n")}${ARCHIVE.length}\r\n\r\n`),
          write(ARCHIVE),
        ],
      ],
    },
  });
  await withOutDir(async (outDir) => {
    const ran = await runIn(outDir, {
      tasks: [{ name: "tgz", fetch: server.url("/a.tar.gz"), save: "a.tar.gz", retries: 2 }],
    });
    assertEquals(ran.report.tasks[0].outcome, "done", ran.report.tasks[0].error?.message);
    assertEquals(server.requests.map((request) => request.headers.get("range")), [
      null,
      `bytes=${CUT}-`,
      null,
    ]);
    assertStringIncludes(
      ran.retries[1],
      'the 206 is not coded, and the kept bytes are of the Content-Encoding "gzip"',
    );
    await assertHolds(`${outDir}/a.tar.gz`, ARCHIVE);
  });
});

Deno.test("resume: true asks for no content coding, so a text file that broke off is continued in the next run; without it, gzip is asked for", async () => {
  const text = new TextEncoder().encode(JSON.stringify({ noise: Array.from(ARCHIVE) }));
  let cut = true;
  await using server = startRangeServer({
    body: text,
    cutAt: (i) => cut && i === 0 ? CUT : undefined,
  });
  await withOutDir(async (outDir) => {
    const url = server.url("/data.json");
    const task = { name: "json", fetch: url, save: "data.json", retries: 0 };
    const plain = await runIn(`${outDir}/plain`, { tasks: [task] });
    assertEquals(plain.report.tasks[0].outcome, "failed");
    assertEquals(asked(server.log), [[null, null, "gzip, deflate", 200]]);
    server.log.length = 0;

    const config = { defaults: { resume: true }, tasks: [task] };
    assertEquals((await runIn(outDir, config)).report.tasks[0].outcome, "failed");
    cut = false;
    const second = await runIn(outDir, config);
    assertEquals(second.report.tasks[0].outcome, "done", second.report.tasks[0].error?.message);
    assertEquals(asked(server.log), [
      [null, null, "identity", 200],
      [`bytes=${CUT}-`, '"v1"', "identity", 206],
    ]);
    await assertHolds(`${outDir}/data.json`, text);
    assertEquals(second.records.at(-1)!.resumedFrom, CUT);
  });
});

Deno.test("resume: true leaves a task's own Accept-Encoding as it is", async () => {
  await using server = startRangeServer({ body: ARCHIVE });
  await withOutDir(async (outDir) => {
    const ran = await runIn(outDir, {
      defaults: { resume: true },
      tasks: [{
        name: "own",
        fetch: { url: server.url("/data.json"), headers: { "Accept-Encoding": "gzip" } },
        save: "data.json",
      }],
    });
    assertEquals(ran.report.tasks[0].outcome, "done", ran.report.tasks[0].error?.message);
    assertEquals(asked(server.log), [[null, null, "gzip", 200]]);
  });
});

Deno.test("a request with its own Range asks for no content coding, so its 206 is the bytes asked for", async () => {
  const text = "Hello, corun! ".repeat(200);
  const gzip = new Uint8Array(
    await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream("gzip")))
      .arrayBuffer(),
  );
  const seen: (string | null)[] = [];
  await using server = startScriptedServer({
    respond(request) {
      const acceptEncoding = request.headers.get("accept-encoding");
      seen.push(acceptEncoding);
      // As an object store storing the file gzipped: the range counts the bytes it would send.
      const coded = /gzip/.test(acceptEncoding ?? "");
      const [, from, to] = /^bytes=(\d+)-(\d+)$/.exec(request.headers.get("range")!)!.map(Number);
      const whole = coded ? gzip : new TextEncoder().encode(text);
      const piece = whole.subarray(from, to + 1);
      return [
        write(
          `HTTP/1.1 206 Partial Content\r\n${coded ? "Content-Encoding: gzip\r\n" : ""}` +
            `Content-Range: bytes ${from}-${to}/${whole.length}\r\n` +
            `Content-Length: ${piece.length}\r\n\r\n`,
        ),
        write(piece),
      ];
    },
  });
  await withOutDir(async (outDir) => {
    const range = { Range: "bytes=0-29" };
    const ran = await runIn(outDir, {
      tasks: [
        { name: "own", fetch: { url: server.url("/hello.txt"), headers: range }, save: "own.txt" },
        {
          name: "asked",
          fetch: {
            url: server.url("/hello.txt"),
            headers: { ...range, "Accept-Encoding": "gzip" },
          },
          save: "asked.bin",
          decompress: false,
        },
      ],
    });
    for (const task of ran.report.tasks) assertEquals(task.outcome, "done", task.error?.message);
    assertEquals(await Deno.readTextFile(`${outDir}/own.txt`), text.slice(0, 30));
    // A task's own Accept-Encoding is sent as given: its 206 is a piece of the gzip, kept as sent.
    assertEquals(await Deno.readFile(`${outDir}/asked.bin`), gzip.subarray(0, 30));
    assertEquals(seen.toSorted(), ["gzip", "identity"]);
  });
});
