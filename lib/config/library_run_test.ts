import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertRejects,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { CookieFileError, sleepTask, task } from "../../mod.ts";
import { stall, startScriptedServer } from "../../tests/fixtures/scripted_server.ts";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { run } from "./library_run.ts";
import { validateConfig } from "./load.ts";

async function withOutDir<T>(body: (outDir: string) => Promise<T>): Promise<T> {
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-run-test-" });
  try {
    return await body(outDir);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

Deno.test("run() takes a validated spec left with no tasks as a spec, and runs nothing", async () => {
  await withOutDir(async (outDir) => {
    const spec = validateConfig({ tasks: [{ sleep: "1s" }], outDir }, "inline");
    const report = await run({ ...spec, tasks: [] }, { virtualTime: true });
    assertEquals(report.counts, { done: 0, failed: 0, cancelled: 0, skipped: 0 });
  });
});

Deno.test("run() takes a copy of a validated spec as a spec", async () => {
  await withOutDir(async (outDir) => {
    const spec = validateConfig({ tasks: [{ name: "nap", sleep: "1s" }] }, "inline");
    const report = await run({ ...spec, outDir }, { virtualTime: true });
    assertEquals(report.counts.done, 1);
  });
});

Deno.test("run() validates a config whose defaults set timeouts by phase", async () => {
  const error = await assertRejects(
    () => run({ tasks: [{ sleep: "1s" }], defaults: { timeout: { connect: "soon" } } }),
    ConfigError,
  );
  assertEquals(error.issues.length, 1);
});

Deno.test("run() of null or a number fails with a ConfigError asking for a config object", async (t) => {
  for (const config of [null, 42]) {
    await t.step(String(config), async () => {
      // deno-lint-ignore no-explicit-any
      const error = await assertRejects(() => run(config as any));
      assertInstanceOf(error, ConfigError);
      assertEquals(error.issues.length, 1);
      assertEquals(error.issues[0].message.startsWith("expected a config object"), true);
    });
  }
});

Deno.test("run() with a cookies: file that is not a jar rejects, running nothing: a ConfigError at cookies, or mod.ts's CookieFileError once validated", async () => {
  await withOutDir(async (outDir) => {
    const jar = `${outDir}/jar.json`;
    const config = { outDir, cookies: jar, tasks: [{ name: "nap", sleep: "1s" }] };
    const spec = validateConfig(config, "tasks.yaml");
    await Deno.writeTextFile(jar, "this is not a cookie jar\n");
    const ran: string[] = [];
    const options = {
      virtualTime: true,
      onEvent: (event: { type: string }) => ran.push(event.type),
    };
    const refused = await assertRejects(() => run(config, options), ConfigError);
    assertEquals(refused.issues.map((issue: ConfigIssue) => [issue.path, issue.message]), [
      [
        "cookies",
        `cannot use the cookie jar "${jar}": line 1: not a cookie jar (not a JSON object)`,
      ],
    ]);
    // A spec validated before the jar went bad meets it when the run starts.
    const error = await assertRejects(() => run(spec, options), CookieFileError);
    assertEquals(error.path, jar);
    assertEquals(ran, []);
  });
});

Deno.test("run() refuses a spec copy whose tasks no longer name each other as validation left them, running nothing", async (t) => {
  const spec = validateConfig({
    tasks: [
      { name: "download", sleep: "1s" },
      { name: "unpack", sleep: "1s", after: ["download"] },
      { name: "tidy", sleep: "1s" },
    ],
  }, "inline");
  const refused = async (tasks: typeof spec.tasks) => {
    const ran: string[] = [];
    const options = {
      virtualTime: true,
      onEvent: (event: { type: string }) => ran.push(event.type),
    };
    const error = await assertRejects(() => run({ ...spec, tasks }, options), ConfigError);
    assertEquals(ran, []);
    return error.issues.map((issue: ConfigIssue) => `${issue.path}: ${issue.message}`);
  };
  await t.step("a task filtered out that another runs after", async () => {
    assertEquals(await refused(spec.tasks.filter((task) => task.name !== "download")), [
      'tasks[0].after[0]: unknown task "download"',
    ]);
  });
  await t.step("a task given twice", async () => {
    assertEquals(await refused([...spec.tasks, spec.tasks[2]]), [
      'tasks[3].name: duplicate task name "tidy" (tasks[2] has it too)',
    ]);
  });
  await t.step("tasks that run after each other", async () => {
    const [download, unpack, tidy] = spec.tasks;
    assertEquals(await refused([{ ...download, after: ["unpack"] }, unpack, tidy]), [
      "tasks[0].after[0]: dependency cycle download → unpack → download",
    ]);
  });
});

Deno.test("run() of a config URL that has not arrived when its signal aborts throws the abort, running nothing", async () => {
  const controller = new AbortController();
  await using server = startScriptedServer({
    respond: () => {
      controller.abort(); // Ctrl-C while the server holds the request unanswered
      return [stall()];
    },
  });
  const error = await assertRejects(
    () => run(server.url("/jobs.yaml"), { signal: controller.signal }),
    DOMException,
  );
  assertEquals(error.name, "AbortError");
});

Deno.test("run() leaves no guard behind once it settles: a drained event loop later is none of its business", async () => {
  const report = await run({ tasks: [{ name: "nap", sleep: "1s" }] }, { virtualTime: true });
  assertEquals(report.counts.done, 1);
  try {
    globalThis.dispatchEvent(new Event("beforeunload"));
    assertEquals(Deno.exitCode, 0);
  } finally {
    Deno.exitCode = 0;
  }
});

Deno.test("run() goes on past a promise a custom task rejected and nothing awaited, and a timer's throw: each is a warning of the run", async () => {
  const told: string[] = [];
  const report = await run({
    tasks: [
      sleepTask("nap", "50ms"),
      task("stray", function* (ctx) {
        Promise.reject(new Error("lost helper failed"));
        setTimeout(() => {
          throw new TypeError("timer threw");
        }, 0);
        yield* ctx.sleep(20);
      }),
    ],
  }, { onWarning: (message) => told.push(message) });
  assertEquals(report.counts.done, 2);
  assertEquals(told, report.warnings);
  assertEquals(report.warnings.length, 2, report.warnings.join("\n"));
  // Which the runtime reports first depends on the machine's load (the timer may come due before
  // the rejection is reported): each is looked for by what it says.
  const [rejection, uncaught] = ["An unhandled rejection", "An uncaught error"].map((start) =>
    report.warnings.find((warning) => warning.startsWith(start))
  );
  // This file is corun's own: no place in a config's code to name.
  assertEquals(
    rejection,
    "An unhandled rejection in this process while the run went (the config's code or the " +
      "program's own: corun cannot tell whose), kept from ending the process: lost helper failed",
  );
  assert(uncaught?.startsWith("An uncaught error in this process while the run went"), uncaught);
});
