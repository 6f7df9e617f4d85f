import { assert, assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";

/** Runs the command line with stdout and stderr captured, and without `CORUN_DATABASE_URL`. */
async function corun(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const saved = Deno.env.get("CORUN_DATABASE_URL");
  Deno.env.delete("CORUN_DATABASE_URL");
  try {
    const code = await main(args, {
      stdout: { write: (text) => void (stdout += text) },
      stderr: { write: (text) => void (stderr += text) },
      columns: () => 100,
    });
    return { code, stdout, stderr };
  } finally {
    if (saved !== undefined) Deno.env.set("CORUN_DATABASE_URL", saved);
  }
}

Deno.test("corun db migrate without a database names only the places db migrate reads", async () => {
  const { code, stdout, stderr } = await corun(["db", "migrate"]);
  assertEquals(code, EXIT_CODES.usage);
  assertEquals(stdout, "");
  // db migrate takes no config, so it never suggests a config's db:.
  assertEquals(stderr, "No database: give --db postgres://… or set CORUN_DATABASE_URL\n");
});

Deno.test("corun db --help says where its database comes from, and its action once", async () => {
  const { code, stdout } = await corun(["db", "--help"]);
  assertEquals(code, EXIT_CODES.ok);
  assertStringIncludes(stdout, "--db <url>");
  assert(!stdout.includes("config's db:"), stdout);
  assertStringIncludes(stdout, "CORUN_DATABASE_URL");
  assert(!stdout.includes("migrate (migrate)"), stdout);
  assertStringIncludes(stdout, "what to do (migrate)");
});
