/**
 * What a TypeScript config's own code throws while it is imported (a bug at its top level, a module
 * it imports, the promise it exports rejecting) is said as a custom task's failure is: by the
 * error's name (`TypeError: …`), at the config's line and column, or where it was when that is in
 * another module. Deno's own refusals (a syntax error) keep their words.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { join } from "npm:deno-std@1.4.0/path/mod.js";
import { ConfigError, loadConfig } from "../mod.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const inDir = withTempDir("corun-config-thrown-");

/** Each issue of loading `name`, as the command line says it (`file:line:column: message`). */
async function issuesOf(dir: string, name: string): Promise<string[]> {
  try {
    await loadConfig(join(dir, name));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map((issue) => {
      const at = issue.line === undefined ? "" : `:${issue.line}:${issue.column}`;
      return `${issue.file.slice(dir.length + 1)}${at}: ${issue.message}`;
    });
  }
  throw new Error(`${name} loaded`);
}

Deno.test("a TypeScript config that throws at import, or exports a rejected promise, names the error and where", async () => {
  await inDir(async (dir) => {
    await Deno.writeTextFile(
      join(dir, "top.ts"),
      "const page: any = undefined;\nconst n = page.length;\nexport default { tasks: [] };\n",
    );
    await Deno.writeTextFile(
      join(dir, "rejects.ts"),
      'export default Promise.reject(new RangeError("nope"));\n',
    );
    await Deno.writeTextFile(
      join(dir, "helper.ts"),
      "const o: any = null;\nexport const x = o.y;\n",
    );
    await Deno.writeTextFile(
      join(dir, "imports.ts"),
      'import { x } from "./helper.ts";\nexport default { tasks: [], x };\n',
    );
    await Deno.writeTextFile(join(dir, "syntax.ts"), "export default { tasks: [ };\n");
    assertEquals(await issuesOf(dir, "top.ts"), [
      "top.ts:2:16: cannot import the config module: TypeError: Cannot read properties of " +
      "undefined (reading 'length')",
    ]);
    // A stack names the file decoded: a space in its name keeps its line and column.
    await Deno.writeTextFile(
      join(dir, "sp ace.ts"),
      "const page: any = undefined;\nconst n = page.length;\nexport default { tasks: [] };\n",
    );
    assertEquals(await issuesOf(dir, "sp ace.ts"), [
      "sp ace.ts:2:16: cannot import the config module: TypeError: Cannot read properties of " +
      "undefined (reading 'length')",
    ]);
    assertEquals(await issuesOf(dir, "rejects.ts"), [
      "rejects.ts:1:31: cannot import the config module: RangeError: nope",
    ]);
    assertEquals(await issuesOf(dir, "imports.ts"), [
      "imports.ts: cannot import the config module: TypeError: Cannot read " +
      `properties of null (reading 'y') (at ${join(dir, "helper.ts")}:2:20)`,
    ]);
    const [syntax] = await issuesOf(dir, "syntax.ts");
    assertEquals(
      syntax.startsWith("syntax.ts:1:27: cannot import the config module: SyntaxError:"),
      true,
      syntax,
    );
  });
});

Deno.test("corun check of a config that throws at import says the error's name, at its line", async () => {
  await inDir(async (dir) => {
    await Deno.writeTextFile(
      join(dir, "top.ts"),
      "const page: any = undefined;\nconst n = page.length;\nexport default { tasks: [] };\n",
    );
    const ran = await runDeno(["run", "-A", MOD, "check", "top.ts"], { cwd: dir });
    assertEquals([ran.code, ran.stdout, ran.stderr], [
      2,
      "",
      "top.ts:2:16: cannot import the config module: TypeError: Cannot read properties of " +
      "undefined (reading 'length')\n" +
      'Cannot load the config "top.ts": found 1 problem\n',
    ]);
  });
});

Deno.test("a local TypeScript config that imports from a host Deno may not import from names the flag with that host", async () => {
  await inDir(async (dir) => {
    // As a config importing corun's mod.ts from a URL does; Deno refuses before connecting.
    await Deno.writeTextFile(
      join(dir, "remote.ts"),
      'import { defineConfig } from "http://127.0.0.1:9/mod.ts";\n' +
        "export default defineConfig({ tasks: [] });\n",
    );
    const ran = await runDeno(["run", "--allow-read", MOD, "check", "remote.ts"], { cwd: dir });
    assertEquals([ran.code, ran.stdout, ran.stderr], [
      2,
      "",
      "remote.ts:1:30: cannot import the config module: Requires import access to " +
      '"127.0.0.1:9", run again with the --allow-import flag (the config imports a module from ' +
      "127.0.0.1:9; start corun with --allow-import=127.0.0.1:9)\n" +
      'Cannot load the config "remote.ts": found 1 problem\n',
    ]);
  });
});

Deno.test("a TypeScript config importing a bare name no import map of corun's maps says how to import it", async () => {
  await inDir(async (dir) => {
    // As mod.ts's examples import corun, by its package name, meant for the user's own deno.json.
    await Deno.writeTextFile(
      join(dir, "bare.ts"),
      'import { defineConfig } from "@example/corun";\nexport default defineConfig({ tasks: [] });\n',
    );
    const ran = await runDeno(["run", "--allow-read", MOD, "check", "bare.ts"], { cwd: dir });
    const [issue] = ran.stderr.split("\n");
    assertEquals(ran.code, 2);
    assertEquals(
      issue.startsWith('bare.ts:1:30: cannot import the config module: Import "@example/corun"'),
      true,
      issue,
    );
    assertEquals(
      issue.endsWith(
        " (import it by URL, path or npm: specifier, or map the name in a deno.json and start " +
          "corun with deno run --config DENO_JSON)",
      ),
      true,
      issue,
    );
  });
});
