/**
 * A database URL whose address answers, but not in PostgreSQL's protocol (a web server's port): the
 * client opened a connection again at once, for ever, each time the server closed one, so `submit`,
 * `worker`, `status` and `db migrate` spun there instead of failing. Each now fails, naming the
 * address (without the password) and why.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

const CLI_FLAGS = ["run", "--allow-read", "--allow-write", "--allow-net", "--allow-env", MOD];

/** Its exit code and output; it throws, saying so, when it was still running after 60 s. */
async function corunWithin60s(args: string[]): Promise<{ code: number; text: string }> {
  const ran = await runDeno([...CLI_FLAGS, ...args], {
    env: { NO_COLOR: "1", CORUN_DATABASE_URL: "" },
    giveUpMs: 60_000,
  });
  return { code: ran.code, text: ran.stdout + ran.stderr };
}

Deno.test("a database URL of a web server's port fails, naming it, instead of hanging", async () => {
  // Answers anything with 400 and closes the connection, as a web server or a proxy does.
  const web = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response("not here", { status: 400 }),
  );
  const dir = await Deno.makeTempDir({ prefix: "corun-not-pg-" });
  try {
    const config = `${dir}/pages.yaml`;
    await Deno.writeTextFile(
      config,
      `tasks:\n  - name: pages\n    fetch: "http://127.0.0.1:1/a"\n`,
    );
    const db = `postgres://corun:hunter2@127.0.0.1:${web.addr.port}/corun`;
    const runs = await Promise.all([
      corunWithin60s(["submit", config, "--db", db]),
      corunWithin60s(["db", "migrate", "--db", db]),
    ]);
    for (const run of runs) {
      assertEquals(run.code, 1, run.text);
      assertStringIncludes(run.text, `"postgres://***@127.0.0.1:${web.addr.port}/corun": `);
      assertStringIncludes(run.text, "no answer in PostgreSQL's protocol");
      assertEquals(run.text.includes("hunter2"), false, "the password is never shown");
    }
  } finally {
    await web.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a connect_timeout in the database URL is the one corun waits by, not its own 10 s", async () => {
  const web = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response("not here", { status: 400 }),
  );
  try {
    // The wait for the first answer is the connection's timeout and 2 s: 12 s without one.
    const db = `postgres://corun:hunter2@127.0.0.1:${web.addr.port}/corun?connect_timeout=1`;
    const run = await corunWithin60s(["db", "migrate", "--db", db]);
    assertEquals(run.code, 1, run.text);
    assertStringIncludes(run.text, "no answer in PostgreSQL's protocol within 3s");
    assertStringIncludes(
      run.text,
      `"postgres://***@127.0.0.1:${web.addr.port}/corun?connect_timeout=1": `,
    );
    assertEquals(run.text.includes("hunter2"), false, "the password is never shown");
  } finally {
    await web.shutdown();
  }
});
