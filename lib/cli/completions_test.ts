import { assert, assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import type { CommandSpec } from "./command.ts";
import { completionScript, type Shell } from "./completions.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { runProgram } from "../../tests/fixtures/run_deno.ts";
import { main } from "./main.ts";
import { COMMANDS } from "./registry.ts";

/** True when `name` runs here (zsh and fish are optional; bash is on every Linux). */
function installed(name: string): boolean {
  try {
    return new Deno.Command(name, { args: ["-c", "exit 0"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

async function shell(name: string, script: string, cwd: string): Promise<string> {
  const { code, stdout, stderr } = await runProgram(name, ["-c", script], { cwd });
  assert(code === 0 && stderr === "", stderr);
  return stdout;
}

/** A folder with a config of each kind, a file that is no config, and a subfolder. */
async function withFiles(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun_completions_" });
  try {
    for (const name of ["tasks.yaml", "more.toml", "notes.txt"]) {
      await Deno.writeTextFile(`${dir}/${name}`, "");
    }
    await Deno.mkdir(`${dir}/sub`);
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const PRUNE: CommandSpec = {
  name: "prune",
  summary: "delete old outputs",
  arguments: [],
  options: [{ flags: "--keep-last <count>", description: "how many" }],
  execute: () => Promise.resolve(0),
};

/** Completes `line` (the word being completed last) with the bash script; one candidate a line. */
async function completeInBash(line: string[], dir: string, commands = COMMANDS): Promise<string[]> {
  await Deno.writeTextFile(`${dir}/corun.bash`, completionScript("bash", commands));
  const words = line.map((word) => `'${word}'`).join(" ");
  const script = `source ./corun.bash; COMP_WORDS=(${words}); COMP_CWORD=${line.length - 1}; ` +
    `_corun; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return (await shell("bash", script, dir)).split("\n").filter((word) => word !== "").sort();
}

Deno.test({
  name:
    "bash completions: commands, a command's options, an option's words or folders, config files",
  ignore: !installed("bash"),
  async fn() {
    await withFiles(async (dir) => {
      assertEquals(await completeInBash(["corun", "c"], dir), ["check", "completions"]);
      assertEquals(await completeInBash(["corun", "run", "--j"], dir), ["--json"]);
      assertEquals(await completeInBash(["corun", "check", "--j"], dir), []);
      // --lock's mode is optional: the word after it is a mode or the config, as in zsh and fish.
      assertEquals(await completeInBash(["corun", "run", "--lock", ""], dir), [
        "fail",
        "more.toml",
        "skip",
        "sub",
        "tasks.yaml",
        "wait",
      ]);
      assertEquals(await completeInBash(["corun", "run", "--lock", "s"], dir), ["skip", "sub"]);
      assertEquals(await completeInBash(["corun", "run", "--out", ""], dir), ["sub"]);
      // A duration: neither words nor files.
      assertEquals(await completeInBash(["corun", "run", "--lock-t"], dir), ["--lock-timeout"]);
      assertEquals(await completeInBash(["corun", "run", "--lock-timeout", ""], dir), []);
      // corun.bash and notes.txt are no configs.
      assertEquals(await completeInBash(["corun", "run", ""], dir), [
        "more.toml",
        "sub",
        "tasks.yaml",
      ]);
      assertEquals(await completeInBash(["corun", "completions", ""], dir), [
        "bash",
        "fish",
        "zsh",
      ]);
      // db's actions, db cancel's --queue, and db prune's cutoff (a duration: neither words nor files).
      assertEquals(await completeInBash(["corun", "db", ""], dir), ["cancel", "migrate", "prune"]);
      assertEquals(await completeInBash(["corun", "db", "cancel", "--q"], dir), ["--queue"]);
      assertEquals(await completeInBash(["corun", "db", "prune", "--o"], dir), ["--older-than"]);
      assertEquals(await completeInBash(["corun", "db", "prune", "--older-than", ""], dir), []);
      // A command added to the registry is completed with its options.
      const withPrune = [...COMMANDS, PRUNE];
      assertEquals(await completeInBash(["corun", "pr"], dir, withPrune), ["prune"]);
      assertEquals(await completeInBash(["corun", "prune", "--k"], dir, withPrune), [
        "--keep-last",
      ]);
    });
  },
});

Deno.test({
  name: "bash completions: the value of --lock=, --out= as bash splits them, and status's config",
  ignore: !installed("bash"),
  async fn() {
    await withFiles(async (dir) => {
      // bash hands `--lock=s` over as three words, `--lock` `=` `s` (COMP_WORDBREAKS has "=").
      assertEquals(await completeInBash(["corun", "run", "--lock", "=", "s"], dir), ["skip"]);
      assertEquals(await completeInBash(["corun", "run", "--lock", "="], dir), [
        "fail",
        "skip",
        "wait",
      ]);
      assertEquals(await completeInBash(["corun", "run", "--out", "="], dir), ["sub"]);
      assertEquals(await completeInBash(["corun", "run", "--out", "=", "s"], dir), ["sub"]);
      // status takes a config too (optional): config files, as for run.
      assertEquals(await completeInBash(["corun", "status", ""], dir), [
        "more.toml",
        "sub",
        "tasks.yaml",
      ]);
      // After the value, the config again.
      assertEquals(await completeInBash(["corun", "run", "--lock", "=", "skip", "t"], dir), [
        "tasks.yaml",
      ]);
    });
  },
});

Deno.test({
  name: "fish completions: commands with summaries, options, config files only",
  ignore: !installed("fish"),
  async fn() {
    await withFiles(async (dir) => {
      await Deno.writeTextFile(`${dir}/corun.fish`, completionScript("fish", COMMANDS));
      const complete = async (line: string) =>
        (await shell("fish", `source ./corun.fish; complete -C ${JSON.stringify(line)}`, dir))
          .split("\n").filter((row) => row !== "").map((row) => row.split("\t")[0]).sort();
      const commands = await shell("fish", "source ./corun.fish; complete -C 'corun '", dir);
      assert(commands.includes("run\trun every task in a config\n"), commands);
      assertEquals(await complete("corun run --j"), ["--json"]);
      assertEquals(await complete("corun run "), ["more.toml", "sub/", "tasks.yaml"]);
      assertEquals(await complete("corun run --lock="), [
        "--lock=fail",
        "--lock=skip",
        "--lock=wait",
      ]);
      // --lock's mode is optional: the word after it is a mode or the config.
      assertEquals(await complete("corun run --lock "), [
        "fail",
        "more.toml",
        "skip",
        "sub/",
        "tasks.yaml",
        "wait",
      ]);
      assertEquals(await complete("corun run --lock t"), ["tasks.yaml"]);
      assertEquals(await complete("corun run --lock skip t"), ["tasks.yaml"]);
    });
  },
});

Deno.test("fish and zsh: after an option whose value is optional (--lock), its words and the config are completed", () => {
  const fish = completionScript("fish", COMMANDS).split("\n");
  // Not a required value (-x, -r): the config completion still applies after it.
  const lock = fish.find((line) =>
    line.startsWith("complete -c corun -n '__fish_seen_subcommand_from run' -l lock ")
  );
  assertMatch(lock ?? "", /^[^']*'[^']*' -l lock -a 'skip wait fail' -d /);
  // Its words as the next word too, `--lock skip`, beside the config.
  assert(
    fish.includes(
      "complete -c corun -n '__fish_seen_subcommand_from run; and __fish_prev_arg_in --lock' -a 'skip wait fail'",
    ),
  );
  // zsh: `--lock=` takes its value after the `=` or as the next word (`=-` would be the `=` alone).
  assertMatch(completionScript("zsh", COMMANDS), /'--lock=\[[^']*\]::mode:\(skip wait fail\)'/);
});

Deno.test({
  name: "zsh completions are a valid zsh script that defines _corun",
  ignore: !installed("zsh"),
  async fn() {
    await withFiles(async (dir) => {
      await Deno.writeTextFile(`${dir}/_corun`, completionScript("zsh", COMMANDS));
      const out = await shell(
        "zsh",
        "autoload -U compinit && compinit -u -d ./.zcompdump && source ./_corun && whence -w _corun",
        dir,
      );
      assertEquals(out, "_corun: function\n");
    });
  },
});

Deno.test("corun completions SHELL prints the script on stdout and exits 0; each script names every command", async () => {
  for (const name of ["bash", "zsh", "fish"] as Shell[]) {
    const world = createFakeWorld();
    assertEquals(await main(["completions", name], world.host), 0);
    assertEquals(world.stdout(), completionScript(name, COMMANDS));
    for (const command of COMMANDS) assert(world.stdout().includes(command.name), command.name);
  }
});
