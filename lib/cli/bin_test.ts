import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { runDeno } from "../../tests/fixtures/run_deno.ts";
import { asksOnlyForVersion } from "./bin.ts";
import { VERSION } from "./version.ts";

const BIN = decodeURIComponent(new URL("./bin.ts", import.meta.url).pathname);

Deno.test("asksOnlyForVersion() is true for --version or -V alone", () => {
  assertEquals(
    [["--version"], ["-V"], ["--version", "--help"], ["run", "--version"], ["--help"], []]
      .map(asksOnlyForVersion),
    [true, true, false, false, false, false],
  );
});

Deno.test("bin.ts prints the version for --version and -V, and runs any other command line", async () => {
  for (const flag of ["--version", "-V"]) {
    assertEquals(await runDeno(["run", BIN, flag]), {
      code: 0,
      stdout: `${VERSION}\n`,
      stderr: "",
    });
  }
  const help = await runDeno(["run", BIN, "check", "--help"]);
  assertEquals([help.code, help.stdout.split("\n")[0]], [
    0,
    "Usage: corun check [options] <config>",
  ]);
  const bad = await runDeno(["run", BIN, "check", "--frob"]);
  assertEquals([bad.code, bad.stderr.split("\n")[0]], [2, "error: unknown option '--frob'"]);
});
