/**
 * `run`'s options are checked before anything is opened: an option of the wrong kind or one it does
 * not know is a TypeError naming it. A `signal` that was no AbortSignal failed with
 * "options.signal?.addEventListener is not a function" once the state file was read; an
 * `onEvent: "log"` ran the whole run with a warning on every event; a misspelt `onEvents` was told
 * nothing, silently.
 */
import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { createVirtualClock, defineConfig, run, type RunOptions, sleepTask, task } from "../mod.ts";

const OWN_FILES = 'option "ownFiles" expects a list of { path, role } (a path, not empty, and ' +
  "what the file is, as text)";
const CLOCK = 'option "clock" expects a clock (createSystemClock(), createVirtualClock())';

Deno.test("run() refuses options of the wrong kind, or unknown ones, naming them, and writes nothing", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-run-options-" });
  try {
    const config = defineConfig({ outDir, tasks: [sleepTask("nap", "1s")] });
    const cases: [unknown, string][] = [
      [
        { signal: { aborted: false } },
        'option "signal" expects an AbortSignal, got a value of type object',
      ],
      [{ onEvent: "log" }, 'option "onEvent" expects a function, got "log"'],
      [{ onStart: 5 }, 'option "onStart" expects a function, got 5'],
      [{ outDir: 5 }, 'option "outDir" expects a path (text, not empty), got 5'],
      [{ state: true }, 'option "state" expects a path (text, not empty) or false, got true'],
      [{ virtualTime: "yes" }, 'option "virtualTime" expects true or false, got "yes"'],
      [
        { ownFiles: "a.txt" },
        'option "ownFiles" expects a list of { path, role } (a path, not empty, and what the file ' +
        'is, as text), got "a.txt"',
      ],
      // A wrong shape protected nothing, silently.
      [{ ownFiles: [{ path: 5, role: null }] }, `${OWN_FILES}, got the path 5 at [0]`],
      [{ ownFiles: [{ path: "a.log", role: "log" }, "b.log"] }, `${OWN_FILES}, got "b.log" at [1]`],
      [{ ownFiles: [{ path: "a.log" }] }, `${OWN_FILES}, got the role undefined at [0]`],
      // These failed deep in the run: "this.clock.now is not a function".
      [
        { clock: {} },
        `${CLOCK}, whose kind is "system" or "virtual", got the kind undefined`,
      ],
      [
        { clock: { kind: "system", now: () => 0 } },
        `${CLOCK}: a system clock has the methods now, wallNow, got one without wallNow`,
      ],
      [
        { clock: { kind: "virtual", now: () => 0, wallNow: () => 0 } },
        `${CLOCK}: a virtual clock has the methods now, wallNow, advanceTo, got one without ` +
        "advanceTo",
      ],
      [{ onEvents: () => {} }, 'unknown option "onEvents" (did you mean "onEvent"?)'],
      // corun's own hooks (its worker's, its tests') are no option of the library's.
      [{ sinks: {} }, 'unknown option "sinks"'],
      [{ sharedFrontier: {} }, 'unknown option "sharedFrontier"'],
      [{ secretsNow: () => ({}) }, 'unknown option "secretsNow"'],
      [null, "expected options as an object, got null"],
    ];
    for (const [options, problem] of cases) {
      await assertRejects(
        () => run(config, options as RunOptions),
        TypeError,
        `Cannot run: ${problem}`,
      );
    }
    assertEquals([...Deno.readDirSync(outDir)], []);
    // An option given as undefined is one not given.
    const report = await run(config, { virtualTime: true, state: false, onEvent: undefined });
    assertEquals(report.tasks.map((t) => [t.name, t.outcome]), [["nap", "done"]]);
    // A clock and own files of the right shape are taken.
    const shaped = await run(config, {
      clock: createVirtualClock(),
      ownFiles: [{ path: `${outDir}/corun.log`, role: "the host's log file" }],
    });
    assertEquals(shaped.durationMs, 1000);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("run() refuses an empty outDir or state option, as the config and --out refuse an empty outDir: nothing is written in the working directory", async () => {
  const before = Deno.cwd();
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-run-options-" });
  const workDir = await Deno.makeTempDir({ prefix: "corun-library-run-options-cwd-" });
  try {
    Deno.chdir(workDir);
    const config = defineConfig({
      outDir,
      tasks: [task("writes", function* (ctx) {
        yield* ctx.write("x.txt", "x");
      })],
    });
    // `Deno.env.get("OUT") ?? ""`: the run went into the working directory, past the config's outDir.
    await assertRejects(
      () => run(config, { outDir: "" }),
      TypeError,
      'Cannot run: option "outDir" expects a path (text, not empty), got ""',
    );
    await assertRejects(
      () => run(config, { state: "" }),
      TypeError,
      'Cannot run: option "state" expects a path (text, not empty) or false, got ""',
    );
    assertEquals([...Deno.readDirSync(workDir)], []);
    assertEquals([...Deno.readDirSync(outDir)], []);
  } finally {
    Deno.chdir(before);
    await Deno.remove(outDir, { recursive: true });
    await Deno.remove(workDir, { recursive: true });
  }
});
