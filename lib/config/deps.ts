/**
 * External packages of the config layer, by full specifier, so `mod.ts` works when imported from a URL.
 * @module
 */
export { z } from "npm:zod@4.6.7";
export { dirname } from "npm:deno-std@1.4.0/path/dirname.js";
export { fromFileUrl } from "npm:deno-std@1.4.0/path/from_file_url.js";
export { isAbsolute } from "npm:deno-std@1.4.0/path/is_absolute.js";
export { resolve } from "npm:deno-std@1.4.0/path/resolve.js";
export { toFileUrl } from "npm:deno-std@1.4.0/path/to_file_url.js";
