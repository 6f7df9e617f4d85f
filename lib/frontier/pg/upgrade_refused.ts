/**
 * Why an upgrade of corun's tables was refused, when the role connected may not make it: after an
 * upgrade of corun, its tables (made by a deploy role, `corun db migrate`) are still the older
 * corun's, and the app role that uses them can neither create in their schema nor alter them. The
 * server's words alone ("permission denied for schema public") say neither the versions nor the
 * fix.
 * @module
 */
import type { Sql } from "./deps.ts";
import { codeOf, messageOf } from "../../loop/mod.ts";

/** SQLSTATE `insufficient_privilege`: no right to create in the schema, or not a table's owner. */
const INSUFFICIENT_PRIVILEGE = "42501";

/**
 * The error a refused upgrade throws: `error` itself unless the server refused it for want of a
 * privilege, else both versions, the role and the fix, with the server's error as its cause.
 *
 * @param sql The client (still usable: the failed transaction is over).
 * @param from The version the tables are at.
 * @param to This corun's version.
 * @param error What the upgrade's transaction threw.
 * @returns The error to throw.
 */
export async function upgradeRefused(
  sql: Sql,
  from: number,
  to: number,
  error: unknown,
): Promise<unknown> {
  if (codeOf(error) !== INSUFFICIENT_PRIVILEGE) return error;
  const role = await currentRole(sql);
  return new Error(
    `The database's corun tables are at version ${from}, older than this corun's ${to}, and ` +
      `${role === undefined ? "this role" : `role "${role}"`} cannot update them ` +
      `(${messageOf(error)}): run "corun db migrate" as the role that owns them, then restart ` +
      "the workers",
    { cause: error },
  );
}

/** The role connected, or undefined when the server does not say. */
async function currentRole(sql: Sql): Promise<string | undefined> {
  try {
    const [row] = await sql<{ role: string }[]>`SELECT current_user AS role`;
    return row?.role;
  } catch {
    return undefined;
  }
}
