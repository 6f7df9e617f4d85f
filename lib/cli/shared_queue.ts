/**
 * What the shared-queue commands (`worker`, `submit`, `schedule --db`, `status`, `db`)
 * have in common: which database (`--db`, else `CORUN_DATABASE_URL`, else the config's `db:`),
 * which queue (`--queue`, else the config's `queue:`, else the config file's name), connecting with
 * an error that names the server without its password, and a worker's id.
 * @module
 */
import { unreadableFlag } from "./flag_problem.ts";
import type { PgStore } from "../frontier/pg/mod.ts";
import {
  connectionParameterProblem,
  parsePostgresUrl,
  postgresUrlHint,
} from "../frontier/pg/connection_parameters.ts";
import { databaseErrorText } from "../frontier/pg/database_error_text.ts";
import type { ConfigSpec } from "../tasks/mod.ts";
import {
  envIfAllowed,
  hostnameIfAllowed,
  isUrlShaped,
  mayReadEnv,
  redactDatabaseUrl,
} from "../net/mod.ts";
import { messageOf } from "../loop/mod.ts";
import { CREDENTIAL_NOT_SHOWN, queueNameProblem, STDIN_SOURCE } from "../config/mod.ts";
import type { CliHost } from "./cli_host.ts";
import { type Invocation, type OptionSpec, textOf } from "./command.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import {
  databasePermissionProblems,
  databaseServerOf,
  refuseMissingDatabasePermissions,
} from "./database_permissions.ts";
import { warningLine } from "./format.ts";

/** The store's module, loaded only by these commands (it brings the PostgreSQL client). */
export type PgModule = typeof import("../frontier/pg/mod.ts");

/** `--db` and `--queue`, shared by the commands that read a config (`db` has its own). */
export const SHARED_QUEUE_OPTIONS: readonly OptionSpec[] = [
  {
    flags: "--db <url>",
    description:
      "PostgreSQL URL of the shared queue (else CORUN_DATABASE_URL, else the config's db:)",
  },
  {
    flags: "--queue <name>",
    description: "the queue's name in the database (else the config's queue:, else the config " +
      "file's name)",
  },
];

/** The environment variable naming the database. */
const DATABASE_ENV = "CORUN_DATABASE_URL";

/** Where a command may find its database besides `--db` and `CORUN_DATABASE_URL`. */
export interface DatabaseUrlOptions {
  /** The command reads a config, whose `db:` may name the database (all but `db`). @default true */
  readsConfig?: boolean;
}

/**
 * The database a command uses.
 *
 * @param flag `--db`.
 * @param config The config, when the command has one.
 * @param options Whether the command could have read a config at all.
 * @returns The URL, or an error message saying where it can be given, or what in it cannot be used
 *   (never its password).
 */
export function databaseUrlOf(
  flag: string | undefined,
  config?: ConfigSpec,
  options: DatabaseUrlOptions = {},
): { url: string } | { problem: string } {
  const env = flag === undefined ? envIfAllowed(DATABASE_ENV) || undefined : undefined;
  const url = flag ?? env ?? config?.db;
  if (url === undefined) {
    const env = `${DATABASE_ENV}${mayReadEnv(DATABASE_ENV) ? "" : " (and --allow-env to read it)"}`;
    // Name only the places this command reads: `db` has no config to put db: in.
    const where = options.readsConfig === false
      ? `give --db postgres://… or set ${env}`
      : `give --db postgres://…, set ${env}, or put db: in the config`;
    return { problem: `No database: ${where}` };
  }
  const parsed = parsePostgresUrl(url);
  if (parsed === undefined) {
    const where = flag !== undefined
      ? "--db"
      : env !== undefined
      ? DATABASE_ENV
      : "the config's db:";
    const refused = `Cannot use the database given by ${where}: expected a postgres:// URL, got`;
    if (isUrlShaped(url)) {
      return {
        problem: `${refused} ${shownDatabase(url)}${postgresUrlHint(url)}`,
      };
    }
    // A password given as the URL (`--db s3cret`, `postgres:me:s3cret@db`), or a connection string
    // whose password a misspelled keyword would leave in view: none of it is shown.
    const hint = postgresUrlHint(url) ||
      (url.includes("=")
        ? "; a keyword/value connection string (host=… dbname=…) is not taken: write it as " +
          "postgres://user@host:port/dbname"
        : "");
    return {
      problem: `${refused} a text that is not one (${CREDENTIAL_NOT_SHOWN})${hint}`,
    };
  }
  const parameters = connectionParameterProblem(parsed, url);
  if (parameters !== undefined) {
    return { problem: `Cannot use database ${shownDatabase(url)}: ${parameters}` };
  }
  return { url };
}

/**
 * The queue a config's fetches go to.
 *
 * @param config The config.
 * @param flag `--queue`.
 * @param location The config as the user gave it.
 * @returns The name.
 */
export function queueNameOf(
  config: ConfigSpec,
  flag: string | undefined,
  location: string,
): string {
  if (flag !== undefined) return flag;
  if (config.queue !== undefined) return config.queue;
  const base = fileNameOf(config, location).replace(/\.[^.]*$/, "");
  const name = base.replace(/[^A-Za-z0-9._-]/g, "_");
  return name === "" ? "default" : name;
}

/** The config file's name, without its folders. */
function fileNameOf(config: ConfigSpec, location: string): string {
  return (config.source ?? location).split(/[\\/]/).pop() ?? "default";
}

/**
 * Why the queue cannot be named so: `--queue` follows the rule of the config's `queue:`; and a
 * config file's name that has letters outside ASCII cannot name one (each is `_` there, so every
 * such name of one length, `задачи.yaml` and `ссылки.yaml`, would name one queue, and each
 * config's workers would refuse the other's fetches).
 *
 * @param invocation The command line.
 * @param config The config, when the command reads one.
 * @param location The config as the user gave it.
 * @returns The messages, or none.
 */
export function queueNameProblems(
  invocation: Invocation,
  config?: ConfigSpec,
  location?: string,
): string[] {
  const flag = textOf(invocation, "queue");
  if (flag !== undefined) {
    const problem = queueNameProblem(flag);
    return problem === undefined ? [] : [unreadableFlag("--queue", problem)];
  }
  if (config === undefined || location === undefined || config.queue !== undefined) return [];
  const file = fileNameOf(config, location);
  if (file === STDIN_SOURCE) {
    return [
      "Cannot name a queue after a config read from standard input: every piped config would " +
      "name the same one, and each config's workers would take the other's fetches; give " +
      "--queue NAME, or queue: in the config",
    ];
  }
  if (!/[\u0080-\uffff]/.test(file)) return [];
  return [
    `Cannot name a queue after the config file "${file}": its name has letters other than ` +
    "ASCII ones, which a queue's name cannot hold (two such names would name one queue); give " +
    "--queue NAME, or queue: in the config",
  ];
}

/**
 * One `db` action on the tables (`db prune`, `db cancel`): connects (migrating the tables first,
 * as every shared-queue command does), acts, and says what it did on stdout, as JSON or a line; or
 * why not, on stderr, the database named without its password.
 *
 * @param url The database.
 * @param host stdout and stderr.
 * @param action What to do (`act`), how to say it (`line`, or JSON with `json`), and how a failure
 *   begins (`Cannot prune`).
 * @returns The exit code.
 */
export async function dbAction<T>(
  url: string,
  host: Pick<CliHost, "stdout" | "stderr">,
  action: {
    act: (pg: PgModule, store: PgStore) => Promise<T>;
    line: (result: T, where: string) => string;
    json: boolean;
    failure: string;
  },
): Promise<number> {
  let connected;
  try {
    connected = await connectStore(url, () => {});
  } catch (error) {
    return connectFailed(host.stderr, error);
  }
  const { pg, store } = connected;
  try {
    const result = await action.act(pg, store);
    host.stdout.write(
      action.json
        ? `${JSON.stringify(result, null, 2)}\n`
        : action.line(result, shownDatabase(url)),
    );
    return EXIT_CODES.ok;
  } catch (error) {
    host.stderr.write(
      `${action.failure} ${shownDatabase(url)}: ${redactedReason(error, url)}\n`,
    );
    return EXIT_CODES.taskFailed;
  } finally {
    await store.close();
  }
}

/**
 * Loads the store and connects (migrating the tables on first use), once Deno grants what
 * connecting needs.
 *
 * @param url The database URL.
 * @param warn Told the server's notices.
 * @returns The module and the connected store.
 * @throws {Deno.errors.NotCapable} Naming each permission missing and its flag (see
 *   {@linkcode connectFailed}).
 * @throws {Error} Naming the server without its password.
 */
export async function connectStore(
  url: string,
  warn: (message: string) => void,
): Promise<{ pg: PgModule; store: PgStore }> {
  refuseMissingDatabasePermissions(url);
  const pg: PgModule = await import("../frontier/pg/mod.ts");
  try {
    const store = await pg.PgStore.connect(url, { onNotice: warn });
    return { pg, store };
  } catch (error) {
    throw new Error(`Cannot use database ${shownDatabase(url)}: ${redactedReason(error, url)}`);
  }
}

/**
 * The exit code of a command whose database could not be used: a permission missing is a usage
 * error (nothing was done, as `run` refuses one), anything else a failure.
 *
 * @param error What {@linkcode connectStore} threw.
 * @returns `usage` or `taskFailed`.
 */
export function connectFailed(stderr: { write(text: string): void }, error: unknown): number {
  stderr.write(`${messageOf(error)}\n`);
  return error instanceof Deno.errors.NotCapable ? EXIT_CODES.usage : EXIT_CODES.taskFailed;
}

/**
 * A database as every message names it: its URL in quotes, without its password (neither the
 * user part's nor a `password=` parameter's).
 *
 * @param url The database URL, as given.
 * @returns `"postgres://***@db.example/corun"`.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { shownDatabase } from "./shared_queue.ts";
 * assertEquals(shownDatabase("postgres://user:secret@host/db"), '"postgres://***@host/db"');
 * ```
 */
export function shownDatabase(url: string): string {
  return JSON.stringify(redactDatabaseUrl(url));
}

/**
 * A database error's message (the client's codes in words: see `databaseErrorText`) with the
 * database URL in it shown without its password.
 *
 * @param error What the client threw.
 * @param url The database URL, as given.
 * @returns The message, safe to print.
 */
export function redactedReason(error: unknown, url: string): string {
  return databaseErrorText(error, url).replaceAll(url, redactDatabaseUrl(url));
}

/** A config's queue, connected. */
export interface OpenQueue {
  pg: PgModule;
  store: PgStore;
  queue: string;
  /** Writes a warning line to stderr. */
  warn: (message: string) => void;
}

/**
 * The first steps of `submit` and `worker`: the database and the queue of a loaded config, or on
 * stderr why not (with the command's own `problems`).
 *
 * @param invocation The command line (`--db`, `--queue`).
 * @param host stderr.
 * @param config The loaded config.
 * @param location The config as the user gave it.
 * @param problems What the command itself found wrong; or, from the database's server (`host:port`,
 *   when the URL is usable and names one), what it finds wrong when it asks for the database's
 *   `--allow-net` itself, in one line with its other hosts (a worker: its tasks').
 * @returns The connected queue, or the exit code to stop with.
 */
export async function openQueueOrExplain(
  invocation: Invocation,
  host: Pick<CliHost, "stderr">,
  config: ConfigSpec,
  location: string,
  problems: readonly string[] | ((databaseServer: string | undefined) => string[]),
): Promise<OpenQueue | number> {
  const database = databaseUrlOf(textOf(invocation, "db"), config);
  const asksHost = typeof problems === "function";
  const all = [
    ...("problem" in database
      ? [database.problem]
      : databasePermissionProblems(database.url, undefined, asksHost)),
    ...queueNameProblems(invocation, config, location),
    ...(asksHost
      ? problems("problem" in database ? undefined : databaseServerOf(database.url))
      : problems),
  ];
  if ("problem" in database || all.length > 0) {
    host.stderr.write(all.map((problem) => `${problem}\n`).join(""));
    return EXIT_CODES.usage;
  }
  const warn = (message: string) => host.stderr.write(warningLine(message));
  try {
    const { pg, store } = await connectStore(database.url, warn);
    return { pg, store, queue: queueNameOf(config, textOf(invocation, "queue"), location), warn };
  } catch (error) {
    return connectFailed(host.stderr, error);
  }
}

/**
 * A worker's id: its host, process and a random part (two workers of one process differ too).
 *
 * @returns `host-pid-xxxx`.
 */
export function newWorkerId(): string {
  const random = crypto.getRandomValues(new Uint8Array(3));
  const tag = [...random].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hostName()}-${Deno.pid}-${tag}`;
}

/**
 * This machine's name, or "host" where it may not be read.
 *
 * @returns The name.
 */
export function hostName(): string {
  return hostnameIfAllowed() ?? "host";
}
