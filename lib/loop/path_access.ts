/**
 * Whether corun may read or write a path, and Deno's refusal of one in corun's words. Deno lets a
 * program use a path under its special roots (`/dev` on Unix, `/proc` and `/sys` on Linux too: the
 * RAM disk `/dev/shm` among them) only when every permission is granted (`-A`), though asking it
 * about `--allow-write`'s path there says granted; so a granted path there is refused all the same,
 * and says how, before anything is sent.
 * @module
 */
import { allowFlags, isGranted } from "./permission_flags.ts";

/** What corun does to a path. */
export type PathAccess = "read" | "write";

/** Why corun may not use a path, in two parts, as a message puts them. */
export interface PathRefusal {
  /** `write to "/srv/out"`, `read "/dev/shm/jar.txt" (Deno lets a program use … only with -A)`. */
  what: string;
  /** `--allow-write=/srv/out (or --allow-write)`, `--allow-all (or a path outside /dev)`. */
  flags: string;
}

/** Asks whether a permission is granted (the process's, never a prompt, unless a test's). */
export type GrantProbe = (descriptor: Deno.PermissionDescriptor) => boolean;

/**
 * Device files under `/dev` Deno lets any program with the path's permission use (Deno's own
 * exceptions: a log sent to `/dev/null` works with `--allow-write=/dev/null`).
 */
const ORDINARY_DEVICES = new Set(["/dev/null", "/dev/zero", "/dev/random", "/dev/urandom"]);

/** Deno's names of every permission: granted all, the program runs as with `-A`. */
const EVERY_PERMISSION = ["read", "write", "net", "env", "sys", "run", "ffi", "import"] as const;

/**
 * Deno's special root a path is under (`/dev`), or undefined: an absolute path as written, and
 * where it leads as far as it exists and may be read (a link to `/dev/shm`, and a path not made yet
 * in one, is refused as `/dev/shm`).
 *
 * @param path An absolute path.
 * @param os The system. @default `Deno.build.os`
 * @returns The root, or undefined.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { allAccessRootOf } from "./path_access.ts";
 * assertEquals(allAccessRootOf("/dev/shm/out", "linux"), "/dev");
 * assertEquals(allAccessRootOf("/proc/self/fd/1", "darwin"), undefined);
 * assertEquals(allAccessRootOf("/dev/null", "linux"), undefined);
 * assertEquals(allAccessRootOf("/devices/out", "linux"), undefined);
 * ```
 */
export function allAccessRootOf(
  path: string,
  os: typeof Deno.build.os = Deno.build.os,
): string | undefined {
  if (os === "windows") return undefined;
  const roots = os === "linux" ? ["/dev", "/proc", "/sys"] : ["/dev"];
  const under = (at: string) =>
    ORDINARY_DEVICES.has(at)
      ? undefined
      : roots.find((root) => at === root || at.startsWith(`${root}/`));
  return under(normalized(path)) ?? under(realPathOrSelf(path));
}

/**
 * Why corun may not read or write `path`, or undefined when it may: not granted (the narrow flag
 * first), or under a special root without every permission.
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
  if (allAccessRootOf(path) !== undefined) return allAccessRefusal(access, path, granted);
  return granted({ name: access, path }) ? undefined : grantRefusal(access, path);
}

/**
 * Why corun may not read or write `path` though its own permission may be granted: it is under a
 * special root, and not every permission is. Undefined elsewhere, and under `-A`.
 *
 * @param access Reading or writing.
 * @param path An absolute path.
 * @param granted The permissions. @default the process's
 * @returns The refusal, or undefined.
 */
export function allAccessRefusal(
  access: PathAccess,
  path: string,
  granted: GrantProbe = isGranted,
): PathRefusal | undefined {
  const root = allAccessRootOf(path);
  if (root === undefined) return undefined;
  if (EVERY_PERMISSION.every((name) => granted({ name } as Deno.PermissionDescriptor))) {
    return undefined;
  }
  return rootRefusal(access, path, root);
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
  const root = allAccessRootOf(path);
  return refusalText(
    root === undefined ? grantRefusal(access, path) : rootRefusal(access, path, root),
  );
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

function rootRefusal(access: PathAccess, path: string, root: string): PathRefusal {
  return {
    what: `${verbOf(access)} ${JSON.stringify(path)} (Deno lets a program use a path under ` +
      `${root} only with every permission, whatever --allow-${access} grants)`,
    flags: `--allow-all (or give a path outside ${root})`,
  };
}

function verbOf(access: PathAccess): string {
  return access === "read" ? "read" : "write to";
}

/** `/dev/./shm/../shm/x` as `/dev/shm/x`: Deno judges the path so. */
function normalized(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

/**
 * Where a path leads: its nearest existing folder (or itself) resolved, links and all, and the rest
 * appended, as Deno judges a path not made yet (`link/new`, with `link` into `/dev/shm`, is under
 * `/dev`). Only what may be read is resolved (never a prompt); else the path.
 */
function realPathOrSelf(path: string): string {
  const missing: string[] = [];
  let at = normalized(path);
  for (;;) {
    try {
      if (!isGranted({ name: "read", path: at })) return path;
      const real = Deno.realPathSync(at);
      return missing.length === 0 ? real : `${real.replace(/\/$/, "")}/${missing.join("/")}`;
    } catch (error) {
      // Not there yet: its folder says where it will be. Anything else (a file where a folder
      // goes, a folder that may not be searched) leaves the path as written.
      if (!(error instanceof Deno.errors.NotFound) || at === "/") return path;
      const slash = at.lastIndexOf("/");
      missing.unshift(at.slice(slash + 1));
      at = slash === 0 ? "/" : at.slice(0, slash);
    }
  }
}
