/**
 * The Deno permissions every command that uses the shared queue's database needs before it
 * connects (`worker`, `submit`, `status`, `schedule --db`, `db`), asked without a prompt: reading
 * the environment, unscoped (the PostgreSQL client reads `PGPASSWORD` and a dozen other `PG*`
 * variables as it connects, one after the other: a list of names would be a long trial and error),
 * and connecting to the database's host. Without them the command refuses, in corun's words with the
 * flag to add, as `run` refuses a host it may not reach, rather than pass on Deno's error of the
 * client's first read.
 * @module
 */
import { allowFlags, isGranted } from "../loop/mod.ts";
import { authorityOf, connectHostOf } from "../net/mod.ts";
import { POSTGRES_DEFAULT_PORT } from "../frontier/pg/connection_parameters.ts";

/**
 * What this process may not do that connecting to the database needs, one line each.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { databasePermissionProblems } from "./database_permissions.ts";
 * assertEquals(databasePermissionProblems("postgres://me@db.internal/corun", () => false), [
 *   "corun may not read the PostgreSQL client's PG* variables: start it with --allow-env " +
 *   "(the client reads PGPASSWORD and a dozen others as it connects: a list of names will not do)",
 *   "corun may not connect to db.internal:5432 (the database): start it with " +
 *   "--allow-net=db.internal:5432 (or --allow-net)",
 * ]);
 * ```
 *
 * @param url The database URL, one `parsePostgresUrl` takes.
 * @param granted Whether Deno grants a permission. @default the process's, asked without a prompt
 * @param hostAsked The command asks for the database's host itself, in one `--allow-net` line with
 *   the other hosts it needs (a worker: its tasks'). @default false
 * @returns The problems; empty when it may connect.
 */
export function databasePermissionProblems(
  url: string,
  granted: (descriptor: Deno.PermissionDescriptor) => boolean = isGranted,
  hostAsked = false,
): string[] {
  const problems: string[] = [];
  if (!granted({ name: "env" })) {
    problems.push(
      "corun may not read the PostgreSQL client's PG* variables: start it with --allow-env (the " +
        "client reads PGPASSWORD and a dozen others as it connects: a list of names will not do)",
    );
  }
  const server = databaseServerOf(url);
  if (!hostAsked && server !== undefined && !grantsHost(granted, server)) {
    problems.push(
      `corun may not connect to ${server} (the database): start it with ${
        allowFlags("net", [server])
      }`,
    );
  }
  return problems;
}

/**
 * Refuses to go on without what {@linkcode databasePermissionProblems} finds missing.
 *
 * @param url The database URL.
 * @throws {Deno.errors.NotCapable} Its lines, one per permission: the command exits 2 for it.
 */
export function refuseMissingDatabasePermissions(url: string): void {
  const problems = databasePermissionProblems(url);
  if (problems.length > 0) throw new Deno.errors.NotCapable(problems.join("\n"));
}

/**
 * `host:port` of the database as Deno's `--allow-net` reads it.
 *
 * @param url The database URL.
 * @returns It; undefined when the URL names no host (the client's default then, which the connect
 *   itself judges).
 */
export function databaseServerOf(url: string): string | undefined {
  const parsed = URL.parse(url);
  if (parsed === null || parsed.hostname === "") return undefined;
  return authorityOf(connectHostOf(parsed), Number(parsed.port || POSTGRES_DEFAULT_PORT));
}

/** A host Deno cannot even be asked about is left for the connect to judge. */
function grantsHost(
  granted: (descriptor: Deno.PermissionDescriptor) => boolean,
  host: string,
): boolean {
  try {
    return granted({ name: "net", host });
  } catch {
    return true;
  }
}
