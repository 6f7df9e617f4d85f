/**
 * Reading an environment variable without ever prompting: one the run may not read (no
 * `--allow-env`, or one for other names only) counts as unset.
 * @module
 */
import { isGranted } from "../loop/mod.ts";

/**
 * Whether the run may read `name`.
 *
 * @param name The variable.
 * @returns True when `--allow-env` covers it.
 */
export function mayReadEnv(name: string): boolean {
  try {
    return isGranted({ name: "env", variable: name });
  } catch {
    return false;
  }
}

/**
 * The variable's value, when the run may read it.
 *
 * @param name The variable.
 * @returns Its value; undefined when unset or not readable.
 */
export function envIfAllowed(name: string): string | undefined {
  if (!mayReadEnv(name)) return undefined;
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}
