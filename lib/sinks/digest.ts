/**
 * Streaming SHA-256 (and SHA-512, for expected checksums), computed natively while the body is
 * written; and the digest of a whole body in memory, which a short run takes from WebCrypto
 * rather than load Node's hash module.
 * @module
 */
import { loadNodeCrypto } from "./deps.ts";

let createHash: typeof import("node:crypto").createHash | undefined;

/**
 * Digests of whole bodies a process takes from WebCrypto before it loads Node's hash module instead
 * (a body checked against a SHA-512 takes two). WebCrypto needs nothing loaded, where Node's module
 * costs ~24 ms and ~4 MiB the first time (a quarter of a one-fetch run); but it costs ~18 µs more a
 * body (an operation on another thread, and a promise, against ~3 µs), so a long run loads the
 * module after these few.
 */
export const WEB_DIGESTS_BEFORE_LOADING = 256;

let webDigests = 0;

/** A SHA-256 being computed over chunks. */
export interface Sha256 {
  /** Adds bytes to the digest. @throws {TypeError} After `hex()`. */
  update(chunk: Uint8Array): void;
  /** Finishes the digest; later calls return the same value. @returns Lower-case hex, 64 characters. */
  hex(): string;
}

/**
 * Loads the hashing module. Node's crypto weighs about 10 MB of memory, so a run that wants no digest
 * never loads it; call this once before {@linkcode createDigest}.
 *
 * @example
 * ```ts
 * import { createDigest, loadSha256 } from "./digest.ts";
 * await loadSha256();
 * createDigest("sha256").hex().length; // 64
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

/** A digest algorithm corun computes: SHA-256 for metadata and `{sha256}`, either for checksums. */
export type DigestAlgorithm = "sha256" | "sha512";

/**
 * The digest of a whole body in memory, without waiting for the hashing module: computed at once
 * once it is loaded; before that, by WebCrypto for the process's first
 * {@linkcode WEB_DIGESTS_BEFORE_LOADING} digests, then after loading it.
 *
 * @example
 * ```ts
 * import { digestWhole } from "./digest.ts";
 * await digestWhole(new TextEncoder().encode("abc"), "sha256");
 * // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 * ```
 * @param bytes The body (read now: it may change once this returns).
 * @param algorithm `sha256` or `sha512`.
 * @returns Lower-case hex, or a promise of it.
 */
export function digestWhole(
  bytes: Uint8Array,
  algorithm: DigestAlgorithm,
): string | Promise<string> {
  if (createHash !== undefined) return createHash(algorithm).update(bytes).digest("hex");
  if (webDigests >= WEB_DIGESTS_BEFORE_LOADING) {
    // Hashed once the module is in: a copy, as WebCrypto takes one (only bodies met meanwhile).
    const copy = bytes.slice();
    return loadSha256().then(() => createHash!(algorithm).update(copy).digest("hex"));
  }
  webDigests++;
  return webDigestHex(bytes, algorithm);
}

/**
 * The digest by WebCrypto (the platform's, on another thread: nothing to load).
 *
 * @param bytes The body; WebCrypto copies it before this returns.
 * @param algorithm `sha256` or `sha512`.
 * @returns Lower-case hex.
 */
async function webDigestHex(bytes: Uint8Array, algorithm: DigestAlgorithm): Promise<string> {
  const name = algorithm === "sha256" ? "SHA-256" : "SHA-512";
  // Bodies are read into plain buffers, never shared ones (which WebCrypto refuses).
  return new Uint8Array(await crypto.subtle.digest(name, bytes as Uint8Array<ArrayBuffer>)).toHex();
}

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
