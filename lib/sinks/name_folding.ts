/**
 * Whether the file system of the output directory takes two names for one file when they differ
 * only in case (`Report.txt`, `report.txt`: macOS, Windows, FAT, exFAT, SMB, ext4 casefold) or in
 * Unicode normalization (`café` composed or decomposed: APFS, HFS+). A run compares its save paths
 * the way the disk does (saved_paths.ts): two paths one file on disk are one path, and the second
 * save fails naming the first instead of replacing its body. Asked once a run, as git asks for
 * `core.ignorecase`: a file of a name no other run uses is made, looked up under another spelling,
 * and removed.
 * @module
 */
import { tempNameFor } from "../http/temp_name.ts";
import { isGranted } from "../loop/mod.ts";
import { dirname, resolve } from "./deps.ts";

/** How a file system compares names. */
export interface NameFolding {
  /** `A` and `a` name one file. */
  readonly case: boolean;
  /** A composed and a decomposed `é` name one file. */
  readonly normalization: boolean;
}

/** A file system that tells every spelling apart (ext4, tmpfs, btrfs). */
export const NO_FOLDING: NameFolding = { case: false, normalization: false };

/**
 * Asks the file system of `dir` how it compares names. Says nothing: a directory that cannot be
 * written (or read) is taken to tell every spelling apart, as before this was asked.
 *
 * @param dir The output directory; when it is not made yet, the nearest folder above it that is
 *   (where it will be made, on the same file system but for a mount point between).
 * @returns How names compare there.
 */
export function probeNameFolding(dir: string): NameFolding {
  const existing = nearestFolder(resolve(dir));
  if (existing === undefined || !mayProbe(existing)) return NO_FOLDING;
  return {
    // Two probes: a file system that refuses the "é" (FUSE's FAT) may still fold case.
    case: foundAs(existing, "corun-case", (name) => name.toUpperCase()),
    normalization: foundAs(existing, "corun-nfc-\u00e9", (name) => name.normalize("NFD")),
  };
}

/**
 * Whether a probe file made under a name from `base` is found under `spelledOtherwise` of its name.
 * The name is a temporary's (a later run's sweep removes one a killed run left in the output
 * directory), unique to this probe: found under the other spelling, it is this file (inodes do not
 * tell: FUSE's FAT gives each spelling its own).
 */
function foundAs(dir: string, base: string, spelledOtherwise: (name: string) => string): boolean {
  const name = tempNameFor(base);
  const path = resolve(dir, name);
  try {
    Deno.writeFileSync(path, new Uint8Array(), { createNew: true });
  } catch {
    return false; // not writable, or a name it refuses: nothing to compare
  }
  try {
    Deno.lstatSync(resolve(dir, spelledOtherwise(name)));
    return true;
  } catch {
    return false;
  } finally {
    try {
      Deno.removeSync(path);
    } catch {
      // gone already: nothing to clean
    }
  }
}

/**
 * The key a run compares a save path by: the path itself, or the path as the file system folds it
 * (composed, in lower case).
 *
 * @param folding How the output directory's file system compares names.
 * @returns A function from a normalised relative path to its key; undefined when the file system
 *   tells every spelling apart (the path is its own key).
 */
export function pathKeyOf(folding: NameFolding): ((path: string) => string) | undefined {
  if (folding.case && folding.normalization) return (path) => path.normalize("NFC").toLowerCase();
  // Lower case keeps composed and decomposed characters apart: "É" and "E\u0301" stay two.
  if (folding.case) return (path) => path.toLowerCase();
  if (folding.normalization) return (path) => path.normalize("NFC");
  return undefined;
}

/** `dir`, or the nearest folder above it that exists. */
function nearestFolder(dir: string): string | undefined {
  for (let at = dir;; at = dirname(at)) {
    try {
      if (Deno.statSync(at).isDirectory) return at;
      return undefined; // a file where the folder goes: the run fails on it anyway
    } catch {
      if (dirname(at) === at) return undefined;
    }
  }
}

/** Granted reading and writing there: the probe asks for no permission (no prompt). */
function mayProbe(dir: string): boolean {
  return isGranted({ name: "write", path: dir }) && isGranted({ name: "read", path: dir });
}
