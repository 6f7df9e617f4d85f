import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { EXIT_CODES } from "./exit_codes.ts";
import { argsForConfigModule } from "./config_main.ts";
import { runDeno } from "../../tests/fixtures/run_deno.ts";

const URL_OF_CONFIG = "file:///home/me/tasks/x.ts";
const PATH_OF_CONFIG = "/home/me/tasks/x.ts";

Deno.test("argsForConfigModule() runs the module unless the arguments name another command", () => {
  const cases: [string[], string[]][] = [
    [[], ["run", PATH_OF_CONFIG]],
    [["--virtual-time"], ["run", PATH_OF_CONFIG, "--virtual-time"]],
    [["run", "--json"], ["run", PATH_OF_CONFIG, "--json"]],
    [["plan"], ["plan", PATH_OF_CONFIG]],
    [["plan", "--json"], ["plan", PATH_OF_CONFIG, "--json"]],
    [["check"], ["check", PATH_OF_CONFIG]],
    [["--help"], ["--help"]],
    [["--version"], ["--version"]],
    [["help", "plan"], ["help", "plan"]],
    [["chek"], ["chek"]],
  ];
  for (const [args, expected] of cases) {
    assertEquals(argsForConfigModule(URL_OF_CONFIG, args), expected, args.join(" "));
  }
});

Deno.test("argsForConfigModule() passes a URL that is not a file: URL as it is", () => {
  assertEquals(argsForConfigModule("https://example.com/x.ts", ["check"]), [
    "check",
    "https://example.com/x.ts",
  ]);
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

async function runModule(args: string[]) {
  const dir = await Deno.makeTempDir({ prefix: "corun_run_main_" });
  try {
    await Deno.writeTextFile(`${dir}/tasks.ts`, MODULE_CONFIG);
    const { code, stdout, stderr } = await runDeno(
      ["run", "--allow-all", "--no-lock", `${dir}/tasks.ts`, ...args],
      { cwd: dir, stdin: "" },
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
