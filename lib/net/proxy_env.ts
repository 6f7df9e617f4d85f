/**
 * The proxy environment variables, read as curl reads them:
 * - an http URL uses `http_proxy` (lower case only: `HTTP_PROXY` can be set by a CGI request's
 *   `Proxy:` header, so curl ignores it), an https URL `https_proxy`, else `HTTPS_PROXY`;
 * - either falls back to `all_proxy`, else `ALL_PROXY`;
 * - `no_proxy`, else `NO_PROXY`, lists the hosts reached directly (see `proxy_bypass.ts`), also
 *   when the proxy comes from elsewhere (a config's), as curl applies it to `-x`.
 *
 * An empty variable counts as unset (curl's `curl_getenv` gives NULL for one): the search goes on
 * to the upper-case name, then to `all_proxy`. Values are read once and parsed once; a value that
 * is not an http:// proxy fails the requests that would use it, never sends them directly.
 * @module
 */
import { envIfAllowed, mayReadEnv } from "./env_var.ts";
import { bypassesProxy, NO_BYPASS, parseProxyBypass, type ProxyBypass } from "./proxy_bypass.ts";
import { parseProxyUrl, type ProxyEndpoint } from "./proxy_url.ts";

/** A proxy variable's value as parsed: the endpoint, or why it cannot be used. */
type ParsedProxy = ProxyEndpoint | TypeError;

/** The proxy settings of an environment. */
export interface ProxyEnvironment {
  /**
   * For http: URLs (from `http_proxy`, `all_proxy` or `ALL_PROXY`); a `TypeError` when the variable
   * is not a usable proxy URL (a request that would use it fails with it).
   */
  readonly http: ProxyEndpoint | TypeError | null;
  /** For https: URLs (from `https_proxy`, `HTTPS_PROXY`, `all_proxy` or `ALL_PROXY`), likewise. */
  readonly https: ProxyEndpoint | TypeError | null;
  /** Hosts reached directly. */
  readonly bypass: ProxyBypass;
}

/**
 * An environment with no proxy and no `no_proxy`: what a run without proxy variables (or without
 * --allow-env) has.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { HttpClient, NO_PROXY_ENVIRONMENT, runOperation } from "@corun/corun";
 * const server = Deno.serve(
 *   { hostname: "127.0.0.1", port: 0, onListen() {} },
 *   () => new Response("hi"),
 * );
 * // Straight to the server, whatever http_proxy or HTTPS_PROXY say, and nothing read of the
 * // environment (no --allow-env asked for).
 * const client = new HttpClient({ proxyEnvironment: NO_PROXY_ENVIRONMENT });
 * const text = await runOperation(function* () {
 *   const response = yield* client.request({ url: `http://127.0.0.1:${server.addr.port}/` });
 *   return yield* response.body.text();
 * }());
 * client.close();
 * await server.shutdown();
 * assertEquals(text, "hi");
 * ```
 */
export const NO_PROXY_ENVIRONMENT: ProxyEnvironment = Object.freeze({
  http: null,
  https: null,
  bypass: NO_BYPASS,
});

/**
 * Reads the proxy variables from `get`.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { proxyEnvironmentFrom } from "@corun/corun";
 * const env: Record<string, string> = { HTTP_PROXY: "http://a:1", HTTPS_PROXY: "http://b:2" };
 * const proxies = proxyEnvironmentFrom((name) => env[name]);
 * assertEquals(proxies.http, null); // upper-case HTTP_PROXY is ignored, as by curl
 * assertEquals(proxies.https instanceof Error ? proxies.https : proxies.https?.display, "http://b:2");
 * ```
 *
 * @param get A variable's value, or undefined when unset.
 * @returns The parsed settings.
 */
export function proxyEnvironmentFrom(get: (name: string) => string | undefined): ProxyEnvironment {
  const first = (...names: string[]): { name: string; value: string } | null => {
    for (const name of names) {
      const value = get(name);
      if (value !== undefined && value.trim() !== "") return { name, value };
    }
    return null;
  };
  const all = first("all_proxy", "ALL_PROXY");
  const parse = (found: { name: string; value: string } | null): ParsedProxy | null => {
    const chosen = found ?? all;
    if (!chosen) return null;
    try {
      // The variable is kept for messages: a stale one is then found.
      return { ...parseProxyUrl(chosen.value, `from ${chosen.name}`), variable: chosen.name };
    } catch (error) {
      return error as TypeError;
    }
  };
  const http = parse(first("http_proxy"));
  const https = parse(first("https_proxy", "HTTPS_PROXY"));
  const noProxy = first("no_proxy", "NO_PROXY");
  const bypass = noProxy ? parseProxyBypass(noProxy.value) : NO_BYPASS;
  // A no_proxy alone still counts: it applies to a proxy the config names, as curl's to `-x`.
  if (!http && !https && bypass === NO_BYPASS) return NO_PROXY_ENVIRONMENT;
  return { http, https, bypass };
}

/**
 * Reads the process's proxy variables, never prompting: a variable the run may not read (no
 * `--allow-env`, or one for other names only) counts as unset.
 *
 * @returns The parsed settings.
 */
export function readProxyEnvironment(): ProxyEnvironment {
  return proxyEnvironmentFrom(envIfAllowed);
}

/**
 * The `no_proxy` variables the run may not read while it reads a proxy from the environment: an
 * `--allow-env` that names the proxy variable alone (`--allow-env=http_proxy`). The proxy then
 * takes the requests to the hosts the unread variable may list, which the run cannot see (with
 * `NO_PROXY` read in place of `no_proxy`, those `NO_PROXY` lists are still reached directly).
 *
 * @returns The names to add to `--allow-env`; none when no proxy variable is read, or when the one
 *   that applies (`no_proxy`, else `NO_PROXY`) can be read.
 */
export function unreadableProxyBypass(): string[] {
  const environment = readProxyEnvironment();
  if (environment.http === null && environment.https === null) return [];
  if (!mayReadEnv("no_proxy")) {
    return mayReadEnv("NO_PROXY") ? ["no_proxy"] : ["no_proxy", "NO_PROXY"];
  }
  // A no_proxy that is set is the one curl reads: NO_PROXY then does not count.
  if ((envIfAllowed("no_proxy") ?? "").trim() !== "") return [];
  return mayReadEnv("NO_PROXY") ? [] : ["NO_PROXY"];
}

/**
 * The proxy the environment gives for a URL, unless `NO_PROXY` (or the `bypass` given instead)
 * lists its host.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { environmentProxyFor, proxyEnvironmentFrom } from "./proxy_env.ts";
 * const env: Record<string, string> = { https_proxy: "proxy:3128", no_proxy: "localhost" };
 * const proxies = proxyEnvironmentFrom((name) => env[name]);
 * assertEquals(environmentProxyFor(proxies, new URL("https://example.com/"))?.port, 3128);
 * assertEquals(environmentProxyFor(proxies, new URL("https://localhost/")), null);
 * ```
 *
 * @param environment Parsed settings.
 * @param url The request's URL (http: or https:).
 * @param bypass The hosts reached directly (a config's `noProxy`). @default the environment's
 * @returns The proxy, or null for a direct connection.
 * @throws {TypeError} When the variable that applies is not an http:// proxy URL.
 */
export function environmentProxyFor(
  environment: ProxyEnvironment,
  url: URL,
  bypass: ProxyBypass = environment.bypass,
): ProxyEndpoint | null {
  const chosen = url.protocol === "https:" ? environment.https : environment.http;
  if (chosen === null || bypassesProxy(bypass, url.hostname)) return null;
  if (chosen instanceof TypeError) throw new TypeError(chosen.message);
  return chosen;
}
