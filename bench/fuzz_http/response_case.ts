/**
 * Generated responses: a valid one (status, version, coding, framing, keep-alive) and one mutation
 * of it, with what a correct client does with the result. One table: each mutation says how it
 * bends the draft and what it makes of the expectation.
 * @module
 */
import {
  type Case,
  type CaseContext,
  concat,
  enc,
  type Ending,
  type Expect,
  type Plan,
  type Step,
} from "./case.ts";
import {
  badChunked,
  chunkedWire,
  type Coding,
  contentEncodingOf,
  type Draft,
  draftWire,
  encode,
  type Framing,
  headBytes,
  setHeader,
} from "./draft.ts";
import type { Rng } from "./rng.ts";

/** Makes case `id` from `rng`. */
export function makeCase(rng: Rng, id: number, context: CaseContext): Case {
  const method: "GET" | "HEAD" = rng.chance(0.08) ? "HEAD" : "GET";
  const text = rng.chance(0.5);
  const length = rng.weighted([
    [4, 0],
    [35, rng.int(1, 100)],
    [35, rng.int(101, 5000)],
    [15, rng.int(5001, 70000)],
    [8, rng.int(70001, 300000)],
  ]);
  const content = rng.bytes(length, text);
  const coding: Coding = rng.weighted(
    [
      [60, "identity"],
      [14, "gzip"],
      [8, "deflate"],
      [4, "deflate-raw"],
      [8, "br"],
      [3, "gzip-members"],
      [2, "x-foo"],
    ] as const,
  );
  let encoded = encode(coding, content);
  const framing: Framing = rng.weighted([[50, "length"], [35, "chunked"], [15, "close"]] as const);
  const kind = rng.weighted(
    [
      [85, "ok"],
      [3, "204"],
      [2, "304"],
      [4, "error"],
      [6, "redirect"],
    ] as const,
  );
  const version = rng.chance(0.06) ? "1.0" : "1.1";
  const connection = rng.weighted(
    [
      [70, undefined],
      [15, "close"],
      [10, "keep-alive"],
      [5, "Keep-Alive, Upgrade"],
    ] as const,
  );
  const labels: string[] = [method, kind, coding, framing, `${length}B`, `HTTP/${version}`];
  if (connection) labels.push(`Connection: ${connection}`);

  let status = 200;
  let reason = "OK";
  if (kind === "ok") {
    status = rng.weighted([[90, 200], [5, 201], [5, 203]] as const);
  } else if (kind === "204") [status, reason] = [204, "No Content"];
  else if (kind === "304") [status, reason] = [304, "Not Modified"];
  else if (kind === "error") {
    [status, reason] = rng.pick([[404, "Not Found"], [500, "Oops"], [418, "Teapot"]] as const);
  } else status = rng.pick([301, 302, 303, 307, 308]);
  if (kind === "redirect") reason = "Moved";

  // What the content is to the client: the decoded body (an unknown coding is kept as received).
  const meant = coding === "x-foo" ? encoded : content;
  const noBody = method === "HEAD" || status === 204 || status === 304;
  let expect: Expect = kind === "ok" || kind === "204"
    ? { kind: "body", body: noBody ? new Uint8Array() : meant }
    : { kind: "fail" };

  const headers: Draft["headers"] = [];
  headers.push(["Date", "Sun, 06 Nov 1994 08:49:37 GMT"]);
  headers.push(["Content-Type", text ? "text/plain" : "application/octet-stream"]);
  const contentEncoding = contentEncodingOf(coding);
  let teGzip = false;
  if (coding === "gzip" && framing === "chunked" && rng.chance(0.2)) {
    teGzip = true; // a transfer coding, undone even so
    labels.push("Transfer-Encoding: gzip, chunked");
  } else if (contentEncoding) headers.push(["Content-Encoding", contentEncoding]);

  let target: Plan | undefined;
  let targetLength = 0;
  let maxRedirects: number | undefined;
  if (kind === "redirect") {
    const targetBody = rng.bytes(rng.int(0, 3000), true);
    targetLength = targetBody.byteLength;
    target = {
      steps: [{
        kind: "write",
        bytes: concat([
          enc(`HTTP/1.1 200 OK\r\nContent-Length: ${targetBody.byteLength}\r\n\r\n`),
          method === "HEAD" ? new Uint8Array() : targetBody,
        ]),
      }],
      ending: "keep",
      junk: false,
    };
    const location = redirectLocation(rng, id, context.port);
    labels.push(`Location: ${JSON.stringify(location.text)}`);
    headers.push(["Location", location.value]);
    const followed = method === "HEAD" ? new Uint8Array() : targetBody;
    expect = location.outcome === "follow"
      ? { kind: "body", body: followed }
      : location.outcome === "maybe"
      ? { kind: "either", bodies: [followed] }
      : { kind: "fail" };
    if (location.outcome === "loop") maxRedirects = 3;
  }
  const redirectExpect = expect;

  // Framing headers and the wire.
  let wire: Uint8Array;
  let sizeLines: number[] = [];
  let trailers: [string, string][] | undefined;
  if (framing === "chunked" && rng.chance(0.15)) {
    trailers = [["X-Trailer", "yes"], ["Expires", "0"]];
  }
  const chunkOptions = {
    extensions: rng.chance(0.15),
    trailers,
    sizeStyle: rng.pick([undefined, undefined, undefined, "upper", "zeros"] as const),
  };
  if (framing === "chunked" && chunkOptions.extensions) labels.push("chunk extensions");
  if (trailers) labels.push("trailers");
  if (framing === "chunked" && chunkOptions.sizeStyle) {
    labels.push(`chunk sizes ${chunkOptions.sizeStyle}`);
  }
  if (framing === "length") {
    headers.push(["Content-Length", String(encoded.byteLength)]);
    wire = encoded;
  } else if (framing === "chunked") {
    headers.push([
      "Transfer-Encoding",
      teGzip ? "gzip, chunked" : rng.pick(["chunked", "chunked", "Chunked", "identity, chunked"]),
    ]);
    ({ wire, sizeLines } = chunkedWire(rng, encoded, chunkOptions));
  } else {
    wire = encoded;
  }
  if (connection) headers.push(["Connection", connection]);
  const closes = framing === "close" || connection === "close" ||
    (version === "1.0" && connection !== "keep-alive");
  const draft: Draft = {
    prelude: [],
    statusLine: `HTTP/${version} ${status} ${reason}`,
    headers,
    eol: "\r\n",
    wire: noBody ? new Uint8Array() : wire,
    after: new Uint8Array(),
  };
  let ending: Ending = closes ? "close" : "keep";
  let junk = false;
  let steps: Step[] | undefined;
  let sizes = { decoded: meant.byteLength, received: encoded.byteLength };

  const quick = context.quick === true;
  const mutation = rng.weighted(
    [
      [30, "none"],
      [4, "truncate-head"],
      [6, "truncate-body"],
      [2, "reset-body"],
      [3, "cl-larger"],
      [3, "cl-smaller"],
      [2, "cl-duplicate"],
      [2, "cl-conflict"],
      [2, "cl-invalid"],
      [2, "cl-and-te"],
      [3, "chunk-bad"],
      [2, "chunk-bare-lf"],
      [2, "obs-fold"],
      [3, "bare-lf"],
      [3, "header-control"],
      [2, "header-obs-text"],
      [2, "reason-control"],
      [2, "header-syntax"],
      [3, "huge-head"],
      [4, "interim"],
      [2, "empty-lines"],
      [2, "status-line"],
      [3, "body-on-no-body"],
      [4, "coding-corrupt"],
      [3, "coding-cut"],
      [2, "coding-after"],
      [1, "bomb"],
      [3, "close-anyway"],
      [3, "drop-next"],
      [4, "trickle"],
      [quick ? 0 : 1, "slow-head"],
      [quick ? 0 : 1, "slow-body"],
      [quick ? 0 : 1, "stall"],
      [2, "garbage"],
      [2, "close-at-once"],
      [quick ? 0 : 1, "close-not-closed"],
    ] as const,
  );
  labels.push(mutation);
  const codedBody = coding !== "identity" && coding !== "x-foo";
  const hasWire = draft.wire.byteLength > 0;
  switch (mutation) {
    case "none":
      break;
    case "truncate-head": {
      const head = headBytes(draft);
      steps = [{ kind: "write", bytes: head.subarray(0, rng.int(0, head.byteLength - 1)) }];
      ending = "close";
      expect = { kind: "fail" };
      break;
    }
    case "truncate-body":
    case "reset-body": {
      if (!hasWire) break;
      const cut = rng.int(0, draft.wire.byteLength - 1);
      draft.wire = draft.wire.subarray(0, cut);
      ending = mutation === "reset-body" ? "reset" : "close";
      labels.push(`cut at ${cut}`);
      if (kind === "redirect") expect = { kind: "any" };
      else if (framing !== "close" || expect.kind === "fail") expect = { kind: "fail" };
      else if (codedBody) {
        // A cut stream is refused; an empty one may count as no body at all.
        expect = cut === 0 ? { kind: "either", bodies: [new Uint8Array()] } : { kind: "fail" };
      } else if (mutation === "reset-body") {
        // A reset may reach the client as an error, or (no unread bytes left) as a plain close.
        expect = { kind: "either", bodies: [meant.subarray(0, cut)] };
      } else expect = { kind: "body", body: meant.subarray(0, cut) };
      sizes = { decoded: Math.min(sizes.decoded, cut), received: Math.min(sizes.received, cut) };
      break;
    }
    case "cl-larger": {
      if (framing !== "length" || noBody) break;
      setHeader(draft, "Content-Length", String(encoded.byteLength + rng.int(1, 100)));
      ending = quick || rng.chance(0.7) ? "close" : "stall";
      labels.push(ending);
      if (kind !== "redirect") expect = { kind: "fail" };
      else expect = { kind: "any" };
      break;
    }
    case "cl-smaller": {
      if (framing !== "length" || noBody || encoded.byteLength === 0) break;
      const shorter = rng.int(0, encoded.byteLength - 1);
      setHeader(draft, "Content-Length", String(shorter));
      labels.push(`Content-Length ${shorter}`);
      junk = true;
      if (expect.kind !== "body" || kind === "redirect") break;
      expect = codedBody
        ? { kind: "either", bodies: [] } // a cut stream: refused, unless decoding stops on its own
        : { kind: "body", body: meant.subarray(0, shorter) };
      if (codedBody && shorter === 0) expect = { kind: "either", bodies: [new Uint8Array()] };
      sizes = { decoded: codedBody ? sizes.decoded : shorter, received: shorter };
      break;
    }
    case "cl-duplicate": {
      if (framing !== "length") break;
      const value = String(encoded.byteLength);
      if (rng.chance(0.5)) draft.headers.push(["Content-Length", value]);
      else setHeader(draft, "Content-Length", `${value}, ${value}`);
      break;
    }
    case "cl-conflict": {
      if (framing !== "length") break;
      draft.headers.push(["Content-Length", String(encoded.byteLength + rng.int(1, 9))]);
      if (!noBody) expect = { kind: "fail" };
      else expect = { kind: "any" };
      break;
    }
    case "cl-invalid": {
      if (framing !== "length") break;
      const n = encoded.byteLength;
      const value = rng.pick([
        `+${n}`,
        `-1`,
        `${n}.0`,
        `0x${n.toString(16)}`,
        `${n} ${n}`,
        `${n}a`,
        "",
        "99999999999999999999",
      ]);
      setHeader(draft, "Content-Length", value);
      labels.push(JSON.stringify(value));
      expect = noBody ? { kind: "any" } : { kind: "fail" };
      break;
    }
    case "cl-and-te": {
      if (framing !== "chunked") break;
      draft.headers.push(["Content-Length", String(encoded.byteLength)]);
      expect = noBody ? { kind: "any" } : { kind: "fail" };
      break;
    }
    case "chunk-bad": {
      if (framing !== "chunked" || noBody || expect.kind === "fail") break;
      const bad = rng.pick(
        ["hex", "missing-crlf", "overflow", "negative", "too-big", "no-last"] as const,
      );
      labels.push(bad);
      draft.wire = badChunked(rng, bad, draft.wire, sizeLines);
      if (bad === "no-last") ending = "close";
      if (bad === "too-big") ending = quick || rng.chance(0.5) ? "close" : "keep";
      expect = { kind: "fail" };
      if (bad === "too-big" && ending === "keep") expect = { kind: "any" }; // the next response is eaten
      junk = bad !== "no-last";
      break;
    }
    case "chunk-bare-lf": {
      if (framing !== "chunked" || noBody) break;
      draft.wire = chunkedWire(rng, encoded, { ...chunkOptions, eol: "\n" }).wire;
      break;
    }
    case "obs-fold": {
      // Unfolded (RFC 9112 §5.2), the response is as good as before; a folded framing field is
      // refused, as parsers read its framing apart.
      const fold = rng.pick([" continued", "\tcontinued"]);
      const framingAt = draft.headers.findIndex((field) =>
        typeof field !== "string" && /^(content-length|transfer-encoding)$/i.test(field[0])
      );
      if (framingAt !== -1 && rng.chance(0.5)) {
        draft.headers.splice(framingAt + 1, 0, fold);
        labels.push("folded framing field");
        expect = { kind: "fail" };
      } else draft.headers.splice(1, 0, ["X-Folded", "first"], fold);
      break;
    }
    case "bare-lf":
      draft.eol = "\n";
      break;
    case "header-control": {
      const byte = rng.pick([0x00, 0x01, 0x07, 0x0b, 0x0c, 0x0d, 0x1b, 0x7f]);
      draft.headers.push(["X-Control", concat([enc("a"), new Uint8Array([byte]), enc("b")])]);
      labels.push(`0x${byte.toString(16)}`);
      expect = { kind: "fail" };
      break;
    }
    case "header-obs-text":
      draft.headers.push(["X-Latin", new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x9b, 0xff])]);
      break;
    case "reason-control":
      draft.statusLine = `HTTP/${version} ${status} ${
        rng.pick(["\x1b[2J", "a\x07b", "\x9b31m", "tab\there"])
      }`;
      break;
    case "header-syntax": {
      const line = rng.pick(["Bad Name: x", "NoColonHere", ": empty", "X-Space : v", "(x): v"]);
      labels.push(JSON.stringify(line));
      draft.headers.push(line);
      expect = { kind: "fail" };
      break;
    }
    case "huge-head": {
      const shape = rng.pick(
        ["big-ok", "line-too-long", "head-too-large", "many-ok", "too-many"] as const,
      );
      labels.push(shape);
      if (shape === "big-ok") {
        for (let i = 0; i < 5; i++) draft.headers.push([`X-Big-${i}`, "v".repeat(8000)]);
      } else if (shape === "line-too-long") {
        draft.headers.push(["X-Long", "v".repeat(17000)]);
        expect = { kind: "fail" };
      } else if (shape === "head-too-large") {
        for (let i = 0; i < 6; i++) draft.headers.push([`X-Big-${i}`, "v".repeat(12000)]);
        expect = { kind: "fail" };
      } else if (shape === "many-ok") {
        for (let i = 0; i < 240; i++) draft.headers.push([`X-H${i}`, "1"]);
      } else {
        for (let i = 0; i < 260; i++) draft.headers.push([`X-H${i}`, "1"]);
        expect = { kind: "fail" };
      }
      break;
    }
    case "interim": {
      const count = rng.int(1, 3);
      for (let i = 0; i < count; i++) {
        draft.prelude.push(
          rng.pick([
            "HTTP/1.1 100 Continue\r\n\r\n",
            "HTTP/1.1 102 Processing\r\n\r\n",
            "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n",
            "HTTP/1.1 100 Continue\r\n\r\n\r\n",
          ]),
        );
      }
      if (rng.chance(0.15)) {
        draft.prelude.push("HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n");
        expect = { kind: "fail" };
      }
      break;
    }
    case "empty-lines":
      draft.prelude.push(rng.pick(["\r\n", "\n", "\r\n\r\n\n"]));
      break;
    case "status-line": {
      const line = rng.pick(
        [
          [`HTTP/${version} ${status}`, true],
          [`HTTP/${version} ${status} `, true],
          [`http/1.1 ${status} OK`, false],
          [`HTTP/1.2 ${status} OK`, false],
          [`HTTP/2.0 ${status} OK`, false],
          [`HTTP/1.1 ${status}0 OK`, false],
          [`HTTP/1.1 099 OK`, false],
          [`HTTP/1.1  ${status} OK`, false],
          [`HTTP/1.1 ${status} O\x00K`, false],
          [`ICY ${status} OK`, false],
        ] as const,
      );
      draft.statusLine = line[0];
      labels.push(JSON.stringify(line[0]));
      if (!line[1]) expect = { kind: "fail" };
      break;
    }
    case "body-on-no-body": {
      if (!noBody) break;
      draft.wire = rng.bytes(rng.int(1, 200), true);
      junk = true;
      break;
    }
    case "coding-corrupt": {
      if (!codedBody || noBody || encoded.byteLength < 4 || expect.kind !== "body") break;
      const at = rng.int(0, encoded.byteLength - 1);
      const flipped = encoded.slice();
      flipped[at] ^= 1 << rng.int(0, 7);
      labels.push(`flip at ${at}`);
      // gzip and zlib carry a checksum; raw deflate and br do not, and may decode to other bytes.
      const checked = coding === "gzip" || coding === "gzip-members" ||
        (coding === "deflate" && at >= 2); // a zlib header that no longer reads as one is raw
      // A flip in the padding bits after the last block changes nothing: the checksum is what
      // stands between a flip and a wrong body.
      expect = checked ? { kind: "either", bodies: [meant] } : { kind: "any" };
      draftWire(draft, framing, flipped, rng, chunkOptions);
      break;
    }
    case "coding-cut": {
      if (!codedBody || noBody || encoded.byteLength < 2 || expect.kind !== "body") break;
      const cut = rng.int(1, encoded.byteLength - 1);
      labels.push(`cut at ${cut}`);
      if (framing === "length") setHeader(draft, "Content-Length", String(cut));
      draftWire(draft, framing, encoded.subarray(0, cut), rng, chunkOptions);
      encoded = encoded.subarray(0, cut);
      expect = { kind: "fail" };
      sizes = { decoded: sizes.decoded, received: cut };
      break;
    }
    case "coding-after": {
      if (!codedBody || noBody || expect.kind !== "body") break;
      const zeros = rng.chance(0.4);
      const extra = zeros ? new Uint8Array(rng.int(1, 64)) : rng.bytes(rng.int(1, 64), true);
      labels.push(zeros ? "zero padding" : "garbage after");
      const padded = concat([encoded, extra]);
      if (framing === "length") setHeader(draft, "Content-Length", String(padded.byteLength));
      draftWire(draft, framing, padded, rng, chunkOptions);
      // Zero bytes after a gzip member are padding; after deflate or br, they are bytes of their own.
      if (!zeros || !(coding === "gzip" || coding === "gzip-members")) expect = { kind: "fail" };
      if (zeros && coding !== "gzip" && coding !== "gzip-members") {
        expect = { kind: "either", bodies: [meant] };
      }
      sizes = { decoded: sizes.decoded, received: padded.byteLength };
      break;
    }
    case "bomb": {
      if (noBody || expect.kind !== "body") break;
      const bombCoding = rng.pick(["gzip", "br"] as const);
      const decoded = new Uint8Array(rng.pick([2, 8, 24]) * 1024 * 1024);
      const bomb = encode(bombCoding, decoded);
      labels.push(`${bombCoding} bomb of ${decoded.byteLength}`);
      setHeader(draft, "Content-Encoding", bombCoding, true);
      if (framing === "length") setHeader(draft, "Content-Length", String(bomb.byteLength));
      draftWire(draft, framing, bomb, rng, chunkOptions);
      expect = { kind: "either", bodies: [decoded] };
      sizes = { decoded: decoded.byteLength, received: bomb.byteLength };
      break;
    }
    case "close-anyway":
      ending = "close";
      break;
    case "drop-next":
      if (ending === "keep") ending = "dropNext";
      break;
    case "trickle":
      break;
    case "slow-head": {
      const head = headBytes(draft);
      const at = rng.int(1, head.byteLength - 1);
      steps = [
        { kind: "write", bytes: head.subarray(0, at) },
        { kind: "pause", ms: 3500 },
        { kind: "write", bytes: head.subarray(at) },
        { kind: "write", bytes: draft.wire },
      ];
      expect = { kind: "fail" };
      break;
    }
    case "slow-body": {
      if (!hasWire) break;
      const at = rng.int(0, draft.wire.byteLength - 1);
      steps = [
        { kind: "write", bytes: concat([headBytes(draft), draft.wire.subarray(0, at)]) },
        { kind: "pause", ms: 2200 },
        { kind: "write", bytes: draft.wire.subarray(at) },
      ];
      expect = kind === "redirect" ? { kind: "any" } : { kind: "fail" };
      break;
    }
    case "stall":
      steps = [];
      ending = "stall";
      expect = { kind: "fail" };
      break;
    case "garbage":
      steps = [{ kind: "write", bytes: rng.bytes(rng.int(1, 300), rng.chance(0.5)) }];
      ending = quick || rng.chance(0.5) ? "close" : "stall";
      expect = { kind: "fail" };
      break;
    case "close-at-once":
      steps = [];
      ending = "close";
      expect = { kind: "fail" };
      break;
    case "close-not-closed":
      if (framing === "close" && !noBody) {
        ending = "stall";
        expect = kind === "redirect" ? { kind: "any" } : { kind: "fail" };
      }
      break;
  }
  // The final head, with the empty lines before it (each interim head has the limit to itself).
  const finalHead = headBytes({
    ...draft,
    prelude: draft.prelude.filter((l) => !l.startsWith("H")),
  });
  if (finalHead.byteLength > context.maxHeaderBytes && expect.kind !== "any") {
    expect = { kind: "fail" };
    labels.push(`head of ${finalHead.byteLength} bytes over maxHeaderSize`);
  }
  if (!steps) {
    const bytes = concat([headBytes(draft), draft.wire, draft.after]);
    if (mutation === "trickle" && bytes.byteLength <= 20000) {
      // At most 300 writes, each a few milliseconds apart: well within the total limit.
      const piece = Math.max(rng.int(1, 7), Math.ceil(bytes.byteLength / 300));
      steps = [{ kind: "write", bytes, piece, pauseMs: rng.pick([0, 0, 1]) }];
    } else {
      steps = [{ kind: "write", bytes }];
    }
  }
  // The server closes a response whose body runs to the close.
  if (framing === "close" && !noBody && ending === "keep" && mutation !== "close-not-closed") {
    ending = "close";
  }
  // A redirect's own body is closed unread: what happens to it changes nothing.
  if (
    kind === "redirect" && BODY_LEVEL.has(mutation) &&
    finalHead.byteLength <= context.maxHeaderBytes
  ) {
    expect = redirectExpect;
  }
  if (expect.kind === "body" || expect.kind === "either") {
    const tooLarge = kind === "redirect"
      ? method === "GET" && targetLength > context.maxBodyBytes
      : !noBody && (sizes.decoded > context.maxBodyBytes ||
        (codedBody && sizes.received > context.maxBodyBytes) ||
        (framing === "length" && sizes.received > context.maxBodyBytes));
    if (tooLarge) {
      expect = { kind: "fail" };
      labels.push("over maxBodySize");
    }
  }
  return {
    id,
    label: labels.join(", "),
    method,
    plan: { steps, ending, junk },
    target,
    expect,
    maxRedirects,
    sizes,
  };
}

/** Mutations of a response's body only, not of its head. */
const BODY_LEVEL: ReadonlySet<string> = new Set([
  "truncate-body",
  "reset-body",
  "cl-larger",
  "cl-smaller",
  "chunk-bad",
  "chunk-bare-lf",
  "body-on-no-body",
  "coding-corrupt",
  "coding-cut",
  "coding-after",
  "bomb",
  "slow-body",
  "close-not-closed",
  "trickle",
  "close-anyway",
  "drop-next",
]);

/** A redirect's Location, and whether a correct client ends at the target. */
function redirectLocation(
  rng: Rng,
  id: number,
  port: number,
): { value: string | Uint8Array; text: string; outcome: "follow" | "maybe" | "fail" | "loop" } {
  const choice = rng.pick(
    [
      [`/c/${id}/t`, "follow"],
      [`t`, "fail"], // relative to /c/<id>: /c/t, which the server does not know
      [`${id}/t`, "follow"],
      [`./${id}/t/./x`, "follow"],
      [`http://127.0.0.1:${port}/c/${id}/t`, "follow"],
      [`//127.0.0.1:${port}/c/${id}/t?q=1`, "follow"],
      [`/c/${id}/t?q=a b`, "follow"],
      [`/c/${id}/t#fragment`, "follow"],
      [`/c/${id}/t/%zz`, "follow"],
      [`/c/${id}/t\\x`, "maybe"],
      [`/c/${id}/t/caf\xe9`, "follow"],
      [`/c/${id}/../${id}/t`, "follow"],
      [`/c/${id}`, "loop"],
      [``, "maybe"],
      [`ftp://127.0.0.1:${port}/c/${id}/t`, "fail"],
      [`http://127.0.0.1:1/`, "fail"],
      [`http://[::1`, "fail"],
      [`http://user:pass@127.0.0.1:${port}/c/${id}/t`, "maybe"],
      [`javascript:alert(1)`, "fail"],
    ] as const,
  );
  const [text, outcome] = choice;
  const value = text.includes("\xe9")
    ? new Uint8Array([...text].map((c) => c.charCodeAt(0)))
    : text;
  return { value, text, outcome: outcome as "follow" | "maybe" | "fail" | "loop" };
}
