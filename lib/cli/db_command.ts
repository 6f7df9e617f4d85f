/**
 * `corun db migrate --db URL`: creates or updates corun's tables in a PostgreSQL database (every
 * shared-queue command also does on first use; this is for a deploy step, or a user without the
 * rights to create tables at run time).
 * @module
 */
import { type CommandSpec, textOf } from "./command.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { databaseUrlOf, redactedReason, shownDatabase } from "./shared_queue.ts";

/** The `db` command. */
export const dbCommand: CommandSpec = {
  name: "db",
  summary: "create or update corun's tables in the shared-queue database (db migrate)",
  // The help lists the choices after the description: "what to do (migrate)".
  arguments: [{ name: "action", description: "what to do", choices: ["migrate"] }],
  // Its own --db: this command reads no config, so no config's db: can name the database.
  options: [{
    flags: "--db <url>",
    description: "PostgreSQL URL of the shared queue (else CORUN_DATABASE_URL)",
  }],
  async execute(invocation, host) {
    const database = databaseUrlOf(textOf(invocation, "db"), undefined, { readsConfig: false });
    if ("problem" in database) {
      host.stderr.write(`${database.problem}\n`);
      return EXIT_CODES.usage;
    }
    const pg = await import("../frontier/pg/mod.ts");
    const where = shownDatabase(database.url);
    try {
      const sql = pg.postgresClient(database.url);
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
      const reason = redactedReason(error, database.url);
      host.stderr.write(`Cannot migrate ${where}: ${reason}\n`);
      return EXIT_CODES.taskFailed;
    }
  },
};
