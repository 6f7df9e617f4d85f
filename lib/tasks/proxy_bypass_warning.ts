/**
 * The warning of a run that reads a proxy from the environment but not the `no_proxy` beside it
 * (`--allow-env=http_proxy`): the requests to the hosts `no_proxy` may send directly (intranet
 * hosts, with their headers) go through the proxy then, as if it were unset. With `NO_PROXY` read in
 * its place, the hosts that one lists are still reached directly: the warning says only what holds
 * either way. What a run, a plan and a check print.
 * @module
 */
import { allowFlags } from "../loop/mod.ts";
import { unreadableProxyBypass } from "../net/mod.ts";
import type { ConfigSpec } from "./spec.ts";

/**
 * Warns when some task's requests go by the environment's `no_proxy` and the run may not read it.
 *
 * @param config The config.
 * @returns The warning, or none.
 */
export function proxyBypassWarnings(config: ConfigSpec): string[] {
  // A task with a proxy: false or a noProxy of its own does not read the variables' bypass.
  const readsBypass = config.tasks.some((task) => {
    if (task.kind === "sleep") return false;
    // A custom task's `ctx.fetch` goes by the defaults.
    const options = task.kind === "fetch" ? task.options : config.defaults;
    return options.proxy !== false && options.noProxy === undefined;
  });
  if (!readsBypass) return [];
  const names = unreadableProxyBypass();
  if (names.length === 0) return [];
  return [
    `Cannot read ${names.join(" or ")} (--allow-env leaves ${names.length === 1 ? "it" : "them"} ` +
    `out) while a proxy variable is read: the hosts ${names.length === 1 ? "it" : "they"} may ` +
    `list to reach directly go through the proxy; start corun with ` +
    allowFlags("env", names),
  ];
}
