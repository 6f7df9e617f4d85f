/**
 * Connections over `Deno.connect` / `Deno.connectTls`-style TLS as loop operations.
 *
 * Exports: {@linkcode connect}, {@linkcode Connection}, {@linkcode ByteReader}, {@linkcode NetError}.
 * @module
 */
export { ByteReader, DEFAULT_READ_BUFFER_BYTES } from "./byte_reader.ts";
export { connect, type ConnectOptions, type ConnectTimings, type TlsOptions } from "./connect.ts";
export { Connection } from "./connection.ts";
export { NetError, type NetErrorCode } from "./errors.ts";
