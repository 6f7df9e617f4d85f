/**
 * What a `ctx` method is given, checked before it does anything, by the rules the types state: a
 * JavaScript caller (or a TypeScript config run without a type check) gets an error that names the
 * call, the task and what is wrong, instead of an empty file, a header dropped, or a message from
 * deep inside.
 * @module
 */
import type { HttpRequest } from "../http/mod.ts";
import {
  HttpError,
  methodProblem,
  requestHeaderProblem,
  reservedHeaderProblem,
  urlLengthProblem,
  urlRefusalReason,
} from "../http/mod.ts";
import type { FetchCallOptions, FetchPageOptions } from "./context.ts";
import { messageOf, userCodePlace } from "../loop/mod.ts";
import { carriesCredentials, credentialsRefusal, urlTextWithoutCredentials } from "../net/mod.ts";
import { givenKind, type OptionKind, optionsProblem } from "./option_kinds.ts";
import { problemOf } from "../sinks/os_error.ts";
import {
  longNameIn,
  longNameText,
  longPathBytes,
  longPathText,
  NameTooLongError,
  shortened,
} from "../sinks/path_template.ts";

/**
 * Refuses what `ctx.write` and `ctx.append` cannot write as given: a path that is not text, holds a
 * lone surrogate, or has a name too long for a file system (the system's error would name the
 * temporary file), or data that is neither text nor bytes. An object (`page.json()` not
 * stringified) or a number would otherwise be written as an empty file, and the task would be done.
 *
 * @param what The call.
 * @param task The task's name.
 * @param path The path it was given.
 * @param data The data it was given.
 * @throws {TypeError} Naming the call, the task and what it was given.
 * @throws {NameTooLongError} `NAME_TOO_LONG`, naming the call, the task, the name and the limit.
 */
export function checkFileArguments(
  what: "write" | "append",
  task: string,
  path: unknown,
  data: unknown,
): void {
  if (typeof path !== "string") {
    throw new TypeError(
      `Cannot ctx.${what} for task "${task}": expected the path as text, got ${givenKind(path)}`,
    );
  }
  // A lone surrogate is no character: the file system would get U+FFFD, and `a\ud800` and
  // `a\udc00` would be one file that the run's claims (SAVE_COLLISION) take for two.
  const lone = /\p{Cs}/u.exec(path)?.[0];
  if (lone !== undefined) {
    throw new TypeError(
      `Cannot ctx.${what} ${
        JSON.stringify(path)
      } for task "${task}": it holds the lone surrogate ` +
        `U+${lone.charCodeAt(0).toString(16).toUpperCase()}, which is no character (the file ` +
        "system would write U+FFFD)",
    );
  }
  const long = longNameIn(path.split("/"));
  if (long !== undefined) {
    throw new NameTooLongError(
      `Cannot ctx.${what} ${JSON.stringify(shortened(path))} for task "${task}": it has ${
        longNameText(long.name, long.bytes)
      }`,
      long.name,
    );
  }
  const pathBytes = longPathBytes(path);
  if (pathBytes !== undefined) {
    throw new NameTooLongError(
      `Cannot ctx.${what} for task "${task}": ${longPathText(path, pathBytes)}`,
      path,
    );
  }
  if (typeof data === "string" || data instanceof Uint8Array) return;
  const plain = typeof data === "object" && data !== null &&
    (Array.isArray(data) || Object.getPrototypeOf(data) === Object.prototype);
  const hint = plain ? " (JSON.stringify it to write JSON)" : "";
  throw new TypeError(
    `Cannot ctx.${what} ${JSON.stringify(path)} for task "${task}": expected the data as text ` +
      `or a Uint8Array, got ${givenKind(data)}${hint}`,
  );
}

/**
 * What `ctx.log` shows for a value that is not text: as `console.log` would, but on one line (a
 * log line per call), and an Error as its name and message, without the stack. Made a string by
 * the log itself, an object read "[object Object]" and an Error "{}" to an event listener.
 *
 * @param value What `ctx.log` was given.
 * @returns Its text.
 */
export function loggedText(value: unknown): string {
  return value instanceof Error ? `${value.name}: ${value.message}` : messageOf(value);
}

/**
 * The URL a `ctx.enqueue` was given, as text, and its options checked: a URL that is neither text
 * nor a `URL` (a regular expression's group that did not match) would otherwise be resolved as
 * the text `undefined` against the page, and fetched; an option it does not know (`{ saveAs }`),
 * or a save given bare (`ctx.enqueue(url, "pages/{path}")`), would be ignored and the page saved
 * by the task's `save`. The save's own value is `checkEnqueueSave`'s to judge.
 *
 * @param task The task's name.
 * @param url What it was given as the URL.
 * @param options What it was given as the options.
 * @returns The URL as text.
 * @throws {TypeError} Naming the call, the task and what is wrong.
 */
export function enqueuedUrl(task: string, url: unknown, options: unknown): string {
  const text = url instanceof URL ? url.href : url;
  if (typeof text !== "string") {
    throw new TypeError(
      `Cannot ctx.enqueue for task "${task}": expected the URL as text, got ${givenKind(url)}`,
    );
  }
  if (options === undefined) return text;
  const refuse = (problem: string) =>
    new TypeError(
      `Cannot ctx.enqueue ${
        JSON.stringify(urlTextWithoutCredentials(text))
      } for task "${task}": ${problem}`,
    );
  if (!isPlainObject(options)) {
    throw refuse(`expected options as an object ({ save }), got ${givenKind(options)}`);
  }
  for (const key of Object.keys(options as object)) {
    if (key !== "save") throw refuse(`unknown option "${key}" (it takes { save })`);
  }
  return text;
}

/** The scheme a URL starts with (`https:`, `mailto:`); a relative URL has none. */
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The page a custom task's own `ctx.enqueue` names, which has no response to resolve a relative URL
 * against: one not absolute (`/next`), not a URL at all, not http(s) (`mailto:`) or longer than
 * `MAX_URL_BYTES` would otherwise be left out silently, `enqueue` returning false as for a page
 * seen already.
 *
 * @param task The task's name.
 * @param url The URL as text (see {@linkcode enqueuedUrl}).
 * @returns The URL, as the URL parser writes it.
 * @throws {TypeError} Naming the call, the task and the URL, and what it takes.
 */
export function ownEnqueuedUrl(task: string, url: string): string {
  // Not quoted: every message about it would hold it whole.
  const tooLong = urlLengthProblem(url);
  if (tooLong !== undefined) {
    throw new TypeError(`Cannot ctx.enqueue for task "${task}": ${tooLong}`);
  }
  const parsed = URL.parse(url);
  if (parsed !== null && (parsed.protocol === "http:" || parsed.protocol === "https:")) {
    return parsed.href;
  }
  const reason = parsed === null ? urlRefusalReason(url) : undefined;
  const problem = parsed !== null
    ? "expected an http: or https: URL"
    : reason !== undefined
    ? `not a URL (${reason})`
    : !URL_SCHEME.test(url)
    ? "expected an absolute http: or https: URL: a custom task has no page to resolve a relative " +
      "one against"
    : "expected an absolute http: or https: URL, and this is not a URL";
  throw new TypeError(
    `Cannot ctx.enqueue ${
      JSON.stringify(urlTextWithoutCredentials(url))
    } for task "${task}": ${problem}`,
  );
}

/**
 * The request a `ctx.fetch` / `ctx.request` was given, checked before it waits for its turn: a URL
 * (text or `URL`) or a request whose URL is an absolute http(s) one without credentials, whose
 * method is text, whose headers are a plain object of text values and whose body is one the client
 * sends, its `contentType` a header's value. A `Headers` or an array of pairs would otherwise be
 * sent as nothing, or as a header named `0`; a header's value `undefined` (a variable not set) as
 * the text `undefined`; a config's body (`{ json }`) as a file named `undefined`; a method not text
 * failed deep inside.
 *
 * @param what The call.
 * @param task The task's name.
 * @param input What it was given.
 * @returns The request, its URL as text.
 * @throws {TypeError} Naming the call, the task and what is wrong.
 * @throws {HttpError} `BAD_REQUEST_HEADER` for a header (or the body's `contentType`) the client
 *   would not send, naming the call, the task and where the call was.
 */
export function askedRequest(
  what: "fetch" | "request",
  task: string,
  input: unknown,
): HttpRequest & { url: string } {
  const asked = typeof input === "string" || input instanceof URL ? { url: input } : input;
  const refusal = (url: unknown, problem: string) => {
    const subject = typeof url === "string"
      ? ` ${JSON.stringify(urlTextWithoutCredentials(url))}`
      : "";
    return `Cannot ctx.${what}${subject} for task "${task}": ${problem}`;
  };
  const refuse = (url: unknown, problem: string) => new TypeError(refusal(url, problem));
  if (typeof asked !== "object" || asked === null) {
    throw refuse(undefined, `expected a URL or a request { url, ... }, got ${givenKind(input)}`);
  }
  const request = asked as HttpRequest;
  const url = request.url instanceof URL ? request.url.href : request.url;
  if (typeof url !== "string") throw refuse(url, `expected a URL, got ${givenKind(url)}`);
  // Not quoted: every message about it would hold it whole.
  const tooLong = urlLengthProblem(url);
  if (tooLong !== undefined) throw refuse(undefined, tooLong);
  const parsed = URL.parse(url);
  // An http(s) URL the parser refuses (a bad punycode label, a port past 65535) says why, as a
  // config's or a list's does: it is absolute, and "expected an absolute URL" would not say.
  const reason = parsed === null ? urlRefusalReason(url) : undefined;
  if (reason !== undefined) throw refuse(url, `not a URL (${reason})`);
  if (parsed === null || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    throw refuse(url, "expected an absolute http: or https: URL");
  }
  // Never sent, and every message and the metadata line would show the password: hidden here too.
  if (carriesCredentials(parsed, url)) {
    throw refuse(
      url,
      `${credentialsRefusal(url)}; send an Authorization header in the request's headers instead`,
    );
  }
  if (request.method !== undefined && typeof request.method !== "string") {
    throw refuse(url, `expected the method as text ("POST"), got ${givenKind(request.method)}`);
  }
  const methodWrong = request.method === undefined ? undefined : methodProblem(request.method);
  if (methodWrong !== undefined) throw refuse(url, methodWrong);
  if (request.headers !== undefined && !isPlainObject(request.headers)) {
    throw refuse(
      url,
      'expected the headers as an object of names and values ({ "x-name": "value" }), got ' +
        givenKind(request.headers),
    );
  }
  // Refused here, naming the task and URL, rather than by the client as it writes the request;
  // still the client's HttpError `BAD_REQUEST_HEADER`, which a task may catch. A failure with a
  // code is said by its message alone: the message says where the call was.
  /** A value sent as header `name`: text the client sends, else refused here, `expected` said. */
  const checkSent = (name: string, value: unknown, expected: string) => {
    // `Deno.env.get("TOKEN")` of a variable not set would go out as `X-Api-Key: undefined`.
    if (typeof value !== "string") throw refuse(url, `${expected}, got ${givenKind(value)}`);
    const problem = requestHeaderProblem(name, value) ?? reservedHeaderProblem(name);
    if (problem !== undefined) {
      throw new HttpError("BAD_REQUEST_HEADER", withCallerPlace(refusal(url, problem)));
    }
  };
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    checkSent(name, value, `header ${JSON.stringify(name)}: expected its value as text`);
  }
  if (request.body !== undefined && !isRequestBody(request.body)) {
    throw refuse(
      url,
      'expected the body as { kind: "bytes", bytes, contentType? } or { kind: "file", path, ' +
        "contentType? }",
    );
  }
  const body = request.body as { kind: string; path?: string; contentType?: unknown } | undefined;
  // Written as the body's Content-Type header: checked as a header's value is, above. An object
  // would go out as `Content-Type: [object Object]`, and a CR or LF fail only as it is written.
  if (body?.contentType !== undefined) {
    const expected = `the body's contentType: expected it as text ("application/json")`;
    checkSent("Content-Type", body.contentType, expected);
  }
  if (body?.kind === "file") {
    // Read when the request is written, it would fail with the system's words alone.
    const problem = bodyFileProblem(body.path!);
    if (problem !== undefined) throw refuse(url, problem);
  }
  return { ...request, url };
}

/** Why a request's body file cannot be sent: it cannot be read, or it is no file. */
function bodyFileProblem(path: string): string | undefined {
  const shown = `the body file ${JSON.stringify(path)}`;
  try {
    if (!Deno.statSync(path).isFile) return `${shown} is not a file`;
  } catch (error) {
    return `${shown} cannot be read: ${problemOf(error)}`;
  }
  return undefined;
}

/** `text` with where the caller's code was (`(at /srv/jobs.ts:12:30)`), when its stack says. */
function withCallerPlace(text: string): string {
  const place = userCodePlace(new Error().stack ?? "");
  return place === undefined ? text : `${text} (at ${place})`;
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isRequestBody(body: unknown): boolean {
  const given = body as Partial<{ kind: string; bytes: unknown; path: unknown }>;
  if (typeof body !== "object" || body === null) return false;
  return given.kind === "bytes"
    ? given.bytes instanceof Uint8Array
    : given.kind === "file" && typeof given.path === "string";
}

/**
 * The options of `ctx.request` (and of `ctx.fetch`, below), by the kind of value each takes: every
 * key of `FetchCallOptions` (the compiler holds this list to the type, so a new setting cannot be
 * refused as unknown).
 */
const CALL_OPTION_KINDS = {
  timeouts: "timeouts",
  maxRedirects: "count",
  allowDowngrade: "boolean",
  maxBodyBytes: "limit",
  maxDecodeRatio: "ratio",
  maxHeaderBytes: "limit",
  maxHeaderCount: "limit",
  decompress: "boolean",
  insecure: "boolean",
  proxy: "proxy",
  noProxy: "no proxy",
  originProxies: "origin proxies",
  pipeline: "limit",
  originPipelines: "origin pipelines",
  caCerts: "texts",
  onAttempt: "function",
  cookies: "cookie jar",
  redirectGate: "function",
  retries: "count",
  retryOn: "statuses",
  backoffMs: "amount",
  maxBackoffMs: "amount",
} as const satisfies Record<keyof FetchCallOptions, OptionKind>;

/** The options of `ctx.fetch`: every key of `FetchPageOptions`. */
const FETCH_OPTION_KINDS = {
  ...CALL_OPTION_KINDS,
  sha256: "boolean",
} as const satisfies Record<keyof FetchPageOptions, OptionKind>;

/** Where a request's own parts go, for an option that names one. */
const REQUEST_PARTS = new Set(["url", "method", "headers", "body"]);

/**
 * Refuses options of `ctx.fetch` / `ctx.request` that would be ignored or misread: an unknown key
 * (`timeout`, `headers`) or a value of the wrong kind (`timeouts: { headersMs: "5s" }` would leave
 * the phase without a deadline).
 *
 * @param what The call.
 * @param task The task's name.
 * @param url The URL asked for.
 * @param options The options given.
 * @throws {TypeError} Naming the call, the task, the option and what it takes.
 */
export function checkCallOptions(
  what: "fetch" | "request",
  task: string,
  url: string,
  options: unknown,
): void {
  if (options === undefined) return;
  const problem = optionsProblem(
    options,
    what === "fetch" ? FETCH_OPTION_KINDS : CALL_OPTION_KINDS,
    (key) =>
      key === "sha256"
        ? ": ctx.request writes no metadata line (its body is the task's to read); ctx.fetch " +
          "takes it"
        : REQUEST_PARTS.has(key)
        ? `: a request's ${key} go${
          key.endsWith("s") ? "" : "es"
        } in the request, ctx.${what}({ url, ${key} })`
        : key === "timeout"
        ? ": did you mean timeouts: { totalMs }?"
        : "",
  );
  if (problem === undefined) return;
  throw new TypeError(
    `Cannot ctx.${what} ${
      JSON.stringify(urlTextWithoutCredentials(url))
    } for task "${task}": ${problem}`,
  );
}
