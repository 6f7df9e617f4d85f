import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { BUNDLE_DIR_URL, bundleDigest, ENTRY_FILE, sourceDigest } from "../dist/build.ts";

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
