// A list is read as the frontier drains, not ahead of it: while no fetch can end, the run stops
// reading the list once the frontier is full, so a list of millions of URLs never lives in memory
// whole. How far the run has read the file is its file descriptor's offset (Linux's fdinfo).
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { pollUntil } from "./fixtures/poll.ts";

const LINES = 20_000;
/** The frontier's capacity of queued fetches. */
const CAPACITY = 10_000;
/** Fetches in flight: taken from the frontier, so not in its capacity. */
const CONCURRENCY = 8;
/** One read of the list reader. */
const CHUNK_BYTES = 64 * 1024;

/**
 * How far this process has read `path` (the offset of the descriptor open on it), or undefined when
 * none is open. Read by a child, since Deno asks for every permission to read `/proc/self`.
 */
function offsetIn(path: string): number | undefined {
  const text = (args: string[]) =>
    new TextDecoder().decode(
      new Deno.Command(args[0], { args: args.slice(1) }).outputSync().stdout,
    );
  const line = text(["ls", "-l", `/proc/${Deno.pid}/fd`]).split("\n")
    .find((entry) => entry.endsWith(` -> ${path}`));
  if (line === undefined) return undefined;
  const fd = line.split(" -> ")[0].trim().split(/\s+/).at(-1)!;
  const pos = /^pos:\s+(\d+)/m.exec(text(["cat", `/proc/${Deno.pid}/fdinfo/${fd}`]));
  return pos === null ? undefined : Number(pos[1]);
}

Deno.test("a list is read only as far as the frontier takes it while no fetch ends", {
  ignore: Deno.build.os !== "linux",
}, async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-list-drained-" });
  const release = Promise.withResolvers<void>();
  let requests = 0;
  // Answers nothing until the test has seen how far the list was read.
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async () => {
    requests++;
    await release.promise;
    return new Response("ok");
  });
  try {
    const list = `${dir}/urls.txt`;
    const base = `http://127.0.0.1:${server.addr.port}`;
    const lines = Array.from(
      { length: LINES },
      (_, i) => `${base}/item/${String(i).padStart(5, "0")}`,
    );
    await Deno.writeTextFile(list, lines.join("\n") + "\n");
    const lineBytes = lines[0].length + 1;
    const running = run(
      defineConfig({
        outDir: `${dir}/out`,
        metadata: false,
        concurrency: CONCURRENCY,
        perHost: CONCURRENCY,
        tasks: [fetchTask("big", { urls: list })],
      }),
      { state: false },
    );
    let ended = false;
    running.then(() => ended = true, () => ended = true);
    // Wait until the first request is held and the offset stands still: the run reads no more.
    let offset: number | undefined = -1;
    let still = 0;
    await pollUntil(
      () => {
        const now = offsetIn(list);
        still = requests > 0 && now === offset ? still + 1 : 0;
        offset = now;
        return still >= 5 || ended;
      },
      "a request held and the list's offset standing still",
      100,
    );
    release.resolve();
    const report = await running;
    assertEquals(report.tasks[0].items, {
      total: LINES,
      done: LINES,
      failed: 0,
      cancelled: 0,
      skipped: 0,
    });
    assertEquals(requests, LINES);
    // Read so far: the fetches held, the frontier's capacity, the batch of 1,024 lines being put,
    // and the reads whose lines wait to be put. Without its descriptor, the file was read to its end and closed.
    const read = offset ?? Infinity;
    const most = (CONCURRENCY + CAPACITY + 1_024) * lineBytes + 2 * CHUNK_BYTES;
    assert(read <= most, `${read} bytes of the list were read while no fetch could end`);
    assert(read > CAPACITY * lineBytes, `only ${read} bytes read: the frontier never filled`);
  } finally {
    release.resolve();
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
