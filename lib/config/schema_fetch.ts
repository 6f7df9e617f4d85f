/**
 * Schemas of fetch settings and requests: timeouts, retries, limits, headers, bodies, credentials.
 * @module
 */
import {
  anything,
  array,
  boolean,
  type CheckRun,
  HEADER_TEXT,
  isRecord,
  record,
  secret,
  strictObject,
  string,
  union,
  wholeNumber,
} from "./shape/mod.ts";
import {
  bodySizeLimitSchema,
  callbackTimeLimitSchema,
  checksumsSizeLimitSchema,
  durationSchema,
  headersSchema,
  headSizeLimitSchema,
  localPathText,
  methodSchema,
  noProxySchema,
  originSchema,
  pipelineSchema,
  proxySchema,
  rateSchema,
  text,
  timeLimitSchema,
  urlSchema,
} from "./schema_values.ts";
import { headerKeyPlaces } from "./header_key_places.ts";
import { neverRetriedProblem } from "../tasks/retry_statuses.ts";

export { isRecord };

/**
 * The keys of `record` among `keys` whose value is present (not `undefined`).
 *
 * @param record An object.
 * @param keys The keys to look for, in the order wanted.
 * @returns The present keys, in that order.
 */
export function presentKeys(record: Record<string, unknown>, keys: readonly string[]): string[] {
  return keys.filter((key) => record[key] !== undefined);
}

/**
 * How many of `keys` are present in `record`, without allocating (checks run on every task).
 *
 * @param record An object.
 * @param keys The keys to look for.
 * @returns The count.
 */
export function countPresent(record: Record<string, unknown>, keys: readonly string[]): number {
  let count = 0;
  for (let index = 0; index < keys.length; index++) {
    if (record[keys[index]] !== undefined) count++;
  }
  return count;
}

const booleanSchema = (what: string) => boolean(`true or false (${what})`);

/** Per-phase time limits. */
const timeoutsSchema = strictObject({
  connect: timeLimitSchema.optional(),
  tls: timeLimitSchema.optional(),
  headers: timeLimitSchema.optional(),
  idle: timeLimitSchema.optional(),
  total: timeLimitSchema.optional(),
}, "phase timeouts { connect, tls, headers, idle, total }");

/** The `timeout` setting: a duration for headers and idle, or each phase's limit. */
const timeoutSchema = union(
  [timeLimitSchema, timeoutsSchema],
  'a duration like "30s" or phase timeouts { connect, tls, ... }',
).meta({
  id: "Timeout",
  description: "A duration for both the headers and idle phases, or each phase's limit.",
});

/** How far `ctx.enqueue` may take a task: `{ maxDepth, origins, maxFetches, robots }`. */
const crawlSchema = strictObject({
  maxDepth: wholeNumber(0, 1_000, "a number of links followed").optional()
    .describe("Links followed from the task's own URLs (0: none). Default 5."),
  origins: array(originSchema, "a list of origins").optional().describe(
    "Origins an enqueued URL may have; empty: the origins of the task's own URLs. Default [].",
  ),
  maxFetches: wholeNumber(1, 1_000_000_000, "a number of fetches").optional()
    .describe("Fetches the task may make in all, its own URLs and enqueued ones. Default 10000."),
  robots: booleanSchema("robots").optional().describe(
    "Obey each origin's robots.txt for enqueued URLs (never for the task's own). Default true.",
  ),
}, "crawl limits { maxDepth, origins, maxFetches, robots }").meta({
  id: "Crawl",
  description: "Limits of URLs enqueued from this task's callbacks (ctx.enqueue).",
});

/** Fetch settings: the keys of `defaults`, which a fetch task may override. */
export const fetchOptionsShape = {
  timeout: timeoutSchema.optional(),
  retries: wholeNumber(0, 100, "a number of retries").optional()
    .describe("Retries after the first attempt. Default 2."),
  retryOn: array(
    wholeNumber(100, 599, "an HTTP status").check(neverRetriedProblem, { json: { minimum: 400 } }),
    "a list of HTTP statuses",
  ).optional().describe("Statuses (4xx, 5xx) that are retried. Default [429, 500, 502, 503, 504]."),
  backoff: durationSchema.optional()
    .describe("First delay between attempts, doubled per attempt (full jitter). Default 500ms."),
  maxBackoff: durationSchema.optional().describe("Longest wait between attempts. Default 60s."),
  maxRedirects: wholeNumber(0, 100, "a number of redirects").optional()
    .describe("Redirects followed before giving up. Default 10."),
  allowDowngrade: booleanSchema("allowDowngrade").optional()
    .describe("Allow a redirect from https to http; reported as a warning. Default false."),
  maxBodySize: bodySizeLimitSchema.optional().describe(
    "Largest accepted body, after decoding. Default 1GiB.",
  ),
  maxDecodeRatio: wholeNumber(1, 1_000_000_000, "a ratio of decoded to encoded bytes").optional()
    .describe(
      "Most decoded bytes per received byte of a compressed body, judged once it has decoded to more than 1MiB: past it the body is a decompression bomb. Default 1000.",
    ),
  maxHeaderSize: headSizeLimitSchema.optional().describe("Largest response head. Default 64KiB."),
  maxHeaderCount: wholeNumber(1, 100_000, "a number of header fields").optional()
    .describe("Most response header fields. Default 256."),
  headers: headersSchema.optional(),
  insecure: booleanSchema("insecure").optional()
    .describe(
      "Skip the TLS hostname check (the certificate chain is still verified); reported loudly. " +
        "Default false.",
    ),
  caFile: localPathText("a CA certificate file path").optional()
    .describe("Extra CA certificate file (PEM), relative to the config file."),
  decompress: booleanSchema("decompress").optional()
    .describe(
      "Ask for gzip and deflate (for a compressed file, or a request with its own Range, identity) and decode gzip, deflate and br bodies, but not a compressed file sent as such (a .tar.gz under gzip, unless the server gzipped it again); a transfer coding such as gzip, chunked is decoded even when false. Default true.",
    ),
  pipeline: pipelineSchema.optional(),
  rate: rateSchema.optional(),
  delay: durationSchema.optional()
    .describe("Least time between the starts of two requests to one origin. Default 0."),
  jitter: durationSchema.optional().describe(
    "A random extra gap, up to this long, added to each delay (alone: a random gap). Default 0.",
  ),
  crawl: crawlSchema.optional(),
  proxy: proxySchema.optional(),
  noProxy: noProxySchema.optional(),
  resume: booleanSchema("resume").optional().describe(
    "Keep a partial download across runs (and a kill) and continue it with a Range request. " +
      "Within a run a broken body is always continued when the server allows. Default false.",
  ),
  callbackTimeout: callbackTimeLimitSchema.optional().describe(
    "Longest time from calling the task's onResponse to its end (the promise it returned settled): " +
      "past it the callback is stopped and the fetch fails with TIMEOUT_CALLBACK, not retried. " +
      "Default 5m.",
  ),
  sha256: booleanSchema("sha256").optional().describe(
    "Compute each body's SHA-256 for its metadata line and the run state (a sha256 checksum or a " +
      "{sha256} in the save path computes it anyway). Default false.",
  ),
  checksums: localPathText("a checksums file path").optional().describe(
    "A SHA256SUMS-style file (digest, two spaces, name per line), relative to the config file: a " +
      "saved file whose path or name it lists must match that digest. Default none.",
  ),
  maxChecksumsSize: checksumsSizeLimitSchema.optional().describe(
    "Largest checksums file read (it is read whole): a larger one is refused. Default 16MiB.",
  ),
};

/** The names of the fetch settings. */
export const FETCH_OPTION_KEYS: readonly string[] = Object.keys(fetchOptionsShape);

const BODY_KINDS = ["text", "json", "form", "file"] as const;

/**
 * A body has one kind; `contentType` only with text and file bodies, and a text's charset (if it
 * names one) UTF-8 when the text is not ASCII.
 */
function checkBody(body: Record<string, unknown>, run: CheckRun): void {
  const kinds = presentKeys(body, BODY_KINDS);
  if (kinds.length === 0) run.fail('a body needs one of "text", "json", "form" or "file"');
  for (const extra of kinds.slice(1)) {
    run.failAt(
      [extra],
      `a body has one of "text", "json", "form" or "file", but "${kinds[0]}" is given too`,
    );
  }
  if (body.contentType !== undefined && (kinds[0] === "json" || kinds[0] === "form")) {
    run.failAt(
      ["contentType"],
      `"contentType" goes with "text" or "file" bodies; a ${kinds[0]} body sets its own`,
    );
  }
  // A text body is sent as UTF-8 (as fetch() sends one): a contentType naming another charset
  // would have the server read its non-ASCII characters as other ones.
  const charset = typeof body.contentType === "string"
    ? CHARSET_PARAMETER.exec(body.contentType)?.[1]
    : undefined;
  if (
    kinds[0] === "text" && typeof body.text === "string" && /[^\p{ASCII}]/u.test(body.text) &&
    charset !== undefined && !/^utf-?8$/i.test(charset)
  ) {
    run.failAt(
      ["contentType"],
      `the text is sent as UTF-8, but this names the charset ${charset}, in which its non-ASCII ` +
        "characters would be read as other ones: write charset=utf-8, or send the text encoded " +
        "as a body { file }",
    );
  }
}

/** The `charset` parameter of a media type, quoted or not. */
const CHARSET_PARAMETER = /;\s*charset\s*=\s*"?([^";\s]+)/i;

const bodyObjectSchema = strictObject({
  text: string("the body text").optional(),
  json: anything().optional(),
  form: record(
    string("a form field name"),
    string('a form value as text (quote a number or true/false: "1")'),
    "form fields (an object of names to values)",
  ).optional(),
  file: localPathText("a file path").optional(),
  // It is sent as the Content-Type header: refused here, as a header value is, not at run time.
  contentType: text('a content type such as "text/plain"')
    .regex(HEADER_TEXT, "a content type without control characters other than tab").optional(),
}, "a body object").check(checkBody).meta({
  oneOf: BODY_KINDS.map((kind) => ({ required: [kind] })),
});

/** A request body: text, or `{ text | json | form | file, contentType? }`. */
const bodySchema = union(
  [string("the body text"), bodyObjectSchema],
  "a body (text, or { text | json | form | file })",
).meta({
  id: "Body",
  description:
    "Request body: text, or one of { text, json, form, file } (contentType with text or file).",
});

const AUTH_KEYS = ["username", "password", "bearer"];

/** Either `{ username, password }` or `{ bearer }`. */
function checkAuth(auth: Record<string, unknown>, run: CheckRun): void {
  const given = presentKeys(auth, AUTH_KEYS);
  if (given.includes("bearer") && given.length > 1) {
    run.fail("credentials are either { username, password } or { bearer }, not both");
  } else if (!given.includes("bearer") && given.length < 2) {
    const missing = given.length === 0
      ? "username and password, or bearer"
      : given.includes("username")
      ? "password"
      : "username";
    run.fail(`credentials need ${missing}`);
  }
}

/**
 * A basic-auth user name: a credential's half (an API key is often given as one), so never quoted
 * either, and it may be kept out of the config as the password may.
 */
export const usernameSchema = secret("a user name", {
  rule: {
    breaks: (name) => name.includes(":"),
    message: 'a basic-auth user name cannot contain ":"',
  },
});
/** A basic-auth password (the empty one is a password too). */
export const passwordSchema = secret("a password");
/** A bearer token. */
export const bearerSchema = secret("a bearer token", { nonEmpty: true });

/** Credentials: `{ username, password }` or `{ bearer }`. */
const authSchema = strictObject({
  // Never quoted in a problem: a config error goes to terminals and CI logs.
  username: usernameSchema.optional(),
  password: passwordSchema.optional(),
  bearer: bearerSchema.optional(),
}, "credentials { username, password } or { bearer }").check(checkAuth).holdingCredentials().meta({
  id: "Auth",
  description: "Credentials: { username, password } (basic) or { bearer }.",
  oneOf: [{ required: ["username", "password"] }, { required: ["bearer"] }],
});

/** `glob: false`: a URL's `[` and `{` are taken as written, not as a pattern. */
export const globSchema = booleanSchema("glob").optional().describe(
  "false: [ ] { } in the URL are taken as written, not as a URL pattern. Default true.",
);

/** A request has `url` or `urls`, not both; `glob` is about a `url`. */
function checkRequestUrls(request: Record<string, unknown>, run: CheckRun): void {
  if (request.url === undefined && request.urls === undefined) {
    run.fail('a request needs "url" (a URL or a URL pattern) or "urls" (a file of URLs)', "skip");
  } else if (request.url !== undefined && request.urls !== undefined) {
    run.failAt(["urls"], 'a request has "url" or "urls", not both');
  } else if (request.urls !== undefined && request.glob !== undefined) {
    run.failAt(
      ["glob"],
      '"glob" is about a "url" pattern; the lines of "urls" are taken as written',
    );
  } else if (request.url !== undefined && request.allowEmptyList !== undefined) {
    run.failAt(
      ["allowEmptyList"],
      '"allowEmptyList" is about a "urls" list file; a "url" (one URL or a pattern) is never empty',
    );
  }
}

/** `allowEmptyList: true`: a list with no URL ends its task done, not failed with EMPTY_LIST. */
const allowEmptyListSchema = booleanSchema("allowEmptyList").optional().describe(
  'true: a "urls" list with no URL (empty on quiet days) ends its task done with 0 fetches, ' +
    "instead of failing it (EMPTY_LIST). Default false.",
);

/** A task's own keys, which a request written inside `fetch` may hold by mistake. */
const TASK_KEYS = ["name", "save", "checksum", "after", "schedule"];

/** Where the run's own limits go when written on a task, in its `fetch` or in `defaults`. */
export const RUN_KEY_PLACES: Readonly<Record<string, string>> = {
  concurrency: 'at the top of the config, beside "tasks"',
  perHost: 'at the top of the config, or for one origin in "origins:"',
  maxIdleConnections:
    'at the top of the config, beside "tasks" (one pool for all of a run\'s connections)',
  bandwidth: 'at the top of the config, beside "tasks" (one limit for all of a run\'s bodies)',
  maxCookieJarSize: 'at the top of the config, beside "cookies"',
  ...Object.fromEntries(
    ["cookies", "cookie", "Cookie", "COOKIE"].map((key) => [
      key,
      "at the top of the config, as in cookies: true (a Cookie header of your own goes in " +
      "headers: { Cookie: … })",
    ]),
  ),
};

/**
 * Credentials written as keys of their own (curl's `--user`, `user:`), with what `auth` holds in
 * their place: `{ username, password }` or `{ bearer }`.
 */
const CREDENTIAL_KEYS: Readonly<Record<string, string>> = {
  user: "username, password",
  username: "username, password",
  password: "username, password",
  bearer: "bearer",
};

/**
 * Where credentials written as keys of their own go, from where they were written.
 *
 * @param where The place named: `in "auth"` from a request, `inside "fetch"` from a task.
 * @param wrap Writes the way to `auth` from there around `auth: { … }`.
 * @returns Key to where it goes, for `belongElsewhere`.
 */
export function credentialPlaces(
  where: string,
  wrap: (auth: string) => string = (auth) => auth,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(CREDENTIAL_KEYS).map((
      [key, fields],
    ) => [key, `${where}, as in ${wrap(`auth: { ${fields} }`)}`]),
  );
}

/** A request: `url` (or `urls`) plus method, body, credentials and any fetch setting. */
const requestSchema = strictObject({
  url: urlSchema.optional(),
  urls: localPathText("a file path").optional().describe(
    "A file of URLs, one a line (# comments; a tab and a save path, then a tab and sha256:HEX, " +
      "may follow a URL), relative " +
      "to the config file: each is fetched with this request's settings.",
  ),
  glob: globSchema,
  allowEmptyList: allowEmptyListSchema,
  method: methodSchema.optional(),
  body: bodySchema.optional(),
  auth: authSchema.optional(),
  ...fetchOptionsShape,
}, "a request { url, method, headers, body, ... }").check(checkRequestUrls).belongElsewhere(
  {
    ...Object.fromEntries(TASK_KEYS.map((key) => [key, 'on the task, beside "fetch"'])),
    ...RUN_KEY_PLACES,
    ...credentialPlaces('in "auth"'),
    ...headerKeyPlaces(),
  },
).meta({
  id: "Request",
  description: "A request: url (or urls), method, headers, body, auth, and any fetch setting.",
  // `allowEmptyList` only with `urls`, `glob` only with `url`, as `checkRequestUrls` says.
  oneOf: [
    { required: ["url"], not: { required: ["allowEmptyList"] } },
    { required: ["urls"], not: { required: ["glob"] } },
  ],
});

/** The `fetch` of a task: a URL or a request. */
export const fetchSchema = union([urlSchema, requestSchema], "a URL or a request { url, ... }");
