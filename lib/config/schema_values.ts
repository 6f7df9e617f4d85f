/**
 * Leaf schemas of the config: durations, sizes, names, headers, URLs, cron expressions, functions.
 * Each failure message reads `expected …, got …`, unless it says more.
 * @module
 */
import { parseCronExpression } from "./cron_expression.ts";
import {
  CALLBACK_TIMEOUT_ZERO,
  DURATION_EXPECTED,
  DURATION_PATTERN,
  durationTooLong,
  FETCH_TIMEOUT_ZERO,
  negativeDurationProblem,
  timeLimitProblem,
  ZERO_DURATION_WITH_UNITS,
} from "./duration.ts";
import { ORIGIN_EXPECTED, originProblem } from "./origins.ts";
import {
  MAX_RATE_COUNT,
  RATE_EXPECTED,
  RATE_PATTERN,
  rateCountProblem,
  rateProblem,
} from "./rate.ts";
import {
  BANDWIDTH_EXPECTED,
  BANDWIDTH_PATTERN,
  bandwidthFormProblem,
  bandwidthProblem,
} from "./bandwidth.ts";
import { hasGlobSyntax } from "./url_glob.ts";
import { NO_ENV_REFERENCE, NO_HOST_VARIABLE, urlEnvReferenceProblem } from "./env_reference.ts";
import {
  LOCAL_PATH_JSON,
  localPathProblem,
  OUTPUT_PATH_JSON,
  outputPathProblem,
} from "./local_path.ts";
import { CHECKSUM_PATTERN, parseChecksum } from "../sinks/mod.ts";
import {
  HTTP_URL_EXPECTED,
  httpUrlProblem,
  URL_CREDENTIALS,
  URL_CREDENTIALS_NOT_ENCODED,
} from "../frontier/url_pattern.ts";
import {
  connectionParameterProblem,
  parsePostgresUrl,
  postgresUrlHint,
} from "../frontier/pg/connection_parameters.ts";
import {
  headerNameFault,
  methodProblem,
  quoteReceived,
  RESERVED_REQUEST_HEADERS,
} from "../http/mod.ts";
import {
  CREDENTIALS_NOT_ENCODED,
  CREDENTIALS_NOT_SENT,
  CREDENTIALS_PATTERN,
  hasUnencodedCredentials,
  isUrlShaped,
  proxyBypassProblem,
  redactDatabaseUrl,
  urlTextWithoutCredentials,
} from "../net/mod.ts";
import {
  formatSize,
  SIZE_EXPECTED,
  SIZE_PATTERN,
  sizeCeilingProblem,
  sizeLimitProblem,
  sizeProblem,
} from "./size.ts";
import { HEAD_CEILING_WHY, MAX_HEAD_BYTES_CEILING, urlLengthProblem } from "../http/mod.ts";
import {
  type CheckRun,
  custom,
  type CustomShape,
  expected,
  literal,
  number,
  record,
  secret,
  string,
  type StringShape,
  union,
  wholeNumber,
} from "./shape/mod.ts";
import { CREDENTIAL_NOT_SHOWN } from "./credential_place.ts";

/**
 * A non-empty string.
 *
 * @param what What the text is, for messages.
 * @returns The schema.
 */
export function text(what: string): StringShape {
  return string(what).nonEmpty();
}

/**
 * A file's path in the output directory, as written (`metadata`): non-empty text without `${NAME}`,
 * or a `$NAME` first, which a shell would expand and corun does not (`${OUT}/x` would be a folder
 * named `${OUT}`); nor a folder's (`logs/`), which the file would be written as, as a `save`'s is
 * refused.
 *
 * @param what What the path is, for messages.
 * @returns The schema.
 */
export function pathText(what: string): StringShape {
  return text(what).check(outputPathProblem, { json: OUTPUT_PATH_JSON })
    .check(folderPathProblem, { json: { pattern: "[^/]$" } });
}

/** A path that ends with `/` names a folder, where a file is wanted. */
function folderPathProblem(path: string): string | undefined {
  if (!path.endsWith("/")) return undefined;
  return `${quoteReceived(path)} ends with "/", which names a folder; end it with a file name ` +
    `(${quoteReceived(`${path}corun.jsonl`)})`;
}

/**
 * A path relative to the config file, one corun reads or writes (`outDir`, a cookie jar, a `urls`
 * list, `caFile`, `checksums`, a body's file): a `pathText` that does not start with `~` either. A
 * shell expands `~/out` to a home folder; a config does not: it would be a folder named `~` beside
 * the config file.
 *
 * @param what What the path is, for messages.
 * @returns The schema.
 */
export function localPathText(what: string): StringShape {
  return text(what).check(localPathProblem, { json: LOCAL_PATH_JSON });
}

/** For editors: a duration or size written with a digit other than 0 (the checks also round). */
const NOT_ZERO_PATTERN = "[1-9]";

/**
 * A number of seconds, or text, of a duration's form (`durationProblem`'s first checks): a negative
 * one said so, any other not of the form said as not a duration. A value not of it is not checked
 * further.
 */
const durationNumber = number(DURATION_EXPECTED)
  .check(negativeDurationProblem, { abort: true, json: { minimum: 0 } });
const durationText = string(DURATION_EXPECTED)
  .check(negativeDurationProblem, { abort: true })
  .regex(new RegExp(DURATION_PATTERN), DURATION_EXPECTED, { abort: true });

/**
 * `"3s"`, `"1500ms"`, `"1h30m"`, or a number of seconds. Together, each branch's checks are
 * `durationProblem`: the form first, then the length.
 */
export const durationSchema = union([
  durationNumber.check(durationTooLong),
  durationText.check(durationTooLong),
], DURATION_EXPECTED).meta({
  id: "Duration",
  description: 'A duration: "3s", "1500ms", "2m", "1h30m", "0.5s", or a number of seconds.',
  examples: ["3s", "1500ms", "1h30m"],
});

/**
 * A duration longer than 0 (`timeLimitProblem`, saying what one of 0 would do: `zero`).
 *
 * @param zero What a limit of 0 would do, and what to write instead.
 */
function timeLimit(zero: string) {
  const problem = (value: number | string) =>
    durationTooLong(value) ?? timeLimitProblem(value, zero);
  return union([
    // One check, not two with the first aborting: a union that meets an aborted member tells only
    // what kind it expected, and "too long" would be lost.
    durationNumber.check(problem, { json: { exclusiveMinimum: 0 } }),
    durationText.check(problem, { json: { pattern: NOT_ZERO_PATTERN } }),
  ], DURATION_EXPECTED);
}

/**
 * A time limit of a fetch (`timeout` and its phases): a duration longer than 0, since a limit of 0
 * would fail every fetch at once.
 */
export const timeLimitSchema = timeLimit(FETCH_TIMEOUT_ZERO).meta({
  id: "TimeLimit",
  description:
    'A time limit longer than 0: "30s", "1500ms", "2m", "1h30m", or a number of seconds (0 is not "no limit").',
  examples: ["10s", "30s", "5m"],
});

/** `callbackTimeout`: longer than 0, since a limit of 0 would stop every `onResponse` at once. */
export const callbackTimeLimitSchema = timeLimit(CALLBACK_TIMEOUT_ZERO);

/**
 * A size that responses must keep within: more than 0 bytes (`sizeLimitProblem`, which says `what`
 * 0 bytes would leave and suggests `example`), and at most `ceiling.max` when one is given.
 */
function sizeLimitSchema(
  id: string,
  what: string,
  example: string,
  ceiling?: { max: number; why: string },
) {
  const problem = (value: number | string) =>
    sizeLimitProblem(value, what, example) ??
      (ceiling && sizeCeilingProblem(value, ceiling.max, ceiling.why));
  const most = ceiling ? `, at most ${formatSize(ceiling.max)}` : "";
  return union([
    number(SIZE_EXPECTED).int().min(0, { abort: true })
      .check(problem, {
        json: { exclusiveMinimum: 0, ...(ceiling ? { maximum: ceiling.max } : {}) },
      }),
    // sizeProblem, not a bare pattern: it says what "10M" or "10mb" may have meant.
    string(SIZE_EXPECTED).check(sizeProblem, { abort: true, json: { pattern: SIZE_PATTERN } })
      .check(problem, { json: { pattern: NOT_ZERO_PATTERN } }),
  ], SIZE_EXPECTED).meta({
    id,
    description:
      `A size larger than 0${most}: a number of bytes, or "64KiB", "${example}" (0 is not "no limit").`,
    examples: ["64KiB", example],
  });
}

/** `maxHeaderSize`: every response head must fit; at most what corun can hold and decode. */
export const headSizeLimitSchema = sizeLimitSchema(
  "HeadSizeLimit",
  "no response head fits in 0 bytes",
  "1MiB",
  { max: MAX_HEAD_BYTES_CEILING, why: HEAD_CEILING_WHY },
);

/** `maxBodySize`: a body larger fails with BODY_TOO_LARGE. */
export const bodySizeLimitSchema = sizeLimitSchema(
  "BodySizeLimit",
  "only an empty body fits in 0 bytes",
  "10GiB",
);

/** `maxChecksumsSize`: a checksums file larger is refused. */
export const checksumsSizeLimitSchema = sizeLimitSchema(
  "ChecksumsSizeLimit",
  "no checksums file fits in 0 bytes",
  "100MiB",
);

/** `maxCookieJarSize`: a cookie jar file larger is refused, and a save keeps within it. */
export const cookieJarSizeLimitSchema = sizeLimitSchema(
  "CookieJarSizeLimit",
  "no cookie jar file fits in 0 bytes",
  "64MiB",
);

/** RFC 9110 token: header field names and methods. */
const TOKEN_RE = new RegExp("^[!#$%&'*+\\-.^_`|~0-9A-Za-z]+$");

/** An HTTP method: a token, such as `GET` or `POST`, and one corun can send (not `CONNECT`). */
export const methodSchema = string('an HTTP method such as "GET"').regex(TOKEN_RE).refine(
  // Not a token is the regular expression's to say.
  (method) => !TOKEN_RE.test(method) || methodProblem(method) === undefined,
  (method) => methodProblem(method)!,
);

/** Headers that say how a message is framed or routed: corun sets them, a config may not. */

/**
 * A header value: text (YAML and TOML read `DNT: 1` as a number: the problem says to quote it),
 * without a control character but tab (CR, LF, NUL, ESC, DEL), so a config cannot inject headers
 * nor send what strict servers refuse. Never quoted in a problem: many carry
 * a credential (`Authorization`, `Cookie`, `X-Api-Key`), and a config error goes to CI logs.
 */
export const headerValueSchema = secret("a header value");

const HEADER_NAME_EXPECTED = "a header name (letters, digits and !#$%&'*+-.^_`|~)";

/**
 * A header name: a token that corun does not set itself. One that is no token is quoted as
 * lib/http quotes it, up to its first wrong character: a name written with its value
 * (`"Authorization: Bearer …": x`) must not show the credential.
 */
const headerNameSchema = string(HEADER_NAME_EXPECTED)
  .check((name) => {
    if (name === "") return `expected ${HEADER_NAME_EXPECTED}, got ""`;
    const fault = headerNameFault(name);
    return fault && `expected ${HEADER_NAME_EXPECTED}, got ${fault.quoted} (${fault.why})`;
  }, { json: { pattern: TOKEN_RE.source } })
  .refine(
    (name) => !RESERVED_REQUEST_HEADERS.has(name.toLowerCase()),
    (name) => `"${name}" is set by corun from the URL and body; a config cannot set it`,
  );

/**
 * Refuses two names of one header in one table (`Authorization` and `AUTHORIZATION`): a header's
 * name does not depend on case, so both would be sent, and a server takes either, or both joined.
 * The later spelling is the one pointed at, and the message names the earlier.
 */
function checkHeaderNamesDistinct(headers: Record<string, unknown>, run: CheckRun): void {
  const keys = Object.keys(headers);
  if (keys.length < 2) return;
  const firstOf = new Map<string, string>();
  for (const name of keys) {
    const folded = name.toLowerCase();
    const first = firstOf.get(folded);
    if (first === undefined) {
      firstOf.set(folded, name);
      continue;
    }
    run.failAt(
      [name],
      `${quoteReceived(name)} and ${quoteReceived(first)} are one header (names do not ` +
        "depend on case), and both would be sent: keep one",
      "continue",
      "key",
    );
  }
}

/** Header names to values; framing and routing headers are corun's to set. */
export const headersSchema = record(
  headerNameSchema,
  headerValueSchema,
  "headers (an object of names to values)",
).check(checkHeaderNamesDistinct).holdingCredentials().meta({
  id: "Headers",
  description: "Request headers: names to values.",
  examples: [{ "User-Agent": "corun" }],
});

/**
 * For editors, what `httpUrlProblem` asks first: text that starts with `http:` or `https:`, in any
 * case (after white space, which URLs drop); the check parses the rest.
 */
const HTTP_SCHEME_BODY = "\\s*[Hh][Tt][Tt][Pp][Ss]?:";

/**
 * An absolute `http:` or `https:` URL, or a URL pattern (`[1-100]`, `{a,b}`). A text with glob
 * syntax may not be a URL as written (`https://{a,b}.example/`): it is checked as a pattern, or as a
 * URL under `glob: false`, by `url_sources.ts`, which knows the task's `glob`.
 */
export const urlSchema = string(HTTP_URL_EXPECTED).check(
  (value) =>
    urlEnvReferenceProblem(value) ?? (hasGlobSyntax(value) ? undefined : httpUrlProblem(value)),
  // For editors: an http(s) scheme, unless a glob may make it (`{http,https}://…`), and no
  // `${NAME}` nor a host's `$NAME` (corun expands no environment variables); no credentials in
  // a URL without `[` or `{` (a pattern's are checked URL by URL).
  {
    json: {
      pattern: `^${NO_ENV_REFERENCE}${NO_HOST_VARIABLE}(?:${HTTP_SCHEME_BODY}|[\\s\\S]*[\\[{])`,
      not: { pattern: `^(?![\\s\\S]*[\\[{])${CREDENTIALS_PATTERN}` },
    },
  },
).meta({
  description:
    "An http: or https: URL, or a URL pattern in curl's globbing syntax: [1-100], [001-100], " +
    "[a-z], [1-100:10], {a,b,c} (each a part {1}, {2}, ... of save); glob: false takes [ and { " +
    "as written.",
});

/** `checksum`: `sha256:HEX` or `sha512:HEX`, the digest the saved body must have. */
export const checksumSchema = string("a checksum such as sha256:HEX").check((value) => {
  try {
    parseChecksum(value);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}, { json: { pattern: CHECKSUM_PATTERN } }).meta({
  id: "Checksum",
  description:
    "The digest the saved body must have: sha256:HEX or sha512:HEX. A mismatch fails the fetch " +
    "and leaves nothing at the final name.",
});

/** Credentials in a ping's URL: `notify` has no `auth`, and ping services read their secret from the path. */
const PING_URL_CREDENTIALS = `${CREDENTIALS_NOT_SENT}; a ping URL carries its secret in its ` +
  "path, as ping services expect (https://hc-ping.example/<uuid>)";

/** An `http:` or `https:` URL without a pattern: a ping's address (`notify:`). */
export const pingUrlSchema = string(HTTP_URL_EXPECTED).check((value) => {
  const reference = urlEnvReferenceProblem(value); // names the variable, never the secret
  if (reference !== undefined) return reference;
  // Said as such: "expected an http: or https: URL" would not say what is wrong with it.
  const tooLong = urlLengthProblem(value);
  if (tooLong !== undefined) return tooLong;
  const problem = httpUrlProblem(value);
  if (problem === undefined) return undefined;
  if (problem === URL_CREDENTIALS || problem === URL_CREDENTIALS_NOT_ENCODED) {
    return PING_URL_CREDENTIALS;
  }
  return `expected ${HTTP_URL_EXPECTED}, got ${
    quoteReceived(beforePath(urlTextWithoutCredentials(value)))
  } (the rest not shown: a ping URL's path is its secret)`;
}, {
  json: {
    pattern: `^${NO_ENV_REFERENCE}${NO_HOST_VARIABLE}${HTTP_SCHEME_BODY}`,
    not: { pattern: `^${CREDENTIALS_PATTERN}` },
  },
});

/** A URL's text up to its path (`htps://hc-ping.example/…`): what a problem may show of a ping's. */
function beforePath(text: string): string {
  const start = /^([^/?#]*\/\/)?[^/?#]*/.exec(text)![0];
  return start.length < text.length ? `${start}/…` : start;
}

const DATABASE_EXPECTED = 'a PostgreSQL URL such as "postgres://corun@db.example:5432/corun"';
/** How a database URL begins (`parsePostgresUrl`), for the JSON Schema (any case). */
const POSTGRES_URL_START = "[Pp][Oo][Ss][Tt][Gg][Rr][Ee][Ss](?:[Qq][Ll])?://";

/** A PostgreSQL connection URL (`db:`), named without its password in any problem. */
export const databaseUrlSchema = string(DATABASE_EXPECTED).check((value) => {
  const reference = urlEnvReferenceProblem(value); // names the variable, never the password
  if (reference !== undefined) return reference;
  const url = parsePostgresUrl(value);
  if (url === undefined) {
    // A password given as the URL, or a keyword/value string: nothing tells where one ends.
    return (isUrlShaped(value)
      ? expected(DATABASE_EXPECTED, redactDatabaseUrl(value))
      : `expected ${DATABASE_EXPECTED}, got a text that is not a URL (${CREDENTIAL_NOT_SHOWN})`) +
      postgresUrlHint(value);
  }
  return connectionParameterProblem(url, value);
}, { json: { pattern: `^${NO_ENV_REFERENCE}${NO_HOST_VARIABLE}${POSTGRES_URL_START}` } });

/**
 * Why a shared queue's name cannot be used (`queue:` in a config, `--queue` on the command line):
 * one rule for both, so a name with a space, a line break or thousands of characters (past what a
 * `NOTIFY` carries) is not a queue of its own by the flag alone.
 *
 * @param name The name.
 * @returns `expected …, got …`, or undefined when it can be used.
 */
export function queueNameProblem(name: string): string | undefined {
  return QUEUE_NAME_RE.test(name) ? undefined : expected(
    "a queue name of letters, digits, '.', '_' and '-' (at most 100, starting with a letter or digit)",
    name,
  );
}

/** A queue name's form, which `NOTIFY` and a log line carry whole. */
const QUEUE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** A shared queue's name (`queue:`). */
export const queueNameSchema = string("a queue name")
  .check(queueNameProblem, { json: { pattern: QUEUE_NAME_RE.source } });

const PROXY_EXPECTED = 'an http: proxy URL such as "http://proxy.example:3128", or false';

/**
 * The problem with a proxy URL: only `http:` proxies (the tunnel to an https target is still TLS to
 * the target), with a host and nothing after it but a `/`. Credentials are allowed: they go to the
 * proxy alone and are never logged.
 *
 * @param value Text given as a proxy URL.
 * @returns The problem, or `undefined` for a usable proxy URL.
 */
function proxyProblem(value: string): string | undefined {
  // First: a password a raw `#` cut may leave no URL at all, and the redacted text hides why.
  if (hasUnencodedCredentials(value)) {
    return `${quoteReceived(urlTextWithoutCredentials(value))}: ${CREDENTIALS_NOT_ENCODED}`;
  }
  const url = URL.parse(value);
  if (url === null || url.protocol !== "http:" || url.hostname === "") {
    return expected(PROXY_EXPECTED, urlTextWithoutCredentials(value));
  }
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "") {
    return `a proxy URL has a host and a port, no path: ${urlTextWithoutCredentials(value)}`;
  }
  return undefined;
}

/**
 * For editors, what `proxyProblem` refuses after the host: a path segment, a query or a fragment
 * (the URL parser drops an empty `?` or `#`, and reads `.` segments and tabs away: not these).
 */
const PROXY_PATH = "^\\s*[Hh][Tt][Tt][Pp]://[^/?#\\\\]*(?:/+[^/?#.%\\s]|/*\\?[^#\\s]|/*#\\S)";

/** `proxy`: an http: proxy URL (credentials allowed), or false for a direct connection. */
export const proxySchema = union([
  string(PROXY_EXPECTED).check(
    (value) => urlEnvReferenceProblem(value) ?? proxyProblem(value), // the variable only
    {
      json: {
        pattern: `^${NO_ENV_REFERENCE}${NO_HOST_VARIABLE}\\s*[Hh][Tt][Tt][Pp]:`,
        not: { pattern: PROXY_PATH },
      },
    },
  ),
  literal(false, "false"),
], PROXY_EXPECTED).meta({
  id: "Proxy",
  description:
    "Forward proxy for these requests: an http: URL (http://user:password@host:port; port 1080 " +
    "when none is given), or false for none. Default: the environment as curl reads it " +
    "(https_proxy / HTTPS_PROXY, http_proxy, all_proxy / ALL_PROXY, less no_proxy / NO_PROXY).",
  examples: ["http://proxy.example:3128", false],
});

/** `noProxy`: the hosts reached directly whatever the proxy, as `NO_PROXY` lists them. */
export const noProxySchema = string(
  'a list of hosts such as "localhost, .corp.example, 10.0.0.0/8"',
)
  .check(proxyBypassProblem)
  .describe(
    "Hosts reached directly, whatever proxy (this one's or the environment's) would be used: " +
      "NO_PROXY's syntax, comma-separated host names (each matching its subdomains too), IP " +
      'addresses and CIDR ranges, or "*" for every host. It replaces the environment\'s no_proxy / ' +
      "NO_PROXY; an origins entry's own proxy is not bypassed. Default: the environment's no_proxy " +
      "/ NO_PROXY, which applies to a proxy set here too, as curl applies it to -x.",
  );

/** `pipeline`: GET and HEAD requests in flight on one connection at once (1: no pipelining). */
export const pipelineSchema = wholeNumber(1, 64, "a number of requests in flight on one connection")
  .meta({
    id: "Pipeline",
    description:
      "HTTP/1.1 pipelining: GET and HEAD requests sent on one connection before the earlier " +
      "responses are read (answered in order; unanswered ones go again on a new connection). " +
      "Only for servers known to answer pipelined requests correctly. Default 1 (none).",
    examples: [8],
  });

/**
 * For editors, what `rateProblem` adds to the form: a count of at most 1,000,000 and a time written
 * with a digit other than 0 ("1/0s", "1/0 min 0s" are refused, in every unit and spacing a duration
 * takes; the check also rounds "1/0.1ms" to 0).
 */
const RATE_LIMITS_JSON = {
  pattern: `^\\s*([1-9]\\d{0,5}|${MAX_RATE_COUNT})\\s*/`,
  not: { pattern: `/\\s*${ZERO_DURATION_WITH_UNITS}\\s*$` },
};

/**
 * For editors, what `bandwidthProblem` adds to the form: a size written with a digit other than 0
 * before the slash, and a time that is not zero, as a rate's (the check also rounds: "1B/1h").
 */
const BANDWIDTH_LIMITS_JSON = { pattern: `^[^/]*${NOT_ZERO_PATTERN}`, not: RATE_LIMITS_JSON.not };

/** `"5/s"`, `"30/min"`, `"100/h"`, `"1/500ms"`: request starts per origin per time. */
export const rateSchema = string(RATE_EXPECTED)
  .check(rateCountProblem, { abort: true })
  .regex(new RegExp(RATE_PATTERN), RATE_EXPECTED, { abort: true })
  .check(rateProblem, { json: RATE_LIMITS_JSON }).meta({
    id: "Rate",
    description:
      'Most requests started per origin in a time: "5/s", "30/min", "100/h", or a count per ' +
      'duration such as "1/500ms" (spaced evenly).',
    examples: ["5/s", "30/min", "1/500ms"],
  });

/** `"2MiB/s"`, `"500KB/s"`, `"10GB/h"`: how fast a run's bodies may arrive, all together. */
export const bandwidthSchema = string(BANDWIDTH_EXPECTED)
  .check(bandwidthFormProblem, { abort: true })
  .regex(new RegExp(BANDWIDTH_PATTERN), BANDWIDTH_EXPECTED, { abort: true })
  .check(bandwidthProblem, { json: BANDWIDTH_LIMITS_JSON }).meta({
    id: "Bandwidth",
    description:
      'Most bytes per time that response bodies may arrive at, all of a run\'s together: "2MiB/s", ' +
      '"500KB/s", "10GB/h".',
    examples: ["2MiB/s", "500KB/s"],
  });

/** `"https://example.org"`: an http(s) scheme and host (and port), nothing after. */
export const originSchema = string(ORIGIN_EXPECTED).check(originProblem, {
  // For editors: a scheme and a host (no credentials, no `*`), then at most a "/".
  json: { pattern: "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#\\\\*@]+/?$" },
}).meta({
  id: "Origin",
  description:
    'An origin: http: or https:, a host and maybe a port, no path ("https://example.org").',
  examples: ["https://example.org", "http://localhost:8080"],
});

/**
 * A task name: non-empty, without control characters (C0, DEL and C1: U+009B starts an escape
 * sequence as ESC [ does), and no white space at either end (`"a "` and `"a"` would be two tasks
 * that read as one in every line and in `after`).
 */
export const taskNameSchema = string("a task name")
  .regex(
    // deno-lint-ignore no-control-regex
    /^(?!\s)[^\x00-\x1f\x7f-\x9f]+(?<!\s)$/,
    "a task name (not empty, no control characters, no space at its start or end)",
  );

const CRON_EXPECTED = 'a cron expression such as "*/10 * * * *" or "@hourly"';
/**
 * A cron expression, read whole here (`cron_expression.ts`), so a field out of range is reported with
 * the config's other problems, located. Text meant as cron (three fields or more, or an `@` nickname)
 * hears what is wrong with it (`it has 4 fields; cron needs 5 …`, `unknown nickname "@every 5m"`);
 * text that is not shaped like cron at all ("every day") gets the plain `expected …` message.
 */
export const cronSchema = string(CRON_EXPECTED).check((value) => {
  const fields = value.trim().split(/\s+/);
  const meantAsCron = fields.length >= 3 || fields[0].startsWith("@");
  if (!meantAsCron) return expected(CRON_EXPECTED, value);
  const parsed = parseCronExpression(value);
  return parsed.ok
    ? undefined
    : `invalid cron expression ${quoteReceived(value)}: ${parsed.problem}`;
}).meta({
  examples: ["*/10 * * * *", "0 3 * * *", "@hourly"],
});

const TIMEZONE_EXPECTED = 'an IANA time zone such as "Europe/Berlin"';
/** An IANA time zone the runtime knows. */
export const timezoneSchema = string(TIMEZONE_EXPECTED).refine((value) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}, (value) => expected(TIMEZONE_EXPECTED, value));

/**
 * A custom task's `run`: a function, not an `async` one. An async function returns a promise, never
 * an operation, so the run would fail its task every time (`customTaskOperation`); its `await ctx.…`
 * would do nothing. (An `onResponse` may be async: its promise is awaited.)
 *
 * @returns A schema that accepts a function that is not async, typed as `F`.
 */
export function runFunctionSchema<F>(): CustomShape<F> {
  return custom<F>(
    (value) => typeof value === "function" && !isAsyncFunction(value),
    "a generator function (TypeScript configs only)",
    (value) => isAsyncFunction(value) ? ASYNC_RUN : undefined,
  );
}

/**
 * An `onResponse` (TypeScript configs only; left out of the generated JSON Schema): a function, not
 * an `async function*`. An async one's promise is awaited, but an
 * async generator returns an object nothing runs: its body never ran, silently, and the page was
 * saved as if there were no callback.
 *
 * @returns A schema that accepts a function that is not an async generator, typed as `F`.
 */
export function responseCallbackSchema<F>(): CustomShape<F> {
  return custom<F>(
    (value) => typeof value === "function" && !isAsyncGeneratorFunction(value),
    "a response callback (TypeScript configs only)",
    (value) => isAsyncGeneratorFunction(value) ? ASYNC_GENERATOR_CALLBACK : undefined,
  );
}

const ASYNC_GENERATOR_CALLBACK =
  "expected a generator function, got an async one (async function*): write " +
  "function* (response, ctx) { ... }, that waits with yield* (yield* ctx.fetch(url)); nothing " +
  "runs an async generator's body";

function isAsyncGeneratorFunction(value: unknown): boolean {
  return typeof value === "function" && value.constructor?.name === "AsyncGeneratorFunction";
}

const ASYNC_RUN =
  "expected a generator function, got an async one: write function* (ctx) { ... }, " +
  "that waits with yield* (yield* ctx.fetch(url)), not await (what an async function returns is " +
  "not an operation: the task would fail every run)";

/** `async function`, `async () => …` and `async function*`: their constructors tell them apart. */
function isAsyncFunction(value: unknown): boolean {
  if (typeof value !== "function") return false;
  const kind = value.constructor?.name;
  return kind === "AsyncFunction" || kind === "AsyncGeneratorFunction";
}
