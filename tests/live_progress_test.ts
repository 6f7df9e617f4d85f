/**
 * What the live view's progress bars read (`LiveRun.progress()`) while a body arrives slowly from a
 * server on loopback: a compressed body counts the bytes sent against its Content-Length (not the
 * bytes they decode to), a Content-Length repeated by a proxy counts once, and a 206 that continues
 * bytes kept from an earlier attempt counts from the whole body's start against its Content-Range's
 * complete length.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, type LiveRun, run, type RunProgress, type TaskInput } from "../mod.ts";
import { bodyOf, startRangeServer } from "./fixtures/range_server.ts";
import { pause, startScriptedServer, type Step, write } from "./fixtures/scripted_server.ts";

async function gzip(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Text that gzip shrinks about tenfold, as a log or CSV export does. */
function exportText(lines: number): Uint8Array {
  const text = Array.from({ length: lines }, (_, index) => `row ${index},nightly,ok\n`).join("");
  return new TextEncoder().encode(text);
}

/**
 * Runs `task` until `ready` says its progress shows what the test looks at, then stops the run.
 *
 * @returns The run's progress at that moment.
 */
async function progressWhen(
  task: TaskInput,
  ready: (progress: RunProgress) => boolean,
): Promise<RunProgress> {
  const outDir = await Deno.makeTempDir({ prefix: "corun-live-progress-" });
  const stop = new AbortController();
  let live: LiveRun | undefined;
  const running = run(defineConfig({ outDir, metadata: false, tasks: [task] }), {
    state: false,
    signal: stop.signal,
    onStart: (started) => void (live = started),
  });
  try {
    for (let sample = 0; sample < 1000; sample++) {
      const progress = live?.progress();
      if (progress !== undefined && ready(progress)) return progress;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`the progress never got there: ${JSON.stringify(live?.progress())}`);
  } finally {
    stop.abort();
    await running;
    await Deno.remove(outDir, { recursive: true });
  }
}

/** `bytes` sent in pieces with a short pause after each: a body that takes a while to arrive. */
function slowly(bytes: Uint8Array, pieceBytes: number): Step[] {
  const steps: Step[] = [];
  for (let offset = 0; offset < bytes.length; offset += pieceBytes) {
    steps.push(write(bytes.subarray(offset, offset + pieceBytes)), pause(20));
  }
  return steps;
}

Deno.test("a gzip body's progress counts the bytes sent against its Content-Length, not the bytes they decode to", async () => {
  const encoded = await gzip(exportText(200_000)); // 4.1 MiB of text, ~0.5 MiB sent
  await using server = startScriptedServer({
    routes: {
      "/export.csv": [
        write(
          `HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${encoded.length}\r\n\r\n`,
        ),
        ...slowly(encoded, 32 * 1024),
      ],
    },
  });
  const progress = await progressWhen(
    { name: "export", fetch: server.url("/export.csv"), save: "export.csv", retries: 0 },
    // Mid-body, once the bytes decoded so far outnumber all those the server sends.
    ({ active, bytes }) => active.length === 1 && bytes > encoded.length,
  );
  const [fetch] = progress.active;
  assertEquals(fetch.totalBytes, encoded.length);
  assert(fetch.bytes > 0 && fetch.bytes < encoded.length, `${fetch.bytes} of ${encoded.length}`);
});

Deno.test("a body whose Content-Length a proxy repeats (two equal fields) shows its length, as it is framed by it", async () => {
  const body = bodyOf(512 * 1024, 9);
  await using server = startScriptedServer({
    routes: {
      "/file.bin": [
        write(
          `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\nContent-Length: ${body.length}\r\n\r\n`,
        ),
        ...slowly(body, 32 * 1024),
      ],
    },
  });
  const progress = await progressWhen(
    { name: "file", fetch: server.url("/file.bin"), save: "file.bin", retries: 0 },
    ({ active }) => active.length === 1 && active[0].bytes > 0,
  );
  const [fetch] = progress.active;
  assertEquals(fetch.totalBytes, body.length);
});

Deno.test("a download continued within the run keeps its progress: the whole file's bytes and length", async () => {
  const body = bodyOf(1024 * 1024, 5);
  // The first response breaks off at 300,000 bytes; the retry's 206 brings the rest, slowly.
  await using server = startRangeServer({
    body,
    cutAt: (index) => index === 0 ? 300_000 : undefined,
    slow: { pieceBytes: 64 * 1024, pauseMs: 20 },
  });
  const progress = await progressWhen(
    { name: "big", fetch: server.url(), save: "big.bin", retries: 1 },
    // The 206 is on its way: it has brought bytes of its own.
    ({ active, bytes }) => server.log.length === 2 && active.length === 1 && bytes > 300_000,
  );
  assertEquals(server.log.map((asked) => [asked.range, asked.status]), [
    [null, 200],
    ["bytes=300000-", 206],
  ]);
  const [fetch] = progress.active;
  // Both responses came in this run: the run received the file's bytes so far, the first's too.
  assertEquals([fetch.bytes, fetch.totalBytes], [progress.bytes, body.length]);
  // Kept from the first response: its speed counts only what this one brought.
  assertEquals(fetch.keptBytes, 300_000);
});
