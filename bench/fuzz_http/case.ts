/**
 * What a fuzz case is: the server's plan for a request, and what a correct client may do with it;
 * and the byte helpers the case makers share.
 * @module
 */
/** What a correct client may do with a case's response. */
export type Expect =
  /** Done, the file holding exactly these bytes. */
  | { kind: "body"; body: Uint8Array }
  /** Failed, nothing saved. */
  | { kind: "fail" }
  /** Failed, or done with one of these bodies. */
  | { kind: "either"; bodies: Uint8Array[] }
  /** Anything that ends: only the run's invariants are checked. */
  | { kind: "any" };

/** One thing the server does for a request. */
export type Step =
  | { kind: "write"; bytes: Uint8Array; piece?: number; pauseMs?: number }
  | { kind: "pause"; ms: number };

/** What the server does once the steps are played. */
export type Ending = "keep" | "close" | "reset" | "stall" | "dropNext";

/** How the server answers one path. */
export interface Plan {
  steps: Step[];
  ending: Ending;
  /** Bytes written after the response's end that no response owns (the connection is fouled). */
  junk: boolean;
}

/** One generated case: a task fetching `/c/<id>`, and what the server does with it. */
export interface Case {
  id: number;
  label: string;
  method: "GET" | "HEAD";
  plan: Plan;
  /** Served for `/c/<id>/t...` (a redirect's target). */
  target?: Plan;
  expect: Expect;
  /** The task's own `maxRedirects`, when set. */
  maxRedirects?: number;
  /** The task's own `retries`, when set. */
  retries?: number;
  /** Answers by the request's Range header and the request's number (from 1), instead of `plan`. */
  respond?: (range: string | null, attempt: number) => Plan;
  /** The content's decoded length and its length as received (compressed), for `maxBodySize`. */
  sizes?: { decoded: number; received: number };
}

export const encoder = new TextEncoder();
export const enc = (text: string): Uint8Array => encoder.encode(text);

export { concat } from "npm:deno-std@1.4.0/bytes/concat.js";

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function indexOfBytes(bytes: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i <= bytes.byteLength - needle.byteLength; i++) {
    for (let j = 0; j < needle.byteLength; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Where the harness's server is, for redirects that name it. */
export interface CaseContext {
  port: number;
  /** The run's `maxBodySize`, in bytes. */
  maxBodyBytes: number;
  /** The run's `maxHeaderSize`, in bytes. */
  maxHeaderBytes: number;
  /** No case that only a timeout ends (a stall, a pause past a limit): see `FuzzOptions.quick`. */
  quick?: boolean;
}
