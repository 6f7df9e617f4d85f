/** External modules of the tasks layer, by full specifier (mod.ts must work when imported by URL). */
export { dirname } from "npm:deno-std@1.4.0/path/dirname.js";
export { isAbsolute } from "npm:deno-std@1.4.0/path/is_absolute.js";
export { resolve } from "npm:deno-std@1.4.0/path/resolve.js";
