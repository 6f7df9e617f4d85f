/**
 * A TypeScript config whose top-level `await` never settles. The command line listens for Ctrl-C
 * while it loads the config, so Deno never says "Top-level await promise never resolved": without a
 * bound, `corun check` and `corun run` would wait for ever, saying nothing (a cron job never ends).
 * The import is bounded by `--config-timeout`: the command says which config and why, and exits 2.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { stall, startScriptedServer } from "./fixtures/scripted_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const inDir = withTempDir("corun-stalled-import-");

const UNSETTLED = (config: string) =>
  `${config}: cannot import the config module: it did not finish within 300ms: its top-level ` +
  "await (or the promise it exports) had not settled; raise --config-timeout (urlTimeoutMs in " +
  "loadConfig) if it is only slow\n" +
  `Cannot load the config "${config}": found 1 problem\n`;

for (const command of ["check", "run"]) {
  Deno.test(`corun ${command} of a config whose top-level await never settles exits 2, naming it`, async () => {
    await inDir(async (dir) => {
      await Deno.writeTextFile(
        `${dir}/tla.ts`,
        `import { defineConfig } from ${JSON.stringify(MOD)};
await new Promise(() => {});
export default defineConfig({ tasks: [{ name: "nap", sleep: "1ms" }] });
`,
      );
      const ran = await runDeno(
        ["run", "-A", MOD, command, "--config-timeout", "300ms", "tla.ts"],
        { cwd: dir, giveUpMs: 20_000 },
      );
      assertEquals([ran.code, ran.stdout, ran.stderr], [2, "", UNSETTLED("tla.ts")]);
    });
  });
}

Deno.test("corun check of a config whose default export is a promise that never settles exits 2, naming it", async () => {
  await inDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/pending.ts`, "export default new Promise(() => {});\n");
    const ran = await runDeno(
      ["run", "-A", MOD, "check", "--config-timeout", "300ms", "pending.ts"],
      { cwd: dir, giveUpMs: 20_000 },
    );
    assertEquals([ran.code, ran.stdout, ran.stderr], [2, "", UNSETTLED("pending.ts")]);
  });
});

Deno.test("corun check of a TypeScript config URL whose server never answers says it did not arrive, not blaming a top-level await", async () => {
  await using server = startScriptedServer({ routes: { "/slow.ts": [stall()] } });
  const slow = server.url("/slow.ts");
  await inDir(async (dir) => {
    const ran = await runDeno(
      [
        "run",
        "--quiet", // no "Download …" line of Deno's
        "--allow-read",
        "--allow-write",
        "--allow-net",
        "--allow-env",
        "--no-lock", // the repository's deno.json is in reach: its lockfile stays as it is
        `--allow-import=${new URL(slow).host}`,
        MOD,
        "check",
        "--config-timeout",
        "300ms",
        slow,
      ],
      { cwd: dir, giveUpMs: 20_000 },
    );
    assertEquals([ran.code, ran.stdout, ran.stderr], [
      2,
      "",
      `${slow}: cannot import the config module: it did not arrive or finish importing within ` +
      "300ms (its download, a module it imports, or its top-level await); raise " +
      "--config-timeout (urlTimeoutMs in loadConfig) if it is only slow\n" +
      `Cannot load the config "${slow}": found 1 problem\n`,
    ]);
  });
});
