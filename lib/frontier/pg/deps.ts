/**
 * External modules of the PostgreSQL frontier, by full specifier (mod.ts must work when imported by
 * URL). Only this folder loads the client: a run without a database never does.
 * @module
 */
export { default as postgres } from "npm:postgres@3.4.9";
export type { Fragment, Sql } from "npm:postgres@3.4.9";
// The client's TLS runs on node:tls: its name check, for the options corun gives it.
export { checkServerIdentity, type ConnectionOptions } from "node:tls";
