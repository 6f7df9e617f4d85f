/**
 * `${NAME}` in a config's text: corun expands no environment variables, so such a text would be
 * sent or used as written (a URL's host `$name`, a header `Bearer ${TOKEN}`); refused instead, with
 * what to write.
 * @module
 */

/** `${NAME}`, the shell's and most tools' way to write a variable. */
export const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/;

/** For a JSON Schema `pattern`, after its `^`: no `${NAME}` anywhere in the text (for editors). */
export const NO_ENV_REFERENCE = `(?![\\s\\S]*${ENV_REFERENCE.source})`;

/**
 * What is wrong with a text that refers to an environment variable, or undefined.
 *
 * @param text The config's text.
 * @returns `it holds ${TOKEN}: corun does not expand environment variables …`, or undefined.
 */
export function envReferenceProblem(text: string): string | undefined {
  const match = ENV_REFERENCE.exec(text);
  if (match === null) return undefined;
  return `it holds \${${match[1]}}: corun does not expand environment variables, so it would be ` +
    `used as written; in a TypeScript config write Deno.env.get("${match[1]}")`;
}
