/**
 * Deno's permissions as corun's messages speak of them: whether one is granted, asked without a
 * prompt, and the flags that grant it, the narrowest first. Every layer that says a permission is
 * missing says it with these words.
 * @module
 */
import { shellWord } from "./shell_word.ts";

/** The permissions corun asks of Deno by what they are on (a host, a path, a variable). */
export type PermissionName = "read" | "write" | "net" | "env";

/**
 * Whether Deno grants a permission now. Never a prompt: "prompt" counts as not granted, since on a
 * pipe or under cron Deno refuses at the first use, and on a terminal it would ask in the middle of
 * the run's output.
 *
 * @param descriptor What to ask about.
 * @returns True only when it is granted.
 */
export function isGranted(descriptor: Deno.PermissionDescriptor): boolean {
  return Deno.permissions.querySync(descriptor).state === "granted";
}

/**
 * The flags that grant a permission on some targets: the narrow one, then the broad one.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { allowFlags } from "./permission_flags.ts";
 * assertEquals(
 *   allowFlags("net", ["127.0.0.1:9", "example.org:443"]),
 *   "--allow-net=127.0.0.1:9,example.org:443 (or --allow-net)",
 * );
 * assertEquals(allowFlags("write", ["/srv/my out"]), "'--allow-write=/srv/my out' (or --allow-write)");
 * assertEquals(allowFlags("env", ["API_TOKEN"]), "--allow-env=API_TOKEN (or --allow-env)");
 * ```
 *
 * @param name The permission.
 * @param targets Hosts (`host:port`), absolute paths or variables' names.
 * @returns The flags, as a shell word each.
 */
export function allowFlags(name: PermissionName, targets: readonly string[]): string {
  return `${shellWord(`--allow-${name}=${targets.join(",")}`)} (or --allow-${name})`;
}
