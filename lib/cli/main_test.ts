import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import type { RunReport } from "../tasks/mod.ts";
import type { CliHost } from "./cli_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { main } from "./main.ts";
import { VERSION } from "./version.ts";

const BAD_FIXTURE = new URL("../../tests/fixtures/config/bad.yaml", import.meta.url).pathname;

/**
 * Real runner, loader and timers; captured output; not a terminal. Signals stay fake: signals_test
 * sends SIGTERM to this process, which a parallel test run shares.
 */
function capture(): { host: Partial<CliHost>; stdout(): string; stderr(): string } {
  let stdout = "";
  let stderr = "";
  return {
    host: {
      stdout: { write: (text) => void (stdout += text) },
      stderr: { write: (text) => void (stderr += text) },
      isTerminal: () => false,
      listenForInterrupts: createFakeWorld().host.listenForInterrupts,
    },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

async function withConfig(yaml: string, body: (path: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun_cli_" });
  try {
    const path = `${dir}/tasks.yaml`;
    await Deno.writeTextFile(path, yaml);
    await body(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const SLEEPS = `
outDir: out
tasks:
  - name: task-1
    sleep: 3s
  - name: task-2
    sleep: 2s
  - name: task-3
    sleep: 1s
    after: [task-2]
`;

Deno.test("main() runs a real config in virtual time and prints the report with --json", async () => {
  await withConfig(SLEEPS, async (path) => {
    const io = capture();
    assertEquals(await main(["run", path, "--virtual-time", "--json"], io.host), EXIT_CODES.ok);
    const report: RunReport = JSON.parse(io.stdout());
    assertEquals(report.virtualTime, true);
    assertEquals(report.durationMs, 3000);
    assertEquals(report.tasks.map((task) => [task.name, task.startMs, task.endMs]), [
      ["task-1", 0, 3000],
      ["task-2", 0, 2000],
      ["task-3", 2000, 3000],
    ]);
    assertEquals(io.stderr(), "");
  });
});

Deno.test("main() logs a real run as plain lines, with no escape codes", async () => {
  await withConfig(SLEEPS, async (path) => {
    const io = capture();
    assertEquals(await main(["run", "--virtual-time", path], io.host), EXIT_CODES.ok);
    const lines = io.stdout().trimEnd().split("\n");
    assertEquals(lines.length, 7);
    assert(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z task-3 done 1\.00s$/.test(lines[5]), lines[5]);
    assertEquals(lines[6], "3 tasks: 3 done in 3.00s (virtual time)");
    assert(!io.stdout().includes("\x1b"));
  });
});

Deno.test("main() plans a real config: start order and overlapping bars", async () => {
  await withConfig(SLEEPS, async (path) => {
    const io = capture();
    assertEquals(await main(["plan", path], io.host), EXIT_CODES.ok);
    const text = io.stdout();
    assert(text.includes("start order: task-1 (0ms), task-2 (0ms), task-3 (2s)\n"), text);
    assert(/ {2}task-3 \| {10,}#+\| 2s -> 3s/.test(text), text);
  });
});

Deno.test("main() reports every problem of a real bad config and exits 2", async () => {
  const io = capture();
  assertEquals(await main(["check", BAD_FIXTURE], io.host), EXIT_CODES.usage);
  const lines = io.stderr().trimEnd().split("\n");
  assert(lines.length >= 3, io.stderr());
  for (const line of lines.slice(0, -1)) {
    assert(line.startsWith(`${BAD_FIXTURE}:`) && /:\d+:\d+: /.test(line), line);
  }
  assertEquals(
    lines.at(-1),
    `Cannot load the config "${BAD_FIXTURE}": found ${lines.length - 1} problems`,
  );
  assertEquals(io.stdout(), "");
});

Deno.test("main() refuses a config whose task list is empty: a cron job of it would pass doing nothing", async (t) => {
  for (const command of ["check", "run", "plan"]) {
    await t.step(command, async () => {
      await withConfig("outDir: out\ntasks: []\n", async (path) => {
        const io = capture();
        assertEquals(await main([command, path], io.host), EXIT_CODES.usage);
        assertEquals(io.stderr().split("\n"), [
          `${path}:2:8: tasks: expected at least one task, got an empty list (a run would do ` +
          "nothing and exit 0)",
          `Cannot load the config "${path}": found 1 problem`,
          "",
        ]);
        assertEquals(io.stdout(), "");
        assertEquals([...Deno.readDirSync(path.slice(0, path.lastIndexOf("/")))].length, 1);
      });
    });
  }
});

Deno.test("main() prints the version", async () => {
  const io = capture();
  assertEquals(await main(["--version"], io.host), EXIT_CODES.ok);
  assertEquals(io.stdout(), `${VERSION}\n`);
});

Deno.test("main() exits 2 on a bad command line without loading anything", async () => {
  const world = createFakeWorld();
  assertEquals(await main(["run", "--frobnicate", "x.yaml"], world.host), EXIT_CODES.usage);
  assert(world.stderr().includes("unknown option '--frobnicate'"));
});

Deno.test("main() stops a command that has nothing to wind down at the first interrupt: 130, said, listeners gone", async (t) => {
  for (const args of [["check", "x.yaml"], ["history", "x.yaml"], ["plan", "x.yaml"]]) {
    await t.step(args[0], async () => {
      const world = createFakeWorld();
      // Stopped while its config loads; the load then fails, too late to be the outcome.
      world.host.loadConfig = () => {
        world.interrupt();
        return Promise.reject(new Error("the server went away"));
      };
      assertEquals(await main(args, world.host), EXIT_CODES.interrupted);
      // The work left behind may still say how it ended; in the program, the exit cuts it short.
      assert(world.stderr().startsWith(`Interrupted: corun ${args[0]} stopped\n`), world.stderr());
      assertEquals(world.listening(), 0, "the signal listeners are removed");
    });
  }
});

Deno.test("main() listens for interrupts only while a command works", async () => {
  const config = validateConfig({ tasks: [{ sleep: "1s" }] }, "x.yaml");
  const world = createFakeWorld({ configs: { "x.yaml": config } });
  let listeningWhileLoading = 0;
  const load = world.host.loadConfig;
  world.host.loadConfig = (...args) => {
    listeningWhileLoading = world.listening();
    return load(...args);
  };
  assertEquals(await main(["check", "x.yaml"], world.host), EXIT_CODES.ok);
  assertEquals([listeningWhileLoading, world.listening()], [1, 0]);
});

Deno.test("main() turns an unexpected error in a command into exit 1 with the reason", async () => {
  const config = validateConfig({ tasks: [{ sleep: "1s" }] }, "x.yaml");
  const world = createFakeWorld({ configs: { "x.yaml": config } });
  const brokenStdout = {
    write: () => {
      throw new Error("stdout is broken");
    },
  };
  assertEquals(
    await main(["check", "x.yaml"], { ...world.host, stdout: brokenStdout }),
    EXIT_CODES.taskFailed,
  );
  assert(world.stderr().startsWith("corun check failed unexpectedly: Error: stdout is broken"));
});

Deno.test("main() shows what a command threw that is no plain Error: its causes, an aggregate's errors, a bare value", async (t) => {
  const config = validateConfig({ tasks: [{ sleep: "1s" }] }, "x.yaml");
  /** What `corun check` writes on stderr when writing its result throws `thrown`. */
  const shownFor = async (thrown: unknown) => {
    const world = createFakeWorld({ configs: { "x.yaml": config } });
    const stdout = {
      write: () => {
        throw thrown;
      },
    };
    assertEquals(await main(["check", "x.yaml"], { ...world.host, stdout }), EXIT_CODES.taskFailed);
    return world.stderr();
  };
  /** An Error whose stack is its first line alone, so the text can be compared whole. */
  const bare = <E extends Error>(error: E): E => {
    error.stack = `${error.name}: ${error.message}`;
    return error;
  };
  await t.step("an Error with causes, each below the one it caused", async () => {
    const error = bare(new Error("cannot write", { cause: bare(new TypeError("stdout closed")) }));
    assertEquals(
      await shownFor(error),
      "corun check failed unexpectedly: Error: cannot write\n  caused by: TypeError: stdout closed\n",
    );
  });
  await t.step("an AggregateError with each of its errors", async () => {
    const error = bare(new AggregateError([bare(new RangeError("one")), "two"], "several"));
    assertEquals(
      await shownFor(error),
      "corun check failed unexpectedly: AggregateError: several\n" +
        "  error 1 of 2: RangeError: one\n" +
        '  error 2 of 2: "two" (a value thrown, not an Error: it has no stack)\n',
    );
  });
  await t.step("an object, with or without a prototype, as it is", async () => {
    const noPrototype = Object.assign(Object.create(null), { reason: "gone" });
    assertEquals(
      await shownFor({ code: 3 }),
      "corun check failed unexpectedly: { code: 3 } (a value thrown, not an Error: it has no stack)\n",
    );
    assertEquals(
      await shownFor(noPrototype),
      'corun check failed unexpectedly: [Object: null prototype] { reason: "gone" } (a value ' +
        "thrown, not an Error: it has no stack)\n",
    );
  });
  await t.step("a cause that leads back to its own error, once", async () => {
    const error = bare(new Error("loop"));
    error.cause = error;
    assertEquals(
      await shownFor(error),
      "corun check failed unexpectedly: Error: loop\n  caused by: Error: loop (again, as above)\n",
    );
  });
});
