/**
 * smol-toml, apart from deps.ts so that only TOML configs load it.
 * @module
 */
export { parse as parseToml, TomlError } from "npm:smol-toml@1.9.1";
