import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  BUNDLE_DIR_URL,
  bundleDigest,
  checkServedBundle,
  dropBareImport,
  ENTRY_FILE,
  sourceDigest,
  startupImports,
  staticImportsOf,
} from "../dist/build.ts";
import { runDeno } from "./fixtures/run_deno.ts";

Deno.test("dist/cli/ is built from the current sources (else run `deno task build`)", async () => {
  const bundle = await Deno.readTextFile(new URL(ENTRY_FILE, BUNDLE_DIR_URL));
  assertEquals(
    bundleDigest(bundle),
    await sourceDigest(),
    "dist/cli/ is out of date: run `deno task build` and commit it",
  );
});

Deno.test("a bundle's digest line is read back; text without one has none", () => {
  assertEquals(bundleDigest("// corun\n// sources: sha256-abc\nvar x;"), "abc");
  assertEquals(bundleDigest("var x;\n"), undefined);
});

Deno.test("the CommonJS shim's chunk loses only its bare imports; a chunk that uses it keeps its import", () => {
  const shim = "chunk-SHIM.js";
  const entry = 'import"./chunk-A.js";import"./chunk-SHIM.js";console.log(1);';
  assertEquals(dropBareImport(entry, shim), 'import"./chunk-A.js";console.log(1);');
  const user = 'import{a as r}from"./chunk-SHIM.js";r("node:process");';
  assertEquals(dropBareImport(user, shim), user);
  assertEquals(dropBareImport(entry, undefined), entry);
});

Deno.test("staticImportsOf() finds a minified module's static imports and re-exports, not import()", () => {
  const code = 'import"./a.js";import{b as c}from"./b.js";import*as d from"node:path";' +
    'export{e}from"./e.js";const f=()=>import("node:zlib");const g="import x";';
  assertEquals(staticImportsOf(code), ["./a.js", "./b.js", "node:path", "./e.js"]);
});

Deno.test("the built bundle starts without Deno's Node compatibility layer (no node: module before a run needs one)", async () => {
  const dir = decodeURIComponent(BUNDLE_DIR_URL.pathname);
  const node = (await startupImports(dir, ENTRY_FILE)).filter((name) => name.startsWith("node:"));
  assertEquals(node, [], "dist/cli/ loads node: modules as it starts: run `deno task build`");
  const code = await Deno.readTextFile(new URL(ENTRY_FILE, BUNDLE_DIR_URL));
  assertEquals(code.includes("CommanderError"), false);
});

Deno.test("the built bundle served over http locates a YAML config's problems and obeys robots.txt, as from a file", async () => {
  // Both load a CommonJS package, whose `require` once threw for a bundle not loaded from a file.
  await checkServedBundle(decodeURIComponent(BUNDLE_DIR_URL.pathname));
});

Deno.test("the bundle copied to a folder of its own names a config's line, not its own chunk, where corun refused a task's call", async () => {
  const work = await Deno.makeTempDir({ prefix: "corun-copied-bundle-" });
  try {
    // Installed as a user might: the chunks alone, with no lib/ or dist/ around them.
    await Deno.mkdir(`${work}/opt`);
    for (const { name } of Deno.readDirSync(BUNDLE_DIR_URL)) {
      await Deno.copyFile(new URL(name, BUNDLE_DIR_URL), `${work}/opt/${name}`);
    }
    await Deno.mkdir(`${work}/job`);
    await Deno.writeTextFile(
      `${work}/job/c.js`,
      'export default { metadata: false, tasks: [{ name: "t", *run(ctx) {\n' +
        '  yield* ctx.sleep("3s");\n' +
        "} }] };\n",
    );
    const ran = await runDeno(
      ["run", "--no-lock", "--no-config", "-A", `${work}/opt/${ENTRY_FILE}`, "run", "c.js"],
      { cwd: `${work}/job`, env: { NO_COLOR: "1" } },
    );
    const failed = ran.stdout.split("\n").find((line) => line.includes(" t failed "));
    assertEquals(
      failed?.replace(/^.* t failed [\d.]+s: /, ""),
      `Cannot sleep "3s" in task "t": expected a number of milliseconds (at ${work}/job/c.js:2:14)`,
      ran.stdout + ran.stderr,
    );
  } finally {
    await Deno.remove(work, { recursive: true });
  }
});
