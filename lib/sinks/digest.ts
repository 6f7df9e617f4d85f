/**
 * Streaming SHA-256 (and SHA-512, for expected checksums), computed natively while the body is
 * written.
 * @module
 */
import { loadNodeCrypto } from "./deps.ts";

let createHash: typeof import("node:crypto").createHash | undefined;

/** A SHA-256 being computed over chunks. */
export interface Sha256 {
  /** Adds bytes to the digest. @throws {TypeError} After `hex()`. */
  update(chunk: Uint8Array): void;
  /** Finishes the digest; later calls return the same value. @returns Lower-case hex, 64 characters. */
  hex(): string;
}

/**
 * Loads the hashing module. Node's crypto weighs about 10 MB of memory, so a run that wants no digest
 * never loads it; call this once before `createSha256`.
 *
 * @example
 * ```ts
 * import { createSha256, loadSha256 } from "./digest.ts";
 * await loadSha256();
 * createSha256().hex().length; // 64
 * ```
 */
export async function loadSha256(): Promise<void> {
  createHash ??= (await loadNodeCrypto()).createHash;
}

/**
 * Whether {@linkcode loadSha256} has loaded the hashing module (so a caller that hashes rarely loads
 * it only when it must).
 *
 * @returns True once loaded.
 */
export function isDigestLoaded(): boolean {
  return createHash !== undefined;
}

/**
 * Starts a streaming SHA-256 (native, via `node:crypto`).
 *
 * @example
 * ```ts
 * import { createSha256, loadSha256 } from "./digest.ts";
 * await loadSha256();
 * const sha = createSha256();
 * sha.update(new TextEncoder().encode("abc"));
 * sha.hex(); // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 * ```
 * @returns A fresh digest.
 * @throws TypeError when `loadSha256()` has not been awaited.
 */
export function createSha256(): Sha256 {
  return createDigest("sha256");
}

/** A digest algorithm corun computes: SHA-256 for metadata and `{sha256}`, either for checksums. */
export type DigestAlgorithm = "sha256" | "sha512";

/**
 * Starts a streaming digest of either algorithm (native, via `node:crypto`), loaded as
 * {@linkcode loadSha256} loads it.
 *
 * @example
 * ```ts
 * import { createDigest, loadSha256 } from "./digest.ts";
 * await loadSha256();
 * createDigest("sha512").hex().length; // 128
 * ```
 * @param algorithm `sha256` or `sha512`.
 * @returns A fresh digest (the same interface as a SHA-256's).
 * @throws TypeError when `loadSha256()` has not been awaited.
 */
export function createDigest(algorithm: DigestAlgorithm): Sha256 {
  const label = algorithm === "sha256" ? "SHA-256" : "SHA-512";
  if (createHash === undefined) {
    throw new TypeError(`Cannot compute ${label}: call loadSha256() first`);
  }
  return new StreamingDigest(createHash(algorithm), label);
}

/** A running hash of `node:crypto`. */
type NodeHash = ReturnType<typeof import("node:crypto").createHash>;

/** A digest over chunks: one object, rather than two closures and their scope made per body. */
class StreamingDigest implements Sha256 {
  readonly #hash: NodeHash;
  readonly #label: string;
  #digest: string | undefined;

  constructor(hash: NodeHash, label: string) {
    this.#hash = hash;
    this.#label = label;
  }

  update(chunk: Uint8Array): void {
    if (this.#digest !== undefined) {
      throw new TypeError(`Cannot update ${this.#label}: the digest is already finished`);
    }
    this.#hash.update(chunk);
  }

  hex(): string {
    return this.#digest ??= this.#hash.digest("hex");
  }
}
