/**
 * `corun db migrate --db URL`: creates or updates corun's tables in a PostgreSQL database (every
 * shared-queue command also does on first use; this is for a deploy step, or a user without the
 * rights to create tables at run time). `corun db prune`: removes the rows nothing needs any more
 * (`db_prune.ts`). `corun db cancel --queue NAME`: removes a queue's waiting fetches
 * (`db_cancel.ts`).
 * @module
 */
import { type CommandSpec, flagOf, type Invocation, textOf } from "./command.ts";
import { cancelCommand, cancelRequestOf } from "./db_cancel.ts";
import { DEFAULT_OLDER_THAN, pruneCommand, pruneRequestOf } from "./db_prune.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { unusableFlag } from "./flag_problem.ts";
import { databaseUrlOf, redactedReason, shownDatabase } from "./shared_queue.ts";
import { databasePermissionProblems } from "./database_permissions.ts";

/** What `db` does. */
type DbAction = "migrate" | "prune" | "cancel";

/** The flags only some actions take (besides `--db`, which all take), by their invocation key. */
const ACTION_ONLY_FLAGS = { "--older-than": "olderThan", "--queue": "queue", "--json": "json" };

/** Which of them each action takes: another is refused, not ignored. */
const ACTION_FLAGS: Record<DbAction, readonly (keyof typeof ACTION_ONLY_FLAGS)[]> = {
  migrate: [],
  prune: ["--older-than", "--json"],
  cancel: ["--queue", "--json"],
};

/** The `db` command. */
export const dbCommand: CommandSpec = {
  name: "db",
  summary: "create or update corun's tables in the shared-queue database (db migrate), " +
    "remove the rows of finished crawls (db prune), or a queue's waiting fetches (db cancel)",
  // The help lists the choices after the description: "… (migrate, prune, cancel)".
  arguments: [{
    name: "action",
    description: "what to do: migrate creates or updates the tables; prune removes the crawls " +
      "that ended before --older-than, with their saved paths, the metadata lines, fires " +
      "and gone workers as old, and the origins of queues with no fetch left; cancel removes " +
      "the waiting fetches of --queue, and leaves those under way to finish without queueing " +
      "their links",
    choices: Object.keys(ACTION_FLAGS),
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
    {
      flags: "--queue <name>",
      description: "db cancel: the queue whose waiting fetches to remove",
    },
    { flags: "--json", description: "db prune, db cancel: print what it removed as JSON" },
  ],
  async execute(invocation, host) {
    const action = invocation.args[0] as DbAction;
    const database = databaseUrlOf(textOf(invocation, "db"), undefined, { readsConfig: false });
    const request = action === "prune"
      ? pruneRequestOf(invocation)
      : action === "cancel"
      ? cancelRequestOf(invocation)
      : undefined;
    const problems = [
      ...("problem" in database ? [database.problem] : []),
      ...(request !== undefined && "problem" in request ? [request.problem] : []),
      ...flagsNotTaken(invocation, action),
    ];
    if ("problem" in database || problems.length > 0) {
      host.stderr.write(problems.map((problem) => `${problem}\n`).join(""));
      return EXIT_CODES.usage;
    }
    if (request !== undefined && "queue" in request) {
      return await cancelCommand(database.url, request, host);
    }
    if (request !== undefined && "olderThanMs" in request) {
      return await pruneCommand(database.url, request, host);
    }
    return await migrateCommand(database.url, host);
  },
};

/** The flags given that the action does not take (`--queue` to db prune: the user meant cancel). */
function flagsNotTaken(invocation: Invocation, action: DbAction): string[] {
  const taken: readonly string[] = ACTION_FLAGS[action];
  const given = Object.entries(ACTION_ONLY_FLAGS)
    .filter(([flag, key]) =>
      !taken.includes(flag) &&
      (key === "json" ? flagOf(invocation, key) : textOf(invocation, key) !== undefined)
    )
    .map(([flag]) => flag);
  if (given.length === 0) return [];
  const takes = taken.length === 0 ? "--db alone" : `--db, ${joined(taken)}`;
  return [unusableFlag(`${joined(given)} with db ${action}`, `it takes ${takes}`)];
}

/** `a`, `a and b`, `a, b and c`. */
function joined(items: readonly string[]): string {
  return items.length < 2
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** `db migrate`: the tables brought up to date, said on stdout; or why not, on stderr. */
async function migrateCommand(
  url: string,
  host: Parameters<CommandSpec["execute"]>[1],
): Promise<number> {
  const where = shownDatabase(url);
  const problems = databasePermissionProblems(url);
  if (problems.length > 0) {
    host.stderr.write(problems.map((problem) => `${problem}\n`).join(""));
    return EXIT_CODES.usage;
  }
  const pg = await import("../frontier/pg/mod.ts");
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
