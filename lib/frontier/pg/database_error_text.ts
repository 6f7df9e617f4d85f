/**
 * A database error's words for a person: the PostgreSQL client's own codes say what it did, not
 * what happened (`write CONNECT_TIMEOUT db:5432` for a server that took the connection and never
 * answered: nothing was being written, and the wait and its knob go unnamed).
 * @module
 */
import { codeOf, messageOf } from "../../loop/mod.ts";
import { connectTimeoutSeconds } from "./connection_parameters.ts";

/**
 * What went wrong, for a message: a connection that did not open within its `connect_timeout`
 * named as such, with the wait and how to change it; any other error's own message.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { databaseErrorText } from "./database_error_text.ts";
 * const error = Object.assign(new Error("write CONNECT_TIMEOUT db:5432"), {
 *   code: "CONNECT_TIMEOUT",
 * });
 * assertEquals(
 *   databaseErrorText(error, "postgres://db/corun"),
 *   "no answer from db:5432 within 10 s (connect_timeout: set ?connect_timeout=SECONDS in the " +
 *     "URL to wait longer)",
 * );
 * ```
 *
 * @param error What the client threw.
 * @param url The database URL (its `connect_timeout`), when known.
 * @returns The text.
 */
export function databaseErrorText(error: unknown, url?: string): string {
  const message = messageOf(error);
  if (codeOf(error) !== "CONNECT_TIMEOUT") return message;
  // The client's words end with the address it waited for (`host:port`, or a socket's path).
  const address = message.replace(/^(write )?CONNECT_TIMEOUT\s*/, "") || "the database server";
  if (url === undefined) return `no answer from ${address} within its connect_timeout`;
  const seconds = connectTimeoutSeconds(url);
  const given = URL.parse(url)?.searchParams.has("connect_timeout") ?? false;
  return `no answer from ${address} within ${seconds} s (` +
    (given
      ? "the URL's connect_timeout)"
      : "connect_timeout: set ?connect_timeout=SECONDS in the URL to wait longer)");
}
