import { assertEquals, assertInstanceOf, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { CookieFileError } from "../../mod.ts";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { run } from "./library_run.ts";
import { validateConfig } from "./load.ts";

async function withOutDir<T>(body: (outDir: string) => Promise<T>): Promise<T> {
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-run-test-" });
  try {
    return await body(outDir);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

Deno.test("run() takes a validated spec left with no tasks as a spec, and runs nothing", async () => {
  await withOutDir(async (outDir) => {
    const spec = validateConfig({ tasks: [{ sleep: "1s" }], outDir }, "inline");
    const report = await run({ ...spec, tasks: [] }, { virtualTime: true });
    assertEquals(report.counts, { done: 0, failed: 0, cancelled: 0, skipped: 0 });
  });
});

Deno.test("run() takes a copy of a validated spec as a spec", async () => {
  await withOutDir(async (outDir) => {
    const spec = validateConfig({ tasks: [{ name: "nap", sleep: "1s" }] }, "inline");
    const report = await run({ ...spec, outDir }, { virtualTime: true });
    assertEquals(report.counts.done, 1);
  });
});

Deno.test("run() validates a config whose defaults set timeouts by phase", async () => {
  const error = await assertRejects(
    () => run({ tasks: [{ sleep: "1s" }], defaults: { timeout: { connect: "soon" } } }),
    ConfigError,
  );
  assertEquals(error.issues.length, 1);
});

Deno.test("run() of null or a number fails with a ConfigError asking for a config object", async (t) => {
  for (const config of [null, 42]) {
    await t.step(String(config), async () => {
      // deno-lint-ignore no-explicit-any
      const error = await assertRejects(() => run(config as any));
      assertInstanceOf(error, ConfigError);
      assertEquals(error.issues.length, 1);
      assertEquals(error.issues[0].message.startsWith("expected a config object"), true);
    });
  }
});

Deno.test("run() with a cookies: file that is not a jar rejects, running nothing: a ConfigError at cookies, or mod.ts's CookieFileError once validated", async () => {
  await withOutDir(async (outDir) => {
    const jar = `${outDir}/jar.json`;
    const config = { outDir, cookies: jar, tasks: [{ name: "nap", sleep: "1s" }] };
    const spec = validateConfig(config, "tasks.yaml");
    await Deno.writeTextFile(jar, "this is not a cookie jar\n");
    const ran: string[] = [];
    const options = {
      virtualTime: true,
      onEvent: (event: { type: string }) => ran.push(event.type),
    };
    const refused = await assertRejects(() => run(config, options), ConfigError);
    assertEquals(refused.issues.map((issue: ConfigIssue) => [issue.path, issue.message]), [
      [
        "cookies",
        `cannot use the cookie jar "${jar}": line 1: not a cookie jar (not a JSON object)`,
      ],
    ]);
    // A spec validated before the jar went bad meets it when the run starts.
    const error = await assertRejects(() => run(spec, options), CookieFileError);
    assertEquals(error.path, jar);
    assertEquals(ran, []);
  });
});
