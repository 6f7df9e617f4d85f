/**
 * Run pings (`notify:`), a healthchecks.io-style dead-man's switch: a POST with a small JSON summary
 * when a run starts, and when it ends, to its `success` URL (exit code 0) or its `failure` URL (any
 * other code). Sent through corun's own client on a loop of their own, the way the config's fetches
 * go out (its proxy, its CA file), each within {@linkcode PING_LIMIT_MS}, retried as any fetch is
 * (the frontier's decision, for a POST: a refused connection, 429 and 503). A ping that fails is one
 * line said through `report`; it never throws, never changes the exit code, and leaves no socket or
 * timer. A virtual-time run (a preview) sends none: it says which it would have sent
 * ({@linkcode unsentPingsLine}).
 * @module
 */
import { decideRetry, failureOf, type RetrySettings, statusFailureOf } from "../frontier/mod.ts";
import { HttpClient, type RequestOptions, shownStatus } from "../http/mod.ts";
import { fixedLimitNames } from "../config/mod.ts";
import { failAfter, headOf, messageOf, type Operation, runOperation, sleep } from "../loop/mod.ts";
import { hostnameIfAllowed, readCaFile, shownLocation, withoutCredentials } from "../net/mod.ts";
import type { ConfigSpec, RunReport, TaskOutcome } from "../tasks/mod.ts";
import { VERSION } from "./version.ts";

/** The `notify:` URLs of a config: any subset of the three. */
export type NotifyUrls = NonNullable<ConfigSpec["notify"]>;

/** Which moment of a run a ping tells. */
export type PingKind = "start" | "success" | "failure";

/** The whole of one ping, retries included, in milliseconds. */
const PING_LIMIT_MS = 10_000;

/** Failure messages a ping carries, each cut to {@linkcode PING_MESSAGE_CHARS}. */
const PING_FAILURES = 5;
/** The longest failure message a ping carries. */
const PING_MESSAGE_CHARS = 200;

/** How a ping's limits are named: no setting changes them. */
const PING_LIMIT_NAMES = fixedLimitNames("a ping's");

/** Short limits: a ping is a few hundred bytes to a service that answers at once. */
const PING_REQUEST_OPTIONS: RequestOptions = {
  timeouts: { connectMs: 5_000, tlsMs: 5_000, headersMs: 5_000, idleMs: 5_000, totalMs: 8_000 },
  maxRedirects: 3,
  maxBodyBytes: 64 * 1024,
  // No setting changes them: an error says so, rather than name a key the config does not have.
  nameLimit: PING_LIMIT_NAMES,
};

/**
 * Two retries within 1.5 s (full jitter), a server's Retry-After honoured up to 3 s. A POST goes again
 * only when it never reached the server, or on 429 / 503 (the server did not act on it).
 */
const PING_RETRY: RetrySettings = {
  retries: 2,
  retryOn: [429, 503],
  backoffMs: 500,
  maxBackoffMs: 3_000,
};

/**
 * How pings reach their receivers: as the config's fetches reach any origin (a run behind a proxy,
 * or behind a TLS-inspecting one whose CA the config names, has no other way out).
 */
export interface PingNetwork {
  /**
   * The config's `defaults.proxy`: a proxy URL, or `false` to connect directly.
   * @default the environment's proxy variables
   */
  proxy?: string | false;
  /**
   * The config's `defaults.noProxy`: hosts reached directly past `proxy` (or the environment's).
   * @default the environment's `no_proxy`
   */
  noProxy?: string;
  /** The proxies of the config's `origins:` entries, by origin; they win over `proxy`. */
  originProxies?: Readonly<Record<string, string | false>>;
  /** The config's `defaults.caFile` (absolute), trusted besides Deno's root store. */
  caFile?: string;
}

/**
 * The way a config's fetches go out, for its pings: `origins:` proxies, `defaults.proxy`,
 * `defaults.noProxy` and `defaults.caFile`.
 *
 * @param config The config.
 * @returns Its pings' network settings.
 */
function pingNetworkOf(config: ConfigSpec): PingNetwork {
  const network: PingNetwork = {};
  if (config.defaults.proxy !== undefined) network.proxy = config.defaults.proxy;
  if (config.defaults.noProxy !== undefined) network.noProxy = config.defaults.noProxy;
  if (config.defaults.caFile !== undefined) network.caFile = config.defaults.caFile;
  const originProxies: Record<string, string | false> = {};
  for (const [origin, rules] of Object.entries(config.origins)) {
    if (rules.proxy !== undefined) originProxies[origin] = rules.proxy;
  }
  if (Object.keys(originProxies).length > 0) network.originProxies = originProxies;
  return network;
}

/** What every ping of a run says about it. */
export interface RunFacts {
  /** The config's path or URL (any userinfo is dropped). */
  config: string;
  runId: string;
  /** When the run started (ISO 8601). */
  startedAt: string;
  /** A scheduled run's fire time. */
  fireAt?: string;
  /** A task schedule's task. */
  task?: string;
}

/** How a run ended, for its success or failure ping. */
export interface RunEnd {
  exitCode: number;
  endedAt: string;
  /** The run's report; undefined when the runner threw. */
  report?: RunReport;
}

/** The JSON body of a ping. */
export interface PingBody {
  /** `start`, `success` or `failure`. */
  event: PingKind;
  config: string;
  runId: string;
  /** The machine's name, when corun may read it (`--allow-sys=hostname`). */
  hostname?: string;
  task?: string;
  fireAt?: string;
  startedAt: string;
  /** Set when the run has ended, as are the fields below. */
  endedAt?: string;
  /** The run's loop-clock duration (virtual under `--virtual-time`). */
  durationMs?: number;
  exitCode?: number;
  interrupted?: boolean;
  counts?: Record<TaskOutcome, number>;
  /** The first failed tasks, with their messages trimmed. */
  failures?: { task: string; message: string }[];
  /** The corun version that ran. */
  corun: string;
}

/**
 * The pings of one run: the start ping is sent as the run is made (its tasks do not wait for it), the
 * end ping after it.
 *
 * @example A sketch (not run by `deno test --doc`: it pings the config's URLs)
 * ```ts ignore
 * const pings = new RunPings(config.notify, facts, (line) => console.error(line));
 * const code = await runTheTasks();
 * await pings.end({ exitCode: code, endedAt: new Date().toISOString() });
 * ```
 */
export class RunPings {
  readonly #urls: NotifyUrls;
  readonly #facts: RunFacts;
  readonly #report: (line: string) => void;
  readonly #network: PingNetwork;
  readonly #started: Promise<void>;

  /**
   * Sends the start ping, if there is a `start` URL, without waiting for it.
   *
   * @param urls The config's `notify:` URLs.
   * @param facts What every ping says about the run.
   * @param report Told one line per ping that failed.
   * @param network The config's proxy settings and CA file (see {@linkcode pingNetworkOf}).
   */
  constructor(
    urls: NotifyUrls,
    facts: RunFacts,
    report: (line: string) => void,
    network: PingNetwork = {},
  ) {
    this.#urls = urls;
    this.#facts = facts;
    this.#report = report;
    this.#network = network;
    this.#started = this.#send("start", undefined);
  }

  /**
   * Waits for the start ping, then sends the success (exit code 0) or failure ping, if its URL is
   * set, and waits for it. Never throws.
   *
   * @param end How the run ended.
   */
  async end(end: RunEnd): Promise<void> {
    await this.#started;
    await this.#send(end.exitCode === 0 ? "success" : "failure", end);
  }

  async #send(kind: PingKind, end: RunEnd | undefined): Promise<void> {
    const url = this.#urls[kind];
    if (url === undefined) return;
    // Nothing here may end the run: not a ping, not a stream that cannot take the line.
    try {
      const body = pingBody(kind, this.#facts, end);
      const failure = await sendPing(url, body, PING_LIMIT_MS, this.#network);
      if (failure !== undefined) {
        this.#report(`notify ${kind} ping to ${redactPingUrl(url)} failed: ${failure}`);
      }
    } catch {
      // Said nowhere: the stream that would say it is what failed.
    }
  }
}

/**
 * The pings of a run, or undefined when its config has no `notify:` URL.
 *
 * @param config The config.
 * @param facts What every ping says about the run.
 * @param report Told one line per ping that failed.
 * @returns The run's pings, with the start ping on its way.
 */
export function startRunPings(
  config: ConfigSpec,
  facts: RunFacts,
  report: (line: string) => void,
): RunPings | undefined {
  const urls = config.notify;
  if (urls === undefined || Object.values(urls).every((url) => url === undefined)) return undefined;
  return new RunPings(urls, facts, report, pingNetworkOf(config));
}

/**
 * What a virtual-time run says in place of its pings, which it never sends: a dead-man's switch
 * reads no body, and would take a preview's fires for real runs (and page someone for a failing
 * one). One line for the run: each ping it would have sent, its URL named as a failed ping's is.
 *
 * @param urls The config's `notify:` URLs, if any.
 * @param exitCode The run's exit code (which of `success` and `failure` it would have sent).
 * @returns Such as `notify start ping to hc.example/… and success ping to hc.example/… not sent
 * (virtual time)`; undefined when the run would have sent none.
 * @example
 * ```ts
 * import { unsentPingsLine } from "./notify.ts";
 * unsentPingsLine({ failure: "https://hc.example/ping/1234/fail" }, 1);
 * // "notify failure ping to hc.example/… not sent (virtual time)"
 * ```
 */
export function unsentPingsLine(
  urls: NotifyUrls | undefined,
  exitCode: number,
): string | undefined {
  const kinds: PingKind[] = ["start", exitCode === 0 ? "success" : "failure"];
  const unsent = kinds.flatMap((kind) => {
    const url = urls?.[kind];
    return url === undefined ? [] : [`${kind} ping to ${redactPingUrl(url)}`];
  });
  return unsent.length === 0 ? undefined : `notify ${unsent.join(" and ")} not sent (virtual time)`;
}

/**
 * The JSON body of one ping: the run's facts, and how it ended. No header, URL credential or
 * setting of the config is in it.
 *
 * @param kind Which ping.
 * @param facts The run.
 * @param end How it ended (not for `start`).
 * @returns The body.
 */
export function pingBody(kind: PingKind, facts: RunFacts, end?: RunEnd): PingBody {
  const body: PingBody = {
    event: kind,
    config: shownLocation(facts.config),
    runId: facts.runId,
    startedAt: facts.startedAt,
    corun: VERSION,
  };
  const hostname = hostnameIfAllowed();
  if (hostname !== undefined) body.hostname = hostname;
  if (facts.task !== undefined) body.task = facts.task;
  if (facts.fireAt !== undefined) body.fireAt = facts.fireAt;
  if (end === undefined) return body;
  const report = end.report;
  body.endedAt = end.endedAt;
  body.durationMs = report?.durationMs ??
    Math.max(0, Date.parse(end.endedAt) - Date.parse(facts.startedAt));
  body.exitCode = end.exitCode;
  body.interrupted = report?.interrupted ?? false;
  body.counts = { ...(report?.counts ?? { done: 0, failed: 0, cancelled: 0, skipped: 0 }) };
  const failed = report?.tasks.filter((task) => task.outcome === "failed") ?? [];
  if (failed.length > 0) {
    body.failures = failed.slice(0, PING_FAILURES).map((task) => ({
      task: task.name,
      message: trimMessage(redactUrlsIn(task.error?.message ?? "failed")),
    }));
  }
  return body;
}

/**
 * POSTs `body` as JSON to `url` through a client of its own, closed before this returns.
 *
 * @param url The ping URL.
 * @param body What to send.
 * @param limitMs The whole ping's limit, retries included.
 * @param network The proxy settings and CA file to use (default: the environment's proxy).
 * @returns Undefined when a 2xx answered; otherwise why not, with any URL in it redacted.
 */
export async function sendPing(
  url: string,
  body: PingBody,
  limitMs = PING_LIMIT_MS,
  network: PingNetwork = {},
): Promise<string | undefined> {
  const client = new HttpClient();
  try {
    const options = await pingRequestOptions(network);
    const post = postWithRetries(client, url, body, options);
    await runOperation(failAfter(limitMs, post), { name: "notify" });
    return undefined;
  } catch (error) {
    return redactUrlsIn(describePingError(error));
  } finally {
    client.close();
  }
}

/** The request options of a ping: its short limits, the config's proxies and CA file. */
async function pingRequestOptions(network: PingNetwork): Promise<RequestOptions> {
  const options: RequestOptions = { ...PING_REQUEST_OPTIONS };
  if (network.proxy !== undefined) options.proxy = network.proxy;
  if (network.noProxy !== undefined) options.noProxy = network.noProxy;
  if (network.originProxies !== undefined) options.originProxies = network.originProxies;
  if (network.caFile !== undefined) {
    try {
      options.caCerts = [new TextDecoder().decode(await readCaFile(network.caFile))];
    } catch (error) {
      throw new Error(`Cannot use the CA file "${network.caFile}": ${messageOf(error)}`);
    }
  }
  return options;
}

/** Why a ping failed, from the error it ended with. */
function describePingError(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") {
    const limitMs = (error as { timeoutMs?: number }).timeoutMs ?? PING_LIMIT_MS;
    return `no answer within ${PING_LIMIT_NAMES("total", limitMs)}`;
  }
  return messageOf(error);
}

/** A ping answered with a status other than 2xx. */
class PingStatusError extends Error {
  /** @param status The status and its reason phrase, as the message shows them. */
  constructor(status: string) {
    super(`answered ${status}`);
    this.name = "PingStatusError";
  }
}

function* postWithRetries(
  client: HttpClient,
  url: string,
  body: PingBody,
  options: RequestOptions,
): Operation<void> {
  const bytes = new TextEncoder().encode(JSON.stringify(body));
  for (let attempt = 0;; attempt++) {
    let failure: Parameters<typeof decideRetry>[0];
    let error: Error;
    try {
      const response = yield* client.request(
        {
          url,
          method: "POST",
          body: { kind: "bytes", bytes, contentType: "application/json" },
        },
        options,
      );
      response.body.close(); // what a ping service answers ("OK") is not needed
      if (response.status >= 200 && response.status < 300) return;
      // Through a proxy the status is named by its standard reason: the proxy's own text may echo
      // the request's Proxy-Authorization.
      // The proxy of the URL that answered: a redirect may have led to one.
      error = new PingStatusError(
        shownStatus(response, client.plainProxyOf(response.url, options) !== undefined),
      );
      failure = statusFailureOf(response);
    } catch (thrown) {
      const failed = failureOf(thrown);
      if (failed === undefined || !(thrown instanceof Error)) throw thrown;
      error = thrown;
      failure = failed;
    }
    const decision = decideRetry(failure, {
      method: "POST",
      attempt,
      settings: PING_RETRY,
      nowMs: Date.now(),
      random: Math.random,
    });
    if (!decision.retry) {
      if (attempt > 0) error.message += ` (after ${attempt + 1} attempts)`;
      throw error;
    }
    yield* sleep(decision.delayMs);
  }
}

/**
 * How a message names a ping URL: its host and port, and `/…` for the rest (a lone `/` only as
 * written: the parser gives a proxy's `http://127.0.0.1:3128` one too). A ping URL's secret is
 * its path (healthchecks.io's UUID) or its userinfo or query, so none of them is shown.
 *
 * @param url A ping URL.
 * @returns Such as `hc-ping.example/…`.
 * @example
 * ```ts
 * import { redactPingUrl } from "./notify.ts";
 * redactPingUrl("https://user:pw@hc.example/ping/1234?x=y"); // "hc.example/…"
 * ```
 */
export function redactPingUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactUnparsedUrl(url);
  }
  const hasMore = parsed.pathname.length > 1 || parsed.search !== "" || parsed.hash !== "";
  return `${parsed.host}${hasMore ? "/…" : url.endsWith("/") ? "/" : ""}`;
}

/**
 * A URL that does not parse (`http://user:password@host:port` in a hint) named as one that does. Its
 * credentials go as `withoutCredentials` finds them: up to the last `@`, even past a `/` or `#` in a
 * password.
 */
function redactUnparsedUrl(url: string): string {
  const bare = withoutCredentials(url, { replacement: "" });
  const rest = bare.slice(bare.indexOf("//") + 2);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  const more = authorityEnd === -1 ? "" : rest.length - authorityEnd <= 1 ? "/" : "/…";
  return `${authority}${more}`;
}

/**
 * A URL in a message, of any scheme (`ftp://`, `postgres://`, as `redactCredentials` finds them):
 * quoted, all of the quoted text (a server's Location may hold a space: `"http://h/?q=s <b>"`);
 * else up to a space, quote or angle bracket, less the punctuation after it that ends a clause
 * (`through proxy http://p:3128: it answered 407`).
 */
const URL_IN_TEXT =
  /"([a-z][a-z0-9+.-]*:\/\/(?:[^"\\]|\\.)*)"|\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]*[^\s"'<>.,:;!?)\]]/gi;

/** Every URL in `text` as {@linkcode redactPingUrl} names it, a quoted one still quoted. */
function redactUrlsIn(text: string): string {
  return text.replace(
    URL_IN_TEXT,
    (url, quoted?: string) =>
      quoted === undefined ? redactPingUrl(url) : `"${redactPingUrl(quoted)}"`,
  );
}

function trimMessage(message: string): string {
  const oneLine = message.replace(/\s+/g, " ").trim();
  return oneLine.length <= PING_MESSAGE_CHARS
    ? oneLine
    : `${headOf(oneLine, PING_MESSAGE_CHARS - 1)}…`;
}
