/**
 * Bodies that are compressed files, the one place that decides by a file's name: which requests ask
 * for no content coding, and which body keeps its coding as sent.
 *
 * A `.tar.gz` served with `Content-Encoding: gzip` (Apache's `AddEncoding x-gzip .gz`, an object
 * stored with its Content-Encoding set) is the gzip file itself, not a tar the server compressed on
 * the way. Browsers and wget save it as sent, and so does corun: the coding is left on when the
 * file's name says it is that coding's output. But a server that compresses on the fly (nginx's
 * `gzip_types` with `image/svg+xml`, or `*`) compresses such a file again when asked: so a request
 * for a compressed file asks for none (`Accept-Encoding: identity`, as wget sends), and a layer
 * that, decoded once, is still that coding's file (its magic bytes) was added by the server and
 * comes off (`KeptLayerDecoder`).
 * @module
 */

/**
 * The extensions of the files each content coding corun decodes makes, lower case. The codings it
 * never decodes (`zstd`, `compress`) are kept as sent whatever the name; `deflate` makes no file
 * of its own.
 */
const GZIP_EXTENSIONS = ["gz", "tgz", "svgz"];
const EXTENSIONS_BY_CODING: ReadonlyMap<string, readonly string[]> = new Map([
  ["gzip", GZIP_EXTENSIONS],
  ["x-gzip", GZIP_EXTENSIONS],
  ["br", ["br"]],
]);

/**
 * How a file of each coding begins (RFC 1952: ID1, ID2, CM = deflate). `br` has no such mark: a
 * `.br` under `br` is kept as sent, always (corun never asks for br, so a server sends it unasked).
 */
const GZIP_MAGIC = new Uint8Array([0x1f, 0x8b, 0x08]);
const MAGIC_BY_CODING: ReadonlyMap<string, Uint8Array> = new Map([
  ["gzip", GZIP_MAGIC],
  ["x-gzip", GZIP_MAGIC],
]);

/**
 * Extensions of compressed formats, lower case: a server's coding would only compress them again,
 * so a request for one asks for none.
 */
const COMPRESSED_EXTENSIONS: ReadonlySet<string> = new Set([
  ...GZIP_EXTENSIONS,
  "br",
  "zst",
  "tzst",
  "xz",
  "txz",
  "lz",
  "lzma",
  "bz2",
  "tbz",
  "tbz2",
  "zip",
  "7z",
]);

/** The extension of a name's last segment, lower case; "" for none. */
function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  if (dot === -1 || name.indexOf("/", dot) !== -1) return "";
  return name.slice(dot + 1).toLowerCase();
}

/**
 * Tells whether a file named `name` is the output of the content coding `coding` itself: its
 * extension is that coding's (`archive.tar.gz` of `gzip`, `page.html.br` of `br`).
 *
 * @param coding A content coding, lower case (`gzip`).
 * @param name A file name or path (its last segment counts), or undefined for none.
 * @returns True when the name ends in one of the coding's extensions, in any case.
 */
export function isCodedFileName(coding: string, name: string | undefined): boolean {
  if (name === undefined) return false;
  return EXTENSIONS_BY_CODING.get(coding)?.includes(extensionOf(name)) ?? false;
}

/**
 * Whether a request for `url`, whose body is saved as `saveName`, should ask for no content coding:
 * either names a compressed file (`.tar.gz`, `.svgz`, `.zip`, `.xz`...), which a server would only
 * compress again (nginx gzips a `.svgz` under `gzip_types image/svg+xml`), and whose ranges a
 * coding would make unresumable.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { asksNoCoding } from "./coded_file.ts";
 * assertEquals(asksNoCoding(new URL("https://x.org/corun-1.0.tar.gz"), undefined), true);
 * assertEquals(asksNoCoding(new URL("https://x.org/get?id=3"), "files/{1}.TGZ"), true);
 * assertEquals(asksNoCoding(new URL("https://x.org/page.html"), "{path}"), false);
 * ```
 *
 * @param url The URL requested (each redirect's too).
 * @param saveName The name the body is saved as, as far as known before the response: a path, or a
 *   template whose last extension is written out (`{1}.tar.gz`); undefined for none.
 * @returns True to send `Accept-Encoding: identity`.
 */
export function asksNoCoding(url: URL, saveName: string | undefined): boolean {
  return COMPRESSED_EXTENSIONS.has(extensionOf(url.pathname)) ||
    (saveName !== undefined && COMPRESSED_EXTENSIONS.has(extensionOf(saveName)));
}

/**
 * What becomes of the first-applied content coding of a body saved as `name`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { ownCodingOf } from "./coded_file.ts";
 * assertEquals(ownCodingOf("gzip", "notes.txt"), "decoded");
 * assertEquals(ownCodingOf("br", "app.js.br"), "kept");
 * assertEquals(ownCodingOf("gzip", "corun-1.0.tar.gz"), new Uint8Array([0x1f, 0x8b, 0x08]));
 * ```
 *
 * @param coding A content coding, lower case (`gzip`).
 * @param name The name the body is saved as (its last segment counts), or undefined when it is not
 *   saved: a reader wants the content (`data.json.gz` read as JSON).
 * @returns `"decoded"` when the name is not the coding's file; `"kept"` when it is (kept as sent);
 *   else the bytes the coding's files begin with: kept as sent unless, decoded once, the body
 *   begins with them still (the server compressed the file again), when that layer is undone.
 */
export function ownCodingOf(
  coding: string,
  name: string | undefined,
): "decoded" | "kept" | Uint8Array {
  if (!isCodedFileName(coding, name)) return "decoded";
  return MAGIC_BY_CODING.get(coding) ?? "kept";
}
