import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { redactDatabaseUrl } from "../net/mod.ts";
import { databaseUrlOf, queueNameOf } from "./shared_queue.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";

Deno.test("a database URL is printed without its password, wherever it was put", () => {
  assertEquals(
    redactDatabaseUrl("postgres://corun:hunter2@db.internal:5432/corun"),
    "postgres://***@db.internal:5432/corun",
  );
  assertEquals(
    redactDatabaseUrl("postgres://db.internal/corun?user=corun&password=hunter2&sslmode=require"),
    "postgres://db.internal/corun?user=corun&password=***&sslmode=require",
  );
  assertEquals(
    redactDatabaseUrl("postgresql://db/corun?sslpassword=key-secret"),
    "postgresql://db/corun?sslpassword=***",
  );
  const refused = databaseUrlOf("mysql://corun:hunter2@db/x");
  assertEquals("problem" in refused && !refused.problem.includes("hunter2"), true);
  // libpq's keyword/value form is refused (a postgres:// URL is needed), and named without its
  // password, quoted or not, one holding an @ or a space too.
  for (
    const [given, shown] of [
      ["host=db user=corun password=hunter2", "host=db user=corun password=***"],
      ["password = 'hun ter@2' host=db", "password = *** host=db"],
      ["host=db sslpassword=p@ss", "host=db sslpassword=***"],
    ]
  ) {
    assertEquals(databaseUrlOf(given), {
      problem: `Cannot use database "${shown}": expected a postgres:// URL`,
    });
  }
});

Deno.test("a queue is named by --queue, else queue:, else the config file's name", () => {
  const config = validateConfig({ tasks: [{ sleep: "1s" }] }, "/srv/configs/nightly.yaml");
  assertEquals(queueNameOf(config, undefined, "nightly.yaml"), "nightly");
  assertEquals(queueNameOf(config, "other", "nightly.yaml"), "other");
  const named = validateConfig({ queue: "crawl", tasks: [{ sleep: "1s" }] }, "/srv/x.yaml");
  assertEquals(queueNameOf(named, undefined, "x.yaml"), "crawl");
});

Deno.test("--queue follows the rule of queue:, before any command connects", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun_queue_flag_" });
  try {
    const config = `${dir}/nightly.yaml`;
    await Deno.writeTextFile(
      config,
      'schedule: { cron: "@hourly", timezone: UTC }\ntasks:\n  - fetch: "http://127.0.0.1:1/a"\n',
    );
    // Nothing listens on port 1: a command that connected would fail with exit 1, not 2.
    const db = "postgres://corun@127.0.0.1:1/corun";
    for (const command of ["submit", "worker", "status", "schedule"]) {
      for (const queue of [" nightly", "night\nly", "x".repeat(9_000)]) {
        let stderr = "";
        const host = {
          stdout: { write: () => {} },
          stderr: { write: (text: string) => void (stderr += text) },
          isTerminal: () => false,
          listenForInterrupts: createFakeWorld().host.listenForInterrupts,
        };
        const code = await main([command, config, "--db", db, "--queue", queue], host);
        assertEquals(code, EXIT_CODES.usage, `${command}: ${stderr}`);
        assertStringIncludes(stderr, "Cannot use --queue: expected a queue name of letters");
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("worker --lease past 24 days is refused before connecting, not by the database", async () => {
  let stderr = "";
  const host = {
    stdout: { write: () => {} },
    stderr: { write: (text: string) => void (stderr += text) },
    isTerminal: () => false,
    listenForInterrupts: createFakeWorld().host.listenForInterrupts,
  };
  const db = "postgres://corun@127.0.0.1:1/corun";
  const code = await main(["worker", "nightly.yaml", "--db", db, "--lease", "30d"], host);
  assertEquals([code, stderr], [
    EXIT_CODES.usage,
    "Cannot read --lease: a lease longer than 24 days cannot be kept\n",
  ]);
});
