import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { codeOf, libPath, sourceFiles } from "../../tests/fixtures/lib_sources.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";

const CONFIG = validateConfig({
  schedule: { cron: "*/10 * * * *", timezone: "UTC" },
  tasks: [{ name: "nap", sleep: "1s" }],
}, "tasks.yaml");
/** What a shared queue takes: fetches alone. */
const FETCHES = validateConfig({
  schedule: { cron: "*/10 * * * *", timezone: "UTC" },
  tasks: [{ name: "page", fetch: "http://127.0.0.1:1/a" }],
}, "fetches.yaml");
// Port 1: every refusal below comes before a connection is tried.
const DB = "postgres://corun@127.0.0.1:1/x";

/** A refused flag, and which form names it: its value is not one, or it cannot go with the rest. */
const REFUSED: [args: string[], form: "read" | "use", flag: string][] = [
  [["run", "tasks.yaml", "--out"], "read", "--out"],
  [["run", "tasks.yaml", "--out="], "read", "--out"],
  [["run", "tasks.yaml", "--out", "-"], "read", "--out"],
  [["run", "tasks.yaml", "--json=yes"], "read", "--json"],
  [["run", "tasks.yaml", "-h=yes"], "read", "--help"],
  [["run", "tasks.yaml", "--max-failures", "some"], "read", "--max-failures"],
  [["run", "tasks.yaml", "--max-failures", "120%"], "read", "--max-failures"],
  [["run", "tasks.yaml", "--lock=skp"], "read", "--lock"],
  [["run", "tasks.yaml", "--lock=wait", "--lock-timeout", "10secs"], "read", "--lock-timeout"],
  [["run", "tasks.yaml", "--lock-timeout", "1m"], "use", "--lock-timeout without --lock=wait"],
  [["run", "tasks.yaml", "--bandwidth", "fast"], "read", "--bandwidth"],
  [["run", "tasks.yaml", "--max-config-size", "lots"], "read", "--max-config-size"],
  [["run", "tasks.yaml", "--max-config-size", "0B"], "read", "--max-config-size"],
  [["run", "tasks.yaml", "--max-alias-nodes", "1e5"], "read", "--max-alias-nodes"],
  [["run", "tasks.yaml", "--trace", "-", "--json"], "use", "--trace -"],
  [["run", "tasks.yaml", "--log", "-", "--quiet"], "use", "--log - with --quiet"],
  [["schedule", "tasks.yaml", "--until", "soon"], "read", "--until"],
  [["schedule", "tasks.yaml", "--until", "2026-11-25T09:00:00Z"], "use", '--until "'],
  [["schedule", "tasks.yaml", "--virtual-time"], "use", "--virtual-time without --until"],
  [["schedule", "tasks.yaml", "--grace", "a while"], "read", "--grace"],
  [["schedule", "tasks.yaml", "--queue", "q"], "use", "--queue without --db or --shared"],
  [["schedule", "fetches.yaml", "--db", DB, "--queue", "a b"], "read", "--queue"],
  [
    ["schedule", "fetches.yaml", "--db", DB, "--virtual-time", "--until", "2026-11-26"],
    "use",
    "--virtual-time with --db or --shared",
  ],
  [["schedule", "fetches.yaml", "--db", DB, "--out", "o"], "use", "--out when firing"],
  [["history", "tasks.yaml", "--limit", "0"], "read", "--limit"],
  [["worker", "tasks.yaml", "--lease", "10secs"], "read", "--lease"],
  [["worker", "tasks.yaml", "--lease", "30d"], "read", "--lease"],
];

Deno.test("every command names a refused flag in one form: Cannot read --flag, or Cannot use --flag", async (t) => {
  for (const [args, form, flag] of REFUSED) {
    await t.step(args.join(" "), async () => {
      const world = createFakeWorld({ configs: { "tasks.yaml": CONFIG, "fetches.yaml": FETCHES } });
      assertEquals(await main(args, world.host), EXIT_CODES.usage, world.stderr());
      // A usage error of the parser is an `error: …` line, with where help is.
      const first = world.stderr().split("\n")[0].replace(/^error: /, "");
      const expected = `Cannot ${form} ${flag}`;
      assert(first.startsWith(expected), `expected "${expected}…", got "${first}"`);
      // A parser's own "Cannot parse size: …" is not repeated after the flag's words.
      assertEquals(first.split("Cannot").length, 2, first);
    });
  }
});

Deno.test("flag_problem.ts alone writes the words that start a refused flag's message", async () => {
  const writers: string[] = [];
  for await (const file of sourceFiles(new URL("../cli/", import.meta.url))) {
    const code = codeOf(await Deno.readTextFile(file));
    // `Cannot read --x`, `Cannot use ${flag}`, the parser's old `option '--x'`, and a bare `--x:`.
    if (/Cannot (read|use) (--|\$\{flag)|(?<!unknown )option '|[`"']--[a-z-]+: /.test(code)) {
      writers.push(libPath(file));
    }
  }
  assertEquals(writers, ["cli/flag_problem.ts"]);
});
