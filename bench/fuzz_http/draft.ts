/**
 * A response before it is written out (status line, fields, framed body), so a mutation can bend
 * any part of it; and the codings and chunked framing the bodies are made with.
 * @module
 */
import { Buffer } from "node:buffer";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { concat, enc, indexOfBytes } from "./case.ts";
import type { Rng } from "./rng.ts";

export type Coding =
  | "identity"
  | "gzip"
  | "deflate"
  | "deflate-raw"
  | "br"
  | "gzip-members"
  | "x-foo";
export type Framing = "length" | "chunked" | "close";

const u8 = (buffer: Buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

export function encode(coding: Coding, content: Uint8Array): Uint8Array {
  switch (coding) {
    case "gzip":
      return u8(gzipSync(content));
    case "deflate":
      return u8(deflateSync(content));
    case "deflate-raw":
      return u8(deflateRawSync(content));
    case "br":
      return u8(brotliCompressSync(content));
    case "gzip-members": {
      const half = content.byteLength >> 1;
      return concat([
        u8(gzipSync(content.subarray(0, half))),
        u8(gzipSync(content.subarray(half))),
      ]);
    }
    default:
      return content;
  }
}

export function contentEncodingOf(coding: Coding): string | undefined {
  switch (coding) {
    case "identity":
      return undefined;
    case "deflate-raw":
      return "deflate";
    case "gzip-members":
      return "gzip";
    default:
      return coding;
  }
}

/** A response before it is written out: its parts, so mutations can cut and bend each. */
export interface Draft {
  prelude: string[];
  statusLine: string;
  /** Fields; a plain string is a line written as it is (obs-fold, a line without a colon). */
  headers: ([string, string | Uint8Array] | string)[];
  /** The line ending of the head. */
  eol: string;
  /** The body as it goes on the wire (framed). */
  wire: Uint8Array;
  /** Appended after the body (junk, padding already inside `wire`). */
  after: Uint8Array;
}

export function headBytes(draft: Draft): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const line of draft.prelude) parts.push(enc(line));
  parts.push(enc(draft.statusLine + draft.eol));
  for (const field of draft.headers) {
    if (typeof field === "string") {
      parts.push(enc(field + draft.eol));
      continue;
    }
    const [name, value] = field;
    parts.push(enc(`${name}:`));
    parts.push(typeof value === "string" ? enc(` ${value}`) : concat([enc(" "), value]));
    parts.push(enc(draft.eol));
  }
  parts.push(enc(draft.eol));
  return concat(parts);
}

export function chunkedWire(
  rng: Rng,
  data: Uint8Array,
  options: {
    extensions?: boolean;
    trailers?: [string, string][];
    sizeStyle?: "upper" | "zeros";
    /** The framing lines' ending (a bare LF is allowed). @default "\r\n" */
    eol?: string;
  },
): { wire: Uint8Array; sizeLines: number[] } {
  const eol = options.eol ?? "\r\n";
  const parts: Uint8Array[] = [];
  const sizeLines: number[] = [];
  let length = 0;
  const push = (bytes: Uint8Array) => {
    parts.push(bytes);
    length += bytes.byteLength;
  };
  for (let at = 0; at < data.byteLength;) {
    const size = Math.min(
      data.byteLength - at,
      rng.weighted([[3, rng.int(1, 16)], [
        3,
        rng.int(17, 4096),
      ], [1, rng.int(4097, 70000)]]),
    );
    let hex = size.toString(16);
    if (options.sizeStyle === "upper") hex = hex.toUpperCase();
    if (options.sizeStyle === "zeros") hex = "000" + hex;
    const extension = options.extensions
      ? rng.pick([";a=b", '; name="quoted; value"', ";x", " ;y=1", ";" + "e".repeat(200)])
      : "";
    sizeLines.push(length);
    push(enc(`${hex}${extension}${eol}`));
    push(data.subarray(at, at + size));
    push(enc(eol));
    at += size;
  }
  sizeLines.push(length);
  push(enc(`0${options.extensions ? ";last=1" : ""}${eol}`));
  for (const [name, value] of options.trailers ?? []) push(enc(`${name}: ${value}${eol}`));
  push(enc(eol));
  return { wire: concat(parts), sizeLines };
}

export function setHeader(draft: Draft, name: string, value: string, addIfMissing = false): void {
  const at = draft.headers.findIndex((field) =>
    typeof field !== "string" && field[0].toLowerCase() === name.toLowerCase()
  );
  if (at >= 0) draft.headers[at] = [name, value];
  else if (addIfMissing) draft.headers.push([name, value]);
}

/** Frames `encoded` as `framing` into the draft's wire. */
export function draftWire(
  draft: Draft,
  framing: Framing,
  encoded: Uint8Array,
  rng: Rng,
  chunkOptions: Parameters<typeof chunkedWire>[2],
): void {
  draft.wire = framing === "chunked" ? chunkedWire(rng, encoded, chunkOptions).wire : encoded;
}

/** A chunked wire with one framing error. */
export function badChunked(
  rng: Rng,
  bad: "hex" | "missing-crlf" | "overflow" | "negative" | "too-big" | "no-last",
  wire: Uint8Array,
  sizeLines: number[],
): Uint8Array {
  const lastLine = sizeLines[sizeLines.length - 1];
  switch (bad) {
    case "no-last":
      return wire.subarray(0, lastLine);
    case "hex":
    case "overflow":
    case "negative": {
      const line = rng.pick(sizeLines);
      const lineEnd = indexOfBytes(wire, enc("\r\n"), line);
      const replacement = bad === "hex" ? "zz" : bad === "overflow" ? "fffffffffffffffffff" : "-5";
      if (line === lastLine) {
        return concat([wire.subarray(0, line), enc(`${replacement}\r\n\r\n`)]);
      }
      return concat([wire.subarray(0, line), enc(replacement), wire.subarray(lineEnd)]);
    }
    case "missing-crlf": {
      if (sizeLines.length < 2) return concat([enc("1\r\nab\r\n"), wire]);
      // The CRLF ending the data before the last size line.
      return concat([wire.subarray(0, lastLine - 2), wire.subarray(lastLine)]);
    }
    case "too-big": {
      if (sizeLines.length < 2) return concat([enc("3\r\na\r\n"), wire]);
      const line = sizeLines[sizeLines.length - 2];
      const lineEnd = indexOfBytes(wire, enc("\r\n"), line);
      const size = parseInt(
        new TextDecoder().decode(wire.subarray(line, lineEnd)).split(/[; ]/)[0],
        16,
      );
      return concat([
        wire.subarray(0, line),
        enc((size + rng.int(2, 5)).toString(16)),
        wire.subarray(lineEnd),
      ]);
    }
  }
}
