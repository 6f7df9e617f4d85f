/**
 * Bodies that break off and are continued with `Range` by the retry, against servers that continue
 * them right, ignore the range, or answer a 206 or a 416 that must not be glued to the kept bytes.
 * @module
 */
import { type Case, concat, enc, type Ending, type Plan } from "./case.ts";
import type { Rng } from "./rng.ts";

/**
 * A body that breaks off, and what the server does with the retry's `Range: bytes=N-`: continue it
 * as asked, ignore it, or answer a 206 that does not continue these bytes (another start, another
 * total, another ETag and content, no Content-Range, a multipart body), a 416, or another cut.
 */
export function resumeCase(rng: Rng, id: number): Case {
  const chunked = rng.chance(0.3);
  // A Content-Length body up to 256 KiB is read whole and fetched again from byte 0, not continued.
  const length = chunked ? rng.int(2, 300000) : rng.int(262145, 600000);
  const content = rng.bytes(length, rng.chance(0.5));
  const other = rng.bytes(length, true);
  const validator = rng.chance(0.7)
    ? `ETag: "v1-${id}"`
    : "Last-Modified: Sun, 06 Nov 1994 08:49:37 GMT";
  const variant = rng.pick(
    [
      "honour",
      "ignore",
      "wrong-start",
      "wrong-total",
      "star-total",
      "changed",
      "no-content-range",
      "multipart",
      "416",
      "416-whole",
      "cut-again",
    ] as const,
  );
  const firstCut = rng.int(1, length - 1);
  const write = (bytes: Uint8Array, ending: Ending = "keep"): Plan => ({
    steps: [{ kind: "write", bytes }],
    ending,
    junk: false,
  });
  const whole = (): Plan =>
    write(concat([
      enc(`HTTP/1.1 200 OK\r\n${validator}\r\nContent-Length: ${length}\r\n\r\n`),
      content,
    ]));
  /** A 206 of `body` from `start`, cut at `cut` (then closed) when given. */
  const partial = (
    start: number,
    range: string | undefined,
    body: Uint8Array,
    fields = validator + "\r\n",
    cut?: number,
  ): Plan =>
    write(
      concat([
        enc(
          `HTTP/1.1 206 Partial Content\r\n${fields}` +
            (range === undefined ? "" : `Content-Range: ${range}\r\n`) +
            `Content-Length: ${body.byteLength - start}\r\n\r\n`,
        ),
        body.subarray(start, cut),
      ]),
      cut === undefined ? "keep" : "close",
    );
  const unsatisfiable = (total: number): Plan =>
    write(enc(
      `HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */${total}\r\n` +
        "Content-Length: 0\r\n\r\n",
    ));
  const respond = (rangeHeader: string | null, attempt: number): Plan => {
    const match = rangeHeader === null ? null : /bytes=(\d+)-/.exec(rangeHeader);
    if (match === null) {
      if (attempt > 1) return whole();
      // The first answer breaks off after `firstCut` bytes of the body.
      const head = `HTTP/1.1 200 OK\r\n${validator}\r\n` +
        (chunked ? "Transfer-Encoding: chunked\r\n\r\n" : `Content-Length: ${length}\r\n\r\n`);
      const body = chunked
        ? concat([enc(`${length.toString(16)}\r\n`), content.subarray(0, firstCut)])
        : content.subarray(0, firstCut);
      return write(concat([enc(head), body]), "close");
    }
    const from = Number(match[1]);
    const last = length - 1;
    const rest = `bytes ${from}-${last}/${length}`;
    if (attempt > 2) return partial(from, rest, content);
    switch (variant) {
      case "honour":
        return partial(from, rest, content);
      case "ignore":
        return whole();
      case "wrong-start":
        return partial(from - 1, `bytes ${from - 1}-${last}/${length}`, content);
      case "wrong-total":
        return partial(from, `bytes ${from}-${last}/${length + 7}`, content);
      case "star-total":
        return partial(from, `bytes ${from}-${last}/*`, content);
      case "changed":
        // Another version's bytes, naming its own validator of the kind the kept bytes came with.
        return partial(
          from,
          rest,
          other,
          validator.startsWith("ETag")
            ? `ETag: "v2-${id}"\r\n`
            : "Last-Modified: Mon, 07 Nov 1994 08:49:37 GMT\r\n",
        );
      case "no-content-range":
        return partial(from, undefined, content);
      case "multipart":
        return partial(
          from,
          undefined,
          content,
          `${validator}\r\nContent-Type: multipart/byteranges; boundary=xyz\r\n`,
        );
      case "416":
        return unsatisfiable(length + 3);
      case "416-whole":
        // Says the file ends where the kept bytes do, naming no validator: it does not.
        return unsatisfiable(from);
      case "cut-again": {
        const cut = from + Math.floor((length - from) / 2);
        return partial(from, rest, content, undefined, cut === from ? undefined : cut);
      }
    }
  };
  return {
    id,
    label: `resume ${
      chunked ? "chunked" : "length"
    } ${length}B cut at ${firstCut}, ${validator}, then ${variant}`,
    method: "GET",
    plan: respond(null, 1),
    respond,
    retries: 3,
    // Never the kept bytes with another version's rest, nor the kept bytes alone.
    expect: variant === "honour" || variant === "ignore" || variant === "cut-again"
      ? { kind: "body", body: content }
      : { kind: "either", bodies: [content] },
  };
}
