/**
 * corun's HTTP/1.1 client over its own connections: request writer, response parser, body framing and
 * decoding, keep-alive pool, redirects and per-phase timeouts. One request is one exchange (plus
 * redirects); whether to try again is the frontier's decision.
 *
 * Exports: {@linkcode HttpClient}, {@linkcode HttpError}, {@linkcode HeaderList},
 * {@linkcode ResponseBody}, {@linkcode ConnectionPool}, {@linkcode parseHttpUrl},
 * {@linkcode RESERVED_REQUEST_HEADERS}, {@linkcode ProxyRouter}, {@linkcode dispositionFileName}, {@linkcode urlRefusalReason}, request and response types, and the
 * codec functions used by tests and tools.
 * @module
 */
export { BULK_READ_BYTES, ResponseBody } from "./body.ts";
export { ChunkedDecoder } from "./chunked_decoder.ts";
export { dispositionFileName } from "./content_disposition.ts";
export {
  DEFAULT_USER_AGENT,
  type FollowedRedirects,
  HttpClient,
  type HttpClientOptions,
  pipelineRefusal,
  type RequestPhase,
  type RequestProgress,
} from "./client.ts";
export { type BodyDecoder, loadZlibCodecs, type ZlibCodecs } from "./decoder.ts";
export { HttpError, type HttpErrorCode } from "./errors.ts";
export { StaleConnectionError } from "./exchange.ts";
export { type BodyFraming, bodyFraming, isKeepAlive } from "./framing.ts";
export {
  HEADER_TEXT_CONTROLS,
  HEADER_VALUE_CONTROL,
  HeaderList,
  type HeaderNameFault,
  headerNameFault,
  headersOver,
  requestHeaderProblem,
  validateHeaderName,
  validateHeaderValue,
} from "./headers.ts";
export { quoteReceived, unseenCharacters, unseenHint } from "./quote_received.ts";
export { MAX_URL_BYTES, urlLengthProblem, urlRefusalReason } from "./url_refusal.ts";
export {
  ConnectionPool,
  type ConnectionPoolOptions,
  DEFAULT_MAX_IDLE_CONNECTIONS,
  DEFAULT_PER_HOST,
} from "./pool.ts";
export {
  parseHttpUrl,
  RESERVED_REQUEST_HEADERS,
  reservedHeaderProblem,
} from "./prepare_request.ts";
export { proxiedHead } from "./proxy_request.ts";
export { ProxyRouter } from "./proxy_route.ts";
export {
  type ExchangeLimit,
  type LimitNamer,
  nameRequestOption,
  namesOfGiven,
} from "./limit_names.ts";
export {
  isCredentialHeader,
  nextRedirect,
  type Redirect,
  unfollowedRedirectNote,
  withoutCredentialHeaders,
} from "./redirect.ts";
export {
  DEFAULT_REQUEST_OPTIONS,
  type FetchSettings,
  frozenRequestOptions,
  type HttpRequest,
  IDEMPOTENT_METHODS,
  type RequestBody,
  type RequestOptions,
  resolveRequestOptions,
  type Timeouts,
} from "./request.ts";
export { methodProblem } from "./request_head.ts";
export type { HttpResponse, ResponseTimings } from "./response.ts";
export { shownStatus } from "./response.ts";
export {
  HEAD_CEILING_WHY,
  MAX_HEAD_BYTES_CEILING,
  parseResponseHead,
  type ResponseHead,
  type ResponseHeadLimits,
} from "./response_head.ts";
export { parseHttpDate } from "./http_date.ts";
export { etagsWeaklyEqual } from "./etag_match.ts";
export { parseRetryAfter } from "./retry_after.ts";
export { Bandwidth, type BandwidthClock, type MeteredReader } from "./bandwidth.ts";
export {
  type Cookie,
  CookieJar,
  type CookieJarOptions,
  type CookieLimit,
  MAX_COOKIES,
  MAX_COOKIES_PER_DOMAIN,
  withJarCookies,
} from "./cookie_jar.ts";
export {
  COOKIE_FILE_CAP_KEY,
  COOKIE_FILE_FORMAT,
  COOKIE_FILE_VERSION,
  CookieFileError,
  LINKED_JAR,
  MAX_COOKIE_FILE_BYTES,
  parseCookieFile,
  readCookieText,
  readCookieTextSync,
  writeCookieFile,
} from "./cookie_file.ts";
export {
  MAX_COOKIE_BYTES,
  type ParsedSetCookie,
  parseSetCookie,
  redactSetCookie,
} from "./cookie_parse.ts";
