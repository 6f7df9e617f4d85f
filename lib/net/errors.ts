/**
 * Errors of the network layer, with stable codes a caller can branch on (retry or not).
 * @module
 */
import { brandClass, codeOf } from "../loop/mod.ts";

/** Codes of {@linkcode NetError}. */
export type NetErrorCode =
  | "CONNECT_FAILED"
  | "HOST_NOT_FOUND"
  | "NOT_PERMITTED"
  | "TLS_FAILED"
  | "TIMEOUT_CONNECT"
  | "TIMEOUT_TLS"
  | "CONNECTION_CLOSED"
  | "LINE_TOO_LONG"
  | "EARLY_EOF";

/**
 * A connection could not be made or used.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { HttpClient, NetError, runOperation } from "@corun/corun";
 * const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const address = `127.0.0.1:${listener.addr.port}`;
 * listener.close(); // nothing listens there now
 * const client = new HttpClient();
 * const outcome = await runOperation(function* () {
 *   try {
 *     yield* client.request({ url: `http://${address}/health` });
 *     return "up";
 *   } catch (error) {
 *     if (!(error instanceof NetError)) throw error;
 *     // CONNECT_FAILED may be worth a retry later; HOST_NOT_FOUND is not.
 *     return `${error.code} ${error.address}`;
 *   }
 * }());
 * client.close();
 * assertEquals(outcome, `CONNECT_FAILED ${address}`);
 * ```
 */
export class NetError extends Error {
  static {
    // A TypeScript config run by the bundled command line catches it with mod.ts's class.
    brandClass(this, "NetError");
  }

  /** Stable code. */
  readonly code: NetErrorCode;
  /** `host:port` of the peer. */
  readonly address: string;

  /**
   * Makes the error of one failed connection or I/O on it.
   *
   * @param code Stable code.
   * @param message Std-style message: what could not be done, then the state.
   * @param address `host:port` of the peer.
   * @param options The underlying error as `cause`.
   */
  constructor(code: NetErrorCode, message: string, address: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "NetError";
    this.code = code;
    this.address = address;
  }
}

/**
 * Whether this process may not connect: Deno's permissions refused it (`--allow-net` does not
 * cover the host), or the system did (a firewall rule, `EPERM`/`EACCES`). Either is this process's
 * want, not the server's state: another process may reach the host.
 *
 * @param error What a connect or a fetch failed with.
 * @returns True for `NOT_PERMITTED`.
 */
export function isNotPermitted(error: unknown): boolean {
  return codeOf(error) === "NOT_PERMITTED";
}
