/**
 * Expected digests of saved bodies: `sha256:HEX` / `sha512:HEX` as written in a config or a list
 * line, and `SHA256SUMS`-style files (`HEX  NAME` per line, as `sha256sum` writes them).
 * @module
 */

/** An expected digest. */
export interface Checksum {
  /** The digest's algorithm. */
  algorithm: "sha256" | "sha512";
  /** Lower-case hex: 64 characters for SHA-256, 128 for SHA-512. */
  hex: string;
}

const HEX_LENGTH = { sha256: 64, sha512: 128 } as const;

/**
 * Parses `sha256:HEX` or `sha512:HEX` (hex in either case).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { parseChecksum } from "./checksum.ts";
 * const checksum = parseChecksum("sha256:" + "AB".repeat(32));
 * assertEquals(checksum, { algorithm: "sha256", hex: "ab".repeat(32) });
 * ```
 *
 * @param text The checksum as written.
 * @returns The algorithm and the hex digest in lower case.
 * @throws {TypeError} When the algorithm is not sha256 or sha512, or the digest is not hex of its
 *   length.
 */
export function parseChecksum(text: string): Checksum {
  const colon = text.indexOf(":");
  const algorithm = text.slice(0, colon).trim().toLowerCase();
  if (colon < 0 || (algorithm !== "sha256" && algorithm !== "sha512")) {
    throw new TypeError(
      `${JSON.stringify(text)} is not a checksum: write sha256:HEX or sha512:HEX`,
    );
  }
  const hex = text.slice(colon + 1).trim().toLowerCase();
  const length = HEX_LENGTH[algorithm];
  if (hex.length !== length || !/^[0-9a-f]+$/.test(hex)) {
    throw new TypeError(
      `${JSON.stringify(text)} is not a checksum: a ${algorithm} digest is ${length} hex digits`,
    );
  }
  return { algorithm, hex };
}

/**
 * Parses a checksum file as `sha256sum` and `sha512sum` write them: `HEX  NAME` or `HEX *NAME` per
 * line (the algorithm follows from the digest's length), blank lines and `#` comments skipped, CRLF
 * and a leading UTF-8 BOM accepted.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { parseChecksumsFile } from "./checksum.ts";
 * const sums = parseChecksumsFile(`${"0".repeat(64)}  dist/a.tar.gz\n`, "SHA256SUMS");
 * assertEquals(sums.get("dist/a.tar.gz")?.algorithm, "sha256");
 * ```
 *
 * @param text The file's text.
 * @param path The file's name, for errors.
 * @returns Expected digests by name as written (a `./` prefix dropped).
 * @throws {TypeError} Naming the file and line of the first line that is not a checksum line, or
 *   of a name listed twice with different digests.
 */
export function parseChecksumsFile(text: string, path: string): Map<string, Checksum> {
  const sums = new Map<string, Checksum>();
  // Editors on Windows start a UTF-8 file with a BOM; it is no part of the first digest.
  const lines = (text.startsWith("\uFEFF") ? text.slice(1) : text).split("\n");
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].replace(/\r$/, "");
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const where = `${path}:${index + 1}`;
    const match = /^([0-9a-fA-F]+) [ *](.+)$/.exec(line);
    const algorithm = match?.[1].length === 64
      ? "sha256"
      : match?.[1].length === 128
      ? "sha512"
      : undefined;
    if (!match || !algorithm) {
      throw new TypeError(
        `${where}: not a checksum line: write a sha256 or sha512 digest in hex, two spaces and the file name`,
      );
    }
    const name = match[2].startsWith("./") ? match[2].slice(2) : match[2];
    const checksum: Checksum = { algorithm, hex: match[1].toLowerCase() };
    const earlier = sums.get(name);
    if (earlier && (earlier.hex !== checksum.hex || earlier.algorithm !== algorithm)) {
      throw new TypeError(
        `${where}: ${JSON.stringify(name)} is listed twice with different digests`,
      );
    }
    sums.set(name, checksum);
  }
  return sums;
}

/**
 * The expected digest of a body saved at `savedPath` (relative to the output directory): the entry
 * named by the whole path, else by its last segment.
 *
 * @param sums Digests by name, from {@linkcode parseChecksumsFile}.
 * @param savedPath Where the body is saved, relative to the output directory, `/`-separated.
 * @returns The expected digest, or undefined when the file names none.
 */
export function checksumFor(
  sums: ReadonlyMap<string, Checksum>,
  savedPath: string,
): Checksum | undefined {
  return sums.get(savedPath) ?? sums.get(savedPath.slice(savedPath.lastIndexOf("/") + 1));
}
