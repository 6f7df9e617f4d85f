/**
 * Environment variables written in a config's text: corun expands none, so such a text would be
 * sent or used as written (a URL's host `$HOST`, a header `Bearer ${TOKEN}`, a folder `$HOME/out`);
 * refused instead, with what to write: in a credential's field `{ env: NAME }` (secret_refs.ts),
 * elsewhere a TypeScript config. `${NAME}` is refused anywhere; `$NAME` only where it cannot be
 * meant as written (a URL's host, a path's first segment): elsewhere a `$` alone is text, as a
 * password's may be. Whatever the environment: a config valid here is valid under cron, on a
 * worker, and in an editor that checks it by the JSON Schema.
 * @module
 */
import { quoteReceived } from "../http/mod.ts";

/** `${NAME}`, the shell's and most tools' way to write a variable. */
const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/;

/** For a JSON Schema `pattern`, after its `^`: no `${NAME}` anywhere in the text (for editors). */
export const NO_ENV_REFERENCE = `(?![\\s\\S]*${ENV_REFERENCE.source})`;

/** `$NAME` as a path's first segment: `$HOME/out`, `$OUT`. */
const LEADING_VARIABLE = /^\$([A-Za-z_][A-Za-z0-9_]*)(?:[/\\]|$)/;

/** For a JSON Schema `pattern`, after its `^`: no `$NAME` first (for editors), as `LEADING_VARIABLE`. */
export const NO_LEADING_VARIABLE = "(?!\\$[A-Za-z_][A-Za-z0-9_]*(?:[/\\\\]|$))";

/** The host of a URL's text (after any `user:password@`), up to its path, query or fragment. */
const URL_AUTHORITY = /^\s*[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/;

/** `$NAME` in a host: no host name holds a `$`. */
const HOST_VARIABLE = /\$([A-Za-z_][A-Za-z0-9_]*)/;

/** For a JSON Schema `pattern`, after its `^`: no `$NAME` in a URL's host (for editors). */
export const NO_HOST_VARIABLE =
  "(?!\\s*[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?[^/?#@]*\\$[A-Za-z_][^/?#@]*(?:[/?#]|$))";

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
  if (!credential) return notExpanded(match[0], name);
  const held = `it holds \${${name}}: ${NOT_EXPANDED}`;
  if (text === match[0]) return `${held}; write { env: ${name} } to read the variable`;
  // `Bearer ${TOKEN}`: no text is pieced together, the whole value comes from one place.
  return `${held}; write { env: NAME } for a variable that holds the whole value (a bearer ` +
    `token goes in auth: { bearer: { env: ${name} } })`;
}

/**
 * What is wrong with a path whose first segment is `$NAME` (`$HOME/out`, `$out`), in any case: it
 * would be a folder so named. Whether a variable is set here is not asked, so the verdict is the
 * same in every environment (`$home` is csh's, `$http_proxy` is set on one machine and not the
 * next); a folder so named is written `./$out`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { leadingVariableProblem } from "./env_reference.ts";
 * assertEquals(leadingVariableProblem("$OUT_DIR/x")?.startsWith("it holds $OUT_DIR"), true);
 * assertEquals(leadingVariableProblem("$out/x")?.endsWith('"./$out/x" for a folder so named'), true);
 * assertEquals(leadingVariableProblem("$5/x"), undefined);
 * assertEquals(leadingVariableProblem("out/$OUT"), undefined);
 * ```
 *
 * @param path A path as written.
 * @returns `it holds $HOME: corun does not expand environment variables …`, or undefined.
 */
export function leadingVariableProblem(path: string): string | undefined {
  const name = LEADING_VARIABLE.exec(path)?.[1];
  if (name === undefined) return undefined;
  return `${notExpanded(`$${name}`, name)}, or ${quoteReceived(`./${path}`)} for a folder so named`;
}

/**
 * What is wrong with a URL's text whose host holds an environment variable: `${NAME}` anywhere
 * (`envReferenceProblem`), or `$NAME` in the host (`http://$HOST/x`, `https://api.$DOMAIN/`),
 * which no host name has.
 *
 * @param text A URL as written.
 * @returns `it holds $HOST: corun does not expand environment variables …`, or undefined.
 */
export function urlEnvReferenceProblem(text: string): string | undefined {
  const braced = envReferenceProblem(text);
  if (braced !== undefined) return braced;
  const authority = URL_AUTHORITY.exec(text)?.[1];
  if (authority === undefined) return undefined;
  // Only the host: a password may hold a `$` of its own.
  const host = authority.slice(authority.lastIndexOf("@") + 1);
  const name = HOST_VARIABLE.exec(host)?.[1];
  return name === undefined ? undefined : notExpanded(`$${name}`, name);
}

const NOT_EXPANDED = "corun does not expand environment variables, so it would be used as written";

function notExpanded(written: string, name: string): string {
  return `it holds ${written}: ${NOT_EXPANDED}; in a TypeScript config write ` +
    `Deno.env.get("${name}")`;
}
