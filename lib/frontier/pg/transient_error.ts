/**
 * Which database errors are worth another try (on a new connection, or the same statement again
 * later), as opposed to a statement the server rejected (a bug, or tables of a newer corun: thrown),
 * and how long each try waits after the one before.
 * @module
 */
import { codeOf } from "../../loop/mod.ts";

/**
 * The socket's codes for a connection lost, refused, or not reachable for now (a network that
 * went down, a route or a name server gone while a VPN or a failover moves things).
 */
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN",
]);

/**
 * A lost or refused connection, or a statement the server gave up on for now:
 * - the client's own codes and the socket's (a server or a network out of reach);
 * - connection exceptions (08…) and an administrator's or a crash's shutdown (57P01–57P03);
 * - a transaction that lost a race with another, which PostgreSQL says to run again
 *   (serialization failure 40001, deadlock 40P01, a lock not available 55P03);
 * - a statement cancelled (57014: an administrator, or a `statement_timeout` set on the database);
 * - a server short of resources (53…: too many connections, out of memory, disk full).
 *
 * @param error What a query threw.
 * @returns True when the statement may succeed when sent again.
 */
export function isTransientError(error: unknown): boolean {
  const code = codeOf(error);
  if (code === undefined) return false;
  return code.startsWith("CONNECT") || code === "CONNECTION_CLOSED" ||
    code === "CONNECTION_ENDED" || code === "CONNECTION_DESTROYED" || SOCKET_CODES.has(code) ||
    code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03" ||
    code === "57014" || code === "40001" || code === "40P01" || code === "55P03" ||
    code.startsWith("53");
}

/**
 * A statement the database server refused for good (a missing table or privilege, tables of a newer
 * corun): sending it again changes nothing until someone changes the database.
 *
 * @param error What a query threw.
 * @returns True for the server's own error that is not {@linkcode isTransientError}.
 */
export function isRejectedStatement(error: unknown): boolean {
  return error instanceof Error && error.name === "PostgresError" && !isTransientError(error);
}

/** Waits between tries of a database that does not answer: 0.25 s, growing to 30 s. */
const RETRY_MS = [250, 500, 1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * @param attempt The tries made so far, from 0.
 * @returns Milliseconds to wait before the next.
 */
export function databaseRetryMs(attempt: number): number {
  return RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)];
}
