/**
 * The parameters of a database URL that corun's PostgreSQL client reads itself, and the values each
 * takes. The client took any other value its own way, silently: `sslmode=` (empty) connected
 * unencrypted, `sslmode=bogus` or a typo of `verify-full` verified as `verify-full` does, a second
 * `sslmode` won over the first (`?sslmode=verify-full&sslmode=disable`), `sslrootcert=FILE` was
 * never read. So a value it does not know is refused before anything connects, naming the
 * parameter and what it takes; so is a `password` parameter, which it would send to the server. A
 * `connect_timeout` in the URL wins over corun's own (10 s).
 * Parameters it does not read itself go to the server, which refuses one it does not know. (No file here loads the client: a config's `db:` is checked with it.)
 * @module
 */

import { CREDENTIALS_NOT_ENCODED, hasUnencodedCredentials } from "../../net/mod.ts";

/** libpq's `sslmode` values. */
const SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];

/** Values of each parameter the client reads from a URL, where it takes a fixed set. */
const CHOICES: Record<string, readonly string[]> = {
  sslmode: SSL_MODES,
  // The client's own spelling: `true` verifies as `verify-full` does, `false` as `disable`.
  ssl: [...SSL_MODES, "true", "false"],
  sslnegotiation: ["postgres", "direct"],
  target_session_attrs: ["read-write", "read-only", "primary", "standby", "prefer-standby"],
  prepare: ["true", "false"],
  debug: ["true", "false"],
};

/** Parameters the client would read but corun sets itself, and why (a URL's would be ignored). */
const SET_BY_CORUN: Record<string, string> = {
  fetch_types: "corun turns it off: the array types it sends are given to the client",
  max: "corun sizes its pool itself",
};

/** Parameters the client reads from a URL as a number of seconds, or a count. */
const NUMBERS = ["idle_timeout", "max_lifetime", "keep_alive", "max_pipeline"];

/**
 * Seconds a connection may take to open, up to the server's first ready-for-query, unless the URL
 * gives `connect_timeout` (the client's own default, 30 s, held a worker idle that long when a
 * dropped connection's socket never answered).
 */
const DEFAULT_CONNECT_TIMEOUT_S = 10;

/** The longest `connect_timeout` taken, in seconds: corun never waits for a connection for ever. */
const MAX_CONNECT_TIMEOUT_S = 3_600;

/** The TLS parameters the client reads (the others, libpq's, it would hand to the server). */
const READ_TLS = ["sslmode", "ssl", "sslnegotiation", "sslrootcert"];

/** How a database URL the client reads begins: it takes the server from after the `://`. */
const POSTGRES_URL_START = /^postgres(?:ql)?:\/\//i;

/** A postgres scheme, whatever follows it. */
const POSTGRES_SCHEME = /^postgres(?:ql)?:/i;

/** The port the PostgreSQL client connects to when the URL names none. */
export const POSTGRES_DEFAULT_PORT = 5432;

/**
 * Parses a database URL as the client must be given one: `postgres://` or `postgresql://`, then
 * the server. The URL parser takes `postgres:me:pw@db/corun` as well (a path, no server); the
 * client, finding no `://`, connected to its default server (localhost, as the OS user) instead.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { parsePostgresUrl } from "./connection_parameters.ts";
 * assertEquals(parsePostgresUrl("postgres://me@db/corun")?.hostname, "db");
 * assertEquals(parsePostgresUrl("postgres:me@db/corun"), undefined);
 * ```
 *
 * @param text The URL as given.
 * @returns The URL, or undefined when the text is not such a URL.
 */
export function parsePostgresUrl(text: string): URL | undefined {
  return POSTGRES_URL_START.test(text) ? URL.parse(text) ?? undefined : undefined;
}

/**
 * What to add to a message refusing `text` as a database URL ({@linkcode parsePostgresUrl}), when
 * it has a postgres scheme: why. The URL as shown leaves out what it begins with, and its
 * password: neither can tell it.
 *
 * @param text The text refused.
 * @returns `; …` to add, or "".
 */
export function postgresUrlHint(text: string): string {
  // `postgres://me:pa#ss@db`: the port would be "pa". The redacted URL shown cannot tell it.
  if (hasUnencodedCredentials(text)) return `; ${CREDENTIALS_NOT_ENCODED}`;
  if (POSTGRES_URL_START.test(text)) {
    // Refused after its `//`: a password's `#`, `/` or `?` ends the server part, and the rest of
    // the password is read as a port.
    return "; it does not parse as a URL: in its user name and password write # as %23, / as %2F " +
      "and ? as %3F, and give its port in digits (at most 65535)";
  }
  if (POSTGRES_URL_START.test(text.trimStart())) {
    return "; it begins with white space: leave that out";
  }
  return POSTGRES_SCHEME.test(text)
    ? "; its scheme needs // after it: postgres://user:password@host:port/dbname"
    : "";
}

/**
 * Why the parameters of a database URL cannot be used, or undefined when they can. Never shows a
 * value that may be secret (a parameter it does not read, such as `sslpassword`, is named only).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { connectionParameterProblem } from "./connection_parameters.ts";
 * assertEquals(
 *   connectionParameterProblem(new URL("postgres://db/corun?sslmode=verify-fulll"), "postgres://db/corun?sslmode=verify-fulll"),
 *   'its sslmode is "verify-fulll"; expected one of disable, allow, prefer, require, ' +
 *     "verify-ca, verify-full",
 * );
 * const written = "postgres://me:12#pw@db/corun";
 * assertEquals(connectionParameterProblem(new URL(written), written)?.startsWith("its password holds a raw #"), true);
 * ```
 *
 * @param url A parsed `postgres://` URL.
 * @param written The URL as written: the parser drops the `:` that tells a password cut by a raw
 *   `#`, `?` or `/` (`postgres://me:#pw@db` is `postgres://me#pw@db` to it).
 * @returns The problem, starting `its …`, or undefined.
 */
export function connectionParameterProblem(url: URL, written: string): string | undefined {
  // `postgres://me:12#ab@db/x` names the server `me`, port 12, and drops the rest.
  if (hasUnencodedCredentials(written)) return CREDENTIALS_NOT_ENCODED;
  // A PostgreSQL URL has no fragment: the text after a `#` would not be read.
  if (url.href.includes("#")) {
    return "its # starts a fragment, which a PostgreSQL URL has none of: the text after it is " +
      "not read (in a user name or password, write # as %23)";
  }
  const seen = new Set<string>();
  for (const [name, value] of url.searchParams) {
    if (seen.has(name)) {
      return `its ${name} is given twice (the client would take the last one alone): give it once`;
    }
    seen.add(name);
    // The client takes no password from a parameter: it sends it to the server as a setting, in
    // the clear before authentication, and authenticates without it. (Names are decoded, as the
    // client reads them: `%70assword` is `password`.)
    if (name.toLowerCase() === "password") {
      return `its ${name} parameter would be sent to the server as a setting, before any ` +
        "authentication, and never used as the password: put the password in the URL's user " +
        "part (postgres://user:password@host/dbname) or in PGPASSWORD";
    }
    const setByCorun = SET_BY_CORUN[name];
    if (setByCorun !== undefined) return `its ${name} is not read (${setByCorun}); leave it out`;
    const choices = CHOICES[name];
    if (choices !== undefined && !choices.includes(value)) {
      return `its ${name} is ${JSON.stringify(value)}; expected one of ${choices.join(", ")}`;
    }
    if (name === "connect_timeout" && connectTimeoutOf(value) === undefined) {
      return `its connect_timeout is ${JSON.stringify(value)}; expected a number of seconds ` +
        `above 0, at most ${MAX_CONNECT_TIMEOUT_S} (corun never waits for a connection for ever)`;
    }
    if (NUMBERS.includes(name) && !/^\d+(\.\d+)?$/.test(value)) {
      return `its ${name} is ${JSON.stringify(value)}; expected a number (of seconds, or a count)`;
    }
    if (name === "sslrootcert" && value !== "system") {
      return `its sslrootcert names ${JSON.stringify(value)}, which corun's PostgreSQL client ` +
        "does not read: it takes sslrootcert=system alone (the system's certificate " +
        "authorities); to trust another authority, name its certificate file in DENO_CERT";
    }
    if (name.startsWith("ssl") && !READ_TLS.includes(name)) {
      return `its ${name} is not read by corun's PostgreSQL client, which takes ` +
        `${READ_TLS.join(", ")} (no client certificate); leave ${name} out`;
    }
  }
  return undefined;
}

/**
 * What of the server's certificate a database URL has checked, as the client reads its parameters
 * (`sslrootcert=system` verifies fully, whatever `sslmode` says; `sslmode` wins over `ssl`):
 * `full`, its chain and the URL's host (`sslmode=verify-full`, `ssl=true`), `ca`, its chain alone
 * (`verify-ca`, as libpq), or undefined, nothing (no TLS, or unchecked TLS: `require`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { certificateCheck } from "./connection_parameters.ts";
 * assertEquals(certificateCheck(new URL("postgres://db/corun?sslmode=verify-ca")), "ca");
 * assertEquals(certificateCheck(new URL("postgres://db/corun?sslmode=require")), undefined);
 * ```
 *
 * @param url A parsed `postgres://` URL whose parameters {@linkcode connectionParameterProblem}
 *   took.
 * @returns The check.
 */
export function certificateCheck(url: URL): "full" | "ca" | undefined {
  const params = url.searchParams;
  if (params.get("sslrootcert") === "system") return "full";
  const mode = params.get("sslmode") ?? params.get("ssl");
  if (mode === "verify-full" || mode === "true") return "full";
  return mode === "verify-ca" ? "ca" : undefined;
}

/**
 * How long a connection to the database at `url` may take to open: its `connect_timeout` when it
 * gives one (checked by {@linkcode connectionParameterProblem}), else corun's own.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { connectTimeoutSeconds } from "./connection_parameters.ts";
 * assertEquals(connectTimeoutSeconds("postgres://db/corun?connect_timeout=30"), 30);
 * assertEquals(connectTimeoutSeconds("postgres://db/corun"), 10);
 * ```
 *
 * @param url A `postgres://` URL.
 * @returns Seconds.
 */
export function connectTimeoutSeconds(url: string): number {
  const given = URL.parse(url)?.searchParams.get("connect_timeout") ?? null;
  return (given === null ? undefined : connectTimeoutOf(given)) ?? DEFAULT_CONNECT_TIMEOUT_S;
}

/** A `connect_timeout` value's seconds, or undefined when it is not one corun takes. */
function connectTimeoutOf(value: string): number | undefined {
  if (!/^\d+(\.\d+)?$/.test(value)) return undefined;
  const seconds = Number(value);
  return seconds > 0 && seconds <= MAX_CONNECT_TIMEOUT_S ? seconds : undefined;
}
