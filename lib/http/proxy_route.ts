/**
 * Which forward proxy, if any, one request hop goes through: the request options' `originProxies`
 * entry for the URL's origin, else their `proxy`, else the environment's variables (read once per
 * client, only when a request needs them); the last two unless the host is one `noProxy` (else the
 * environment's `no_proxy`) sends directly, as curl applies `NO_PROXY` to `-x` too.
 * @module
 */
import {
  bypassesProxy,
  environmentProxyFor,
  NO_PROXY_ENVIRONMENT,
  parseProxyBypass,
  parseProxyUrl,
  type ProxyBypass,
  type ProxyEndpoint,
  type ProxyEnvironment,
  readProxyEnvironment,
} from "../net/mod.ts";
import type { FetchSettings } from "./request.ts";

/** Parsed proxy settings kept per router: a run has a handful. */
const MAX_PARSED = 64;

/** Chooses the proxy of each request hop. One per client. */
export class ProxyRouter {
  #environment: ProxyEnvironment | undefined;
  readonly #parsed = new Map<string, ProxyEndpoint>();
  /** `noProxy` settings as parsed, by their text. */
  readonly #bypasses = new Map<string, ProxyBypass>();

  /**
   * @param environment The proxy variables to use; read from the process at the first request
   *   that needs them when not given.
   */
  constructor(environment?: ProxyEnvironment) {
    this.#environment = environment;
  }

  /**
   * The proxy for a request to `url`.
   *
   * @example
   * ```ts
   * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
   * import { ProxyRouter } from "./proxy_route.ts";
   * import { NO_PROXY_ENVIRONMENT } from "../net/mod.ts";
   * const router = new ProxyRouter(NO_PROXY_ENVIRONMENT);
   * const url = new URL("https://example.org/a");
   * assertEquals(router.route(url, { proxy: "http://proxy:3128" })?.port, 3128);
   * assertEquals(
   *   router.route(url, {
   *     proxy: "http://proxy:3128",
   *     originProxies: { "https://example.org": false },
   *   }),
   *   undefined,
   * );
   * ```
   *
   * @param url The hop's URL.
   * @param options The request's `proxy`, `originProxies` and `noProxy`.
   * @returns The proxy, or undefined for a direct connection.
   * @throws {TypeError} When the setting that applies is not an http:// proxy URL (the message
   *   names the setting, without credentials).
   */
  route(
    url: URL,
    options: Pick<FetchSettings, "proxy" | "originProxies" | "noProxy">,
  ): ProxyEndpoint | undefined {
    const origins = options.originProxies;
    if (origins !== undefined) {
      const origin = url.origin;
      if (Object.hasOwn(origins, origin)) {
        return this.#explicit(origins[origin], `originProxies[${JSON.stringify(origin)}]`);
      }
    }
    if (options.proxy === false) return undefined;
    // The environment is read only when a request may go through a proxy.
    const environment = this.#environment ??= readProxyEnvironment();
    if (options.proxy === undefined && environment === NO_PROXY_ENVIRONMENT) return undefined;
    const bypass = this.#bypassFor(options, environment);
    if (options.proxy === undefined) {
      return environmentProxyFor(environment, url, bypass) ?? undefined;
    }
    if (bypassesProxy(bypass, url.hostname)) return undefined;
    return this.#explicit(options.proxy, "the proxy setting");
  }

  /**
   * Whether `url`'s host is one `noProxy` (else the environment's `no_proxy`) lists, and so is
   * reached directly past `proxy` or the environment's proxy, as {@linkcode ProxyRouter.route}
   * decides (an `originProxies` entry is never bypassed): for a plan to show it.
   *
   * @param url The hop's URL.
   * @param options The request's `noProxy`.
   * @returns True when the host is listed.
   */
  bypasses(url: URL, options: Pick<FetchSettings, "noProxy">): boolean {
    const environment = this.#environment ??= readProxyEnvironment();
    return bypassesProxy(this.#bypassFor(options, environment), url.hostname);
  }

  /**
   * Whether every host is reached directly (`noProxy: "*"`, else the environment's): for the plan's
   * row of the origins it does not name.
   *
   * @param options The request's `noProxy`.
   * @returns True when no host goes through a proxy.
   */
  bypassesAll(options: Pick<FetchSettings, "noProxy">): boolean {
    const environment = this.#environment ??= readProxyEnvironment();
    return this.#bypassFor(options, environment).all;
  }

  /** The hosts reached directly: `noProxy` replaces the environment's `no_proxy`, as curl's `--noproxy`. */
  #bypassFor(options: Pick<FetchSettings, "noProxy">, environment: ProxyEnvironment): ProxyBypass {
    return options.noProxy === undefined ? environment.bypass : this.#bypassOf(options.noProxy);
  }

  #bypassOf(noProxy: string): ProxyBypass {
    let bypass = this.#bypasses.get(noProxy);
    if (bypass === undefined) {
      bypass = parseProxyBypass(noProxy);
      if (this.#bypasses.size >= MAX_PARSED) this.#bypasses.clear();
      this.#bypasses.set(noProxy, bypass);
    }
    return bypass;
  }

  #explicit(setting: string | false, source: string): ProxyEndpoint | undefined {
    if (setting === false) return undefined;
    let endpoint = this.#parsed.get(setting);
    if (endpoint === undefined) {
      endpoint = parseProxyUrl(setting, source);
      if (this.#parsed.size >= MAX_PARSED) this.#parsed.clear();
      this.#parsed.set(setting, endpoint);
    }
    return endpoint;
  }
}
