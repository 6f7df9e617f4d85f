/**
 * External packages of the config layer, by full specifier, so `mod.ts` works when imported from a URL.
 * @module
 */
export { dirname, isAbsolute, resolve } from "node:path";
export { fileURLToPath as fromFileUrl, pathToFileURL as toFileUrl } from "node:url";
