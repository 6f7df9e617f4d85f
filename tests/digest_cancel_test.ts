/**
 * A fetch cancelled while its small body is hashed (by WebCrypto, on another thread: a wait, where
 * Node's hashing module answers at once) ends as any cancelled fetch: one CANCELLED metadata line,
 * and no file. A file of its own: the process must not have loaded the hashing module yet. The
 * digests are asked for (`sha256: true`; `{sha256}` asks by itself).
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, task, type TaskInput } from "../mod.ts";
import { isDigestLoaded } from "../lib/sinks/digest.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

/**
 * Holds every WebCrypto digest until the test lets it go (with a dummy digest: the cancelled fetch
 * never uses it); `started` resolves at the first one.
 */
function holdDigests() {
  const started = Promise.withResolvers<void>();
  const gate = Promise.withResolvers<void>();
  Object.defineProperty(crypto.subtle, "digest", {
    configurable: true,
    value: () => {
      started.resolve();
      return gate.promise.then(() => new ArrayBuffer(64));
    },
  });
  return {
    started: started.promise,
    [Symbol.dispose]() {
      gate.resolve();
      delete (crypto.subtle as unknown as Record<string, unknown>).digest; // the prototype's again
    },
  };
}

/** Runs `tasks`, interrupted once the first body's digest is under way; the metadata lines. */
async function interruptedWhileHashing(
  tasks: (url: string) => TaskInput[],
): Promise<{ outcomes: string[]; lines: Record<string, unknown>[]; files: string[] }> {
  assert(!isDigestLoaded(), "this file needs a process that hashes with WebCrypto");
  await using server = startRouteServer({ "/a": { body: "alpha" } });
  const outDir = await Deno.makeTempDir({ prefix: "corun-digest-cancel-" });
  try {
    using held = holdDigests();
    const controller = new AbortController();
    const running = run(defineConfig({ outDir, tasks: tasks(server.url("/a")) }), {
      state: false,
      signal: controller.signal,
    });
    await held.started;
    controller.abort();
    const report = await running;
    const text = await Deno.readTextFile(`${outDir}/corun.jsonl`).catch(() => "");
    return {
      outcomes: report.tasks.map((t) => t.outcome),
      lines: text.trim().split("\n").filter((line) => line).map((line) => JSON.parse(line)),
      files: [...Deno.readDirSync(outDir)].map((entry) => entry.name).sort(),
    };
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

function summary(line: Record<string, unknown>) {
  const error = line.error as { code: string; message: string } | undefined;
  return [line.status, line.savedPath, error?.code, error?.message.includes("interrupted")];
}

Deno.test("a ctx.fetch interrupted while its body is hashed is one CANCELLED metadata line", async () => {
  const ran = await interruptedWhileHashing((url) => [
    task("custom", function* (ctx) {
      yield* ctx.fetch(url, { sha256: true });
    }),
  ]);
  assertEquals(ran.outcomes, ["cancelled"]);
  assertEquals(ran.lines.map(summary), [[200, null, "CANCELLED", true]]);
});

for (const save of ["a.bin", "{sha256}.bin"]) {
  Deno.test(`a small body saved as ${save} interrupted while it is hashed leaves no file, one CANCELLED line`, async () => {
    const ran = await interruptedWhileHashing((url) => [
      fetchTask("fetch", url, { save, sha256: save === "a.bin" ? true : undefined }),
    ]);
    assertEquals(ran.outcomes, ["cancelled"]);
    assertEquals(ran.lines.map(summary), [[200, null, "CANCELLED", true]]);
    assertEquals(ran.files, ["corun.jsonl"]);
  });
}
