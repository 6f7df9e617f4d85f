/**
 * `resume: true` with two URLs whose paths end in the same segment (`/a/file.bin`, `/b/file.bin`)
 * saved under the names their servers give (`{filename}`): the partial is named before the response
 * (from the URL's last segment), and each URL keeps its own, so neither download continues the
 * other's bytes, within a run or across runs.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { createVirtualClock, defineConfig, run, type RunReport } from "../mod.ts";
import { bodyOf } from "./fixtures/range_server.ts";
import {
  close,
  type RecordedRequest,
  type Script,
  startScriptedServer,
  write,
} from "./fixtures/scripted_server.ts";
import { sha256Of } from "./fixtures/sha256.ts";
import { listFiles, withTempDir } from "./fixtures/temp_dir.ts";

const BODIES: Record<string, Uint8Array<ArrayBuffer>> = {
  "/a/file.bin": bodyOf(1024 * 1024, 31),
  "/b/file.bin": bodyOf(1024 * 1024, 37),
};
/** Where each URL's first 200 breaks off. */
const CUTS: Record<string, number> = { "/a/file.bin": 300_000, "/b/file.bin": 400_000 };

const withDir = withTempDir("corun-same-segment-");

/**
 * A 200 named `a.bin` or `b.bin` by its Content-Disposition, broken off at its cut while `cut` holds
 * its path; a Range gets a 206 of the rest.
 */
function answer(cut: Set<string>): (request: RecordedRequest) => Script {
  return (request) => {
    const body = BODIES[request.path];
    const range = /^bytes=(\d+)-$/.exec(request.headers.get("range") ?? "");
    if (range === null) {
      const name = `${request.path.split("/")[1]}.bin`;
      const head = `HTTP/1.1 200 OK\r\nETag: "v1"\r\n` +
        `Content-Disposition: attachment; filename="${name}"\r\n` +
        `Content-Length: ${body.length}\r\n\r\n`;
      return cut.delete(request.path)
        ? [write(head), write(body.subarray(0, CUTS[request.path])), close()]
        : [write(head), write(body)];
    }
    const first = Number(range[1]);
    const rest = body.subarray(first);
    return [
      write(
        `HTTP/1.1 206 Partial Content\r\nETag: "v1"\r\nContent-Range: bytes ${first}-${
          body.length - 1
        }/${body.length}\r\nContent-Length: ${rest.length}\r\n\r\n`,
      ),
      write(rest),
    ];
  };
}

function runBoth(dir: string, url: (path: string) => string, retries: [number, number]) {
  return run(
    defineConfig({
      outDir: dir,
      concurrency: 1,
      defaults: { resume: true },
      tasks: [
        { name: "a", fetch: url("/a/file.bin"), save: "dl/{filename}", retries: retries[0] },
        { name: "b", fetch: url("/b/file.bin"), save: "dl/{filename}", retries: retries[1] },
      ],
    }),
    { clock: createVirtualClock({ startWallMs: 1_700_000_000_000 }), state: false },
  );
}

const outcomes = (report: RunReport) => report.tasks.map((task) => [task.name, task.outcome]);
const asked = (requests: RecordedRequest[]) =>
  requests.map((request) => `${request.path} ${request.headers.get("range")}`);
/** The file's digest against the body's: a splice of two bodies shows without a megabyte diff. */
async function assertHolds(path: string, body: Uint8Array<ArrayBuffer>): Promise<void> {
  assertEquals(await sha256Of(await Deno.readFile(path)), await sha256Of(body));
}
const partialsIn = async (dir: string) =>
  (await listFiles(`${dir}/dl`)).filter((name) => name.endsWith(".corun-partial"));

Deno.test("resume: true: /a/file.bin continues its own bytes, not those /b/file.bin kept meanwhile under the same last segment", async () => {
  await using server = startScriptedServer({ respond: answer(new Set(Object.keys(BODIES))) });
  await withDir(async (dir) => {
    // a breaks off and waits for its retry; b breaks off too, for good, keeping its partial.
    const report = await runBoth(dir, (path) => server.url(path), [1, 0]);
    assertEquals(outcomes(report), [["a", "done"], ["b", "failed"]]);
    assertEquals(asked(server.requests), [
      "/a/file.bin null",
      "/b/file.bin null",
      "/a/file.bin bytes=300000-",
    ]);
    await assertHolds(`${dir}/dl/a.bin`, BODIES["/a/file.bin"]);
    // b's partial is still there, whole, for the next run.
    const [kept] = await partialsIn(dir);
    await assertHolds(`${dir}/dl/${kept}`, BODIES["/b/file.bin"].subarray(0, CUTS["/b/file.bin"]));
  });
});

Deno.test("resume: true: /a/file.bin and /b/file.bin keep a partial each across runs, and both continue", async () => {
  const cut = new Set(Object.keys(BODIES));
  await using server = startScriptedServer({ respond: answer(cut) });
  await withDir(async (dir) => {
    const first = await runBoth(dir, (path) => server.url(path), [0, 0]);
    assertEquals(outcomes(first), [["a", "failed"], ["b", "failed"]]);
    assertEquals((await partialsIn(dir)).length, 2);
    const before = server.requests.length;
    const second = await runBoth(dir, (path) => server.url(path), [0, 0]);
    assertEquals(outcomes(second), [["a", "done"], ["b", "done"]]);
    assertEquals(asked(server.requests.slice(before)), [
      "/a/file.bin bytes=300000-",
      "/b/file.bin bytes=400000-",
    ]);
    await assertHolds(`${dir}/dl/a.bin`, BODIES["/a/file.bin"]);
    await assertHolds(`${dir}/dl/b.bin`, BODIES["/b/file.bin"]);
    assertEquals(await listFiles(`${dir}/dl`), ["a.bin", "b.bin"]);
  });
});
