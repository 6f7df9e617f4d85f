/** External modules of the HTTP layer, by full specifier (mod.ts must work when imported by URL). */
export {
  createBrotliDecompress,
  createGunzip,
  createInflate,
  createInflateRaw,
  type ZlibOptions,
} from "node:zlib";
export type { Transform } from "node:stream";
