import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { type ConfigError, validateConfig } from "../config/mod.ts";
import { redactDatabaseUrl } from "../net/mod.ts";
import { databaseUrlOf, queueNameOf } from "./shared_queue.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";

/** Runs `body` with CORUN_DATABASE_URL set to `value`, then puts back what it was. */
function withDatabaseEnv(value: string, body: () => void): void {
  const saved = Deno.env.get("CORUN_DATABASE_URL");
  Deno.env.set("CORUN_DATABASE_URL", value);
  try {
    body();
  } finally {
    if (saved === undefined) Deno.env.delete("CORUN_DATABASE_URL");
    else Deno.env.set("CORUN_DATABASE_URL", saved);
  }
}

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
  // Its name percent-encoded, or in capitals, a password parameter is one all the same.
  assertEquals(
    redactDatabaseUrl("postgres://db/corun?%70assword=LEAK1&PassWord=LEAK2&%73slpassword=LEAK3"),
    "postgres://db/corun?%70assword=***&PassWord=***&%73slpassword=***",
  );
  // Mistyped, the URL parser reads the user part as a path (or refuses it): hidden all the same.
  for (
    const [given, shown] of [
      ["postgres:/corun:hunter2@db/corun", "postgres:/***@db/corun"],
      ["postgres:///corun:hunter2@db/corun", "postgres:///***@db/corun"],
      ["postgresql//corun:hunter2@db/corun", "postgresql//***@db/corun"],
    ]
  ) assertEquals(redactDatabaseUrl(given), shown);
  const refused = databaseUrlOf("mysql://corun:hunter2@db/x");
  assertEquals("problem" in refused && !refused.problem.includes("hunter2"), true);
  // libpq's keyword/value form is refused (a postgres:// URL is needed), and not shown: a
  // misspelled keyword (passwd=) would leave its password in view.
  for (
    const given of [
      "host=db user=corun password=hunter2",
      "password = 'hun ter@2' host=db",
      "host=db sslpassword=p@ss",
      "host=db passwd=hunter2",
    ]
  ) {
    assertEquals(databaseUrlOf(given), {
      problem:
        "Cannot use the database given by --db: expected a postgres:// URL, got a text that is " +
        "not one (not shown: it may be a credential); a keyword/value connection string " +
        "(host=… dbname=…) is not taken: write it as postgres://user@host:port/dbname",
    });
  }
});

Deno.test("a password given as the whole database URL is not shown, wherever it was given", async (t) => {
  const notShown = (where: string) =>
    `Cannot use the database given by ${where}: expected a postgres:// URL, got a text that is not ` +
    "one (not shown: it may be a credential)";
  await t.step("--db", () => {
    assertEquals(databaseUrlOf("s3cret"), { problem: notShown("--db") });
    assertEquals(databaseUrlOf("me:s3cret@db"), { problem: notShown("--db") });
  });
  await t.step("CORUN_DATABASE_URL", () => {
    withDatabaseEnv("s3cret", () => {
      assertEquals(databaseUrlOf(undefined), { problem: notShown("CORUN_DATABASE_URL") });
    });
  });
  await t.step("db: in the config", () => {
    assertEquals(validateConfigIssues({ db: "s3cret", tasks: [{ sleep: "1s" }] }), [
      'db: expected a PostgreSQL URL such as "postgres://corun@db.example:5432/corun", got a ' +
      "text that is not a URL (not shown: it may be a credential)",
    ]);
  });
  await t.step("a command says so before connecting", async () => {
    let stderr = "";
    const host = {
      stdout: { write: () => {} },
      stderr: { write: (text: string) => void (stderr += text) },
      isTerminal: () => false,
      listenForInterrupts: createFakeWorld().host.listenForInterrupts,
    };
    const code = await main(["db", "migrate", "--db", "s3cret"], host);
    assertEquals([code, stderr], [EXIT_CODES.usage, `${notShown("--db")}\n`]);
  });
});

Deno.test("a database URL without // after its scheme is refused before connecting, wherever it was given", async (t) => {
  // The URL parser takes these (a path, no server); the client connected to localhost instead.
  const scheme = "; its scheme needs // after it: postgres://user:password@host:port/dbname";
  const notShown = (where: string) =>
    `Cannot use the database given by ${where}: expected a postgres:// URL, got a text that is ` +
    `not one (not shown: it may be a credential)${scheme}`;
  const dir = await Deno.makeTempDir({ prefix: "corun_db_slashes_" });
  try {
    const config = `${dir}/pages.yaml`;
    await Deno.writeTextFile(
      config,
      'schedule: { cron: "0 * * * *", timezone: UTC }\ntasks:\n  - fetch: "http://127.0.0.1:1/a"\n',
    );
    for (
      const [command, args] of [
        ["status", [config]],
        ["submit", [config]],
        ["worker", [config]],
        ["schedule", [config]],
        ["db", ["migrate"]],
      ] as const
    ) {
      await t.step(
        `${[command, ...args.slice(command === "db" ? 0 : 1)].join(" ")} --db`,
        async () => {
          for (
            const [given, problem] of [
              ["postgres:corun:hunter2@127.0.0.1/corun", notShown("--db")],
              ["POSTGRESQL:corun:hunter2@127.0.0.1/corun", notShown("--db")],
              [
                "postgres:/corun:hunter2@127.0.0.1/corun",
                "Cannot use the database given by --db: expected a postgres:// URL, got " +
                `"postgres:/***@127.0.0.1/corun"${scheme}`,
              ],
            ]
          ) {
            let stderr = "";
            const host = {
              stdout: { write: () => {} },
              stderr: { write: (text: string) => void (stderr += text) },
              isTerminal: () => false,
              listenForInterrupts: createFakeWorld().host.listenForInterrupts,
            };
            // Refused, exit 2: a command that connected would fail with exit 1.
            const code = await main([command, ...args, "--db", given], host);
            assertEquals([code, stderr], [EXIT_CODES.usage, `${problem}\n`]);
          }
        },
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  await t.step("CORUN_DATABASE_URL", () => {
    withDatabaseEnv("postgresql:corun:hunter2@db/corun", () => {
      assertEquals(databaseUrlOf(undefined), { problem: notShown("CORUN_DATABASE_URL") });
    });
  });
  await t.step("db: in the config", () => {
    const expected =
      'db: expected a PostgreSQL URL such as "postgres://corun@db.example:5432/corun", got';
    assertEquals(
      validateConfigIssues({ db: "postgres:corun:hunter2@db/corun", tasks: [{ sleep: "1s" }] }),
      [`${expected} a text that is not a URL (not shown: it may be a credential)${scheme}`],
    );
    assertEquals(
      validateConfigIssues({ db: "postgres:/corun:hunter2@db/corun", tasks: [{ sleep: "1s" }] }),
      [`${expected} "postgres:/***@db/corun"${scheme}`],
    );
    // The URLs the client reads, in any case, are taken.
    for (const db of ["postgres://corun@db/corun", "PostgreSQL://corun@db/corun"]) {
      assertEquals(validateConfigIssues({ db, tasks: [{ sleep: "1s" }] }), []);
      assertEquals(databaseUrlOf(db), { url: db });
    }
  });
});

Deno.test("a database URL with its // that does not parse, or that begins with a space, is refused saying why, not that it lacks //", () => {
  const refused = "Cannot use the database given by --db: expected a postgres:// URL, got ";
  const expected =
    'db: expected a PostgreSQL URL such as "postgres://corun@db.example:5432/corun", ' +
    "got ";
  const unparsed = "; it does not parse as a URL: in its user name and password write # as %23, " +
    "/ as %2F and ? as %3F, and give its port in digits (at most 65535)";
  const spaced = "; it begins with white space: leave that out";
  const cut = "; its password holds a raw #, ? or /, which ends the host part there: the user " +
    "name would be taken for the host, and the password sent on as the rest of the URL; in a " +
    "user name or password write # as %23, / as %2F and ? as %3F";
  for (
    const [given, shown, why] of [
      // A password's # (or / or ?) ends the URL's server part: what is left reads as a bad port.
      ["postgres://corun:hun#ter2@db/corun", "postgres://***@db/corun", cut],
      ["postgresql://corun:hun/ter2@db/corun", "postgresql://***@db/corun", cut],
      ["postgres://corun:hunter2@db:99999/corun", "postgres://***@db:99999/corun", unparsed],
      // The shown URL leaves the space out: only the message tells it.
      [" postgres://corun:hunter2@db/corun", "postgres://***@db/corun", spaced],
      ["\npostgres://corun:hunter2@db/corun", "postgres://***@db/corun", spaced],
    ]
  ) {
    assertEquals(databaseUrlOf(given), { problem: `${refused}"${shown}"${why}` });
    assertEquals(validateConfigIssues({ db: given, tasks: [{ sleep: "1s" }] }), [
      `${expected}"${shown}"${why}`,
    ]);
  }
});

Deno.test("a database URL whose password holds a # is refused: the server part would end there", () => {
  // Parsed, it is the server "corun" on port 12, and the rest a fragment the client drops.
  const given = "postgres://corun:12#unter2@db.example/corun";
  const problem = "its password holds a raw #, ? or /, which ends the host part there: the user " +
    "name would be taken for the host, and the password sent on as the rest of the URL; in a " +
    "user name or password write # as %23, / as %2F and ? as %3F";
  assertEquals(databaseUrlOf(given), {
    problem: `Cannot use database "postgres://***@db.example/corun": ${problem}`,
  });
  assertEquals(validateConfigIssues({ db: given, tasks: [{ sleep: "1s" }] }), [`db: ${problem}`]);
  // A `#` elsewhere is no password's, and still refused: the client would drop what follows it.
  assertEquals(databaseUrlOf("postgres://db.example/corun#x"), {
    problem:
      'Cannot use database "postgres://db.example/corun#x": its # starts a fragment, which ' +
      "a PostgreSQL URL has none of: the text after it is not read (in a user name or password, " +
      "write # as %23)",
  });
  assertEquals(databaseUrlOf("postgres://corun:12%23unter2@db.example/corun"), {
    url: "postgres://corun:12%23unter2@db.example/corun",
  });
});

Deno.test("a database URL's parameter the client would take its own way is refused, naming what it takes", async (t) => {
  const db = "postgres://corun:hunter2@127.0.0.1:1/corun";
  const modes = "disable, allow, prefer, require, verify-ca, verify-full";
  for (
    const [query, problem] of [
      ["sslmode=bogus", `its sslmode is "bogus"; expected one of ${modes}`],
      ["sslmode=", `its sslmode is ""; expected one of ${modes}`],
      ["sslmode=Verify-Full", `its sslmode is "Verify-Full"; expected one of ${modes}`],
      [
        "sslmode=verify-full&sslmode=disable",
        "its sslmode is given twice (the client would take the last one alone): give it once",
      ],
      ["ssl=yes", `its ssl is "yes"; expected one of ${modes}, true, false`],
      ["sslnegotiation=tls", 'its sslnegotiation is "tls"; expected one of postgres, direct'],
      [
        "target_session_attrs=any",
        'its target_session_attrs is "any"; expected one of read-write, read-only, primary, ' +
        "standby, prefer-standby",
      ],
      ["prepare=no", 'its prepare is "no"; expected one of true, false'],
      [
        "fetch_types=true",
        "its fetch_types is not read (corun turns it off: the array types it sends are given to " +
        "the client); leave it out",
      ],
      ["max=20", "its max is not read (corun sizes its pool itself); leave it out"],
      [
        "idle_timeout=ten",
        'its idle_timeout is "ten"; expected a number (of seconds, or a count)',
      ],
      ...["soon", "0", "", "-5", "86400"].map((value) => [
        `connect_timeout=${value}`,
        `its connect_timeout is ${JSON.stringify(value)}; expected a number of seconds above ` +
        "0, at most 3600 (corun never waits for a connection for ever)",
      ]),
      [
        "sslrootcert=/etc/ssl/db-ca.pem",
        'its sslrootcert names "/etc/ssl/db-ca.pem", which corun\'s PostgreSQL client does not ' +
        "read: it takes sslrootcert=system alone (the system's certificate authorities); to " +
        "trust another authority, name its certificate file in DENO_CERT",
      ],
      [
        "sslmode=require#verify",
        "its # starts a fragment, which a PostgreSQL URL has none of: the text after it is not " +
        "read (in a user name or password, write # as %23)",
      ],
      ...["password=hunter2", "sslmode=require&%70assword=hunter2"].map((query) => [
        query,
        "its password parameter would be sent to the server as a setting, before any " +
        "authentication, and never used as the password: put the password in the URL's user " +
        "part (postgres://user:password@host/dbname) or in PGPASSWORD",
      ]),
      [
        "sslkey=/k.pem&sslpassword=hunter2",
        "its sslkey is not read by corun's PostgreSQL client, which takes sslmode, ssl, " +
        "sslnegotiation, sslrootcert (no client certificate); leave sslkey out",
      ],
    ]
  ) {
    await t.step(query, () => {
      const given = `${db}?${query}`;
      assertEquals(JSON.stringify(databaseUrlOf(given)).includes("hunter2"), false);
      assertEquals(databaseUrlOf(given), {
        problem: `Cannot use database "${redactDatabaseUrl(given)}": ${problem}`,
      });
      const config = validateConfigIssues({ db: given, tasks: [{ sleep: "1s" }] });
      assertEquals(config, [`db: ${problem}`]);
    });
  }
  for (
    const query of [
      "sslmode=verify-full",
      "sslmode=disable&application_name=nightly",
      "sslrootcert=system",
      "ssl=true&keep_alive=30",
      "connect_timeout=30",
      "connect_timeout=2.5&sslmode=require",
    ]
  ) {
    await t.step(`${query} is taken`, () => {
      assertEquals(databaseUrlOf(`${db}?${query}`), { url: `${db}?${query}` });
    });
  }
  await t.step("a command refuses it before connecting, the password not shown", async () => {
    let stderr = "";
    const host = {
      stdout: { write: () => {} },
      stderr: { write: (text: string) => void (stderr += text) },
      isTerminal: () => false,
      listenForInterrupts: createFakeWorld().host.listenForInterrupts,
    };
    // Nothing listens on port 1: a command that connected would fail with exit 1, not 2.
    const code = await main(["db", "migrate", "--db", `${db}?sslmode=requre`], host);
    assertEquals([code, stderr], [
      EXIT_CODES.usage,
      'Cannot use database "postgres://***@127.0.0.1:1/corun?sslmode=requre": its sslmode is ' +
      `"requre"; expected one of ${modes}\n`,
    ]);
  });
});

/** The problems `validateConfig` finds in a config, as `path: message`. */
function validateConfigIssues(config: unknown): string[] {
  try {
    validateConfig(config, "inline");
    return [];
  } catch (error) {
    return (error as ConfigError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
}

Deno.test("a queue is named by --queue, else queue:, else the config file's name", () => {
  const config = validateConfig({ tasks: [{ sleep: "1s" }] }, "/srv/configs/nightly.yaml");
  assertEquals(queueNameOf(config, undefined, "nightly.yaml"), "nightly");
  assertEquals(queueNameOf(config, "other", "nightly.yaml"), "other");
  const named = validateConfig({ queue: "crawl", tasks: [{ sleep: "1s" }] }, "/srv/x.yaml");
  assertEquals(queueNameOf(named, undefined, "x.yaml"), "crawl");
});

Deno.test("a config file named in letters outside ASCII names no queue: two would share one", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun_queue_file_" });
  try {
    const tasks = 'tasks:\n  - fetch: "http://127.0.0.1:1/a"\n';
    // Both would be "______": each config's workers would take the other's fetches, and stop.
    for (const name of ["задачи", "ссылки"]) {
      await Deno.writeTextFile(`${dir}/${name}.yaml`, tasks);
    }
    await Deno.writeTextFile(`${dir}/named.yaml`, `queue: tasks-ru\n${tasks}`);
    const db = "postgres://corun@127.0.0.1:1/corun";
    for (const command of ["submit", "worker", "status"]) {
      let stderr = "";
      const host = {
        stdout: { write: () => {} },
        stderr: { write: (text: string) => void (stderr += text) },
        isTerminal: () => false,
        listenForInterrupts: createFakeWorld().host.listenForInterrupts,
      };
      // Nothing listens on port 1: a command that connected would fail with exit 1, not 2.
      const code = await main([command, `${dir}/задачи.yaml`, "--db", db], host);
      assertEquals([code, stderr], [
        EXIT_CODES.usage,
        'Cannot name a queue after the config file "задачи.yaml": its name has letters other ' +
        "than ASCII ones, which a queue's name cannot hold (two such names would name one " +
        "queue); give --queue NAME, or queue: in the config\n",
      ]);
      // Named by queue: or --queue, the file's name does not matter.
      for (
        const args of [[`${dir}/named.yaml`], [`${dir}/задачи.yaml`, "--queue", "tasks-ru"]]
      ) {
        stderr = "";
        const named = await main([command, ...args, "--db", db], host);
        assertEquals(named, EXIT_CODES.taskFailed, stderr);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
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
        assertStringIncludes(stderr, "Cannot read --queue: expected a queue name of letters");
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("worker --lease past 24 days or not a duration is refused before connecting, not by the database", async (t) => {
  const cases: [string, string][] = [
    ["30d", "Cannot read --lease: a lease longer than 24 days cannot be kept\n"],
    [
      "10secs",
      'Cannot read --lease: expected a duration like "3s", "1500ms" or "1h30m" (units ms, s (sec), m (min), h (hour), d (day), as in "1h 30m"; a number alone is seconds), got "10secs"\n',
    ],
  ];
  for (const [lease, message] of cases) {
    await t.step(lease, async () => {
      let stderr = "";
      const host = {
        stdout: { write: () => {} },
        stderr: { write: (text: string) => void (stderr += text) },
        isTerminal: () => false,
        listenForInterrupts: createFakeWorld().host.listenForInterrupts,
      };
      const db = "postgres://corun@127.0.0.1:1/corun";
      const code = await main(["worker", "nightly.yaml", "--db", db, "--lease", lease], host);
      assertEquals([code, stderr], [EXIT_CODES.usage, message]);
    });
  }
});
