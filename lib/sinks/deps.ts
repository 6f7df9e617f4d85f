/**
 * External modules used by the sinks layer, imported by full specifier in this one place.
 * @module
 */
export { basename } from "npm:deno-std@1.4.0/path/basename.js";
export { SEPARATOR } from "npm:deno-std@1.4.0/path/constants.js";
export { dirname } from "npm:deno-std@1.4.0/path/dirname.js";
export { isAbsolute } from "npm:deno-std@1.4.0/path/is_absolute.js";
export { join } from "npm:deno-std@1.4.0/path/join.js";
export { relative } from "npm:deno-std@1.4.0/path/relative.js";
export { resolve } from "npm:deno-std@1.4.0/path/resolve.js";
/** Node's crypto, loaded on demand (it is heavy and most runs never hash). */
export const loadNodeCrypto = (): Promise<typeof import("node:crypto")> => import("node:crypto");
