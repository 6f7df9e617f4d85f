/**
 * Deno std's YAML parser, which gives every YAML config its values. Apart from deps.ts so that only
 * YAML configs load it.
 * @module
 */
export { parse as parseYamlFast } from "npm:deno-std@1.4.0/yaml/parse.js";
