/**
 * The version `corun --version` prints: the HTTP layer's, which its User-Agent names too, so the
 * two cannot drift.
 * @module
 */
export { VERSION } from "../http/version.ts";
