/**
 * External packages of the config layer, by full specifier, so `mod.ts` works when imported from a URL.
 * @module
 */
export { z } from "npm:zod@4.6.7";
export {
  findNodeAtLocation,
  getNodeValue,
  parseTree,
  printParseErrorCode,
  visit as visitJson,
} from "npm:jsonc-parser@3.3.1";
export type { Node as JsonNode, ParseError as JsonParseError } from "npm:jsonc-parser@3.3.1";
export { parse as parseToml, TomlError } from "npm:smol-toml@1.9.1";
export { parse as parseYamlFast } from "npm:deno-std@1.4.0/yaml/parse.js";
export {
  dirname,
  fromFileUrl,
  isAbsolute,
  resolve,
  toFileUrl,
} from "npm:deno-std@1.4.0/path/mod.js";
