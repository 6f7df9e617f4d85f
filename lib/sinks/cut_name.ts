/**
 * The one rule for a name too long for its room: its start is kept and a short hash of the whole
 * name follows it (`<start>~<8 hex>`), so that two long names that begin alike stay two files (a
 * name merely cut short can be another's). Partial files' names, save paths' segments and a
 * server's file name (`{filename}`, its extension kept after the hash) all cut so.
 * @module
 */

/** What a cut adds after the start it keeps: `~` and the 8 hex digits of {@linkcode fnv1a}. */
const HASH_MARK_LENGTH = 9;

/**
 * A short hash of a name (FNV-1a, 32 bits, hex): keeps cut names apart.
 *
 * @param text The whole name.
 * @returns 8 lower-case hex digits.
 */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/**
 * `name` as it is when it has at most `maxChars` code points, else its first `maxChars` code
 * points and a hash of the whole (`<start>~<8 hex>`).
 *
 * @param name The whole name.
 * @param maxChars Code points kept of a longer name.
 * @returns The name, or its start marked with the whole's hash.
 */
export function cutToChars(name: string, maxChars: number): string {
  const chars = Array.from(name);
  if (chars.length <= maxChars) return name;
  return marked(chars.slice(0, maxChars).join(""), name);
}

/**
 * `name` as it is when it has at most `maxBytes` bytes of UTF-8, else as many whole code points of
 * its start as leave room for a hash of the whole and the `end` it keeps (`<start>~<8 hex><end>`,
 * `maxBytes` at most): a server's file name keeps its extension (`<start>~<8 hex>.tar.gz`).
 *
 * @param name The whole name.
 * @param maxBytes The longest result, in UTF-8 bytes (more than 9 and the end's bytes).
 * @param end A part at the end of `name` kept whole after the hash (an extension), or "".
 * @returns The name, or its start marked with the whole's hash, then its end.
 */
export function cutToBytes(name: string, maxBytes: number, end = ""): string {
  const bytes = encodedIfLonger(name, maxBytes);
  if (bytes === undefined) return name;
  const endBytes = new TextEncoder().encode(end).length;
  const start = startOf(
    bytes.subarray(0, bytes.length - endBytes),
    maxBytes - HASH_MARK_LENGTH - endBytes,
  );
  return marked(start, name) + end;
}

/** `text` as UTF-8 when it is longer than `maxBytes`, else undefined (it fits as it is). */
function encodedIfLonger(text: string, maxBytes: number): Uint8Array | undefined {
  // Three bytes a code unit at most: a short text needs no encoding.
  if (text.length * 3 <= maxBytes) return undefined;
  const bytes = new TextEncoder().encode(text);
  return bytes.length <= maxBytes ? undefined : bytes;
}

/** The first bytes of a UTF-8 text, at most `maxBytes`, as whole code points. */
function startOf(bytes: Uint8Array, maxBytes: number): string {
  // fatal: false decodes a code point cut in half as U+FFFD; strip it.
  return new TextDecoder().decode(bytes.subarray(0, maxBytes)).replace(/\uFFFD+$/, "");
}

function marked(start: string, whole: string): string {
  return `${start}~${fnv1a(whole)}`;
}
