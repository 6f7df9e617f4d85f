/**
 * robots-parser could not be loaded: corun's own failure (a broken install, a bundle that cannot
 * load its CommonJS chunk), never the site's. It must not pass for a robots.txt that cannot be
 * reached, which would leave every link out with a warning that blames the site and a run that
 * ends `done`.
 * @module
 */
import { messageOf } from "../loop/mod.ts";

/** Why a crawl cannot match its links against a robots.txt it has read: the parser did not load. */
export class RobotsParserError extends Error {
  /** Stable code: the error of each link's metadata line. */
  readonly code = "ROBOTS_PARSER_UNAVAILABLE";

  /** @param cause Why the import failed. */
  constructor(cause: unknown) {
    super(
      `Cannot load robots-parser, corun's own reader of robots.txt (${messageOf(cause)}): an ` +
        "error of corun or of how it was installed, not of the site; the crawled links it asks " +
        "about fail, as corun cannot tell which the file allows (`crawl.robots: false` crawls " +
        "without reading robots.txt)",
      { cause },
    );
    this.name = "RobotsParserError";
  }
}
