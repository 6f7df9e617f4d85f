/**
 * This machine's name, for the records that say who did something (a run lock's holder, a worker's
 * id, a ping): read only when corun may read it without asking.
 * @module
 */

/**
 * The host's name when corun may read it without asking (corun's own task grants
 * `--allow-sys=hostname`); never a permission prompt.
 *
 * @returns The name, or undefined where it may not be read.
 */
export function hostnameIfAllowed(): string | undefined {
  try {
    const status = Deno.permissions.querySync({ name: "sys", kind: "hostname" });
    return status.state === "granted" ? Deno.hostname() : undefined;
  } catch {
    return undefined;
  }
}
