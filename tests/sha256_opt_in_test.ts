/**
 * A body's SHA-256 is computed for its metadata line only when `sha256: true` asks for it (issue
 * #12: the digest cost 38–55% on large downloads). By default each line's `sha256` is null and the
 * process hashes nothing: neither Node's hashing module is loaded nor WebCrypto asked. A digest
 * computed anyway (`{sha256}` in the save path, a sha256 checksum) is still recorded. A file of its
 * own: the process must not have loaded the hashing module yet.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run, task, type TaskInput } from "../mod.ts";
import { isDigestLoaded } from "../lib/sinks/digest.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { sha256Of } from "./fixtures/sha256.ts";

const SMALL = new TextEncoder().encode("a small page\n".repeat(77));
/** Streamed to a temporary (over the 256 KiB read whole): it would load the hashing module. */
const BIG = new Uint8Array(1024 * 1024).map((_, i) => (i * 13) % 251);
const CHUNKED = "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
const STATE = ".corun-state.json";

const ROUTES = {
  "/small": { headers: { ETag: '"s1"' }, body: SMALL },
  "/big": { headers: { ETag: '"b1"' }, body: BIG },
  "/chunked": { headers: { "Transfer-Encoding": "chunked" }, body: CHUNKED },
};

/** Runs `tasks` in a fresh output directory: the report, each line by task, the state's entries. */
async function runTasks(tasks: TaskInput[], defaults: { sha256?: boolean } = {}) {
  const outDir = await Deno.makeTempDir({ prefix: "corun-sha256-opt-in-" });
  try {
    const report = await run(defineConfig({ outDir, defaults, tasks }));
    const text = await Deno.readTextFile(`${outDir}/corun.jsonl`);
    const lines = text.trim().split("\n").map((line) => JSON.parse(line));
    // No state file when no save had a validator to keep.
    const stateText = await Deno.readTextFile(`${outDir}/${STATE}`).catch(() => '{"entries":{}}');
    const state = JSON.parse(stateText).entries;
    const files = new Map<string, Uint8Array>();
    for (const line of lines) {
      if (typeof line.savedPath === "string") {
        files.set(line.savedPath, await Deno.readFile(`${outDir}/${line.savedPath}`));
      }
    }
    return { report, lines, state, files };
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

/** Counts WebCrypto digests while it is in place. */
function countWebDigests() {
  const digest = crypto.subtle.digest;
  const counted = { calls: 0 };
  Object.defineProperty(crypto.subtle, "digest", {
    configurable: true,
    value: (...args: Parameters<SubtleCrypto["digest"]>) => {
      counted.calls++;
      return digest.apply(crypto.subtle, args);
    },
  });
  return {
    counted,
    [Symbol.dispose]() {
      delete (crypto.subtle as unknown as Record<string, unknown>).digest; // the prototype's again
    },
  };
}

Deno.test("a default run hashes no body: each line's sha256 is null, the files are whole, no hashing module is loaded", async () => {
  assert(!isDigestLoaded(), "this file needs a process that has not loaded the module");
  await using server = startRouteServer(ROUTES);
  using web = countWebDigests();
  const ran = await runTasks([
    { name: "small", fetch: server.url("/small"), save: "small.txt" },
    { name: "big", fetch: server.url("/big"), save: "big.bin" },
    { name: "unsaved", fetch: server.url("/chunked") },
    task("custom", function* (ctx) {
      yield* ctx.fetch(server.url("/small"));
    }),
  ]);
  assertEquals(ran.report.tasks.map((t) => t.outcome), ["done", "done", "done", "done"]);
  assertEquals(
    ran.lines.map((line) => [line.task, line.status, line.bytes, line.savedPath, line.sha256])
      .sort(),
    [
      ["big", 200, BIG.length, "big.bin", null],
      ["custom", 200, SMALL.length, null, null],
      ["small", 200, SMALL.length, "small.txt", null],
      ["unsaved", 200, 11, null, null],
    ],
  );
  // The field stays, null, as on a line of a fetch that saved nothing.
  assert(ran.lines.every((line) => Object.hasOwn(line, "sha256")));
  assertEquals(ran.files.get("small.txt"), SMALL);
  assertEquals(ran.files.get("big.bin"), BIG);
  assertEquals(ran.state[server.url("/big")].sha256, undefined);
  assertEquals(ran.state[server.url("/big")].savedPath, "big.bin");
  assertEquals(web.counted.calls, 0, "WebCrypto hashed a body");
  assert(!isDigestLoaded(), "a run that wants no digest loaded the hashing module");
});

Deno.test("sha256: true in defaults, on a task or in its fetch gives its lines, enqueued ones too, the body's SHA-256", async () => {
  await using server = startRouteServer(ROUTES);
  const small = await sha256Of(SMALL);
  const big = await sha256Of(BIG);
  const byDefaults = await runTasks([
    { name: "inherits", fetch: server.url("/big"), save: "big.bin" },
    { name: "declines", fetch: server.url("/small"), save: "small.txt", sha256: false },
  ], { sha256: true });
  assertEquals(
    byDefaults.lines.map((line) => [line.task, line.sha256]).sort(),
    [["declines", null], ["inherits", big]],
  );
  assertEquals(byDefaults.state[server.url("/big")].sha256, big);
  assertEquals(byDefaults.state[server.url("/small")].sha256, undefined);

  const byTask = await runTasks([
    {
      name: "task",
      fetch: server.url("/small"),
      save: "{path}.txt",
      sha256: true,
      // Its enqueued URL is one more fetch of the task, with its settings.
      *onResponse(response, ctx) {
        if (new URL(response.url).pathname === "/small") yield* ctx.enqueue("/big");
      },
    },
    { name: "fetch", fetch: { url: server.url("/chunked"), sha256: true } },
    { name: "neither", fetch: server.url("/chunked"), save: "chunked.txt" },
  ]);
  assertEquals(
    byTask.lines.map((line) => [line.task, line.url, line.sha256]).sort(),
    [
      ["fetch", server.url("/chunked"), await sha256Of(new TextEncoder().encode("hello world"))],
      ["neither", server.url("/chunked"), null],
      ["task", server.url("/big"), big],
      ["task", server.url("/small"), small],
    ],
  );
  assertEquals(byTask.files.get("big.txt"), BIG);
});

Deno.test("without sha256: true, a digest computed anyway is recorded: {sha256} in the path, a sha256 checksum", async () => {
  await using server = startRouteServer(ROUTES);
  const small = await sha256Of(SMALL);
  const big = await sha256Of(BIG);
  const ran = await runTasks([
    { name: "named", fetch: server.url("/big"), save: "{sha256}.bin" },
    {
      name: "checked",
      fetch: server.url("/small"),
      save: "small.txt",
      checksum: `sha256:${small}`,
    },
  ]);
  assertEquals(ran.report.tasks.map((t) => t.outcome), ["done", "done"]);
  assertEquals(
    ran.lines.map((line) => [line.task, line.savedPath, line.sha256, line.checksum]).sort(),
    [
      ["checked", "small.txt", small, { algorithm: "sha256", expected: small, actual: small }],
      ["named", `${big}.bin`, big, undefined],
    ],
  );
  assertEquals(ran.files.get(`${big}.bin`), BIG);
  assertEquals(ran.state[server.url("/big")].sha256, big);
  assertEquals(ran.state[server.url("/small")].sha256, small);
});
