/**
 * This machine's name, for the records that say who did something (a run lock's holder, a worker's
 * id, a ping): read only when corun may read it without asking.
 * @module
 */
import { isGranted } from "../loop/mod.ts";

/**
 * The host's name when corun may read it without asking (corun's own task grants
 * `--allow-sys=hostname`); never a permission prompt.
 *
 * @returns The name, or undefined where it may not be read.
 */
export function hostnameIfAllowed(): string | undefined {
  try {
    return isGranted({ name: "sys", kind: "hostname" }) ? Deno.hostname() : undefined;
  } catch {
    return undefined;
  }
}
