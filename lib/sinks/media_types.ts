/**
 * The file extension of a media type: what `{ext}` is when the URL's path has none
 * (`/download?id=3` sent as `application/zip` is saved as `.zip`). The one table of them.
 * @module
 */

/** Extensions, without their dot, by media type in lower case. */
const EXTENSION_BY_TYPE: ReadonlyMap<string, string> = new Map([
  // Text and data
  ["text/html", "html"],
  ["application/xhtml+xml", "xhtml"],
  ["text/plain", "txt"],
  ["text/csv", "csv"],
  ["text/markdown", "md"],
  ["text/css", "css"],
  ["text/javascript", "js"],
  ["application/javascript", "js"],
  ["application/json", "json"],
  ["application/ld+json", "jsonld"],
  ["application/xml", "xml"],
  ["text/xml", "xml"],
  ["application/rss+xml", "rss"],
  ["application/atom+xml", "atom"],
  ["application/yaml", "yaml"],
  ["application/wasm", "wasm"],
  // Documents
  ["application/pdf", "pdf"],
  ["application/epub+zip", "epub"],
  ["application/msword", "doc"],
  ["application/vnd.ms-excel", "xls"],
  ["application/vnd.ms-powerpoint", "ppt"],
  ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"],
  ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"],
  ["application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"],
  ["application/vnd.oasis.opendocument.text", "odt"],
  ["application/vnd.oasis.opendocument.spreadsheet", "ods"],
  // Archives and packages
  ["application/zip", "zip"],
  ["application/gzip", "gz"],
  ["application/x-gzip", "gz"],
  ["application/x-tar", "tar"],
  ["application/x-bzip2", "bz2"],
  ["application/x-xz", "xz"],
  ["application/zstd", "zst"],
  ["application/x-7z-compressed", "7z"],
  ["application/vnd.rar", "rar"],
  ["application/x-rar-compressed", "rar"],
  ["application/java-archive", "jar"],
  ["application/vnd.debian.binary-package", "deb"],
  ["application/x-iso9660-image", "iso"],
  ["application/octet-stream", "bin"],
  // Images
  ["image/png", "png"],
  ["image/jpeg", "jpg"],
  ["image/gif", "gif"],
  ["image/svg+xml", "svg"],
  ["image/webp", "webp"],
  ["image/avif", "avif"],
  ["image/bmp", "bmp"],
  ["image/tiff", "tiff"],
  ["image/x-icon", "ico"],
  ["image/vnd.microsoft.icon", "ico"],
  // Audio and video
  ["audio/mpeg", "mp3"],
  ["audio/mp4", "m4a"],
  ["audio/aac", "aac"],
  ["audio/ogg", "ogg"],
  ["audio/opus", "opus"],
  ["audio/wav", "wav"],
  ["audio/flac", "flac"],
  ["video/mp4", "mp4"],
  ["video/webm", "webm"],
  ["video/ogg", "ogv"],
  ["video/quicktime", "mov"],
  ["video/x-matroska", "mkv"],
  ["video/mp2t", "ts"],
  // Fonts
  ["font/woff", "woff"],
  ["font/woff2", "woff2"],
  ["font/ttf", "ttf"],
  ["font/otf", "otf"],
]);

/**
 * The extension of a Content-Type's media type, parameters and case aside.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { extensionOfMediaType } from "./media_types.ts";
 * assertEquals(extensionOfMediaType("application/zip"), "zip");
 * assertEquals(extensionOfMediaType("Text/CSV; charset=utf-8"), "csv");
 * assertEquals(extensionOfMediaType("application/x-unknown"), undefined);
 * ```
 *
 * @param contentType A Content-Type value, or null for none.
 * @returns The extension without its dot, or undefined for a type the table does not know.
 */
export function extensionOfMediaType(contentType: string | null | undefined): string | undefined {
  const mediaType = (contentType ?? "").split(";")[0].trim().toLowerCase();
  return EXTENSION_BY_TYPE.get(mediaType);
}
