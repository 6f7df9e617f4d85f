/** External modules of the tasks layer, by full specifier (mod.ts must work when imported by URL). */
// Paths: std's, as the sinks layer picks them for the platform (no Node compatibility layer).
export { dirname, fromFileUrl, isAbsolute, relative, resolve, SEPARATOR } from "../sinks/deps.ts";
// Base64 of basic auth's credentials: std's, as the network layer takes it for a proxy's.
export { encodeBase64 } from "../net/deps.ts";
import { RobotsParserError } from "./robots_parser_error.ts";

/** One robots.txt as robots-parser reads it: what corun asks of it. */
export interface RobotsTxt {
  /**
   * Whether `url` may be fetched by the crawler named `agent` (its group, else `*`); undefined
   * for a URL of another origin than the file's.
   */
  isAllowed(url: string, agent: string): boolean | undefined;
  /**
   * robots-parser's groups as it parsed them, by user agent in lower case (`*` among them), each
   * with its rules' patterns: what `isAllowed` matches, read to count a match's cost before it is
   * made (robots_rules.ts). Its own field, of the version pinned below.
   */
  readonly _rules?: Readonly<Record<string, readonly { readonly pattern: string }[]>>;
}

/** robots-parser's one function: the file at `url`, read from its text. */
export type RobotsParser = (url: string, text: string) => RobotsTxt;

let robotsParser: Promise<RobotsParser> | undefined;

/**
 * Loads robots-parser (a CommonJS package: its module's default export is the function), once: only
 * a crawl that reads a robots.txt needs it.
 *
 * @returns The parser.
 * @throws {RobotsParserError} When it cannot be loaded (corun's failure, not the site's).
 */
export function loadRobotsParser(): Promise<RobotsParser> {
  robotsParser ??= import("npm:robots-parser@3.0.1").then(
    (module) => module.default as unknown as RobotsParser,
    (error) => {
      robotsParser = undefined; // the next robots.txt tries again
      throw new RobotsParserError(error);
    },
  );
  return robotsParser;
}
