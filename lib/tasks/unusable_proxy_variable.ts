/**
 * A proxy variable corun cannot use (`http_proxy=socks5://…`, `ftp://`, a port past 65535, a URL
 * that does not parse) while some task's URLs would go through it: refused before any request, by
 * `check`, `plan` and `run` alike, as the same value written as `proxy:` is at load. Found only at
 * the requests, it would fail each fetch of the run, one by one. A task whose hosts are known only as
 * it runs (a list, a pattern over hosts) may never use it: a warning, never a refusal of a run that
 * may work.
 * @module
 */
import { ProxyRouter, quoteReceived } from "../http/mod.ts";
import { parseProxyBypass, type ProxyEnvironment, readProxyEnvironment } from "../net/mod.ts";
import { originClientSettings } from "./politeness.ts";
import { knownUrlsOf } from "./run_permissions.ts";
import type { ConfigSpec, FetchDefaults, FetchTaskSpec } from "./spec.ts";

/**
 * What is wrong with each proxy variable some task surely sends its requests through (a URL the
 * config names): the variable named, its URL without credentials, and the first task that would
 * use it.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { proxyEnvironmentFrom } from "../net/mod.ts";
 * import { unusableProxyVariables } from "./unusable_proxy_variable.ts";
 * import type { ConfigSpec } from "./spec.ts";
 * const environment = proxyEnvironmentFrom((name) =>
 *   name === "http_proxy" ? "socks5://p:1080" : undefined
 * );
 * const fetching = (url: string) =>
 *   ({
 *     origins: {},
 *     tasks: [{ kind: "fetch", name: "a", request: { url }, options: {} }],
 *   }) as unknown as ConfigSpec;
 * assertEquals(unusableProxyVariables(fetching("https://x.org/"), environment), []);
 * assertEquals(unusableProxyVariables(fetching("http://x.org/"), environment).length, 1);
 * ```
 *
 * @param config The config.
 * @param environment The proxy variables. @default the process's, read without a prompt
 * @returns One message per unusable variable a task would use; none when no task would.
 */
export function unusableProxyVariables(
  config: ConfigSpec,
  environment: ProxyEnvironment = readProxyEnvironment(),
): string[] {
  return proxyVariableUsers(config, environment).certain.map(([message, task]) =>
    `${message}; task ${quoteReceived(task)} would fetch through it: ${REMEDY}`
  );
}

/**
 * The unusable proxy variables a task whose hosts are known only as it runs (a list, a pattern over
 * hosts) may fetch through, and no task surely does: each a warning, naming the first such task.
 *
 * @param config The config.
 * @param environment The proxy variables. @default the process's, read without a prompt
 * @returns One warning per such variable.
 */
export function unusableProxyWarnings(
  config: ConfigSpec,
  environment: ProxyEnvironment = readProxyEnvironment(),
): string[] {
  return proxyVariableUsers(config, environment).possible.map(([message, task]) =>
    `${message}; those URLs of task ${quoteReceived(task)} that go through it will fail: ${REMEDY}`
  );
}

const REMEDY = "unset the variable, or give the task proxy: (false for none) or noProxy";

/**
 * Each unusable variable's message (it names the variable) with the first task that surely fetches
 * through it (`certain`: a URL the config names) or may (`possible`: a list's, a pattern's over
 * hosts, only where no task surely does).
 */
function proxyVariableUsers(
  config: ConfigSpec,
  environment: ProxyEnvironment,
): { certain: [string, string][]; possible: [string, string][] } {
  const bad = [environment.http, environment.https].filter((parsed) => parsed instanceof TypeError);
  if (bad.length === 0) return { certain: [], possible: [] };
  const router = new ProxyRouter(environment);
  const { originProxies } = originClientSettings(config);
  const certain = new Map<string, string>();
  const possible = new Map<string, string>();
  const note = (users: Map<string, string>, error: TypeError, task: string) => {
    if (!users.has(error.message)) users.set(error.message, task);
  };
  for (const task of config.tasks) {
    // A custom task's URLs are known only as it runs: its `ctx.fetch` fails saying why.
    if (task.kind !== "fetch") continue;
    const urls = knownUrlsOf(task);
    for (const url of urls) {
      try {
        router.route(url, { ...proxySettingsOf(task.options), originProxies });
      } catch (error) {
        if (error instanceof TypeError) note(certain, error, task.name);
        else throw error;
      }
    }
    if (urls.length === 0) {
      for (const error of unknownHostErrors(task, environment)) note(possible, error, task.name);
    }
  }
  return {
    certain: [...certain],
    possible: [...possible].filter(([message]) => !certain.has(message)),
  };
}

function proxySettingsOf(options: FetchDefaults): Pick<FetchDefaults, "proxy" | "noProxy"> {
  return { proxy: options.proxy, noProxy: options.noProxy };
}

/**
 * The unusable variables a list's URLs (or a pattern's of many hosts) may go through: any host, of
 * the scheme a pattern names or of either a list may hold; none when a `proxy:` of the task's own
 * takes them all, or a `no_proxy` of `*` sends them all directly.
 */
function unknownHostErrors(task: FetchTaskSpec, environment: ProxyEnvironment): TypeError[] {
  if (task.options.proxy !== undefined) return [];
  const bypass = task.options.noProxy === undefined
    ? environment.bypass
    : parseProxyBypass(task.options.noProxy);
  if (bypass.all) return [];
  const pattern = task.urls?.kind === "pattern" ? task.urls.pattern.toLowerCase() : "";
  const chosen = pattern.startsWith("https:")
    ? [environment.https]
    : pattern.startsWith("http:")
    ? [environment.http]
    : [environment.http, environment.https];
  return chosen.filter((parsed) => parsed instanceof TypeError);
}
