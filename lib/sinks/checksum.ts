/**
 * Expected digests of saved bodies: `sha256:HEX` / `sha512:HEX` as written in a config or a list
 * line, and `SHA256SUMS`-style files (`HEX  NAME` or `SHA256 (NAME) = HEX` per line, as
 * `sha256sum` writes them).
 * @module
 */
import { caselessPattern } from "../loop/mod.ts";

/** An expected digest. */
export interface Checksum {
  /** The digest's algorithm. */
  algorithm: "sha256" | "sha512";
  /** Lower-case hex: 64 characters for SHA-256, 128 for SHA-512. */
  hex: string;
}

const HEX_LENGTH = { sha256: 64, sha512: 128 } as const;

/**
 * What `parseChecksum` takes, as a JSON Schema / ECMAScript regular expression (for editors): an
 * algorithm in any case, a colon and its digest's hex digits, white space around each trimmed.
 */
export const CHECKSUM_PATTERN = `^\\s*(?:${
  Object.entries(HEX_LENGTH).map(([algorithm, length]) =>
    `${caselessPattern(algorithm)}\\s*:\\s*[0-9A-Fa-f]{${length}}`
  ).join("|")
})\\s*$`;

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
 * line (the algorithm follows from the digest's length), or `SHA256 (NAME) = HEX` as
 * `sha256sum --tag`, BSD's `sha256` and `shasum --tag` write them (also `SHA2-256(NAME)= HEX`, as
 * OpenSSL does); a name with a backslash or a line break escaped as `sha256sum` escapes it (the line
 * then starts with `\`); blank lines and `#` comments skipped, CRLF and a leading UTF-8 BOM
 * accepted. A file signed in the clear (PGP, as Fedora's `CHECKSUM`) is read without its armour;
 * the signature is not checked.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { parseChecksumsFile } from "./checksum.ts";
 * const sums = parseChecksumsFile(`${"0".repeat(64)}  dist/a.tar.gz\n`, "SHA256SUMS");
 * assertEquals(sums.get("dist/a.tar.gz")?.algorithm, "sha256");
 * const tagged = parseChecksumsFile(`SHA512 (b.iso) = ${"1".repeat(128)}\n`, "CHECKSUM");
 * assertEquals(tagged.get("b.iso")?.algorithm, "sha512");
 * ```
 *
 * @param text The file's text.
 * @param path The file's name, for errors.
 * @returns Expected digests by name as written (a `./` prefix dropped).
 * @throws {TypeError} Naming the file and line of the first line that is not a checksum line (or
 *   is one of another algorithm), or of a name listed twice with different digests.
 */
export function parseChecksumsFile(text: string, path: string): Map<string, Checksum> {
  const sums = new Map<string, Checksum>();
  // Editors on Windows start a UTF-8 file with a BOM; it is no part of the first digest.
  const lines = (text.startsWith("\uFEFF") ? text.slice(1) : text).split("\n");
  const armour = new ClearSignedArmour();
  for (let index = 0; index < lines.length; index++) {
    const line = armour.content(lines[index].replace(/\r$/, ""));
    if (line === undefined || line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const where = `${path}:${index + 1}`;
    // UTF-16 (PowerShell 5's `>`) read as UTF-8: NUL bytes between the letters of every line.
    if (line.includes("\0")) {
      throw new TypeError(
        `${where}: the line holds NUL bytes (is the file UTF-16? save it as UTF-8)`,
      );
    }
    const entry = parseChecksumLine(line);
    if (typeof entry === "string") throw new TypeError(`${where}: ${entry}`);
    const name = entry.name.startsWith("./") ? entry.name.slice(2) : entry.name;
    const checksum = entry.checksum;
    const earlier = sums.get(name);
    if (earlier && (earlier.hex !== checksum.hex || earlier.algorithm !== checksum.algorithm)) {
      throw new TypeError(
        `${where}: ${JSON.stringify(name)} is listed twice with different digests`,
      );
    }
    sums.set(name, checksum);
  }
  return sums;
}

/** `HEX  NAME` / `HEX *NAME`, as `sha256sum` writes a line. */
const GNU_LINE = /^([0-9a-fA-F]+) [ *](.+)$/;
/** `SHA256 (NAME) = HEX`, as `sha256sum --tag` and BSD write it; OpenSSL writes `SHA2-256(NAME)= HEX`. */
const TAGGED_LINE = /^([A-Za-z0-9-]+) ?\((.+)\) ?= ?([0-9a-fA-F]+)$/;
/** Algorithms by their digest's hex length, those corun checks and those it names to refuse. */
const ALGORITHM_OF_LENGTH: Readonly<Record<number, string>> = {
  32: "MD5",
  40: "SHA-1",
  64: "sha256",
  128: "sha512",
};
/** A tagged line's algorithm names, upper case without dashes (`SHA2-256` → `SHA2256`). */
const TAGGED_ALGORITHMS: Readonly<Record<string, Checksum["algorithm"]>> = {
  SHA256: "sha256",
  SHA2256: "sha256",
  SHA512: "sha512",
  SHA2512: "sha512",
};

/**
 * One line's name and digest, or what is wrong with it. A line starting with `\` has its name
 * escaped (`\\`, `\n`, `\r`), as `sha256sum` writes a name holding those characters.
 */
function parseChecksumLine(text: string): { name: string; checksum: Checksum } | string {
  const escaped = text.startsWith("\\");
  const line = escaped ? text.slice(1) : text;
  const gnu = GNU_LINE.exec(line);
  const tagged = gnu ? null : TAGGED_LINE.exec(line);
  if (!gnu && !tagged) {
    return "not a checksum line: write a sha256 or sha512 digest in hex, two spaces and the " +
      "file name (or SHA256 (NAME) = HEX, as sha256sum --tag writes it)";
  }
  const hex = (gnu ? gnu[1] : tagged![3]).toLowerCase();
  const rawName = gnu ? gnu[2] : tagged![2];
  const byLength = ALGORITHM_OF_LENGTH[hex.length];
  const algorithm = gnu
    ? (byLength === "sha256" || byLength === "sha512" ? byLength : undefined)
    : TAGGED_ALGORITHMS[tagged![1].toUpperCase().replaceAll("-", "")];
  if (algorithm === undefined) {
    const which = !gnu
      ? `a digest of ${tagged![1]}`
      : byLength === undefined
      ? `a digest of ${hex.length} hex digits`
      : `a digest of ${hex.length} hex digits (${byLength})`;
    return `${which}: corun checks sha256 (64 hex digits) and sha512 (128) digests only`;
  }
  if (hex.length !== HEX_LENGTH[algorithm]) {
    return `a ${algorithm} digest is ${HEX_LENGTH[algorithm]} hex digits, got ${hex.length}`;
  }
  return { name: escaped ? unescapeName(rawName) : rawName, checksum: { algorithm, hex } };
}

/** A name as `sha256sum` escapes it: `\\` for a backslash, `\n` and `\r` for line breaks. */
function unescapeName(name: string): string {
  return name.replace(
    /\\([\\nr])/g,
    (_, char: string) => char === "n" ? "\n" : char === "r" ? "\r" : "\\",
  );
}

/**
 * The signed text of a file signed in the clear (RFC 4880 §7), line by line: the armour's header
 * lines and the signature block are no checksum lines, and a dash-escaped line (`- `) loses its
 * escape. Any other file passes through as it is.
 */
class ClearSignedArmour {
  #state: "plain" | "headers" | "signed" | "signature" = "plain";

  /** @returns The line's content, or undefined for a line of the armour. */
  content(line: string): string | undefined {
    if (this.#state === "headers") {
      if (line.trim() === "") this.#state = "signed";
      return undefined;
    }
    if (this.#state === "signature") {
      if (line.startsWith("-----END PGP SIGNATURE-----")) this.#state = "plain";
      return undefined;
    }
    if (line.startsWith("-----BEGIN PGP SIGNED MESSAGE-----")) {
      this.#state = "headers";
      return undefined;
    }
    if (line.startsWith("-----BEGIN PGP SIGNATURE-----")) {
      this.#state = "signature";
      return undefined;
    }
    return this.#state === "signed" && line.startsWith("- ") ? line.slice(2) : line;
  }
}

/**
 * The expected digest of a body saved at `savedPath` (relative to the output directory): for a
 * checksums file inside the output directory, the entry naming the path from the file's own folder
 * (as `sha256sum -c` run there reads it: `linux/a.tar.gz` beside `v1/SHA256SUMS` is
 * `v1/linux/a.tar.gz`); else the entry named by the whole path, else by its last segment.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { checksumFor, parseChecksumsFile } from "./checksum.ts";
 * const sums = parseChecksumsFile(`${"0".repeat(64)}  linux/a.tar.gz\n`, "v1/SHA256SUMS");
 * assertEquals(checksumFor(sums, "v1/linux/a.tar.gz", "v1")?.algorithm, "sha256");
 * ```
 *
 * @param sums Digests by name, from {@linkcode parseChecksumsFile}.
 * @param savedPath Where the body is saved, relative to the output directory, `/`-separated.
 * @param sumsFolder The checksums file's folder relative to the output directory, `/`-separated
 *   (`""` for the directory itself; one outside it, whose first segment is `..`, names no folder of
 *   it).
 * @returns The expected digest, or undefined when the file names none.
 */
export function checksumFor(
  sums: ReadonlyMap<string, Checksum>,
  savedPath: string,
  sumsFolder = "",
): Checksum | undefined {
  // Outside by its first segment, as confine.ts decides: a folder named `..data` is inside.
  const outside = sumsFolder === ".." || sumsFolder.startsWith("../");
  const inFolder = sumsFolder !== "" && !outside && savedPath.startsWith(sumsFolder + "/")
    ? sums.get(savedPath.slice(sumsFolder.length + 1))
    : undefined;
  return inFolder ?? sums.get(savedPath) ??
    sums.get(savedPath.slice(savedPath.lastIndexOf("/") + 1));
}
