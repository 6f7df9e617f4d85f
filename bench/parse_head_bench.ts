/**
 * Micro-benchmarks of `parseResponseHead`: the head nginx sends for every file of the small corpus,
 * a header-heavy CDN-style head, the same head arriving in two halves (one incomplete parse first),
 * and a head followed by a 1 KiB body in the same read buffer.
 *
 *     deno bench bench/parse_head_bench.ts
 * @module
 */
import { DEFAULT_RESPONSE_HEAD_LIMITS, parseResponseHead } from "../lib/http/response_head.ts";

const encoder = new TextEncoder();
const limits = DEFAULT_RESPONSE_HEAD_LIMITS;

/** What nginx answers for `/small/N.html` in the peer benchmark. */
const NGINX_HEAD = encoder.encode(
  "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Wed, 25 Nov 2026 03:19:14 GMT\r\n" +
    "Content-Type: text/html\r\nContent-Length: 1024\r\n" +
    "Last-Modified: Wed, 25 Nov 2026 03:14:06 GMT\r\nConnection: keep-alive\r\n" +
    'ETag: "6b06527e-400"\r\nAccept-Ranges: bytes\r\n\r\n',
);

/** 30 long fields, as CDNs and security headers make them. */
const CDN_HEAD = encoder.encode(
  "HTTP/1.1 200 OK\r\n" +
    Array.from(
      { length: 30 },
      (_, i) => `X-Header-${i}: ${"value-".repeat(6)}${i}; max-age=31536000; includeSubDomains\r\n`,
    ).join(
      "",
    ) +
    "\r\n",
);

/** The nginx head and its 1 KiB body in one buffer, as a 256 KiB read buffer holds them. */
const HEAD_AND_BODY = new Uint8Array(256 * 1024);
HEAD_AND_BODY.set(NGINX_HEAD);
HEAD_AND_BODY.fill(0x61, NGINX_HEAD.length, NGINX_HEAD.length + 1024);
const HEAD_AND_BODY_END = NGINX_HEAD.length + 1024;

Deno.bench(`nginx head (9 fields, ${NGINX_HEAD.length} B), whole`, {
  group: "head",
  baseline: true,
}, () => {
  parseResponseHead(NGINX_HEAD, 0, NGINX_HEAD.length, limits);
});

Deno.bench("nginx head, in two reads (incomplete parse, then whole)", { group: "head" }, () => {
  parseResponseHead(NGINX_HEAD, 0, NGINX_HEAD.length >> 1, limits);
  parseResponseHead(NGINX_HEAD, 0, NGINX_HEAD.length, limits);
});

Deno.bench("nginx head + 1 KiB body in a 256 KiB read buffer", { group: "head" }, () => {
  parseResponseHead(HEAD_AND_BODY, 0, HEAD_AND_BODY_END, limits);
});

Deno.bench(`CDN-style head (30 fields, ${CDN_HEAD.length} B), whole`, { group: "head" }, () => {
  parseResponseHead(CDN_HEAD, 0, CDN_HEAD.length, limits);
});

Deno.bench("nginx head, then get('content-length')", { group: "lookup" }, () => {
  parseResponseHead(NGINX_HEAD, 0, NGINX_HEAD.length, limits)!.headers.get("content-length");
});
