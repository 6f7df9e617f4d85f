/**
 * jsonc-parser (VS Code's), for JSON and JSONC with positions. Apart from deps.ts so that only JSON
 * configs load it.
 * @module
 */
export {
  getNodeValue,
  parseTree,
  printParseErrorCode,
  visit as visitJson,
} from "npm:jsonc-parser@3.3.1";
export type { Node as JsonNode, ParseError as JsonParseError } from "npm:jsonc-parser@3.3.1";
