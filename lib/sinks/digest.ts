/**
 * Streaming SHA-256, computed natively while the body is written.
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
  if (createHash === undefined) {
    throw new TypeError("Cannot compute SHA-256: call loadSha256() first");
  }
  const hash = createHash("sha256");
  let digest: string | undefined;
  return {
    update(chunk: Uint8Array): void {
      if (digest !== undefined) {
        throw new TypeError("Cannot update SHA-256: the digest is already finished");
      }
      hash.update(chunk);
    },
    hex(): string {
      return digest ??= hash.digest("hex");
    },
  };
}
