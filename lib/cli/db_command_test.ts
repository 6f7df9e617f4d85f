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
  // Wrapped to the terminal's width: read as one line.
  assertStringIncludes(stdout.replace(/\s+/g, " "), "(migrate, prune, cancel)");
  assertStringIncludes(stdout, "--queue <name>");
  assertStringIncludes(stdout, "(default 7d)");
});

Deno.test("corun db prune without a database says where to give one, as db migrate does", async () => {
  const { code, stdout, stderr } = await corun(["db", "prune"]);
  assertEquals([code, stdout], [EXIT_CODES.usage, ""]);
  assertEquals(stderr, "No database: give --db postgres://… or set CORUN_DATABASE_URL\n");
});

Deno.test("corun db prune refuses a cutoff of now, a negative one, or one past any date", async (t) => {
  const db = "postgres://corun@127.0.0.1:9/corun";
  const cases: [string, string][] = [
    ["0", 'expected a duration longer than 0, such as 7d or 12h, got "0"'],
    ["0s", 'expected a duration longer than 0, such as 7d or 12h, got "0s"'],
    // Rounded to the millisecond, it is 0.
    ["0.0001s", 'expected a duration longer than 0, such as 7d or 12h, got "0.0001s"'],
    ["-1d", 'a duration cannot be negative, got "-1d"'],
    [
      "a week",
      'expected a duration like "3s", "1500ms" or "1h30m" (units ms, s (sec), m (min), h (hour), d (day), as in "1h 30m"; a number alone is seconds), got "a week"',
    ],
    ["36501d", 'expected at most 36500d (100 years), got "36501d"'],
  ];
  for (const [given, problem] of cases) {
    await t.step(given, async () => {
      // Refused before anything connects (nothing listens on port 9).
      const { code, stdout, stderr } = await corun([
        "db",
        "prune",
        "--db",
        db,
        `--older-than=${given}`,
      ]);
      assertEquals([code, stdout], [EXIT_CODES.usage, ""]);
      assertStringIncludes(stderr, `Cannot read --older-than: ${problem}`);
      assertEquals(stderr.split("\n").length, 2, stderr);
    });
  }
  await t.step("with no database either, both are said", async () => {
    const { code, stderr } = await corun(["db", "prune", "--older-than", "0"]);
    assertEquals(code, EXIT_CODES.usage);
    assertEquals(stderr.split("\n").slice(0, 2).map((line) => line.split(":")[0]), [
      "No database",
      "Cannot read --older-than",
    ]);
  });
});

Deno.test("corun db migrate, prune and cancel refuse the others' flags rather than ignore them", async () => {
  const db = "postgres://corun@127.0.0.1:9/corun";
  const one = await corun(["db", "migrate", "--db", db, "--older-than", "1d"]);
  assertEquals(
    [one.code, one.stderr],
    [EXIT_CODES.usage, "Cannot use --older-than with db migrate: it takes --db alone\n"],
  );
  const both = await corun(["db", "migrate", "--db", db, "--json", "--older-than", "1d"]);
  assertEquals(
    both.stderr,
    "Cannot use --older-than and --json with db migrate: it takes --db alone\n",
  );
  // Refused before anything connects (nothing listens on port 9).
  const queue = await corun(["db", "prune", "--db", db, "--queue", "nightly"]);
  assertEquals(
    [queue.code, queue.stdout, queue.stderr],
    [
      EXIT_CODES.usage,
      "",
      "Cannot use --queue with db prune: it takes --db, --older-than and --json\n",
    ],
  );
  const cutoff = await corun(["db", "cancel", "--db", db, "--queue", "q", "--older-than", "1d"]);
  assertEquals(
    [cutoff.code, cutoff.stderr],
    [
      EXIT_CODES.usage,
      "Cannot use --older-than with db cancel: it takes --db, --queue and --json\n",
    ],
  );
});

Deno.test("corun db cancel without --queue, or with one no queue can be named, says so", async () => {
  const db = "postgres://corun@127.0.0.1:9/corun";
  const none = await corun(["db", "cancel", "--db", db]);
  assertEquals([none.code, none.stdout], [EXIT_CODES.usage, ""]);
  assertEquals(
    none.stderr,
    "Cannot cancel without --queue NAME: name the queue whose waiting fetches to remove " +
      "(corun status --db lists the queues)\n",
  );
  const bad = await corun(["db", "cancel", "--db", db, "--queue", "night ly"]);
  assertEquals([bad.code, bad.stdout], [EXIT_CODES.usage, ""]);
  assertStringIncludes(bad.stderr, "Cannot read --queue: ");
  // With no database either, both are said.
  const neither = await corun(["db", "cancel"]);
  assertEquals(neither.code, EXIT_CODES.usage);
  assertEquals(neither.stderr.split("\n").slice(0, 2).map((line) => line.split(":")[0]), [
    "No database",
    "Cannot cancel without --queue NAME",
  ]);
});
