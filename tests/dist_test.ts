import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { BUNDLE_URL, bundleDigest, sourceDigest } from "../dist/build.ts";

Deno.test("dist/corun.js is built from the current sources (else run `deno task build`)", async () => {
  const bundle = await Deno.readTextFile(BUNDLE_URL);
  assertEquals(
    bundleDigest(bundle),
    await sourceDigest(),
    "dist/corun.js is out of date: run `deno task build` and commit it",
  );
});

Deno.test("a bundle's digest line is read back; text without one has none", () => {
  assertEquals(bundleDigest("// corun\n// sources: sha256-abc\nvar x;"), "abc");
  assertEquals(bundleDigest("var x;\n"), undefined);
});
