/**
 * Leaf schemas of the config: durations, sizes, names, headers, URLs, cron expressions, functions.
 * Each failure message reads `expected …, got …`.
 * @module
 */
import { z } from "./deps.ts";
import { describeValue } from "./describe.ts";
import { DURATION_EXPECTED, DURATION_PATTERN, durationProblem } from "./duration.ts";
import { SIZE_EXPECTED, SIZE_PATTERN, sizeProblem } from "./size.ts";

/**
 * Builds a zod error option whose message is `expected <what>, got <the value>`.
 *
 * @param what What belongs there, such as `a number of retries`.
 * @returns The `{ error }` parameter of a zod schema or check.
 */
export function expecting(what: string): { error: (issue: { input?: unknown }) => string } {
  return { error: (issue) => `expected ${what}, got ${describeValue(issue.input)}` };
}

/**
 * A whole number from `min` to `max`.
 *
 * @param min Smallest allowed value.
 * @param max Largest allowed value.
 * @param what What the number is, for messages.
 * @returns The schema.
 */
export function integerIn(min: number, max: number, what: string): z.ZodNumber {
  const error = expecting(`${what} (a whole number from ${min} to ${max})`);
  return z.number(error).int(error).min(min, error).max(max, error);
}

/**
 * A non-empty string.
 *
 * @param what What the text is, for messages.
 * @returns The schema.
 */
export function text(what: string): z.ZodString {
  const error = expecting(what);
  return z.string(error).min(1, error);
}

function checked<T>(problem: (value: unknown) => string | undefined) {
  return z.superRefine<T>((value, ctx) => {
    const message = problem(value);
    if (message !== undefined) ctx.addIssue({ code: "custom", message, input: value });
  });
}

const durationError = expecting(DURATION_EXPECTED);
/** `"3s"`, `"1500ms"`, `"1h30m"`, or a number of seconds. */
export const durationSchema = z
  .union([
    z.number(durationError).min(0, { ...durationError, abort: true })
      .check(checked(durationProblem)),
    z.string(durationError).regex(new RegExp(DURATION_PATTERN), { ...durationError, abort: true })
      .check(checked(durationProblem)),
  ], durationError)
  .meta({
    id: "Duration",
    description: 'A duration: "3s", "1500ms", "2m", "1h30m", "0.5s", or a number of seconds.',
    examples: ["3s", "1500ms", "1h30m"],
  });

const sizeError = expecting(SIZE_EXPECTED);
/** A number of bytes, or `"512KiB"`, `"64MiB"`, `"1GB"`, `"10kB"`. */
export const sizeSchema = z
  .union([
    z.number(sizeError).int(sizeError).min(0, sizeError),
    z.string(sizeError).regex(new RegExp(SIZE_PATTERN), { ...sizeError, abort: true })
      .check(checked(sizeProblem)),
  ], sizeError)
  .meta({
    id: "Size",
    description: 'A size: a number of bytes, or "512KiB", "64MiB", "1GB", "10kB".',
    examples: ["64KiB", "1GiB", "10MB"],
  });

/** RFC 9110 token: header field names and methods. */
const TOKEN_PATTERN = "^[!#$%&'*+\\-.^_`|~0-9A-Za-z]+$";

/** An HTTP method: a token, such as `GET` or `POST`. */
export const methodSchema = z.string(expecting('an HTTP method such as "GET"'))
  .regex(new RegExp(TOKEN_PATTERN), expecting('an HTTP method such as "GET"'));

const headerNameError = {
  error: (issue: { input?: unknown }) =>
    `expected a header name (letters, digits and !#$%&'*+-.^_\`|~), got ${
      describeValue(issue.input)
    }`,
};
const headerValueError = expecting("a header value without CR, LF or NUL");
/** Headers that say how a message is framed or routed: corun sets them, a config may not. */
const RESERVED_HEADERS = new Set([
  "content-length",
  "transfer-encoding",
  "host",
  "connection",
  "te",
  "trailer",
  "upgrade",
  "keep-alive",
  "proxy-connection",
]);

/** A header value: CR, LF and NUL are refused so a config cannot inject headers. */
export const headerValueSchema = z.string(headerValueError).regex(
  /^[^\r\n\0]*$/,
  headerValueError,
);

/** Header names to values; framing and routing headers are corun's to set. */
export const headersSchema = z
  .record(
    z.string(headerNameError).regex(new RegExp(TOKEN_PATTERN), headerNameError).refine(
      (name) => !RESERVED_HEADERS.has(name.toLowerCase()),
      {
        error: (issue) =>
          `"${issue.input}" is set by corun from the URL and body; a config cannot set it`,
      },
    ),
    headerValueSchema,
    expecting("headers (an object of names to values)"),
  )
  .meta({
    id: "Headers",
    description: "Request headers: names to values.",
    examples: [{ "User-Agent": "corun" }],
  });

const urlError = expecting("an http: or https: URL");
/** An absolute `http:` or `https:` URL. */
export const urlSchema = z.string(urlError).refine(
  (value) => URL.canParse(value) && ["http:", "https:"].includes(new URL(value).protocol),
  { ...urlError, abort: true },
).refine(
  (value) => {
    const url = new URL(value);
    return url.username === "" && url.password === "";
  },
  // Credentials in a URL would be written to logs and never sent: say where they belong.
  {
    message:
      "credentials in a URL are not sent and would be logged; use auth: { username, password }",
  },
).meta({ description: "An http: or https: URL.", format: "uri" });

/** A task name: non-empty, without control characters. */
export const taskNameSchema = z.string(expecting("a task name"))
  // deno-lint-ignore no-control-regex
  .regex(/^[^\x00-\x1f\x7f]+$/, expecting("a task name (not empty, no control characters)"));

const CRON_NICKNAMES = [
  "@yearly",
  "@annually",
  "@monthly",
  "@weekly",
  "@daily",
  "@midnight",
  "@hourly",
];
const cronError = expecting('a cron expression such as "*/10 * * * *" or "@hourly"');
/** A cron expression, checked only for shape here: the schedule layer parses it. */
export const cronSchema = z.string(cronError).refine((value) => {
  const fields = value.trim().split(/\s+/);
  if (fields.length === 1) return CRON_NICKNAMES.includes(fields[0]);
  return fields.length === 5 || fields.length === 6;
}, cronError).meta({ examples: ["*/10 * * * *", "0 3 * * *", "@hourly"] });

const timezoneError = expecting('an IANA time zone such as "Europe/Berlin"');
/** An IANA time zone the runtime knows. */
export const timezoneSchema = z.string(timezoneError).refine((value) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}, timezoneError);

/**
 * A function value (TypeScript configs only). Left out of the generated JSON Schema.
 *
 * @param what What the function is, for messages.
 * @returns A schema that accepts any function, typed as `F`.
 */
export function functionSchema<F>(what: string): z.ZodCustom<F, F> {
  return z.custom<F>(
    (value) => typeof value === "function",
    expecting(`${what} (TypeScript configs only)`),
  );
}

/**
 * A zod enum whose message lists the choices.
 *
 * @param values The allowed strings.
 * @returns The schema.
 */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T): z.ZodEnum<
  { [K in T[number]]: K }
> {
  const listed = values.map((value) => JSON.stringify(value));
  const what = `one of ${listed.slice(0, -1).join(", ")} or ${listed.at(-1)}`;
  return z.enum(values, expecting(what));
}
