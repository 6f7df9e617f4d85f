/**
 * The origin a fetch's URL belongs to, the key of its per-origin rules.
 * @module
 */

/**
 * The origin of a URL (`"https://example.org"`), or `""` for text that is not a URL (a list line
 * that cannot be read: it fails alone, under no origin's rules).
 *
 * @param url The URL.
 * @returns Its origin.
 */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "";
  }
}
