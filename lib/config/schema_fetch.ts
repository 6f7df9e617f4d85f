/**
 * Schemas of fetch settings and requests: timeouts, retries, limits, headers, bodies, credentials.
 * @module
 */
import { z } from "./deps.ts";
import {
  durationSchema,
  expecting,
  headersSchema,
  integerIn,
  methodSchema,
  sizeSchema,
  text,
  urlSchema,
} from "./schema_values.ts";

/**
 * Tells whether a value is a key/value table (not a list, not null).
 *
 * @param value Anything.
 * @returns True for objects other than arrays.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

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
 * A check on an object that runs even when some of its fields failed, so that every problem is
 * reported in one pass.
 *
 * @param check Adds issues for the object through `ctx`.
 * @returns A zod check for `.check()`.
 */
export function objectCheck(
  check: (value: Record<string, unknown>, ctx: z.RefinementCtx) => void,
): z.core.$ZodCheck<Record<string, unknown>> {
  return z.superRefine<Record<string, unknown>>(check, {
    when: (payload) => isRecord(payload.value),
  });
}

const booleanSchema = (what: string) => z.boolean(expecting(`true or false (${what})`));

/** Per-phase time limits. */
export const timeoutsSchema = z.strictObject({
  connect: durationSchema.optional(),
  tls: durationSchema.optional(),
  headers: durationSchema.optional(),
  idle: durationSchema.optional(),
  total: durationSchema.optional(),
}, expecting("phase timeouts { connect, tls, headers, idle, total }"));

const timeoutError = expecting('a duration like "30s" or phase timeouts { connect, tls, ... }');
/** The `timeout` setting: a duration for headers and idle, or each phase's limit. */
export const timeoutSchema = z.union([durationSchema, timeoutsSchema], timeoutError).meta({
  id: "Timeout",
  description: "A duration for both the headers and idle phases, or each phase's limit.",
});

/** Fetch settings: the keys of `defaults`, which a fetch task may override. */
export const fetchOptionsShape = {
  timeout: timeoutSchema.optional(),
  retries: integerIn(0, 100, "a number of retries").optional()
    .describe("Retries after the first attempt. Default 2."),
  retryOn: z.array(integerIn(100, 599, "an HTTP status"), expecting("a list of HTTP statuses"))
    .optional().describe("Statuses that are retried. Default [429, 500, 502, 503, 504]."),
  backoff: durationSchema.optional().describe("First delay between attempts, doubled per attempt."),
  maxBackoff: durationSchema.optional().describe("Longest wait between attempts. Default 60s."),
  maxRedirects: integerIn(0, 100, "a number of redirects").optional()
    .describe("Redirects followed before giving up. Default 10."),
  allowDowngrade: booleanSchema("allowDowngrade").optional()
    .describe("Allow a redirect from https to http. Default false."),
  maxBodySize: sizeSchema.optional().describe(
    "Largest accepted body, after decoding. Default 1GiB.",
  ),
  maxHeaderSize: sizeSchema.optional().describe("Largest response head. Default 64KiB."),
  maxHeaderCount: integerIn(1, 100_000, "a number of header fields").optional()
    .describe("Most response header fields. Default 256."),
  headers: headersSchema.optional(),
  insecure: booleanSchema("insecure").optional()
    .describe("Skip TLS certificate verification. Default false."),
  caFile: text("a CA certificate file path").optional()
    .describe("Extra CA certificate file (PEM), relative to the config file."),
  decompress: booleanSchema("decompress").optional()
    .describe("Decode gzip, deflate and br bodies. Default true."),
};

/** The names of the fetch settings. */
export const FETCH_OPTION_KEYS: readonly string[] = Object.keys(fetchOptionsShape);

const BODY_KINDS = ["text", "json", "form", "file"] as const;
const bodyObjectSchema = z.strictObject({
  text: z.string(expecting("the body text")).optional(),
  json: z.unknown().optional(),
  form: z.record(
    z.string(),
    z.string(expecting("a form value (text)")),
    expecting("form fields (an object of names to values)"),
  ).optional(),
  file: text("a file path").optional(),
  contentType: text('a content type such as "text/plain"').optional(),
}, expecting("a body object")).check(objectCheck((body, ctx) => {
  const kinds = presentKeys(body, BODY_KINDS);
  if (kinds.length === 0) {
    ctx.addIssue({
      code: "custom",
      message: 'a body needs one of "text", "json", "form" or "file"',
    });
  }
  for (const extra of kinds.slice(1)) {
    ctx.addIssue({
      code: "custom",
      path: [extra],
      message: `a body has one of "text", "json", "form" or "file", but "${kinds[0]}" is given too`,
    });
  }
  if (body.contentType !== undefined && (kinds[0] === "json" || kinds[0] === "form")) {
    ctx.addIssue({
      code: "custom",
      path: ["contentType"],
      message: `"contentType" goes with "text" or "file" bodies; a ${kinds[0]} body sets its own`,
    });
  }
})).meta({ oneOf: BODY_KINDS.map((kind) => ({ required: [kind] })) });

/** A request body: text, or `{ text | json | form | file, contentType? }`. */
export const bodySchema = z.union([
  z.string(),
  bodyObjectSchema,
], expecting("a body (text, or { text | json | form | file })")).meta({
  id: "Body",
  description:
    "Request body: text, or one of { text, json, form, file } (contentType with text or file).",
});

/** Credentials: `{ username, password }` or `{ bearer }`. */
export const authSchema = z.strictObject({
  username: z.string(expecting("a user name")).refine(
    (name) => !name.includes(":"),
    { message: 'a basic-auth user name cannot contain ":"' },
  ).regex(/^[^\r\n\0]*$/, expecting("a user name without CR, LF or NUL")).optional(),
  password: z.string(expecting("a password")).regex(
    /^[^\r\n\0]*$/,
    expecting("a password without CR, LF or NUL"),
  ).optional(),
  bearer: text("a bearer token").regex(
    /^[^\r\n\0]*$/,
    expecting("a bearer token without CR, LF or NUL"),
  ).optional(),
}, expecting("credentials { username, password } or { bearer }")).check(objectCheck((auth, ctx) => {
  const given = presentKeys(auth, ["username", "password", "bearer"]);
  if (given.includes("bearer") && given.length > 1) {
    ctx.addIssue({
      code: "custom",
      message: "credentials are either { username, password } or { bearer }, not both",
    });
  } else if (!given.includes("bearer") && given.length < 2) {
    const missing = given.length === 0 ? "username and password, or bearer" : given.includes(
        "username",
      )
      ? "password"
      : "username";
    ctx.addIssue({ code: "custom", message: `credentials need ${missing}` });
  }
})).meta({
  id: "Auth",
  description: "Credentials: { username, password } (basic) or { bearer }.",
  oneOf: [{ required: ["username", "password"] }, { required: ["bearer"] }],
});

/** A request: `url` plus method, body, credentials and any fetch setting. */
export const requestSchema = z.strictObject({
  url: urlSchema,
  method: methodSchema.optional(),
  body: bodySchema.optional(),
  auth: authSchema.optional(),
  ...fetchOptionsShape,
}, expecting("a request { url, method, headers, body, ... }")).meta({
  id: "Request",
  description: "A request: url, method, headers, body, auth, and any fetch setting.",
});

/** The `fetch` of a task: a URL or a request. */
export const fetchSchema = z.union(
  [urlSchema, requestSchema],
  expecting("a URL or a request { url, ... }"),
);
