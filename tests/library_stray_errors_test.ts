/**
 * While a library `run()` is pending, its catch of unhandled rejections and uncaught errors is the
 * process's: it takes the host program's own too. It said each came from "the config's code", and a
 * host that gave no `onWarning` never heard of its own crash-worthy bug. Now the warning says corun
 * cannot tell whose code it was, a run with no listener says it on stderr too, and a host that
 * handles its own errors (a listener added before the run's) keeps them.
 */
import { assert, assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { run, sleepTask, task } from "../mod.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const inTempDir = withTempDir("corun-library-stray-");

const REJECTION = "An unhandled rejection in this process while the run went (the config's code " +
  "or the program's own: corun cannot tell whose), kept from ending the process: ";
const THROW = "An uncaught error in this process while the run went (from a timer or callback, " +
  "the config's code or the program's own: corun cannot tell whose), kept from ending the process: ";

/** `text` as a regular expression matches it, literally. */
function literally(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

Deno.test("run() says a host's own unhandled rejection and timer throw as errors of the process, not of the config's code, naming where they were", async () => {
  const told: string[] = [];
  // The host's own code, outside any task of the run.
  const hostBugs = setTimeout(() => {
    Promise.reject(new Error("host's own bug"));
    setTimeout(() => {
      throw new TypeError("host timer threw");
    }, 0);
  }, 0);
  try {
    const report = await run({
      tasks: [
        sleepTask("nap", "100ms"),
        task("stray", function* (ctx) {
          Promise.reject(new Error("lost helper failed"));
          yield* ctx.sleep(20);
        }),
      ],
    }, { onWarning: (message) => told.push(message) });
    assertEquals(report.counts.done, 2);
    assertEquals(told, report.warnings);
    const sorted = [...report.warnings].sort();
    assertEquals(sorted.length, 3, report.warnings.join("\n"));
    assertMatch(
      sorted[0],
      new RegExp(
        `^${
          literally(THROW)
        }TypeError: host timer threw \\(at .*library_stray_errors_test\\.ts:\\d+:\\d+\\)$`,
      ),
    );
    assertMatch(
      sorted[1],
      new RegExp(
        `^${
          literally(REJECTION)
        }Error: host's own bug \\(at .*library_stray_errors_test\\.ts:\\d+:\\d+\\)$`,
      ),
    );
    assertMatch(
      sorted[2],
      new RegExp(
        `^${
          literally(REJECTION)
        }Error: lost helper failed \\(at .*library_stray_errors_test\\.ts:\\d+:\\d+\\)$`,
      ),
    );
  } finally {
    clearTimeout(hostBugs);
  }
});

Deno.test("a run with no listener says a caught error on stderr too, and the host goes on", async () => {
  await inTempDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/host.ts`,
      `import { run, sleepTask } from ${JSON.stringify(MOD)};
setTimeout(() => { Promise.reject(new Error("host's own bug")); }, 0);
const report = await run({ tasks: [sleepTask("nap", "200ms")] });
console.log(JSON.stringify({ warnings: report.warnings.length, done: report.counts.done }));
`,
    );
    const ran = await runDeno(["run", "--no-prompt", "--allow-read", "host.ts"], { cwd: dir });
    assertEquals(ran.code, 0, ran.stderr);
    assertEquals(JSON.parse(ran.stdout), { warnings: 1, done: 1 });
    assertMatch(
      ran.stderr,
      new RegExp(
        `^corun: ${literally(REJECTION)}Error: host's own bug \\(at .*host\\.ts:2:\\d+\\)$`,
        "m",
      ),
    );
  });
});

Deno.test("a host's listener added before run() that handles an error keeps it: the run says nothing of it", async () => {
  const kept: unknown[] = [];
  const own = (event: PromiseRejectionEvent) => {
    event.preventDefault();
    kept.push(event.reason);
  };
  globalThis.addEventListener("unhandledrejection", own);
  try {
    const hostBug = setTimeout(() => void Promise.reject(new Error("host's own bug")), 0);
    const report = await run({ tasks: [sleepTask("nap", "50ms")] });
    clearTimeout(hostBug);
    assertEquals(report.warnings, []);
    assertEquals(kept.length, 1);
    assert(kept[0] instanceof Error && kept[0].message === "host's own bug");
  } finally {
    globalThis.removeEventListener("unhandledrejection", own);
  }
});
