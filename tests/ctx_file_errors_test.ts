/**
 * `ctx.write` and `ctx.append` that the file system fails (a full disk, injected through the run's
 * output directory) or Deno refuses (no `--allow-write`), or whose path corun refuses: the task's
 * error names the call, the path and the task, keeps the system's code and error, and says a
 * refusal in corun's words.
 */
import { assertEquals, assertInstanceOf } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfinementError, defineConfig, run, task } from "../mod.ts";
import { runWithHooks } from "../lib/config/mod.ts";
import { patchedOutputDir } from "./fixtures/failing_disk.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const NO_SPACE = "No space left on device (os error 28)";

/** An output directory whose disk is full: every write of a temporary or an appended file fails. */
function fullDisk() {
  const noSpace = () => {
    throw Object.assign(new Error(NO_SPACE), { code: "ENOSPC" });
  };
  const FullDir = patchedOutputDir((dir) => {
    const createTempSync = dir.createTempSync.bind(dir);
    const openFileSync = dir.openFileSync.bind(dir);
    dir.createTempSync = (path, mode) => {
      const temp = createTempSync(path, mode);
      temp.file.writeSync = noSpace;
      return temp;
    };
    dir.openFileSync = (path, options) => {
      const file = openFileSync(path, options);
      if (options?.append) file.writeSync = noSpace;
      return file;
    };
  });
  return { outputDir: (path: string) => new FullDir(path) };
}

const withOutDir = withTempDir("corun-ctx-file-errors-");

Deno.test("ctx.write and ctx.append on a full disk fail their task naming the call, the path and the task, code ENOSPC", async () => {
  await withOutDir(async (outDir) => {
    const caught: unknown[] = [];
    const report = await runWithHooks(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          task("app", function* (ctx) {
            yield* ctx.append("logs/app.txt", "line\n");
          }),
          task("report", function* (ctx) {
            try {
              yield* ctx.write("report.json", "{}");
            } catch (error) {
              caught.push(error);
              throw error;
            }
          }),
        ],
      }),
      { state: false, sinks: fullDisk() },
    );
    assertEquals(report.tasks.map((task) => [task.name, task.outcome, task.error]), [
      ["app", "failed", {
        code: "ENOSPC",
        message: `Cannot ctx.append "logs/app.txt" for task "app": ${NO_SPACE}`,
      }],
      ["report", "failed", {
        code: "ENOSPC",
        message: `Cannot ctx.write "report.json" for task "report": ${NO_SPACE}`,
      }],
    ]);
    // The system's own error is kept, for code that looks at it.
    const [error] = caught;
    assertInstanceOf(error, Error);
    assertEquals(((error as Error).cause as Error).message, NO_SPACE);
  });
});

Deno.test("ctx.write and ctx.append without --allow-write say so in corun's words, with the flag to give", async () => {
  await withOutDir(async (temp) => {
    const dir = await Deno.realPath(temp); // as Deno names the path it refuses
    const script = `${dir}/job.ts`;
    await Deno.writeTextFile(
      script,
      `import { defineConfig, run, task } from ${JSON.stringify(MOD)};\n` +
        `const report = await run(defineConfig({ outDir: "${dir}/out", metadata: false, tasks: [\n` +
        `  task("w", function* (ctx) { yield* ctx.write("a.txt", "x"); }),\n` +
        `  task("a", function* (ctx) { yield* ctx.append("b.txt", "x"); }),\n` +
        `] }), { state: false });\n` +
        `console.log(JSON.stringify(report.tasks.map((task) => task.error?.message)));\n`,
    );
    const ran = await runDeno(["run", "--no-prompt", "--allow-read", script], { stdin: "" });
    const refusal = `corun may not write to "${dir}/out": start it with ` +
      `--allow-write=${dir}/out (or --allow-write)`;
    assertEquals(JSON.parse(ran.stdout), [
      `Cannot ctx.write "a.txt" for task "w": ${refusal} (at ${script}:3:42)`,
      `Cannot ctx.append "b.txt" for task "a": ${refusal} (at ${script}:4:42)`,
    ], ran.stderr);
  });
});

Deno.test("ctx.write and ctx.append refuse an absolute path, one leaving the output directory or an empty one with a ConfinementError naming the call, the path and the task", async () => {
  await withOutDir(async (temp) => {
    const outDir = `${temp}/out`;
    const caught: unknown[] = [];
    const attempt = (name: string, call: "write" | "append", path: string) =>
      task(name, function* (ctx) {
        try {
          yield* (call === "write" ? ctx.write(path, "x") : ctx.append(path, "x"));
        } catch (error) {
          caught.push(error);
          throw error;
        }
      });
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          attempt("up", "write", "../x.txt"),
          attempt("absolute", "append", `${temp}/x.txt`),
          attempt("empty", "write", ""),
        ],
      }),
      { state: false },
    );
    const leaves = `the path leaves the output directory ${JSON.stringify(outDir)}`;
    assertEquals(report.tasks.map((task) => [task.name, task.error]), [
      ["up", {
        code: "PATH_ESCAPES_OUTDIR",
        message: `Cannot ctx.write "../x.txt" for task "up": ${leaves}`,
      }],
      ["absolute", {
        code: "PATH_ESCAPES_OUTDIR",
        message: `Cannot ctx.append "${temp}/x.txt" for task "absolute": ${leaves}`,
      }],
      ["empty", {
        code: "PATH_INVALID",
        message: 'Cannot ctx.write "" for task "empty": the path is empty',
      }],
    ]);
    // Still the class a task catches, with the path as given.
    for (const error of caught) assertInstanceOf(error, ConfinementError);
    assertEquals(caught.map((error) => (error as ConfinementError).path), [
      "../x.txt",
      `${temp}/x.txt`,
      "",
    ]);
    // Nothing was written outside.
    assertEquals([...Deno.readDirSync(temp)].some((entry) => entry.name === "x.txt"), false);
  });
});
