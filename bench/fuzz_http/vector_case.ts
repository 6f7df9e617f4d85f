/**
 * The response vectors of other HTTP parsers (../shared/conformance/http-responses.json) as seeds:
 * served whole, in pieces, cut, with a byte flipped or bytes after them.
 * @module
 */
import { decodeBase64 } from "npm:deno-std@1.4.0/encoding/base64.js";
import { rawBytes } from "../conformance_http.ts";
import { type Case, concat, enc, type Ending, type Expect, type Step } from "./case.ts";
import type { Rng } from "./rng.ts";

export interface VectorCase {
  id: string;
  method: string;
  raw_b64?: string;
  raw_parts?: { b64: string; repeat?: number }[];
  expect: {
    verdict: "accept" | "reject";
    status?: number;
    framing?: string;
    body_b64?: string;
    body_len?: number;
    headers?: [string, string][];
  };
}

/** Reads the vectors at `path` (see ../shared/conformance/README.md). */
export async function loadVectors(path: string): Promise<VectorCase[]> {
  return JSON.parse(await Deno.readTextFile(path)).cases as VectorCase[];
}

/** A case made of a vector, whole or bent. */
export function vectorCase(rng: Rng, id: number, vector: VectorCase): Case {
  const raw = rawBytes(vector);
  const e = vector.expect;
  const coded = (e.headers ?? []).some(([name]) => /^(content|transfer)-encoding$/i.test(name));
  const plainAccept = e.verdict === "accept" && e.status !== undefined && e.status >= 200 &&
    e.status < 300 && e.body_b64 !== undefined && !coded;
  const body = plainAccept ? decodeBase64(e.body_b64!) : undefined;
  const method = vector.method === "HEAD" ? "HEAD" : "GET";
  const shape = rng.weighted(
    [[3, "whole"], [2, "pieces"], [3, "cut"], [2, "flip"], [1, "junk-after"]] as const,
  );
  let bytes = raw;
  let expect: Expect = body ? { kind: "either", bodies: [body] } : { kind: "any" };
  if (e.verdict === "accept" && e.status !== undefined && (e.status < 200 || e.status >= 300)) {
    expect = { kind: "fail" };
  }
  let ending: Ending = "close";
  const framed = e.framing === "length" || e.framing === "chunked";
  if (shape === "cut" && raw.byteLength > 1) {
    const cut = rng.int(0, raw.byteLength - 1);
    bytes = raw.subarray(0, cut);
    const bodyStart = body !== undefined ? raw.byteLength - body.byteLength : -1;
    const end = (vector.expect as { message_end?: number }).message_end;
    if (end !== undefined && cut >= end) { /* the response is whole: what follows it is cut */ }
    else if (framed && e.verdict === "accept") expect = { kind: "fail" };
    else if (e.framing === "eof" && body && cut >= bodyStart && bodyStart >= 0) {
      expect = { kind: "either", bodies: [body.subarray(0, cut - bodyStart)] };
    } else if (e.framing === "eof" && body) expect = { kind: "any" };
  } else if (shape === "flip") {
    bytes = raw.slice();
    const at = rng.int(0, raw.byteLength - 1);
    bytes[at] = rng.pick([0x00, 0x0a, 0x0d, 0x20, 0x3a, 0x7f, 0xff, bytes[at] ^ 0x20]);
    expect = { kind: "any" };
  } else if (shape === "junk-after") {
    bytes = concat([raw, enc("XJUNK")]);
    ending = framed ? "keep" : "close";
    // Bytes after a body that runs to the close are the body's.
    if (e.framing === "eof" && body) {
      expect = { kind: "either", bodies: [concat([body, enc("XJUNK")])] };
    }
  }
  if (framed && shape !== "cut" && e.verdict === "accept") ending = rng.pick(["keep", "close"]);
  const steps: Step[] = shape === "pieces"
    ? [{ kind: "write", bytes, piece: rng.int(1, 5) }]
    : [{ kind: "write", bytes }];
  return {
    id,
    label: `vector ${vector.id} ${shape}`,
    method,
    plan: { steps, ending, junk: shape === "junk-after" || !framed || shape === "flip" },
    expect,
    maxRedirects: 0,
  };
}
