import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { EXIT_CODES } from "./exit_codes.ts";
import { argsForConfigModule, configProgram } from "./config_main.ts";
import { runDeno } from "../../tests/fixtures/run_deno.ts";

Deno.test("argsForConfigModule() runs the module unless the arguments name another command", () => {
  const cases: [string[], string[]][] = [
    [[], ["run"]],
    [["--virtual-time"], ["run", "--virtual-time"]],
    [["run", "--json"], ["run", "--json"]],
    [["plan"], ["plan"]],
    [["plan", "--json"], ["plan", "--json"]],
    [["check"], ["check"]],
    [["--help"], ["--help"]],
    [["--version"], ["--version"]],
    [["help", "plan"], ["help", "plan"]],
    [["chek"], ["chek"]],
  ];
  for (const [args, expected] of cases) {
    assertEquals(argsForConfigModule(args), expected, args.join(" "));
  }
});

Deno.test("configProgram() names the script as the user runs it from the working directory, and makes it the config (a file's path, a URL as it is)", () => {
  const config = "/home/me/tasks/x.ts";
  const named = (cwd?: string) => configProgram("file:///home/me/tasks/x.ts", cwd);
  assertEquals(named("/home/me/tasks"), { name: "deno run x.ts", config });
  assertEquals(named("/home/me"), { name: "deno run tasks/x.ts", config });
  assertEquals(named("/home/me/"), { name: "deno run tasks/x.ts", config });
  // Outside the working directory, or where it may not be read: the path that works from anywhere.
  assertEquals(named("/home/me/other"), { name: "deno run /home/me/tasks/x.ts", config });
  assertEquals(named(), { name: "deno run /home/me/tasks/x.ts", config });
  // Typed as shown: quoted where the shell would split it, never read as a flag.
  assertEquals(
    configProgram("file:///home/me/my%20tasks/x.ts", "/home/me").name,
    "deno run 'my tasks/x.ts'",
  );
  assertEquals(configProgram("file:///home/me/-x.ts", "/home/me").name, "deno run ./-x.ts");
  // The query, where a token may sit, stays out of the name that usage and errors show.
  assertEquals(configProgram("https://example.com/x.ts?token=T"), {
    name: "deno run https://example.com/x.ts",
    config: "https://example.com/x.ts?token=T",
  });
});

const CLI_MOD = new URL("./mod.ts", import.meta.url).href;
const DEFINE = new URL("../config/mod.ts", import.meta.url).href;

/** A TypeScript config that makes itself runnable, as users write it. */
const MODULE_CONFIG = `
import { runMain } from "${CLI_MOD}";
import { defineConfig, sleepTask } from "${DEFINE}";
export default defineConfig({ outDir: "out", tasks: [sleepTask("task-1", "3s"), sleepTask("task-2", "2s")] });
if (import.meta.main) await runMain(import.meta.url);
`;

/** Runs the module config as `tasks/tasks.ts`, from the folder above it unless `from` is `"own"`. */
async function runModule(args: string[], from: "own" | "parent" = "own") {
  const dir = await Deno.makeTempDir({ prefix: "corun_run_main_" });
  try {
    await Deno.mkdir(`${dir}/tasks`);
    await Deno.writeTextFile(`${dir}/tasks/tasks.ts`, MODULE_CONFIG);
    const script = from === "own" ? "tasks.ts" : "tasks/tasks.ts";
    const { code, stdout, stderr } = await runDeno(
      ["run", "--allow-all", "--no-lock", script, ...args],
      { cwd: from === "own" ? `${dir}/tasks` : dir, stdin: "" },
    );
    return { code, stdout, stderr };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("runMain() lets a TypeScript config run itself and exits with the run's code", async () => {
  const { code, stdout, stderr } = await runModule(["--virtual-time", "--json"]);
  assertEquals(stderr, "");
  assertEquals(code, EXIT_CODES.ok);
  assertEquals(JSON.parse(stdout).counts.done, 2);
});

Deno.test("runMain() runs the command named on the module's command line", async () => {
  const plan = await runModule(["plan"]);
  assertEquals(plan.code, EXIT_CODES.ok);
  assert(plan.stdout.includes("start order: task-1 (0ms), task-2 (0ms)"), plan.stdout);
  const bad = await runModule(["frob"]);
  assertEquals(bad.code, EXIT_CODES.usage);
});

Deno.test("runMain() names the closest command for a mistyped one, as corun does", async () => {
  const typo = await runModule(["chek"]);
  assertEquals(typo.code, EXIT_CODES.usage);
  assert(typo.stderr.includes("unknown command 'chek' (did you mean check?)"), typo.stderr);
});

Deno.test("runMain() shows the script's own usage, without a config to give, and counts only the user's arguments", async () => {
  const help = await runModule(["run", "--help"]);
  assertEquals(help.code, EXIT_CODES.ok);
  assert(help.stdout.startsWith("Usage: deno run tasks.ts run [options]\n"), help.stdout);
  const other = await runModule(["run", "other.yaml"]);
  assertEquals(other.code, EXIT_CODES.usage);
  assertEquals(
    other.stderr,
    "error: too many arguments for 'run': it takes 0 arguments, got 1 ('other.yaml')\n" +
      "(deno run tasks.ts run --help shows usage)\n",
  );
});

Deno.test("runMain() run from another folder points to help by the path that works from there", async () => {
  const other = await runModule(["run", "other.yaml"], "parent");
  assertEquals(other.code, EXIT_CODES.usage);
  assertEquals(
    other.stderr,
    "error: too many arguments for 'run': it takes 0 arguments, got 1 ('other.yaml')\n" +
      "(deno run tasks/tasks.ts run --help shows usage)\n",
  );
  const help = await runModule(["run", "--help"], "parent");
  assertEquals(help.code, EXIT_CODES.ok);
  assert(help.stdout.startsWith("Usage: deno run tasks/tasks.ts run [options]\n"), help.stdout);
});
