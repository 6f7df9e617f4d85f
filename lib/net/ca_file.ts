/**
 * What a `caFile` must hold: whole PEM certificates. TLS ignores anything else in silence (a DER
 * `.cer` export, a private key, a wrong file), and every handshake then fails with "UnknownIssuer"
 * as if no file had been given; a certificate cut short (a copy and paste that lost lines) fails
 * every handshake with "invalid peer certificate: BadEncoding", blaming the server. So the file is
 * judged when the config loads.
 * @module
 */

import { formatSize, readCapped, readCappedSync } from "../loop/mod.ts";

/**
 * The largest CA file read: 4 MiB, fixed. A system's whole trust bundle (~150 certificates) is
 * ~220 KB; a path to something else (a disk image, `/dev/zero`) is refused instead of read into
 * memory.
 */
export const MAX_CA_FILE_BYTES = 4 * 2 ** 20;

/**
 * Reads a CA file's bytes, at most {@linkcode MAX_CA_FILE_BYTES}.
 *
 * @param path The file.
 * @returns Its bytes.
 * @throws {RangeError} When it is larger (`it is larger than 4MiB, …`); Deno's errors when it
 *   cannot be read.
 */
export function readCaFileSync(path: string): Uint8Array {
  using file = Deno.openSync(path, { read: true });
  return withinCap(readCappedSync(file, MAX_CA_FILE_BYTES));
}

/**
 * {@linkcode readCaFileSync}, asynchronously.
 *
 * @param path The file.
 * @returns Its bytes.
 * @throws {RangeError} When it is larger than the cap.
 */
export async function readCaFile(path: string): Promise<Uint8Array> {
  using file = await Deno.open(path, { read: true });
  return withinCap(await readCapped(file, MAX_CA_FILE_BYTES));
}

function withinCap(bytes: Uint8Array | undefined): Uint8Array {
  if (bytes !== undefined) return bytes;
  throw new RangeError(
    `it is larger than ${formatSize(MAX_CA_FILE_BYTES)}, the most a CA file is read (a fixed ` +
      "limit: a system's whole trust bundle is ~220KB); is it the right file?",
  );
}

/** The PEM certificate blocks of a file, their base64 captured. */
const PEM_CERTIFICATES = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/** ASN.1 DER starts with a SEQUENCE tag: so do a certificate and a binary certificate file. */
const DER_SEQUENCE = 0x30;

/**
 * The problem with a CA file's content, for `cannot use the CA file "…": <problem>`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { caFileProblem } from "./ca_file.ts";
 * const cut = "-----BEGIN CERTIFICATE-----\nMIIDIzCC\n-----END CERTIFICATE-----\n";
 * assertEquals(
 *   caFileProblem(new TextEncoder().encode(cut), "ca.pem"),
 *   "certificate 1 (line 1) is not a whole certificate: cut short, or not base64",
 * );
 * assertEquals(
 *   caFileProblem(new TextEncoder().encode("hello"), "ca.pem"),
 *   "it holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
 * );
 * ```
 *
 * @param bytes The file's content.
 * @param written The path as the config writes it, for the conversion command a DER file needs.
 * @returns The problem, or `undefined` when the file holds PEM certificates, each whole.
 */
export function caFileProblem(bytes: Uint8Array, written: string): string | undefined {
  const text = new TextDecoder().decode(bytes);
  const blocks = [...text.matchAll(PEM_CERTIFICATES)];
  if (blocks.length === 0) return noCertificate(bytes, written);
  for (const [index, block] of blocks.entries()) {
    if (!isWholeDer(base64Bytes(block[1]))) {
      const line = text.slice(0, block.index).split("\n").length;
      return `certificate ${index + 1} (line ${line}) is not a whole certificate: ` +
        "cut short, or not base64";
    }
  }
  return undefined;
}

function noCertificate(bytes: Uint8Array, written: string): string {
  const problem = "it holds no PEM certificate (-----BEGIN CERTIFICATE-----)";
  if (bytes[0] !== DER_SEQUENCE) return problem;
  return `${problem}; it looks like a DER one: convert it with ` +
    `openssl x509 -inform der -in ${written} -out ${written}.pem`;
}

/** The bytes of a block's base64, or null when it is not base64. */
function base64Bytes(text: string): Uint8Array | null {
  try {
    return Uint8Array.from(atob(text.replace(/\s+/g, "")), (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

/** Whether the bytes are one DER SEQUENCE, its length as long as its header says. */
function isWholeDer(der: Uint8Array | null): boolean {
  if (der === null || der.length < 2 || der[0] !== DER_SEQUENCE) return false;
  const first = der[1];
  if (first < 0x80) return der.length === 2 + first;
  const lengthBytes = first & 0x7f;
  if (lengthBytes === 0 || lengthBytes > 4 || der.length < 2 + lengthBytes) return false;
  let length = 0;
  for (let i = 0; i < lengthBytes; i++) length = length * 256 + der[2 + i];
  return der.length === 2 + lengthBytes + length;
}
