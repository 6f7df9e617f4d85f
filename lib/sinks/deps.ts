/**
 * External modules used by the sinks layer, imported by full specifier in this one place.
 * @module
 */
/** Node's crypto, loaded on demand (it is heavy and most runs never hash). */
export const loadNodeCrypto = (): Promise<typeof import("node:crypto")> => import("node:crypto");
export {
  basename,
  dirname,
  isAbsolute,
  join,
  relative,
  resolve,
  sep as SEPARATOR,
} from "node:path";
