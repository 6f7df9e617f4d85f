import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import type { RunReport } from "../tasks/mod.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import {
  createFakeWorld,
  emptyLiveRun,
  FAKE_NOW,
  runUntilInterrupted,
  scriptedRun,
} from "../../tests/fixtures/fake_host.ts";
import { main } from "./main.ts";
import { join } from "npm:deno-std@1.4.0/path/mod.js";

const CONFIG = validateConfig({
  tasks: [
    { name: "task-1", sleep: "3s" },
    { name: "task-2", sleep: "2s" },
    { name: "blog", fetch: "https://blog.example/", save: "blog.html", after: ["task-2"] },
    { name: "task-4", sleep: "1s" },
  ],
}, "tasks.yaml");
const configs = { "tasks.yaml": CONFIG };

Deno.test("run exits 0 and logs plain timestamped lines when every task is done", async () => {
  const world = createFakeWorld({ configs });
  assertEquals(await main(["run", "tasks.yaml"], world.host), EXIT_CODES.ok);
  const lines = world.stdout().split("\n");
  assertEquals(lines.slice(0, 2), [
    `${FAKE_NOW} task-1 start sleep 3s`,
    `${FAKE_NOW} task-1 done 3.00s`,
  ]);
  assertEquals(lines.at(-2), "4 tasks: 4 done in 3.00s");
  assertEquals(world.stderr(), "");
  assert(!world.stdout().includes("\x1b"), "plain mode writes no escape codes");
});

Deno.test("run exits 1 when a task fails, and prints the task's error", async () => {
  const world = createFakeWorld({
    configs,
    run: scriptedRun({
      blog: { outcome: "failed", message: "Cannot connect to blog.example:443" },
    }),
  });
  assertEquals(await main(["run", "tasks.yaml"], world.host), EXIT_CODES.taskFailed);
  assert(world.stdout().includes("blog failed 0.00s: Cannot connect to blog.example:443\n"));
  assert(world.stdout().endsWith("4 tasks: 3 done, 1 failed in 3.00s\n"));
});

Deno.test("run passes --virtual-time and --out to the runner, with an interrupt signal", async () => {
  const world = createFakeWorld({ configs });
  await main(["run", "tasks.yaml", "--virtual-time", "--out", "elsewhere"], world.host);
  const [{ config, options }] = world.runCalls;
  assertEquals(config, CONFIG);
  // A relative --out is the caller's, not the config's folder's (which the runner would use).
  assertEquals([options.virtualTime, options.outDir, options.dryRun], [
    true,
    join(Deno.cwd(), "elsewhere"),
    undefined,
  ]);
  assert(options.signal instanceof AbortSignal);
});

Deno.test("run under a task runner reads CONFIG, --out and --state from the caller's folder", async () => {
  const caller = join(Deno.cwd(), "configs");
  const world = createFakeWorld({
    configs: { [join(caller, "tasks.yaml")]: CONFIG },
    callerDir: caller,
  });
  const code = await main(["run", "tasks.yaml", "--out", "o", "--state", "s.json"], world.host);
  assertEquals(code, EXIT_CODES.ok, world.stderr());
  const [{ options }] = world.runCalls;
  assertEquals([options.outDir, options.state], [join(caller, "o"), join(caller, "s.json")]);
  // Absolute paths and URLs are left as they are.
  await main(["run", "file:///nowhere/x.yaml", "--out", "/abs/o"], world.host);
  assert(
    world.stderr().includes('Cannot load the config "file:///nowhere/x.yaml"'),
    world.stderr(),
  );
});

Deno.test("run --json prints only the report, as JSON, on stdout", async () => {
  const world = createFakeWorld({
    configs,
    terminal: true,
    run: scriptedRun({ "task-4": { outcome: "failed", message: "boom" } }),
  });
  assertEquals(await main(["run", "tasks.yaml", "--json"], world.host), EXIT_CODES.taskFailed);
  const report: RunReport = JSON.parse(world.stdout());
  assertEquals(report.counts, { done: 3, failed: 1, cancelled: 0, skipped: 0 });
  assertEquals(report.tasks.map((task) => task.name), ["task-1", "task-2", "blog", "task-4"]);
  assertEquals(report.tasks[3].error, { message: "boom" });
});

Deno.test("run --quiet prints nothing when every task is done", async () => {
  const world = createFakeWorld({ configs });
  assertEquals(await main(["run", "-q", "tasks.yaml"], world.host), EXIT_CODES.ok);
  assertEquals(world.stdout() + world.stderr(), "");
});

Deno.test("run draws a live view on a terminal and leaves no timer behind", async () => {
  const world = createFakeWorld({ configs, terminal: true });
  assertEquals(await main(["run", "tasks.yaml"], world.host), EXIT_CODES.ok);
  assert(
    world.stdout().includes("\r\x1b[K\x1b[B\x1b[J"),
    "the old frame is erased as it is redrawn",
  );
  assert(world.stdout().includes("4 tasks: 4 done in 3.00s\n"));
  assertEquals(world.tickers(), 0);
});

Deno.test("run writes plain lines on a terminal when NO_COLOR is set", async () => {
  const world = createFakeWorld({ configs, terminal: true, noColor: true });
  await main(["run", "tasks.yaml"], world.host);
  assert(world.stdout().startsWith(`${FAKE_NOW} task-1 start`));
  assert(!world.stdout().includes("\x1b"));
});

Deno.test("run writes plain lines on a terminal whose TERM is dumb", async () => {
  const world = createFakeWorld({ configs, terminal: true, term: "dumb" });
  await main(["run", "tasks.yaml"], world.host);
  assert(world.stdout().startsWith(`${FAKE_NOW} task-1 start`));
  assert(!world.stdout().includes("\x1b"));
});

Deno.test("run exits 130 when interrupted, after the runner cancelled every task", async () => {
  const { run, started } = runUntilInterrupted();
  const world = createFakeWorld({ configs, run });
  const exit = main(["run", "tasks.yaml"], world.host);
  await started;
  assertEquals(world.listening(), 1);
  world.interrupt();
  assertEquals(await exit, EXIT_CODES.interrupted);
  assertEquals(world.listening(), 0, "the signal listeners are removed");
  assert(world.stdout().endsWith("4 tasks: 4 cancelled in 1.20s (interrupted)\n"));
});

Deno.test("run exits 1 and says so when the runner itself throws", async () => {
  const world = createFakeWorld({
    configs,
    terminal: true,
    run: (_config, options) => {
      options?.onStart?.(emptyLiveRun());
      return Promise.reject(new Error("loop exploded"));
    },
  });
  assertEquals(await main(["run", "tasks.yaml"], world.host), EXIT_CODES.taskFailed);
  assertEquals(world.stderr(), `Cannot run "tasks.yaml": loop exploded\n`);
  assertEquals([world.tickers(), world.listening()], [0, 0]);
});

Deno.test("run says the causes of the error the runner throws, each on its line", async () => {
  const parse = new SyntaxError("Unexpected token 'x' in JSON at position 0");
  const world = createFakeWorld({
    configs,
    run: () =>
      Promise.reject(
        new Error('Cannot read the cookie jar "jar.txt": not valid JSON', { cause: parse }),
      ),
  });
  assertEquals(await main(["run", "tasks.yaml"], world.host), EXIT_CODES.taskFailed);
  assertEquals(
    world.stderr(),
    'Cannot run "tasks.yaml": Cannot read the cookie jar "jar.txt": not valid JSON\n' +
      "  caused by: SyntaxError: Unexpected token 'x' in JSON at position 0\n",
  );
});

Deno.test("run: a cause that names a URL with credentials is shown without them", async () => {
  const cause = new TypeError("Invalid URL: 'http://proxyuser:s3cret@proxy.internal:3128/%'");
  const world = createFakeWorld({
    configs,
    run: () => Promise.reject(new Error("Cannot open the proxy", { cause })),
  });
  assertEquals(await main(["run", "tasks.yaml"], world.host), EXIT_CODES.taskFailed);
  assertEquals(
    world.stderr(),
    'Cannot run "tasks.yaml": Cannot open the proxy\n' +
      "  caused by: TypeError: Invalid URL: 'http://***@proxy.internal:3128/%'\n",
  );
});

Deno.test("run: the run's warnings reach stderr in every mode, once each, and --json lists them", async (t) => {
  const warnings = [
    'Task "blog": TLS hostname verification is OFF (insecure: true) for https://blog.example/',
    'Cannot save the state file "out/.corun-state.json": No space left on device',
  ];
  const modes = [
    { label: "--json", args: ["--json"], terminal: false },
    { label: "--quiet", args: ["--quiet"], terminal: false },
    { label: "plain", args: [], terminal: false },
    { label: "live", args: [], terminal: true },
  ];
  for (const mode of modes) {
    await t.step(mode.label, async () => {
      const world = createFakeWorld({
        configs,
        terminal: mode.terminal,
        run: scriptedRun({}, warnings),
      });
      assertEquals(await main(["run", "tasks.yaml", ...mode.args], world.host), EXIT_CODES.ok);
      for (const warning of warnings) {
        assertEquals(world.stderr().split(`warning: ${warning}\n`).length - 1, 1, world.stderr());
        assert(!world.stdout().includes(warning), world.stdout());
      }
      if (mode.label === "--json") assertEquals(JSON.parse(world.stdout()).warnings, warnings);
      if (mode.label === "--quiet") assertEquals(world.stdout(), "");
    });
  }
});

Deno.test("run, schedule and worker listen for interrupts before loading: one during the load exits 130, saying so", async () => {
  for (const command of ["run", "schedule", "worker"]) {
    const world = createFakeWorld();
    let asked: () => void = () => {};
    const loadAsked = new Promise<void>((resolve) => asked = resolve);
    world.host.loadConfig = () => {
      asked();
      return new Promise(() => {}); // a config URL that never answers
    };
    const exit = main([command, "https://x.org/c.yaml"], world.host);
    await loadAsked;
    assertEquals(world.listening(), 1, command);
    world.interrupt();
    assertEquals(await exit, EXIT_CODES.interrupted, command);
    assertEquals(
      world.stderr(),
      'Interrupted while loading the config "https://x.org/c.yaml": not run\n',
      command,
    );
    assertEquals(world.listening(), 0, `${command}: the signal listeners are removed`);
  }
});
