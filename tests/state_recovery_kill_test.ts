// A run of the command line killed with SIGKILL mid-list never saves its state; the next run recovers
// it from the killed run's metadata lines and asks conditionally for what that run finished.
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { killDenoWhen, MOD, runDeno } from "./fixtures/run_deno.ts";
import { encodeResponse } from "./fixtures/route_server.ts";
import {
  type RecordedRequest,
  type Script,
  stall,
  startScriptedServer,
  write,
} from "./fixtures/scripted_server.ts";

const PERMISSIONS = ["--allow-read", "--allow-write", "--allow-net", "--allow-env"];
const LAST_MODIFIED = "Tue, 01 Dec 2026 10:00:00 GMT";

/** `/a` has an ETag, `/b` a Last-Modified, `/c` and `/d` both; `/c` never answers while `stalling`. */
function respond(stalling: () => boolean) {
  return (request: RecordedRequest): Script => {
    const name = request.path.slice(1);
    if (name === "c" && stalling()) return [stall()];
    const etag = name === "b" ? undefined : `"${name}-1"`;
    const headers: Record<string, string> = name === "a" ? {} : { "Last-Modified": LAST_MODIFIED };
    if (etag) headers.ETag = etag;
    const ifNoneMatch = request.headers.get("if-none-match");
    const unchanged = ifNoneMatch !== null
      ? ifNoneMatch === etag
      : request.headers.get("if-modified-since") === headers["Last-Modified"];
    return [write(encodeResponse(unchanged ? { status: 304, headers } : { headers, body: name }))];
  };
}

function conditionalsOf(request: RecordedRequest): [string, string | null, string | null] {
  return [
    request.path,
    request.headers.get("if-none-match"),
    request.headers.get("if-modified-since"),
  ];
}

async function linesOf(path: string): Promise<Record<string, unknown>[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch {
    return [];
  }
  // A line still being written does not count yet.
  return text.split("\n").slice(0, -1).map((line) => JSON.parse(line));
}

Deno.test("a run killed with SIGKILL: the next run recovers its state and asks conditionally for what it finished", async () => {
  let stalling = true;
  await using server = startScriptedServer({ respond: respond(() => stalling) });
  const dir = await Deno.makeTempDir({ prefix: "corun-recovery-kill-" });
  try {
    const config = `${dir}/list.yaml`;
    await Deno.writeTextFile(
      `${dir}/urls.txt`,
      ["a", "b", "c", "d"].map((name) => `${server.url(`/${name}`)}\tfiles/${name}.txt\n`).join(""),
    );
    await Deno.writeTextFile(
      config,
      [
        "outDir: out",
        "concurrency: 1",
        "tasks:",
        "  - name: files",
        "    fetch: { urls: urls.txt }",
      ]
        .join("\n") + "\n",
    );
    const args = ["run", ...PERMISSIONS, MOD, "run", config];
    const log = `${dir}/out/corun.jsonl`;
    // Killed once a and b are done and in the metadata, while c hangs (d never starts).
    await killDenoWhen(
      args,
      { cwd: dir },
      async () =>
        server.requests.some((request) => request.path === "/c") &&
        (await linesOf(log)).length === 2,
    );
    assertEquals(
      await Deno.stat(`${dir}/out/.corun-state.json`).then(() => true, () => false),
      false,
      "the killed run saved no state",
    );
    const killedRunId = (await linesOf(log))[0].runId;

    stalling = false;
    const before = server.requests.length;
    const { code, stderr } = await runDeno(args, { cwd: dir });
    assertEquals(code, 0, stderr);
    assertEquals(server.requests.slice(before).map(conditionalsOf), [
      ["/a", '"a-1"', null],
      ["/b", null, LAST_MODIFIED],
      ["/c", null, null],
      ["/d", null, null],
    ]);
    const lines = await linesOf(log);
    assertEquals(lines.map((line) => [line.url, line.status, line.unchanged ?? false]), [
      [server.url("/a"), 304, true],
      [server.url("/b"), 304, true],
      [server.url("/c"), 200, false],
      [server.url("/d"), 200, false],
    ]);
    assert(
      stderr.includes(
        `Recovered the state of run ${killedRunId} from its metadata "${dir}/out/corun.jsonl" (2 fetches): it ended without saving it`,
      ),
      stderr,
    );
    assertEquals(await Deno.readTextFile(`${dir}/out/files/a.txt`), "a");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
