/**
 * A narrowed `--allow-read` without the working directory: corun steps into each folder it writes to
 * and back, so every save would fail. `run` (and the library's `run()`) refuse it before anything
 * starts, naming the flag, as they refuse a missing `--allow-write`: no request is sent, no body
 * fetched for nothing. `check` warns of it.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { startRouteServer } from "./fixtures/route_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withDir = withTempDir("corun-working-dir-read-");
/** corun's sources, which the process reads to start. */
const SOURCES = MOD.replace(/mod\.ts$/, "");

/** The project: `cfg/f.yaml` saving into `out`, run from `cwd`; real paths, as Deno reports them. */
async function project(dir: string, url: string): Promise<string> {
  const real = await Deno.realPath(dir);
  await Deno.mkdir(`${real}/cfg`);
  await Deno.mkdir(`${real}/cwd`);
  await Deno.writeTextFile(
    `${real}/cfg/f.yaml`,
    `outDir: ../out\ntasks:\n  - fetch: ${url}\n    save: sub/a.txt\n`,
  );
  await Deno.writeTextFile(`${real}/cfg/nap.yaml`, "outDir: ../out\ntasks:\n  - sleep: 1ms\n");
  return real;
}

function corun(permissions: string[], args: string[], cwd: string) {
  return runDeno(["run", "--no-prompt", ...permissions, MOD, ...args], { cwd, stdin: "" });
}

Deno.test("run with a narrowed --allow-read without the working directory refuses before any request, naming the flag", async () => {
  await using server = startRouteServer({ "/a.txt": { body: "alpha\n" } });
  await withDir(async (dir) => {
    const real = await project(dir, server.url("/a.txt"));
    const cwd = `${real}/cwd`;
    const narrow = [
      `--allow-read=${real}/cfg,${real}/out,${SOURCES}`,
      `--allow-write=${real}/out`,
      "--allow-net=127.0.0.1",
    ];
    const refusal = `corun may not read the working directory "${cwd}" (it steps into each ` +
      `folder it writes to, and back): start it with --allow-read=${cwd} (or --allow-read)\n`;
    const run = await corun(narrow, ["run", `${real}/cfg/f.yaml`], cwd);
    assertEquals([run.code, run.stdout, run.stderr], [2, "", `${real}/cfg/f.yaml: ${refusal}`]);
    assertEquals(server.requests.length, 0, "nothing fetched");
    assertEquals([...Deno.readDirSync(real)].map((entry) => entry.name).sort(), ["cfg", "cwd"]);

    // A config that saves nothing still writes the run's history when it may write there.
    const nap = await corun(narrow, ["run", `${real}/cfg/nap.yaml`], cwd);
    assertEquals([nap.code, nap.stderr], [2, `${real}/cfg/nap.yaml: ${refusal}`]);

    // check warns of it, as of the other permissions run will need.
    const check = await corun(narrow, ["check", `${real}/cfg/f.yaml`], cwd);
    assertEquals([check.code, check.stdout], [0, "ok: 1 task\n"]);
    assertEquals(
      check.stderr,
      `warning: ${real}/cfg/f.yaml: this check may not read the working directory "${cwd}" (it ` +
        `steps into each folder it writes to, and back); corun run will need ` +
        `--allow-read=${cwd} (or --allow-read)\n`,
    );

    // The flag it names is enough.
    const granted = await corun(
      [`--allow-read=${real}/cfg,${real}/out,${SOURCES},${cwd}`, ...narrow.slice(1)],
      ["run", `${real}/cfg/f.yaml`, "--quiet"],
      cwd,
    );
    assertEquals([granted.code, granted.stdout, granted.stderr], [0, "", ""]);
    assertEquals(await Deno.readTextFile(`${real}/out/sub/a.txt`), "alpha\n");
  });
});

Deno.test("the library's run() refuses a narrowed --allow-read without the working directory too", async () => {
  await using server = startRouteServer({ "/a.txt": { body: "alpha\n" } });
  await withDir(async (dir) => {
    const real = await project(dir, server.url("/a.txt"));
    const cwd = `${real}/cwd`;
    const script = `${real}/cfg/script.ts`;
    await Deno.writeTextFile(
      script,
      `import { loadConfig, run } from ${JSON.stringify(MOD)};\n` +
        `try {\n  await run(await loadConfig(${JSON.stringify(`${real}/cfg/f.yaml`)}));\n` +
        `} catch (error) {\n  console.log(error.name + ": " + error.message);\n}\n`,
    );
    const ran = await runDeno([
      "run",
      "--no-prompt",
      `--allow-read=${real}/cfg,${real}/out,${SOURCES}`,
      `--allow-write=${real}/out`,
      "--allow-net=127.0.0.1",
      script,
    ], { cwd, stdin: "" });
    assertEquals([ran.code, ran.stderr], [0, ""]);
    assertEquals(
      ran.stdout,
      `NotCapable: ${real}/cfg/f.yaml: corun may not read the working directory "${cwd}" (it ` +
        `steps into each folder it writes to, and back): start it with --allow-read=${cwd} ` +
        "(or --allow-read)\n",
    );
    assertEquals(server.requests.length, 0);
  });
});

Deno.test("the working directory is not asked about when the run writes nothing", async () => {
  // No output directory may be written: the sleep's run records no history, and needs no read.
  await withDir(async (dir) => {
    const real = await project(dir, "http://127.0.0.1:9/");
    const ran = await corun(
      [`--allow-read=${real}/cfg,${SOURCES}`],
      ["run", `${real}/cfg/nap.yaml`, "--quiet"],
      `${real}/cwd`,
    );
    assertEquals([ran.code, ran.stdout, ran.stderr], [0, "", ""]);
  });
});
