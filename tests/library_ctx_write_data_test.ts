/**
 * `ctx.write` and `ctx.append` take text or a Uint8Array. Anything else (`page.json()` not
 * stringified, a number) fails the task with a TypeError naming the call, the path and the task,
 * and writes nothing; it used to leave an empty file and the task done.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run, task } from "../mod.ts";
import { testFilePlace } from "./fixtures/failure_place.ts";

/** Where the tasks below fail, as `testFilePlace` shows it. */
const FILE = "library_ctx_write_data_test.ts";

/** What a JavaScript user, or a TypeScript config run without a type check, can pass. */
const untyped = (data: unknown) => data as string;

Deno.test("ctx.write and ctx.append of data that is neither text nor bytes fail the task and write no file", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-ctx-write-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("object", function* (ctx) {
            yield* ctx.write("page.json", untyped({ hello: "corun" }));
          }),
          task("number", function* (ctx) {
            yield* ctx.append("count.txt", untyped(42));
          }),
          task("nothing", function* (ctx) {
            yield* ctx.write("nothing.txt", untyped(undefined));
          }),
          task("text", function* (ctx) {
            yield* ctx.write("text.txt", "corun");
            yield* ctx.append("bytes.bin", new Uint8Array([1, 2]));
          }),
        ],
      }),
      { state: false },
    );
    const refused = (call: string, path: string, name: string, got: string) =>
      `Cannot ctx.${call} "${path}" for task "${name}": expected the data as text or a ` +
      `Uint8Array, got ${got} (at ${FILE})`;
    assertEquals(
      report.tasks.map((t) => [t.name, t.outcome, testFilePlace(t.error?.message)]),
      [
        [
          "object",
          "failed",
          refused(
            "write",
            "page.json",
            "object",
            "a value of type object (JSON.stringify it to write JSON)",
          ),
        ],
        ["number", "failed", refused("append", "count.txt", "number", "a value of type number")],
        ["nothing", "failed", refused("write", "nothing.txt", "nothing", "undefined")],
        ["text", "done", undefined],
      ],
    );
    const files = [];
    for await (const entry of Deno.readDir(outDir)) files.push(entry.name);
    assertEquals(files.sort(), ["bytes.bin", "text.txt"]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("ctx.write and ctx.append of a name too long for a file system fail with NAME_TOO_LONG naming the task and the path, never a temporary file", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-ctx-write-" });
  try {
    const long = "x".repeat(300);
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("write", function* (ctx) {
            yield* ctx.write(long, "x");
          }),
          task("append", function* (ctx) {
            yield* ctx.append(`logs/${"é".repeat(128)}/today.log`, "x");
          }),
        ],
      }),
      { state: false },
    );
    const shown = `${"x".repeat(50)}…${"x".repeat(20)}`;
    assertEquals(
      report.tasks.map((t) => [t.name, t.outcome, t.error?.code, t.error?.message]),
      [
        [
          "write",
          "failed",
          "NAME_TOO_LONG",
          `Cannot ctx.write "${shown}" for task "write": it has the name "${shown}" of 300 ` +
          "bytes, more than the 255 a file name may have",
        ],
        [
          "append",
          "failed",
          "NAME_TOO_LONG",
          `Cannot ctx.append "logs/${"é".repeat(45)}…${"é".repeat(10)}/today.log" for task ` +
          `"append": it has the name "${"é".repeat(50)}…${"é".repeat(20)}" of 256 bytes, more ` +
          "than the 255 a file name may have",
        ],
      ],
    );
    const files = [];
    for await (const entry of Deno.readDir(outDir)) files.push(entry.name);
    assertEquals(files, []);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("ctx.write and ctx.append of a path with a lone surrogate fail naming it: two such paths were one U+FFFD file, written over", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-ctx-write-surrogate-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("high", function* (ctx) {
            yield* ctx.write("a\ud800.txt", "first");
          }),
          task("low", function* (ctx) {
            yield* ctx.append("a\udc00.txt", "second");
          }),
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((t) => testFilePlace(t.error?.message)), [
      'Cannot ctx.write "a\\ud800.txt" for task "high": it holds the lone surrogate U+D800, which ' +
      `is no character (the file system would write U+FFFD) (at ${FILE})`,
      'Cannot ctx.append "a\\udc00.txt" for task "low": it holds the lone surrogate U+DC00, which ' +
      `is no character (the file system would write U+FFFD) (at ${FILE})`,
    ]);
    assertEquals([...Deno.readDirSync(outDir)].filter((e) => e.name.startsWith("a")), []);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
