/**
 * External modules of the HTTP layer, by full specifier (mod.ts must work when imported by URL).
 * Only types are imported statically: the runtime's zlib (and the Node streams under it) costs
 * ~12 ms of start-up, so it is loaded on the first body that has a Content-Encoding to undo.
 */
export type { ZlibOptions } from "node:zlib";
// Joins byte pieces into one buffer: std's, for the body and the config reader alike.
export { concat } from "npm:deno-std@1.4.0/bytes/concat.js";
export type { Transform } from "node:stream";

/** The runtime's zlib module's decompressors. */
export type ZlibModule = typeof import("node:zlib");

/** Loads the runtime's zlib (`node:zlib`); call through `loadZlibCodecs`, which caches it. */
export function importZlib(): Promise<ZlibModule> {
  return import("node:zlib");
}

/** The public suffix list (tldts, with its private section), for the cookie jar's Domain rules. */
export type PublicSuffixModule = typeof import("npm:tldts@7.5.4");

/**
 * Loads the public suffix list; call through `loadPublicSuffixes`, which caches it. Loaded only by
 * a cookie jar: it is a 136 KB module that a run without cookies never needs.
 */
export function importPublicSuffixList(): Promise<PublicSuffixModule> {
  return import("npm:tldts@7.5.4");
}
