/**
 * Request headers written as keys of their own (`User-Agent: corun` beside `retries`, curl's `-A`
 * and `-H` habits, Scrapy's `USER_AGENT`), in the spellings people give them: each unknown key so
 * written is told where it goes, `headers: { User-Agent: … }`, instead of no hint at all.
 * @module
 */

/** Headers a config commonly sets, by their usual names. */
const COMMON_HEADERS = [
  "User-Agent",
  "Authorization",
  "Accept",
  "Accept-Language",
  "Accept-Encoding",
  "Referer",
  "If-Modified-Since",
  "If-None-Match",
  "Cache-Control",
  "Range",
  "X-Api-Key",
  "X-Requested-With",
];

/**
 * The spellings of a header's name as a key: as sent in any case (`User-Agent`, `user-agent`,
 * `USER-AGENT`), camel case (`userAgent`, `UserAgent`), snake case (`user_agent`, `USER_AGENT`)
 * and run together (`useragent`).
 */
function spellingsOf(header: string): string[] {
  const words = header.split("-");
  const lower = words.map((word) => word.toLowerCase());
  const capitalized = lower.map((word) => word[0].toUpperCase() + word.slice(1));
  return [
    header,
    header.toLowerCase(),
    header.toUpperCase(),
    lower[0] + capitalized.slice(1).join(""),
    capitalized.join(""),
    lower.join("_"),
    lower.join("_").toUpperCase(),
    lower.join(""),
  ];
}

/**
 * Where a header written as a key goes, for `belongElsewhere`, from where it was written.
 *
 * @param wrap Writes the way to `headers` from there around `headers: { Name: … }`.
 * @returns Each spelling of a common header to `in "headers", as in headers: { Name: … }`.
 */
export function headerKeyPlaces(
  wrap: (headers: string) => string = (headers) => headers,
): Record<string, string> {
  const places: Record<string, string> = {};
  for (const header of COMMON_HEADERS) {
    const place = `in "headers", as in ${wrap(`headers: { ${header}: … }`)}`;
    for (const spelling of spellingsOf(header)) places[spelling] = place;
  }
  return places;
}
