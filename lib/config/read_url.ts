/**
 * Reading a text config given by an `http:` or `https:` URL, with corun's own HTTP client: the same
 * size cap as a file, one deadline for the whole exchange (retries and redirects included),
 * certificates verified, at most five redirects and never from https down to http.
 * @module
 */
import { HttpClient, HttpError, shownStatus } from "../http/mod.ts";
import { shownLocation } from "../net/mod.ts";
import {
  failAfter,
  formatMs,
  messageOf,
  race,
  runOperation,
  TimeoutError,
  whenAborted,
} from "../loop/mod.ts";
import { ConfigError } from "./config_error.ts";
import { fixedLimitNames } from "./limit_names.ts";
import { configTooLarge, decodeConfigText, unreadableConfig } from "./read_capped.ts";

/** The longest a config given by URL may take to arrive by default, from connecting to its last byte. */
export const DEFAULT_URL_TIMEOUT_MS = 30_000;

/** Redirects followed for a config given by URL. */
const MAX_REDIRECTS = 5;

/** How a config given by URL is fetched. */
export interface UrlReadOptions {
  /** The largest body read, in bytes. */
  maxBytes: number;
  /** The deadline of the whole exchange, retries included. */
  timeoutMs: number;
  /** Extra CA certificates (PEM) trusted besides the system's. */
  caCerts?: string[];
  /** Stops the read: its connection is closed, and the signal's reason thrown. */
  signal?: AbortSignal;
}

/** A config's text as served, and the media type the server gave it. */
export interface UrlConfigText {
  /** The body, decoded as UTF-8. */
  text: string;
  /** The Content-Type without parameters, lower case; undefined when the server sent none. */
  mediaType: string | undefined;
}

/**
 * Fetches a text config.
 *
 * @param url The config's URL.
 * @param options The size cap, the deadline and extra CA certificates.
 * @returns The body, decoded as UTF-8, and its media type.
 * @throws {ConfigError} When the server cannot be reached, answers other than 2xx, or sends more
 *   than the cap.
 * @throws The reason of `options.signal` when it aborts first.
 */
export async function readConfigUrl(url: URL, options: UrlReadOptions): Promise<UrlConfigText> {
  const shown = shownLocation(url.href); // as `loadConfig` names the config
  const client = new HttpClient();
  const signal = options.signal;
  let read: UrlConfigText | typeof ABORTED;
  try {
    const fetchText = function* () {
      const response = yield* client.request({ url }, {
        maxRedirects: MAX_REDIRECTS,
        allowDowngrade: false,
        maxBodyBytes: options.maxBytes,
        caCerts: options.caCerts ?? [],
        // A body too large is told as the config's size cap, below; the other limits are fixed.
        nameLimit: fixedLimitNames("a config URL's"),
      });
      if (response.status < 200 || response.status > 299) {
        response.body.close();
        // Through a proxy (an http_proxy), named with it, and the status by its standard reason:
        // the proxy's own text may echo the request's Proxy-Authorization.
        const proxy = client.plainProxyOf(response.url);
        const answer = shownStatus(response, proxy !== undefined) +
          (proxy === undefined ? "" : ` (through proxy ${proxy})`);
        throw unreadableConfig(shown, `the server answered ${answer}`);
      }
      const contentType = response.headers.get("content-type");
      const mediaType = contentType?.split(";")[0].trim().toLowerCase() || undefined;
      const text = decodeConfigText(yield* response.body.bytes(), shown);
      return { text, mediaType };
    };
    // One deadline over everything: connecting, redirects, retries, the last byte.
    const whole = failAfter(options.timeoutMs, fetchText(), "reading the config");
    read = await runOperation(
      signal === undefined ? whole : race([whole, whenAborted(signal, ABORTED)]),
    );
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    if (error instanceof HttpError && error.code === "BODY_TOO_LARGE") {
      throw configTooLarge(shown, options.maxBytes);
    }
    if (error instanceof TimeoutError) {
      throw unreadableConfig(
        shown,
        `it did not arrive within ${formatMs(options.timeoutMs)} ` +
          "(--config-timeout; urlTimeoutMs in loadConfig)",
        error,
      );
    }
    throw unreadableConfig(shown, messageOf(error), error);
  } finally {
    client.close();
  }
  if (read === ABORTED) throw signal!.reason;
  return read;
}

/** What a read the signal stopped gives. */
const ABORTED = Symbol("aborted");
