/**
 * Bodies that are compressed files sent as such: a `.tar.gz` served with `Content-Encoding: gzip`
 * (Apache's `AddEncoding x-gzip .gz`, an object stored with its Content-Encoding set) is the gzip
 * file itself, not a tar the server compressed on the way. Browsers and wget save it as sent, and
 * so does corun: the coding is left on when the file's name says it is that coding's output.
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
 * Tells whether a file named `name` is the output of the content coding `coding` itself: its
 * extension is that coding's (`archive.tar.gz` of `gzip`, `page.html.br` of `br`).
 *
 * @param coding A content coding, lower case (`gzip`).
 * @param name A file name or path (its last segment counts), or undefined for none.
 * @returns True when the name ends in one of the coding's extensions, in any case.
 */
export function isCodedFileName(coding: string, name: string | undefined): boolean {
  if (name === undefined) return false;
  const dot = name.lastIndexOf(".");
  if (dot === -1 || name.indexOf("/", dot) !== -1) return false;
  const extension = name.slice(dot + 1).toLowerCase();
  return EXTENSIONS_BY_CODING.get(coding)?.includes(extension) ?? false;
}
