/**
 * External modules used by the sinks layer, imported by full specifier in this one place.
 * @module
 */
export {
  basename,
  dirname,
  isAbsolute,
  join,
  relative,
  resolve,
  SEPARATOR,
} from "npm:deno-std@1.4.0/path/mod.js";
/** Node's crypto, loaded on demand (it is heavy and most runs never hash). */
export const loadNodeCrypto = (): Promise<typeof import("node:crypto")> => import("node:crypto");
