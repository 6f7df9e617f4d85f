import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  BUNDLE_DIR_URL,
  bundleDigest,
  dropUnusedBuiltins,
  ENTRY_FILE,
  sourceDigest,
} from "../dist/build.ts";

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

Deno.test("in commander's chunk, the built-ins only executable subcommands use are left out, loudly", () => {
  const chunk =
    'class CommanderError{};const e=r("node:events"),a=r("node:child_process"),b=r("node:fs");' +
    'const f=()=>import("node:fs");';
  const dropped = dropUnusedBuiltins(chunk);
  assertEquals(dropped.includes('r("node:child_process")'), false);
  assertEquals(dropped.includes('r("node:fs")'), false);
  assertEquals(dropped.includes('r("node:events")'), true);
  assertEquals(dropped.includes('import("node:fs")'), true, "only commander's require is replaced");
  const standIn = dropped.slice(dropped.indexOf("a=") + 2, dropped.indexOf(",b="));
  const childProcess = new Function(`return ${standIn}`)() as { spawn: unknown };
  assertThrows(() => childProcess.spawn, Error, "leaves out node:child_process");
  const other = 'const a=r("node:fs");';
  assertEquals(dropUnusedBuiltins(other), other);
  // A commander that changed how it loads them fails the build instead of slipping through.
  assertThrows(
    () => dropUnusedBuiltins('class CommanderError{};r("node:events");r("node:fs")'),
    Error,
    "node:child_process",
  );
});

Deno.test("the built bundle loads neither node:child_process nor node:fs", async () => {
  const code = await Deno.readTextFile(new URL(ENTRY_FILE, BUNDLE_DIR_URL));
  assertEquals(/\("node:(child_process|fs)"\)|from"node:(child_process|fs)"/.test(code), false);
  assertEquals(code.split("corun's bundle leaves out").length - 1, 2);
});
