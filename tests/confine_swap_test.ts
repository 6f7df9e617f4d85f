import { assert, assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run, type RunReport, task, type TaskInput } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

const FILES = 3000;

/**
 * Swaps `<outDir>/sub` for a symbolic link to `outside` and back, over and over, from another
 * process, until stopped. Stopping ends the loop after its current swap, so when `stop()` resolves
 * `sub` is a directory again and no `mv` or `ln` of the swapper is still running (a SIGKILL ends
 * only bash: its `mv` could still run while the test removes the folder, "Directory not empty").
 */
function startSwapper(outDir: string, outside: string): { stop(): Promise<void> } {
  // -T: never move a directory into another one; only a link is removed. Bash runs the TERM trap
  // once its running command has finished.
  const script = `cd "$1" || exit 1
stop=
trap 'stop=1' TERM
while [ -z "$stop" ]; do
  if mv -T sub sub.x 2>/dev/null; then
    ln -s "$2" sub 2>/dev/null
    if [ -L sub ]; then rm -f sub; fi
    mv -T sub.x sub 2>/dev/null
  fi
done`;
  const child = new Deno.Command("bash", {
    args: ["-c", script, "swapper", outDir, outside],
    stdout: "null",
    stderr: "null",
  }).spawn();
  let stopped: Promise<unknown> | undefined;
  return {
    async stop() {
      stopped ??= (child.kill("SIGTERM"), child.status);
      await stopped;
    },
  };
}

/** The files under `dir`, by name, found without following links (where the swaps left them). */
function filesUnder(dir: string, found = new Map<string, string[]>()): Map<string, string[]> {
  for (const entry of Deno.readDirSync(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) filesUnder(path, found);
    else if (entry.isFile) found.set(entry.name, [...found.get(entry.name) ?? [], path]);
  }
  return found;
}

/** Every task either saved its file truly inside `outDir` or failed refusing a link. */
function assertConfined(report: RunReport, outDir: string, outside: string) {
  assertEquals([...Deno.readDirSync(outside)], [], "nothing was written outside");
  const files = filesUnder(outDir);
  let done = 0;
  for (const result of report.tasks) {
    if (result.outcome === "done") {
      done++;
      const paths = files.get(`${result.name}.txt`) ?? [];
      assertEquals(paths.length, 1, `${result.name} is done but its file is not inside`);
    } else {
      assertEquals(result.outcome, "failed");
      assertMatch(result.error!.message, /through a symbolic link|was moved, removed or replaced/);
    }
  }
  assert(done > 0, "some files were written");
}

async function withSwappedRun(tasks: (outDir: string) => TaskInput[]) {
  const dir = await Deno.makeTempDir({ prefix: "corun-swap-" });
  const outDir = `${dir}/out`;
  const outside = `${dir}/outside`;
  await Deno.mkdir(`${outDir}/sub`, { recursive: true });
  await Deno.mkdir(outside);
  const swapper = startSwapper(outDir, outside);
  try {
    const report = await run(
      defineConfig({ outDir, metadata: false, concurrency: 32, tasks: tasks(outDir) }),
      { state: false },
    );
    await swapper.stop();
    assertConfined(report, outDir, outside);
  } finally {
    await swapper.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a directory swapped for a link to outside during a run of small fetched files gets nothing outside", async () => {
  await using server = startRouteServer({ "/small": { body: "small body\n" } });
  await withSwappedRun(() =>
    Array.from(
      { length: FILES },
      (_, i) => fetchTask(`f${i}`, server.url("/small"), { save: "sub/{name}.txt" }),
    )
  );
});

Deno.test("a directory swapped for a link to outside during a run of streamed ctx.write files gets nothing outside", async () => {
  await withSwappedRun(() =>
    Array.from({ length: FILES }, (_, i) =>
      task(`w${i}`, function* (ctx) {
        // Written through a temporary, committed by a later rename: both steps are checked.
        yield* ctx.write(`sub/w${i}.txt`, "written\n");
      }))
  );
});
