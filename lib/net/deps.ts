/** External modules of the network layer, by full specifier (mod.ts must work when imported by URL). */
import { encodeBase64 as stdEncodeBase64 } from "npm:deno-std@1.4.0/encoding/base64.js";

/** Base64 (RFC 4648 §4) of bytes, or of a text's UTF-8: std's, typed here (its module ships none). */
export const encodeBase64: (data: Uint8Array | string) => string = stdEncodeBase64;
