/**
 * External packages of the CLI layer, by full specifier, so `mod.ts` works when imported from a URL.
 * Commander stays behind this file and `program.ts`, so swapping it for another parser is one folder's change.
 * @module
 */
// The runtime that extra-typings wraps (its peer dependency), pinned to the version we test with.
import "npm:commander@14.0.3";
export { Command, CommanderError } from "npm:@commander-js/extra-typings@14.0.0";
export { bold, cyan, dim, gray, green, red, yellow } from "npm:deno-std@1.4.0/fmt/colors.js";
export { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
export { fileURLToPath as fromFileUrl } from "node:url";
