/**
 * Whether corun may read or write a path, and Deno's refusal of one in corun's words.
 * @module
 */
import { allowFlags, isGranted } from "./permission_flags.ts";

/** What corun does to a path. */
export type PathAccess = "read" | "write";

/** Why corun may not use a path, in two parts, as a message puts them. */
export interface PathRefusal {
  /** `write to "/srv/out"`, `read "/srv/jar.txt"`. */
  what: string;
  /** `--allow-write=/srv/out (or --allow-write)`. */
  flags: string;
}

/** Asks whether a permission is granted (the process's, never a prompt, unless a test's). */
export type GrantProbe = (descriptor: Deno.PermissionDescriptor) => boolean;

/**
 * Why corun may not read or write `path`, or undefined when it may: not granted (the narrow flag
 * first).
 *
 * @param access Reading or writing.
 * @param path An absolute path.
 * @param granted The permissions. @default the process's
 * @returns The refusal, or undefined.
 */
export function pathRefusal(
  access: PathAccess,
  path: string,
  granted: GrantProbe = isGranted,
): PathRefusal | undefined {
  return granted({ name: access, path }) ? undefined : grantRefusal(access, path);
}

/**
 * Deno's refusal of `path` (`Deno.errors.NotCapable`) in corun's words: `corun may not write to
 * "/srv/logs": start it with --allow-write=/srv/logs (or --allow-write)`. Undefined for any other
 * error, which says itself.
 *
 * @param error What a read or write of `path` threw.
 * @param access Reading or writing.
 * @param path The path refused (for a file made beside another, the folder), absolute.
 * @returns The sentence, or undefined.
 */
export function refusedAccessText(
  error: unknown,
  access: PathAccess,
  path: string,
): string | undefined {
  if (!(error instanceof Deno.errors.NotCapable)) return undefined;
  return refusalText(grantRefusal(access, path));
}

/**
 * A refusal as one clause: `corun may not read "…": start it with --allow-read=… (or --allow-read)`.
 *
 * @param refusal What {@linkcode pathRefusal} gave.
 * @returns The clause.
 */
export function refusalText(refusal: PathRefusal): string {
  return `corun may not ${refusal.what}: start it with ${refusal.flags}`;
}

function grantRefusal(access: PathAccess, path: string): PathRefusal {
  return { what: `${verbOf(access)} ${JSON.stringify(path)}`, flags: allowFlags(access, [path]) };
}

function verbOf(access: PathAccess): string {
  return access === "read" ? "read" : "write to";
}
