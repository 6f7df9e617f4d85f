import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { createFakeWorld, FAKE_NOW, scriptedRun } from "../../tests/fixtures/fake_host.ts";
import { main } from "./main.ts";
import { withTempDir } from "../../tests/fixtures/temp_dir.ts";

/** A schedule takes its real lock in its output folder: one of its own, not the working directory's. */
const withOutDir = withTempDir("corun-std-stream-");

const CONFIG = validateConfig({
  tasks: [{ name: "nap", sleep: "3s" }, { name: "page", fetch: "https://x.example/", save: "a" }],
}, "tasks.yaml");
const BODY_ON_STDOUT = validateConfig({
  tasks: [{ name: "page", fetch: "https://x.example/", save: "-" }],
}, "body.yaml");
const SCHEDULED = validateConfig({
  schedule: { cron: "*/10 * * * *", timezone: "UTC" },
  tasks: [{ name: "nap", sleep: "1s" }],
}, "scheduled.yaml");
const SCHEDULED_BODY = validateConfig({
  schedule: { cron: "*/10 * * * *", timezone: "UTC" },
  tasks: [{ name: "page", fetch: "https://x.example/", save: "-" }],
}, "scheduled_body.yaml");
const configs = {
  "tasks.yaml": CONFIG,
  "body.yaml": BODY_ON_STDOUT,
  "scheduled.yaml": SCHEDULED,
  "scheduled_body.yaml": SCHEDULED_BODY,
};
const WARNING = "Cannot save the state file: No space left on device";

/** Runs the command line in the fake world; asserts no file named "-" was left in the folder. */
async function corun(args: string[], options: { terminal?: boolean } = {}) {
  const world = createFakeWorld({ configs, run: scriptedRun({}, [WARNING]), ...options });
  const code = await main(args, world.host);
  const dash = await Deno.lstat("-").then(() => true, () => false);
  if (dash) await Deno.remove("-", { recursive: true });
  assert(!dash, `${args.join(" ")} wrote a file named "-" in the working directory`);
  return { code, stdout: world.stdout(), stderr: world.stderr() };
}

Deno.test("run --trace - writes the trace to stdout and shows the run on stderr", async () => {
  const { code, stdout, stderr } = await corun(["run", "tasks.yaml", "--trace", "-"]);
  assertEquals(code, EXIT_CODES.ok);
  const trace = JSON.parse(stdout);
  assertEquals(trace.otherData.source, "tasks.yaml");
  assert(trace.traceEvents.some((event: { name: string }) => event.name === "nap"), stdout);
  assert(stderr.includes(`${FAKE_NOW} nap start sleep 3s\n`), stderr);
  assert(stderr.includes("2 tasks: 2 done"), stderr);
  assertEquals(stderr.split(`warning: ${WARNING}`).length - 1, 1, stderr);
});

Deno.test("run --trace - on a terminal shows plain lines on stderr, never a frame over the trace", async () => {
  const { stdout, stderr } = await corun(["run", "tasks.yaml", "--trace", "-"], { terminal: true });
  JSON.parse(stdout);
  assert(!stderr.includes("\x1b"), stderr);
  assert(stderr.includes(`${FAKE_NOW} nap done 3.00s\n`), stderr);
});

Deno.test("run --log - shows the plain lines on stdout, once, also on a terminal", async (t) => {
  for (const terminal of [false, true]) {
    await t.step(terminal ? "terminal" : "pipe", async () => {
      const { code, stdout, stderr } = await corun(["run", "tasks.yaml", "--log", "-"], {
        terminal,
      });
      assertEquals(code, EXIT_CODES.ok);
      assert(!stdout.includes("\x1b"), stdout);
      assertEquals(stdout.split(`${FAKE_NOW} nap start sleep 3s\n`).length - 1, 1, stdout);
      assertEquals(stdout.split("2 tasks: 2 done").length - 1, 1, stdout);
      assertEquals(stderr.split(`warning: ${WARNING}`).length - 1, 1, stderr);
    });
  }
});

Deno.test("run --log - under a task runner is still stdout, not a file in the caller's folder", async () => {
  const caller = await Deno.makeTempDir({ prefix: "corun-caller-" });
  try {
    const world = createFakeWorld({
      configs: { [`${caller}/tasks.yaml`]: CONFIG },
      callerDir: caller,
    });
    assertEquals(await main(["run", "tasks.yaml", "--log", "-"], world.host), EXIT_CODES.ok);
    assert(world.stdout().includes(`${FAKE_NOW} nap start sleep 3s\n`), world.stdout());
    assertEquals([...Deno.readDirSync(caller)], []);
  } finally {
    await Deno.remove(caller, { recursive: true });
  }
});

Deno.test('run --log - keeps a save: "-" body\'s stdout its own: the lines go to stderr', async () => {
  const { code, stdout, stderr } = await corun(["run", "body.yaml", "--log", "-"]);
  assertEquals(code, EXIT_CODES.ok);
  assertEquals(stdout, "", "the fake run writes no body: nothing else is there");
  assertEquals(stderr.split(`${FAKE_NOW} page start`).length - 1, 1, stderr);
  assertEquals(stderr.split(`warning: ${WARNING}`).length - 1, 1, stderr);
});

Deno.test("run --json --log - prints only the report on stdout and the log, once, on stderr", async () => {
  const { code, stdout, stderr } = await corun(["run", "tasks.yaml", "--json", "--log", "-"]);
  assertEquals(code, EXIT_CODES.ok);
  assertEquals(JSON.parse(stdout).warnings, [WARNING]);
  assert(stderr.includes(`${FAKE_NOW} nap start sleep 3s\n`), stderr);
  assertEquals(stderr.split(`warning: ${WARNING}`).length - 1, 1, stderr);
});

Deno.test("a - that cannot mean stdout is refused with exit 2, and nothing runs", async (t) => {
  const cases: [string[], string][] = [
    [
      ["run", "tasks.yaml", "--trace", "-", "--json"],
      "Cannot use --trace -: standard output holds the --json report; give the trace a file",
    ],
    [
      ["run", "body.yaml", "--trace", "-"],
      'Cannot use --trace -: standard output holds the body a task saves to "-"; give the ' +
      "trace a file",
    ],
    [
      ["run", "tasks.yaml", "--log", "-", "--quiet"],
      "Cannot use --log - with --quiet: one asks for every line, the other for none",
    ],
    [["run", "body.yaml", "--log", "-", "--json"], "Cannot use --log - with --json here"],
    [
      ["schedule", "scheduled.yaml", "--trace", "-"],
      "Cannot use --trace -: each scheduled run writes a trace of its own",
    ],
    [["run", "tasks.yaml", "--out", "-"], 'error: Cannot read --out: expected a path, got "-"'],
    [["run", "tasks.yaml", "--state", "-"], 'error: Cannot read --state: expected a path, got "-"'],
    [["history", "tasks.yaml", "--out", "-"], 'error: Cannot read --out: expected a path, got "-"'],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" "), async () => {
      const world = createFakeWorld({ configs });
      assertEquals(await main(args, world.host), EXIT_CODES.usage);
      assert(world.stderr().includes(message), world.stderr());
      assertEquals(world.stdout(), "");
      assertEquals(world.runCalls.length, 0);
    });
  }
});

Deno.test("schedule --log - writes its lines to stdout once, and no file", async () => {
  await withOutDir(async (out) => {
    const { code, stdout } = await corun([
      "schedule",
      "scheduled.yaml",
      "--log",
      "-",
      "--virtual-time",
      "--until",
      "2026-11-25T10:10:00.123Z",
      "--no-state",
      "--out",
      out,
    ]);
    assertEquals(code, EXIT_CODES.ok);
    assertEquals(stdout.split("schedule config: */10 * * * *").length - 1, 1, stdout);
    assertEquals(stdout.split("nap start sleep 1s").length - 1, 1, stdout);
  });
});

Deno.test("schedule of a config that saves a body to - says its own lines on stderr, as its runs do", async () => {
  await withOutDir(async (out) => {
    const preview = ["--virtual-time", "--until", "2026-11-25T10:10:00.123Z", "--no-state"];
    const { code, stdout, stderr } = await corun([
      "schedule",
      "scheduled_body.yaml",
      ...preview,
      "--out",
      out,
    ]);
    assertEquals(code, EXIT_CODES.ok);
    assertEquals(stdout, "", "the bodies' alone (the fake run writes none)");
    assert(stderr.includes("schedule config: */10 * * * *"), stderr);
    assert(stderr.includes("page start"), stderr);
  });
});
