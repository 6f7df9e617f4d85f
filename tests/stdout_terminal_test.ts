/**
 * `save: "-"` to a terminal: a binary body is refused (curl's rule: it holds a NUL byte), so its
 * bytes never garble the screen, unless `--binary-to-terminal` asks for it; a text body goes out.
 * corun runs under `script`, which gives it a pseudo-terminal as its standard output.
 */
import { assert, assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { startRouteServer } from "./fixtures/route_server.ts";
import { MOD, runProgram } from "./fixtures/run_deno.ts";

const PERMISSIONS = "--allow-read --allow-write --allow-net --allow-env";
const SCRIPT = "/usr/bin/script";

/** Whether util-linux's `script` is there to make a terminal (else the test is skipped, but in CI). */
function hasScript(): boolean {
  try {
    return Deno.statSync(SCRIPT).isFile;
  } catch {
    if (Deno.env.get("CI")) throw new Error(`${SCRIPT} (util-linux) is not installed`);
    console.warn(`SKIPPED: ${SCRIPT} is not installed; the terminal test did not run`);
    return false;
  }
}

/** Runs `corun run out.yaml ...flags` in `dir` with a terminal as its output; what it showed. */
async function runOnTerminal(
  dir: string,
  flags: string[],
): Promise<{ code: number; shown: string }> {
  const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
  const command = [
    Deno.execPath(),
    "run",
    ...PERMISSIONS.split(" "),
    MOD,
    "run",
    "out.yaml",
    ...flags,
  ]
    .map(quote).join(" ");
  const ran = await runProgram(SCRIPT, ["-qec", command, "/dev/null"], { cwd: dir, stdin: "" });
  return { code: ran.code, shown: ran.stdout };
}

Deno.test({
  name: 'save "-" refuses a binary body on a terminal unless --binary-to-terminal; text goes out',
  ignore: Deno.build.os !== "linux",
  async fn() {
    if (!hasScript()) return;
    await using server = startRouteServer({
      "/blob": {
        body: new Uint8Array([0x42, 0x4c, 0x4f, 0x42, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x21]),
      },
      "/text": { body: "plain text for the screen\n" },
    });
    const dir = await Deno.makeTempDir({ prefix: "corun-stdout-terminal-" });
    const config = (path: string) =>
      Deno.writeTextFileSync(
        `${dir}/out.yaml`,
        `outDir: out\nmetadata: false\ntasks:\n  - { name: dump, fetch: "${server.url(path)}", ` +
          `save: "-" }\n`,
      );
    try {
      config("/blob");
      const refused = await runOnTerminal(dir, []);
      assertEquals(refused.code, 1, refused.shown);
      assertStringIncludes(
        refused.shown.replaceAll("\r\n", "\n"),
        `Cannot write ${server.url("/blob")} to standard output: it is a terminal, and the body ` +
          "is binary",
      );
      assert(!refused.shown.includes("BLOB"), "no byte of the body reached the terminal");
      assert(!refused.shown.includes("\x1b[2J"), "nor its escape sequence");

      const asked = await runOnTerminal(dir, ["--binary-to-terminal"]);
      assertEquals(asked.code, 0, asked.shown);
      assertStringIncludes(asked.shown, "BLOB\x00\x1b[2J!");

      config("/text");
      const text = await runOnTerminal(dir, []);
      assertEquals(text.code, 0, text.shown);
      assertStringIncludes(text.shown, "plain text for the screen");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
