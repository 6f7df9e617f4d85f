/**
 * For editors: what the checks of a path in the output directory refuse, as JSON Schema, from the
 * constants those checks use. A `save` template is checked whole at load (save_templates.ts), a
 * `metadata` log where the run's files are known (output_check.ts, save_collisions.ts); the JSON
 * Schema carries what a pattern can tell of one value, and never refuses what they take.
 * @module
 */
import { caselessPattern } from "../loop/mod.ts";
import { ABSOLUTE_TEMPLATE, PLACEHOLDERS } from "../sinks/path_template.ts";
import { STATE_FILE_NAME } from "../sinks/mod.ts";
import { HISTORY_FILE_NAME, LOCK_FILE_NAME, OWN_DIR } from "../tasks/own_files.ts";
import type { JsonSchema } from "./shape/mod.ts";

/** `{host}` and the other names, `{1}` and the other numbers (the check caps them at 99). */
const PLACEHOLDER = `\\{(?:${PLACEHOLDERS.join("|")}|[1-9][0-9]*)\\}`;

/**
 * A `save` template: braces only around a known placeholder, not absolute, and no `..` segment
 * (segments are split at `/` alone; a template's `\` is refused as well).
 */
export const SAVE_TEMPLATE_JSON: JsonSchema[] = [
  { pattern: `^(?:[^{}]|${PLACEHOLDER})*$` },
  { not: { pattern: `${ABSOLUTE_TEMPLATE.source}|(?:^|/)\\.\\.(?:/|$)` } },
];

/** `./` written before a path, any number of times, which the path's resolving drops. */
const HERE = "^(?:\\./+)*";

/**
 * A `metadata` log: not absolute nor starting with `..` (both leave the output directory), nor one
 * of corun's own files there, in any case (macOS and Windows fold it). A `..` further on and a
 * backslash are the check's to tell: `a/../b` stays inside, and `\` separates only on Windows.
 */
export const METADATA_PATH_JSON: JsonSchema[] = [{
  not: {
    pattern: `^/|${HERE}\\.\\.(?:/|$)|${HERE}(?:${
      [HISTORY_FILE_NAME, STATE_FILE_NAME, LOCK_FILE_NAME, OWN_DIR].map(caselessPattern).join("|")
    })(?:/|$)`,
  },
}];
