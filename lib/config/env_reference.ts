/**
 * `${NAME}` in a config's text: corun expands no environment variables, so such a text would be
 * sent or used as written (a URL's host `$name`, a header `Bearer ${TOKEN}`); refused instead, with
 * what to write: in a credential's field `{ env: NAME }` (secret_refs.ts), elsewhere a TypeScript
 * config.
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
 * @param credential The field holds a credential, which `{ env: NAME }` may give instead.
 * @returns `it holds ${TOKEN}: corun does not expand environment variables …`, or undefined.
 */
export function envReferenceProblem(text: string, credential = false): string | undefined {
  const match = ENV_REFERENCE.exec(text);
  if (match === null) return undefined;
  const name = match[1];
  const held = `it holds \${${name}}: corun does not expand environment variables, so it would ` +
    "be used as written";
  if (!credential) return `${held}; in a TypeScript config write Deno.env.get("${name}")`;
  if (text === match[0]) return `${held}; write { env: ${name} } to read the variable`;
  // `Bearer ${TOKEN}`: no text is pieced together, the whole value comes from one place.
  return `${held}; write { env: NAME } for a variable that holds the whole value (a bearer ` +
    `token goes in auth: { bearer: { env: ${name} } })`;
}
