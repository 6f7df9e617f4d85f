/**
 * The warnings of a task that turns a TLS protection off: `insecure: true` (the hostname check) and
 * `allowDowngrade: true` (the refusal of a redirect from https to http), each saying what is off
 * and for which task. `insecure` is off on the task's https connections, whatever its own URL: an
 * http URL makes none itself, but a redirect to https and a link its callback enqueues connect with
 * the task's settings, so it is still warned of. A custom task's `ctx.fetch` and enqueued links
 * take the config's `defaults`, so either switch there is warned of for each custom task; and a
 * call of `ctx.fetch` or `ctx.request` that sets one itself is warned of, the first of each task.
 * @module
 */
import { withoutCredentials } from "../net/mod.ts";
import type { ConfigSpec, FetchTaskSpec } from "./spec.ts";

/** A fetch task as its warnings name it: its name, its URL (or pattern), its list if any. */
type WarnedTask = Pick<FetchTaskSpec, "name" | "urls"> & { request: { url: string } };

/** The switches that turn a TLS protection off, and what each turns off. */
const TURNED_OFF = {
  insecure: "TLS hostname verification",
  allowDowngrade: "the refusal of redirects from https to http",
} as const;

/** A switch that turns a TLS protection off. */
export type TlsSwitch = keyof typeof TURNED_OFF;

function head(name: string, option: TlsSwitch, where = ""): string {
  return `Task "${name}": ${TURNED_OFF[option]} is OFF (${option}: true${where})`;
}

/**
 * Says what `insecure: true` turns off for a task, and for which URLs.
 *
 * @param spec The task: its name, its URL (or pattern), and its list, if it has one.
 * @returns The warning, without the credentials of any URL in it.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { insecureWarning } from "./tls_off_warning.ts";
 * assertEquals(
 *   insecureWarning({ name: "feed", request: { url: "http://x.org/feed" } }),
 *   'Task "feed": TLS hostname verification is OFF (insecure: true) for any https URL it ' +
 *     "reaches from http://x.org/feed (a redirect, an enqueued link); http itself has no TLS",
 * );
 * ```
 */
export function insecureWarning(spec: WarnedTask): string {
  const off = head(spec.name, "insecure");
  if (spec.urls?.kind === "list") {
    return `${off} for the https URLs it fetches from the list ${spec.urls.path}`;
  }
  const url = withoutCredentials(spec.request.url);
  if (/^https:/i.test(url)) return `${off} for ${url}`;
  if (/^http:/i.test(url)) {
    return `${off} for any https URL it reaches from ${url} (a redirect, an enqueued link); ` +
      "http itself has no TLS";
  }
  // A pattern whose scheme is a glob (`{http,https}://…`).
  return `${off} for the https URLs it fetches from ${url}`;
}

/**
 * Says what `allowDowngrade: true` turns off for a task, and for which URLs: any of them may be
 * redirected to https and on to http (an http URL too), so the scheme of its own is not told apart.
 *
 * @param spec The task: its name, its URL (or pattern), and its list, if it has one.
 * @returns The warning, without the credentials of any URL in it.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { downgradeWarning } from "./tls_off_warning.ts";
 * assertEquals(
 *   downgradeWarning({ name: "feed", request: { url: "https://x.org/feed" } }),
 *   'Task "feed": the refusal of redirects from https to http is OFF (allowDowngrade: true) ' +
 *     "for https://x.org/feed and the links it enqueues",
 * );
 * ```
 */
export function downgradeWarning(spec: WarnedTask): string {
  const off = head(spec.name, "allowDowngrade");
  if (spec.urls?.kind === "list") {
    return `${off} for the URLs it fetches from the list ${spec.urls.path}`;
  }
  return `${off} for ${withoutCredentials(spec.request.url)} and the links it enqueues`;
}

/**
 * The warnings of a config's tasks that turn a TLS protection off, once each: what a run, a plan
 * and a check print.
 *
 * @param config The config.
 * @returns The warnings, task by task.
 */
export function configTlsOffWarnings(config: ConfigSpec): string[] {
  const warnings: string[] = [];
  for (const spec of config.tasks) {
    if (spec.kind === "fetch") {
      if (spec.options.insecure) warnings.push(insecureWarning(spec));
      if (spec.options.allowDowngrade) warnings.push(downgradeWarning(spec));
    } else if (spec.kind === "custom") {
      if (config.defaults.insecure) warnings.push(defaultsTlsOffWarning(spec.name, "insecure"));
      if (config.defaults.allowDowngrade) {
        warnings.push(defaultsTlsOffWarning(spec.name, "allowDowngrade"));
      }
    }
  }
  return warnings;
}

/**
 * Says that a custom task's requests go without a TLS protection: its `ctx.fetch` calls and the
 * links it enqueues take the switch from the config's `defaults` (a call may still set it false).
 *
 * @param name The custom task's name.
 * @param option The switch set in `defaults`.
 * @returns The warning.
 */
function defaultsTlsOffWarning(name: string, option: TlsSwitch): string {
  const requests = option === "insecure" ? "the https requests" : "the redirects";
  return `${head(name, option, " in defaults")} for ${requests} of its ctx.fetch and the links ` +
    "it enqueues";
}

/**
 * Says that a call of a task's `ctx.fetch` or `ctx.request` turned a TLS protection off: the first
 * call of the task to set the switch, whose URL it names.
 *
 * @param name The task's name.
 * @param option The switch the call set.
 * @param call Which call: `fetch` or `request`.
 * @param url The URL of the call.
 * @returns The warning, without the URL's credentials.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { callTlsOffWarning } from "./tls_off_warning.ts";
 * assertEquals(
 *   callTlsOffWarning("sync", "insecure", "fetch", "https://x.org/a"),
 *   'Task "sync": TLS hostname verification is OFF (insecure: true in ctx.fetch) for ' +
 *     "https://x.org/a, the first of its calls to set it",
 * );
 * ```
 */
export function callTlsOffWarning(
  name: string,
  option: TlsSwitch,
  call: "fetch" | "request",
  url: string,
): string {
  return `${head(name, option, ` in ctx.${call}`)} for ${withoutCredentials(url)}, the first of ` +
    "its calls to set it";
}

/** A run's warnings of the TLS switches that calls of `ctx.fetch` and `ctx.request` set. */
export class CallTlsOffWarnings {
  /** `switch NUL task` of each task already warned of the switch. */
  readonly #warned = new Set<string>();
  readonly #warn: (message: string) => void;

  /** @param warn The run's one path for warnings. */
  constructor(warn: (message: string) => void) {
    this.#warn = warn;
  }

  /**
   * Warns of each switch a call sets that no earlier call of its task set: once per task and
   * switch, however many calls (and `onResponse` contexts) set it.
   *
   * @param name The task's name.
   * @param call Which call.
   * @param url The URL of the call.
   * @param options The call's options, checked.
   */
  note(
    name: string,
    call: "fetch" | "request",
    url: string,
    options: { readonly insecure?: boolean; readonly allowDowngrade?: boolean } | undefined,
  ): void {
    if (options === undefined) return;
    for (const option of SWITCHES) {
      if (options[option] !== true) continue;
      const key = `${option}\0${name}`;
      if (this.#warned.has(key)) continue;
      this.#warned.add(key);
      this.#warn(callTlsOffWarning(name, option, call, url));
    }
  }
}

const SWITCHES = Object.keys(TURNED_OFF) as TlsSwitch[];
