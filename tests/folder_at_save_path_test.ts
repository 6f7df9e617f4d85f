/**
 * A folder where a download is to be saved: met before the body is read (curl and wget fail as they
 * open the output), not after the whole body arrived; and a folder made there while the body comes
 * never costs a `resume: true` download its complete partial, which the next run finishes from.
 */
import { assert, assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run } from "../mod.ts";
import { bodyOf } from "./fixtures/range_server.ts";
import { stall, startScriptedServer, write } from "./fixtures/scripted_server.ts";
import { pollUntil } from "./fixtures/poll.ts";
import { listFiles, withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-folder-at-save-");

Deno.test("a folder at a streamed save's path fails the fetch before its body is read", async () => {
  // 10 MB promised, 64 KiB sent, then silence: a save that reads the body waits for the rest.
  await using server = startScriptedServer({
    routes: {
      "/big.bin": [
        write("HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n"),
        write(bodyOf(64 * 1024)),
        stall(),
      ],
    },
  });
  await withOutDir(async (outDir) => {
    Deno.mkdirSync(`${outDir}/big.bin`);
    Deno.writeTextFileSync(`${outDir}/big.bin/keep.txt`, "mine");
    // Made well before the run: a folder of the user's, not one the run wrote to.
    const past = new Date(Date.now() - 3_600_000);
    Deno.utimeSync(`${outDir}/big.bin`, past, past);
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        defaults: { retries: 0, timeout: { idle: "5s" } },
        tasks: [{ name: "big", fetch: server.url("/big.bin"), save: "big.bin" }],
      }),
      { state: false },
    );
    const [task] = report.tasks;
    assertEquals(task.outcome, "failed");
    assertEquals(
      task.error?.message,
      `Cannot save ${server.url("/big.bin")} as "big.bin": a folder is there; remove it or save ` +
        "under another name (its body was not read)",
    );
    assertEquals(task.error?.code, "EISDIR");
    // The folder is as it was, and nothing was left beside it.
    assertEquals(await listFiles(outDir), ["big.bin/keep.txt"]);
  });
});

/**
 * A file server with `ETag` and `Range` (a 416 for a range past the end), whose first full answer
 * runs `midway` once the client has written `half` of it to disk, before sending the rest.
 */
function serverWithMidway(
  body: Uint8Array<ArrayBuffer>,
  half: number,
  midway: () => Promise<void>,
) {
  const asked: (string | null)[] = [];
  let fullAnswers = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const range = request.headers.get("range");
    asked.push(range);
    const headers = { "ETag": '"v1"', "Content-Type": "application/octet-stream" };
    const from = /^bytes=(\d+)-$/.exec(range ?? "");
    if (from && request.headers.get("if-range") === '"v1"') {
      const first = Number(from[1]);
      if (first >= body.length) {
        return new Response(null, {
          status: 416,
          headers: { ...headers, "Content-Range": `bytes */${body.length}` },
        });
      }
      return new Response(body.subarray(first), {
        status: 206,
        headers: {
          ...headers,
          "Content-Range": `bytes ${first}-${body.length - 1}/${body.length}`,
        },
      });
    }
    if (fullAnswers++ > 0) return new Response(body, { headers });
    let step = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (step++ === 0) return controller.enqueue(body.subarray(0, half));
        await midway();
        controller.enqueue(body.subarray(half));
        controller.close();
      },
    });
    return new Response(stream, {
      headers: { ...headers, "Content-Length": String(body.length) },
    });
  });
  return {
    asked,
    url: `http://127.0.0.1:${server.addr.port}/mid.bin`,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

/** The size of the largest file below `dir`. */
async function largestFile(dir: string): Promise<number> {
  let largest = 0;
  for (const path of await listFiles(dir)) {
    largest = Math.max(largest, (await Deno.stat(`${dir}/${path}`)).size);
  }
  return largest;
}

Deno.test("resume: true keeps a whole partial when its rename fails (a folder made meanwhile); the next run finishes from it", async () => {
  const body = bodyOf(4 * 1024 * 1024, 7);
  const half = 2 * 1024 * 1024;
  await withOutDir(async (outDir) => {
    // The folder appears while the body comes: past the check before the body, at the rename.
    await using server = serverWithMidway(body, half, async () => {
      await pollUntil(async () => await largestFile(outDir) >= half / 2, "half the body on disk");
      Deno.mkdirSync(`${outDir}/mid.bin`);
    });
    const config = defineConfig({
      outDir,
      metadata: false,
      defaults: { retries: 0, resume: true },
      tasks: [{ name: "mid", fetch: server.url, save: "mid.bin" }],
    });
    const first = (await run(config, { state: false })).tasks[0];
    assertEquals(first.outcome, "failed");
    assertStringIncludes(first.error!.message, `Cannot save ${server.url} as "mid.bin": `);
    assertStringIncludes(
      first.error!.message,
      `the partial is kept whole (${body.length} bytes), and the next run finishes from it once ` +
        "the path is free",
    );
    Deno.removeSync(`${outDir}/mid.bin`);
    const second = (await run(config, { state: false })).tasks[0];
    assertEquals(second.outcome, "done", second.error?.message);
    assertEquals(await Deno.readFile(`${outDir}/mid.bin`), body);
    // The second run asked only for what came after the kept bytes: nothing was fetched again.
    assertEquals(server.asked, [null, `bytes=${body.length}-`]);
    assert((await listFiles(outDir)).every((path) => !path.includes(".part")));
  });
});
