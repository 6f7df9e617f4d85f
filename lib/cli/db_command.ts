/**
 * `corun db migrate --db URL`: creates or updates corun's tables in a PostgreSQL database (every
 * shared-queue command also does on first use; this is for a deploy step, or a user without the
 * rights to create tables at run time). `corun db prune`: removes the rows nothing needs any more
 * (`db_prune.ts`).
 * @module
 */
import { type CommandSpec, flagOf, type Invocation, textOf } from "./command.ts";
import { DEFAULT_OLDER_THAN, pruneCommand, pruneRequestOf } from "./db_prune.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { unusableFlag } from "./flag_problem.ts";
import { databaseUrlOf, redactedReason, shownDatabase } from "./shared_queue.ts";

/** The `db` command. */
export const dbCommand: CommandSpec = {
  name: "db",
  summary: "create or update corun's tables in the shared-queue database (db migrate), or " +
    "remove the rows of finished crawls (db prune)",
  // The help lists the choices after the description: "… (migrate, prune)".
  arguments: [{
    name: "action",
    description: "what to do: migrate creates or updates the tables; prune removes the crawls " +
      "that ended before --older-than, with their saved paths, the metadata lines, fires " +
      "and gone workers as old, and the origins of queues with no fetch left",
    choices: ["migrate", "prune"],
  }],
  // Its own --db: this command reads no config, so no config's db: can name the database.
  options: [
    {
      flags: "--db <url>",
      description: "PostgreSQL URL of the shared queue (else CORUN_DATABASE_URL)",
    },
    {
      flags: "--older-than <duration>",
      description:
        `db prune: remove what ended longer ago than this (default ${DEFAULT_OLDER_THAN})`,
    },
    { flags: "--json", description: "db prune: print what it removed as JSON" },
  ],
  async execute(invocation, host) {
    const prune = invocation.args[0] === "prune";
    const database = databaseUrlOf(textOf(invocation, "db"), undefined, { readsConfig: false });
    const request = prune ? pruneRequestOf(invocation) : undefined;
    const problems = [
      ...("problem" in database ? [database.problem] : []),
      ...(request !== undefined && "problem" in request ? [request.problem] : []),
      ...(prune ? [] : pruneOnlyFlags(invocation)),
    ];
    if ("problem" in database || problems.length > 0) {
      host.stderr.write(problems.map((problem) => `${problem}\n`).join(""));
      return EXIT_CODES.usage;
    }
    if (request !== undefined && !("problem" in request)) {
      return await pruneCommand(database.url, request, host);
    }
    return await migrateCommand(database.url, host);
  },
};

/** `db prune`'s flags given to `db migrate`, which takes none of them: the user meant prune. */
function pruneOnlyFlags(invocation: Invocation): string[] {
  const given = [
    ...(textOf(invocation, "olderThan") !== undefined ? ["--older-than"] : []),
    ...(flagOf(invocation, "json") ? ["--json"] : []),
  ];
  if (given.length === 0) return [];
  return [
    unusableFlag(
      `${given.join(" and ")} with db migrate`,
      given.length === 1 ? "only db prune takes it" : "only db prune takes them",
    ),
  ];
}

/** `db migrate`: the tables brought up to date, said on stdout; or why not, on stderr. */
async function migrateCommand(
  url: string,
  host: Parameters<CommandSpec["execute"]>[1],
): Promise<number> {
  const pg = await import("../frontier/pg/mod.ts");
  const where = shownDatabase(url);
  try {
    const sql = pg.postgresClient(url);
    try {
      const applied = await pg.migrate(sql);
      host.stdout.write(
        applied.length === 0
          ? `corun's tables in ${where} are up to date (version ${pg.SCHEMA_VERSION})\n`
          : `migrated ${where} to version ${pg.SCHEMA_VERSION} (applied ${applied.join(", ")})\n`,
      );
    } finally {
      await sql.end({ timeout: 1 });
    }
    return EXIT_CODES.ok;
  } catch (error) {
    const reason = redactedReason(error, url);
    host.stderr.write(`Cannot migrate ${where}: ${reason}\n`);
    return EXIT_CODES.taskFailed;
  }
}
