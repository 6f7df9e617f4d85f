/**
 * Which database errors mean the connection was lost or refused (worth another try on a new
 * connection), as opposed to a statement the server rejected (a bug, thrown).
 * @module
 */
import { codeOf } from "../../loop/mod.ts";

/**
 * A lost or refused connection: the client's own codes, the socket's, and the server's
 * "admin shutdown" (57P01–57P03) and connection-exception (08…) classes.
 *
 * @param error What a query threw.
 * @returns True when the statement may succeed on another connection.
 */
export function isConnectionError(error: unknown): boolean {
  const code = codeOf(error);
  if (code === undefined) return false;
  return code.startsWith("CONNECT") || code === "CONNECTION_CLOSED" ||
    code === "CONNECTION_ENDED" || code === "CONNECTION_DESTROYED" || code === "ECONNREFUSED" ||
    code === "ECONNRESET" || code === "EPIPE" || code === "ETIMEDOUT" || code === "57P01" ||
    code === "57P02" || code === "57P03" || code.startsWith("08");
}
