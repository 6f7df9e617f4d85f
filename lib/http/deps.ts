/**
 * External modules of the HTTP layer, by full specifier (mod.ts must work when imported by URL).
 * Only types are imported statically: the runtime's zlib (and the Node streams under it) costs
 * ~12 ms of start-up, so it is loaded on the first body that has a Content-Encoding to undo.
 */
export type { ZlibOptions } from "node:zlib";
export type { Transform } from "node:stream";

/** The runtime's zlib module's decompressors. */
export type ZlibModule = typeof import("node:zlib");

/** Loads the runtime's zlib (`node:zlib`); call through `loadZlibCodecs`, which caches it. */
export function importZlib(): Promise<ZlibModule> {
  return import("node:zlib");
}
