import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import type { CommandSpec } from "./command.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { parseCommandLine, type ParsedCommandLine } from "./program.ts";
import type { ProgramIdentity } from "./program_identity.ts";
import { COMMANDS } from "./registry.ts";
import { VERSION } from "./version.ts";

async function parse(
  args: string[],
  commands: readonly CommandSpec[] = COMMANDS,
  program?: ProgramIdentity,
) {
  let stdout = "";
  let stderr = "";
  const parsed: ParsedCommandLine = await parseCommandLine(args, commands, {
    stdout: { write: (text) => void (stdout += text) },
    stderr: { write: (text) => void (stderr += text) },
    columns: () => 80,
  }, program);
  return { parsed, stdout, stderr };
}

function invocationOf(parsed: ParsedCommandLine) {
  if (parsed.kind !== "execute") {
    throw new Error(`expected a command, got ${JSON.stringify(parsed)}`);
  }
  return { command: parsed.command.name, ...parsed.invocation };
}

Deno.test("parseCommandLine() reads a command, its config and its options", async (t) => {
  const cases: [string[], string, Record<string, unknown>][] = [
    [["run", "tasks.yaml"], "run", {}],
    [["run", "--virtual-time", "--json", "tasks.yaml"], "run", { virtualTime: true, json: true }],
    [["run", "tasks.yaml", "--out", "/tmp/o", "-q"], "run", { out: "/tmp/o", quiet: true }],
    [["run", "tasks.yaml", "--out=dir"], "run", { out: "dir" }],
    [["check", "tasks.yaml"], "check", {}],
    [["plan", "tasks.yaml", "--json"], "plan", { json: true }],
  ];
  for (const [args, command, options] of cases) {
    await t.step(args.join(" "), async () => {
      const { parsed, stdout, stderr } = await parse(args);
      assertEquals(invocationOf(parsed), { command, args: ["tasks.yaml"], options });
      assertEquals(stdout + stderr, "");
    });
  }
});

Deno.test("parseCommandLine() for a config script: the script is every command's config, named as the user runs it, and the user's arguments alone are counted", async () => {
  const script: ProgramIdentity = { name: "deno run job.ts", config: "/home/me/job.ts" };
  const plan = await parse(["plan", "--json"], COMMANDS, script);
  assertEquals(invocationOf(plan.parsed), {
    command: "plan",
    args: ["/home/me/job.ts"],
    options: { json: true },
  });
  const other = await parse(["run", "other.yaml"], COMMANDS, script);
  assertEquals(other.parsed, { kind: "exit", code: EXIT_CODES.usage });
  assertEquals(
    other.stderr,
    "error: too many arguments for 'run': it takes 0 arguments, got 1 ('other.yaml')\n" +
      "(deno run job.ts run --help shows usage)\n",
  );
  const help = await parse(["run", "--help"], COMMANDS, script);
  assert(help.stdout.startsWith("Usage: deno run job.ts run [options]\n"), help.stdout);
  assert(!help.stdout.includes("config file (.ts"), help.stdout);
  const programHelp = await parse(["--help"], COMMANDS, script);
  assert(programHelp.stdout.startsWith("Usage: deno run job.ts [command] [options]\n"));
  assertStringIncludes(programHelp.stdout, "\n  run [options]  ");
  assertStringIncludes(programHelp.stdout, "`deno run job.ts <command> --help` lists");
  const typo = await parse(["chek"], COMMANDS, script);
  assertStringIncludes(
    typo.stderr,
    "(did you mean check?)\n(deno run job.ts --help shows usage)\n",
  );
});

Deno.test("parseCommandLine() leaves an optional argument out, and counts it when given", async () => {
  const without = await parse(["status", "--db", "postgres://db/x"]);
  assertEquals(invocationOf(without.parsed), {
    command: "status",
    args: [],
    options: { db: "postgres://db/x" },
  });
  const withConfig = await parse(["status", "tasks.yaml"]);
  assertEquals(invocationOf(withConfig.parsed).args, ["tasks.yaml"]);
  const tooMany = await parse(["status", "a.yaml", "b.yaml"]);
  assertEquals(tooMany.parsed.kind, "exit");
  assertStringIncludes(tooMany.stderr, "too many arguments for 'status'");
});

Deno.test("parseCommandLine() rejects bad command lines with a usage error on stderr", async (t) => {
  const cases: [string[], string][] = [
    [[], "Usage: corun"],
    [["frob", "tasks.yaml"], "unknown command 'frob'"],
    [["run"], "missing required argument 'config'"],
    [["run", "a.yaml", "b.yaml"], "too many arguments"],
    [["run", "--bogus", "a.yaml"], "unknown option '--bogus'"],
    [["run", "a.yaml", "--out"], "Cannot read --out: expected a value (--out <dir>), got nothing"],
    [["check", "a.yaml", "--json"], "unknown option '--json'"],
    [["--bogus"], "unknown option '--bogus'"],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" ") || "(nothing)", async () => {
      const { parsed, stdout, stderr } = await parse(args);
      assertEquals(parsed, { kind: "exit", code: EXIT_CODES.usage });
      assertEquals(stdout, "");
      assert(stderr.includes(message), stderr);
    });
  }
});

Deno.test("parseCommandLine() reads -h and -V among one-letter flags, and refuses a value for them", async (t) => {
  await t.step("-qh is help, -qV the version", async () => {
    const help = await parse(["run", "a.yaml", "-qh"]);
    assertEquals(help.parsed, { kind: "exit", code: EXIT_CODES.ok });
    assert(help.stdout.startsWith("Usage: corun run "), help.stdout);
    const version = await parse(["run", "-qV"]);
    assertEquals([version.parsed, version.stdout], [{ kind: "exit", code: 0 }, `${VERSION}\n`]);
  });
  await t.step("-oh.html is -o's value, not help", async () => {
    const { parsed } = await parse(["report", "trace.json", "-oh.html"]);
    assertEquals(invocationOf(parsed).options, { output: "h.html" });
  });
  await t.step("--help=yes names help, not an unknown option", async () => {
    const { parsed, stderr } = await parse(["run", "a.yaml", "--help=yes"]);
    assertEquals(parsed, { kind: "exit", code: EXIT_CODES.usage });
    assert(
      stderr.startsWith('error: Cannot read --help: it takes no value, got "--help=yes"'),
      stderr,
    );
  });
});

Deno.test("parseCommandLine() refuses an empty value: --out= is not the working directory", async (t) => {
  const cases: [string[], string][] = [
    [["run", "a.yaml", "--out="], "--out <dir>"],
    [["run", "a.yaml", "--out", ""], "--out <dir>"],
    [["run", "a.yaml", "--log="], "--log <file>"],
    [["run", "a.yaml", "--trace", ""], "--trace <file>"],
    [["schedule", "a.yaml", "--state="], "--state <path>"],
    [["report", "trace.json", "-o", ""], "--output <file>"],
    [["report", "trace.json", "-o="], "--output <file>"],
  ];
  for (const [args, flags] of cases) {
    await t.step(args.map((arg) => arg === "" ? '""' : arg).join(" "), async () => {
      const { parsed, stdout, stderr } = await parse(args);
      assertEquals(parsed, { kind: "exit", code: EXIT_CODES.usage });
      assertEquals(stdout, "");
      assertEquals(
        stderr,
        `error: Cannot read ${
          flags.split(" ")[0]
        }: expected a value (${flags}), got an empty one\n` +
          `(corun ${args[0]} --help shows usage)\n`,
      );
    });
  }
});

Deno.test("parseCommandLine() keeps - for --log, --trace and -o as standard output, and refuses it for other paths", async (t) => {
  await t.step("a stream", async () => {
    const { parsed } = await parse(["run", "a.yaml", "--log", "-", "--trace=-"]);
    assertEquals(invocationOf(parsed).options, { log: "-", trace: "-" });
  });
  for (
    const [args, flags] of [
      [["run", "a.yaml", "--out", "-"], "--out <dir>"],
      [["schedule", "a.yaml", "--state=-"], "--state <path>"],
      [["history", "a.yaml", "--out", "-"], "--out <dir>"],
    ] as const
  ) {
    await t.step(args.join(" "), async () => {
      const { parsed, stdout, stderr } = await parse([...args]);
      assertEquals([parsed, stdout], [{ kind: "exit", code: EXIT_CODES.usage }, ""]);
      assert(
        stderr.startsWith(
          `error: Cannot read ${flags.split(" ")[0]}: expected a path, got "-" (standard output ` +
            "is not taken here; ./- names a file called -)\n",
        ),
        stderr,
      );
    });
  }
});

Deno.test("parseCommandLine() refuses a path that starts with ~, which no shell expanded after = or in quotes", async (t) => {
  const cases: [string[], string, string][] = [
    [["run", "a.yaml", "--out=~/data"], "--out", "~/data"],
    [["run", "a.yaml", "--log", "~/run.log"], "--log", "~/run.log"],
    [["run", "a.yaml", "--trace=~/t.json"], "--trace", "~/t.json"],
    [["schedule", "a.yaml", "--state=~"], "--state", "~"],
    [["report", "t.json", "-o~me/r.html"], "--output", "~me/r.html"],
  ];
  for (const [args, flag, path] of cases) {
    await t.step(args.join(" "), async () => {
      const { parsed, stdout, stderr } = await parse(args);
      assertEquals([parsed, stdout], [{ kind: "exit", code: EXIT_CODES.usage }, ""]);
      assert(
        stderr.startsWith(
          `error: Cannot read ${flag}: "${path}" starts with "~", which corun does not expand to ` +
            `a home folder (it would be a folder named "${path.split("/")[0]}" in the working ` +
            `directory): write the full path, or "./${path}" for a folder so named\n`,
        ),
        stderr,
      );
    });
  }
  await t.step("the config, quoted", async () => {
    const { parsed, stderr } = await parse(["check", "~/a.yaml"]);
    assertEquals(parsed, { kind: "exit", code: EXIT_CODES.usage });
    assertStringIncludes(stderr, `argument 'config': "~/a.yaml" starts with "~"`);
  });
  await t.step("./~ is a folder so named, and ~ inside a path is a letter", async () => {
    const { parsed } = await parse(["run", "./~/a.yaml", "--out=./~/data", "--log=logs/~run"]);
    assertEquals(invocationOf(parsed).args, ["./~/a.yaml"]);
    assertEquals(invocationOf(parsed).options, { out: "./~/data", log: "logs/~run" });
  });
});

Deno.test("parseCommandLine() prints help and the version on stdout for every command", async (t) => {
  for (const prefix of [[], ...COMMANDS.map((command) => [command.name])]) {
    await t.step(`${prefix.join(" ") || "corun"} --help / --version`, async () => {
      const help = await parse([...prefix, "--help"]);
      assertEquals(help.parsed, { kind: "exit", code: EXIT_CODES.ok });
      assert(help.stdout.startsWith(`Usage: corun ${prefix.join(" ")}`.trimEnd()), help.stdout);
      assert(!help.stdout.includes("\x1b"));
      const version = await parse([...prefix, "--version"]);
      assertEquals(version, {
        parsed: { kind: "exit", code: EXIT_CODES.ok },
        stdout: `${VERSION}\n`,
        stderr: "",
      });
    });
  }
  const { parsed, stdout } = await parse(["help", "plan"]);
  assertEquals(parsed, { kind: "exit", code: EXIT_CODES.ok });
  assert(stdout.startsWith("Usage: corun plan"));
});

Deno.test("parseCommandLine(): help, which the help lists as a command, has help of its own", async (t) => {
  for (const args of [["help", "help"], ["help", "--help"], ["help", "-h"]]) {
    await t.step(args.join(" "), async () => {
      const { parsed, stdout, stderr } = await parse(args);
      assertEquals(parsed, { kind: "exit", code: EXIT_CODES.ok });
      assertEquals(stderr, "");
      assert(stdout.startsWith("Usage: corun <command>"), stdout);
      assertStringIncludes(stdout, "  help [command]  ");
    });
  }
});

Deno.test("schedule --help offers neither --trace - nor --json, which it refuses; run --help does", async () => {
  const flat = async (command: string) =>
    (await parse([command, "--help"])).stdout.replace(/\s+/g, " ");
  const schedule = await flat("schedule");
  assert(schedule.includes("trace.<run id>.json"), schedule);
  assert(!schedule.includes("- to stdout"), schedule);
  assert(!schedule.includes("--json"), schedule);
  const run = await flat("run");
  assert(run.includes("or with - to stdout (the run is shown on stderr)"), run);
  assert(!run.includes("each scheduled run"), run);
});

Deno.test("parseCommandLine() lists every registered command in the help, so new ones need no parser change", async () => {
  const prune: CommandSpec = {
    name: "prune",
    summary: "delete old outputs",
    arguments: [],
    options: [{ flags: "--keep <count>", description: "how many" }],
    execute: () => Promise.resolve(0),
  };
  const { stdout } = await parse(["--help"], [...COMMANDS, prune]);
  for (const name of ["run", "check", "plan", "schedule", "history", "prune"]) {
    assert(stdout.includes(`  ${name} `), name);
  }
  const { parsed } = await parse(["prune", "--keep", "3"], [...COMMANDS, prune]);
  assertEquals(invocationOf(parsed), { command: "prune", args: [], options: { keep: "3" } });
});

Deno.test("parseCommandLine(): --lock takes the word after it only when it is a mode, never the config", async (t) => {
  const cases: [string[], Record<string, unknown>][] = [
    [["run", "--lock", "tasks.yaml"], { lock: "fail" }],
    [["run", "tasks.yaml", "--lock"], { lock: "fail" }],
    [["run", "--lock", "--json", "tasks.yaml"], { lock: "fail", json: true }],
    [["run", "--lock", "skip", "tasks.yaml"], { lock: "skip" }],
    [["run", "tasks.yaml", "--lock", "wait"], { lock: "wait" }],
    [["run", "--lock=skip", "tasks.yaml"], { lock: "skip" }],
    // A value an option requires is taken as it is, even one that looks like a flag, unless it is
    // another of the command's options (then it goes after `=`).
    [["run", "--out", "-x", "tasks.yaml"], { out: "-x" }],
    [["run", "--out=--lock", "tasks.yaml"], { out: "--lock" }],
    [["run", "--log=-q", "tasks.yaml"], { log: "-q" }],
  ];
  for (const [args, options] of cases) {
    await t.step(args.join(" "), async () => {
      const { parsed, stdout, stderr } = await parse(args);
      assertEquals(invocationOf(parsed), { command: "run", args: ["tasks.yaml"], options });
      assertEquals(stdout + stderr, "");
    });
  }
  await t.step("a word after -- is the config", async () => {
    const { parsed } = await parse(["run", "--lock", "--", "skip"]);
    assertEquals(invocationOf(parsed), {
      command: "run",
      args: ["skip"],
      options: { lock: "fail" },
    });
  });
});

Deno.test("parseCommandLine() refuses an option in place of the value another requires: --log --json forgot the file", async (t) => {
  const cases: [string[], string][] = [
    [
      ["run", "a.yaml", "--log", "--json"],
      "error: Cannot read --log: expected a value (--log <file>), got the option --json " +
      "(write --log=--json if that is the value meant)\n(corun run --help shows usage)\n",
    ],
    [
      ["run", "--out", "-q", "a.yaml"],
      "error: Cannot read --out: expected a value (--out <dir>), got the option -q " +
      "(write --out=-q if that is the value meant)\n(corun run --help shows usage)\n",
    ],
    [
      ["report", "t.json", "-o", "--output=r.html"],
      "error: Cannot read --output: expected a value (--output <file>), got the option " +
      "--output=r.html (write --output=--output=r.html if that is the value meant)\n" +
      "(corun report --help shows usage)\n",
    ],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" "), async () => {
      const { parsed, stdout, stderr } = await parse(args);
      assertEquals([parsed, stdout, stderr], [
        { kind: "exit", code: EXIT_CODES.usage },
        "",
        message,
      ]);
    });
  }
});

Deno.test("parseCommandLine() keeps the last value an option is given, --no-NAME included", async () => {
  const cases: [string[], Record<string, unknown>][] = [
    [["run", "a.yaml", "--out", "one", "--out=two"], { out: "two" }],
    [["run", "a.yaml", "--state", "s.json", "--no-state"], { state: false }],
    [["run", "a.yaml", "--no-state", "--state=s.json"], { state: "s.json" }],
    [["run", "a.yaml", "-q", "--quiet"], { quiet: true }],
  ];
  for (const [args, options] of cases) {
    const { parsed } = await parse(args);
    assertEquals(
      invocationOf(parsed),
      { command: "run", args: ["a.yaml"], options },
      args.join(" "),
    );
  }
});

Deno.test("parseCommandLine() refuses a command whose optional value does not list its words", async () => {
  const loose: CommandSpec = {
    name: "loose",
    summary: "an option that could swallow the next argument",
    arguments: [{ name: "config", description: "the config" }],
    options: [{ flags: "--mode [mode]", description: "a mode" }],
    execute: () => Promise.resolve(0),
  };
  const error = await assertRejects(
    () => parse(["loose", "--mode", "x.yaml"], [...COMMANDS, loose]),
    TypeError,
  );
  assert(error.message.includes("corun loose --mode [mode]"), error.message);
});

Deno.test("parseCommandLine() names the closest option or command to a mistyped one", async (t) => {
  const cases: [string[], string][] = [
    [["run", "--jsno", "a.yaml"], "error: unknown option '--jsno' (did you mean --json?)\n"],
    [["run", "--virtual", "a.yaml"], "(did you mean --virtual-time?)"],
    [["run", "--frobnicate", "a.yaml"], "error: unknown option '--frobnicate'\n"],
    [["hist", "a.yaml"], "error: unknown command 'hist' (did you mean history?)\n"],
    [["--verison"], "error: unknown option '--verison' (did you mean --version?)\n"],
    [["run", "-x", "a.yaml"], "error: unknown option '-x'\n"],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" "), async () => {
      const { parsed, stdout, stderr } = await parse(args);
      assertEquals([parsed, stdout], [{ kind: "exit", code: EXIT_CODES.usage }, ""]);
      assert(stderr.includes(message), stderr);
      const help = args[0].startsWith("-") || args[0] === "hist" ? "corun" : `corun ${args[0]}`;
      assert(stderr.endsWith(`(${help} --help shows usage)\n`), stderr);
    });
  }
});

Deno.test("parseCommandLine() says a command's option given before it goes after it, with the line corrected", async (t) => {
  const cases: [string[], string][] = [
    [
      ["-q", "run", "a.yaml"],
      "error: Cannot use -q before the command: options go after it, as in corun run -q a.yaml\n" +
      "(corun run --help shows usage)\n",
    ],
    [
      ["--lock=skip", "--json", "run", "my tasks.yaml"],
      "error: Cannot use --lock=skip before the command: options go after it, as in " +
      "corun run --lock=skip --json 'my tasks.yaml'\n(corun run --help shows usage)\n",
    ],
    // The word after --out is its value, not the command.
    [
      ["--out", "x", "run", "a.yaml"],
      "error: Cannot use --out before the command: options go after it, as in " +
      "corun run --out x a.yaml\n(corun run --help shows usage)\n",
    ],
    [
      ["--max-failures", "2", "--lock", "skip", "run", "a.yaml"],
      "error: Cannot use --max-failures before the command: options go after it, as in " +
      "corun run --max-failures 2 --lock skip a.yaml\n(corun run --help shows usage)\n",
    ],
    [
      ["--out", "run", "run", "a.yaml"],
      "error: Cannot use --out before the command: options go after it, as in " +
      "corun run --out run a.yaml\n(corun run --help shows usage)\n",
    ],
    // check takes no -q: nothing to move.
    [["-q", "check", "a.yaml"], "error: unknown option '-q'\n(corun --help shows usage)\n"],
    [
      ["--out", "x", "check", "a.yaml"],
      "error: unknown option '--out'\n(corun --help shows usage)\n",
    ],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" "), async () => {
      const { parsed, stdout, stderr } = await parse(args);
      assertEquals([parsed, stdout, stderr], [
        { kind: "exit", code: EXIT_CODES.usage },
        "",
        message,
      ]);
    });
  }
});

Deno.test("parseCommandLine() names the command or option a wrongly cased one meant, and a mistyped --lock mode", async (t) => {
  const cases: [string[], string][] = [
    [["RUN", "a.yaml"], "error: unknown command 'RUN' (did you mean run?)\n"],
    [["Schedule", "a.yaml"], "error: unknown command 'Schedule' (did you mean schedule?)\n"],
    [["run", "--JSON", "a.yaml"], "error: unknown option '--JSON' (did you mean --json?)\n"],
    [["run", "-Q", "a.yaml"], "error: unknown option '-Q' (did you mean -q?)\n"],
    [
      ["run", "a.yaml", "--lock", "skp"],
      "error: too many arguments for 'run': it takes 1 argument, got 2 ('a.yaml' 'skp') " +
      "(did you mean --lock skip?)\n",
    ],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" "), async () => {
      const { parsed, stderr } = await parse(args);
      assertEquals(parsed, { kind: "exit", code: EXIT_CODES.usage });
      assert(stderr.startsWith(message), stderr);
    });
  }
});

Deno.test("parseCommandLine() refuses a value for a flag and a word that is not an argument's choice", async () => {
  const flag = await parse(["run", "--json=yes", "a.yaml"]);
  assertEquals(flag.parsed, { kind: "exit", code: EXIT_CODES.usage });
  assert(flag.stderr.startsWith("error: Cannot read --json: it takes no value"), flag.stderr);
  const shell = await parse(["completions", "ksh"]);
  assertEquals(shell.parsed, { kind: "exit", code: EXIT_CODES.usage });
  assert(shell.stderr.startsWith("error: argument 'shell' must be one of bash, zsh, fish"));
});

Deno.test("parseCommandLine() names the choice a mistyped word most likely meant, and none when none is close", async () => {
  const migrate = await parse(["db", "migrat"]);
  assertEquals(migrate.parsed, { kind: "exit", code: EXIT_CODES.usage });
  assert(
    migrate.stderr.startsWith(
      "error: argument 'action' must be one of migrate, prune, cancel (got 'migrat'; did you mean migrate?)\n",
    ),
    migrate.stderr,
  );
  const shell = await parse(["completions", "zhs"]);
  assert(shell.stderr.includes("(got 'zhs'; did you mean zsh?)"), shell.stderr);
  const far = await parse(["db", "drop"]);
  assert(far.stderr.includes("(got 'drop')\n"), far.stderr);
});

Deno.test("parseCommandLine() reads short flags together, --no-state, repeated options and defaults", async (t) => {
  const cases: [string[], string, Record<string, unknown>][] = [
    [["run", "-q", "--no-state", "a.yaml"], "run", { quiet: true, state: false }],
    [["run", "a.yaml", "--state", "s.json"], "run", { state: "s.json" }],
    [["run", "--out", "x", "--out=y", "a.yaml"], "run", { out: "y" }],
    [["run", "--max-failures", "5%", "a.yaml"], "run", { maxFailures: "5%" }],
    [["history", "a.yaml"], "history", { limit: "20" }],
    [["history", "a.yaml", "--limit", "3"], "history", { limit: "3" }],
    [["schedule", "a.yaml"], "schedule", { grace: "30s" }],
    [["run", "--", "-q"], "run", {}],
  ];
  for (const [args, command, options] of cases) {
    await t.step(args.join(" "), async () => {
      const { parsed, stdout, stderr } = await parse(args);
      const config = args.at(-1) === "-q" ? "-q" : args.includes("a.yaml") ? "a.yaml" : "";
      assertEquals(invocationOf(parsed), { command, args: [config], options });
      assertEquals(stdout + stderr, "");
    });
  }
});

Deno.test("parseCommandLine() help shows each option with its default, wrapped to the terminal", async () => {
  const { stdout } = await parse(["history", "--help"]);
  assert(stdout.includes("  --limit <n>  "), stdout);
  assert(stdout.includes("show the last N runs (default: 20)"), stdout);
  assert(stdout.includes("  -q, --quiet") === false, "history has no --quiet");
  for (const line of (await parse(["run", "--help"])).stdout.split("\n")) {
    assert(line.length <= 80, line);
  }
  const top = await parse(["help"]);
  assert(top.stdout.includes("  completions <shell>  "), top.stdout);
  const unknown = await parse(["help", "frob"]);
  assertEquals(unknown.parsed, { kind: "exit", code: EXIT_CODES.usage });
  assert(unknown.stderr.startsWith("error: unknown command 'frob'"), unknown.stderr);
});
