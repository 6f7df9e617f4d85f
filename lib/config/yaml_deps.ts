/**
 * npm:yaml, for YAML with positions. Separate from deps.ts so a valid config never loads it.
 * @module
 */
export {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  YAMLError,
} from "npm:yaml@2.9.1";
export type { Document as YamlDocument, Node as YamlNode } from "npm:yaml@2.9.1";
