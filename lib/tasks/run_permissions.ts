/**
 * The Deno permissions a run needs that can be known before it starts, and which of them this
 * process lacks (asked without a prompt): `--allow-net` for the hosts of the fetch tasks' own URLs
 * (or the proxies they go through) and of the `notify:` pings, `--allow-write` for the output
 * directory the run writes into and for the cookie jar's folder (lib/loop `pathRefusal`: under
 * `/dev`, `-A`), and `--allow-read` for the working directory, which each write
 * steps back into (lib/sinks `ConfinedDir` writes into a folder from inside it). The runner refuses
 * to start without them, and the command line says so before it takes a lock or sends a ping, so a
 * run never fails task by task for a flag (nor fetches every body to save none).
 *
 * The origins a crawl lists (`crawl.origins`) count as its task's hosts. Hosts that only a list
 * file, a pattern of more than 100 hosts, a redirect, a callback's `ctx.fetch` or an enqueued link
 * of an unlisted crawl reveal are not known here: a fetch to one fails alone, naming the flag it
 * needs (lib/net `connect`); in a worker of a shared queue it stops the worker instead, and the
 * fetch goes back to the queue (lib/frontier/pg `PgFrontier.failed`).
 * @module
 */
import { allowFlags, isGranted, pathRefusal } from "../loop/mod.ts";
import { dirname } from "./deps.ts";
import {
  authorityOf,
  connectHostOf,
  connectPortOf,
  dialHostOf,
  type ProxyEnvironment,
} from "../net/mod.ts";
import { ProxyRouter } from "../http/mod.ts";
import { isStdoutSave } from "../sinks/mod.ts";
import { patternHosts } from "../frontier/mod.ts";
import { originClientSettings } from "./politeness.ts";
import type { ConfigSpec, FetchDefaults, FetchTaskSpec } from "./spec.ts";

/** What a run will do, as far as its permissions go. */
export interface PermissionScope {
  /** How messages name the config (its path). */
  label: string;
  /** The run's output directory, absolute. */
  outDir: string;
  /** How messages name where the output directory is set. @default `<label>: outDir` */
  outDirWhere?: string;
  /** The caller writes into the output directory too, whatever the tasks do (the lock). @default false */
  locking?: boolean;
  /** The config's `notify:` URLs are pinged (the command line pings them). @default false */
  pings?: boolean;
  /** The run saves its cookie jar at the end; a `--virtual-time` preview saves none. @default true */
  savesCookies?: boolean;
  /**
   * What counts as writing into the output directory: what may write there (`"may"`: the command
   * line refuses up front what a custom task or a response callback could write), or only what
   * surely does (`"surely"`: the library's `run()`, which a script may use for tasks that write
   * nothing; a callback's write Deno refuses then fails its task alone). @default "may"
   */
  writes?: "may" | "surely";
  /**
   * The caller writes into the output directory whenever it may, whatever the tasks do (the
   * command line's run history and run marks): with writing there granted, the run writes there.
   * @default false
   */
  recordsWhenPermitted?: boolean;
  /**
   * Servers the caller connects to besides the run's (a worker's database), `host:port` each with
   * who connects (`the database`): one `--allow-net` line names them with the tasks' hosts, so a
   * user adds one flag, not two that would each replace the other. @default none
   */
  alsoConnects?: readonly { host: string; who: string }[];
}

/** How the permissions and the proxy variables are read, injected so tests need no process. */
export interface PermissionProbe {
  /** Whether Deno grants it without a prompt. */
  granted(descriptor: Deno.PermissionDescriptor): boolean;
  /** The proxy variables. @default the process's, read when it may (never a prompt) */
  proxyEnvironment?: ProxyEnvironment;
  /**
   * The working directory, which a run that writes steps back into after each write, so it must
   * read it; undefined when it is gone (removed: each write then says so).
   * @default none: not asked about (the process's probe, the default one, asks about `Deno.cwd()`)
   */
  workingDir?: () => string | undefined;
}

/** The process's permissions and working directory, asked without a prompt. */
const PROCESS_PROBE: PermissionProbe = { granted: isGranted, workingDir: processWorkingDir };

/** One permission the run needs and does not have. */
export interface MissingPermission {
  /** Deno's name of it. */
  name: "net" | "write" | "read";
  /** Where the config asks for it, to start a message: `tasks.yaml`, `tasks.yaml: outDir`, `--out`. */
  where: string;
  /** What corun may not do: `connect to 127.0.0.1:9 (tasks "a" and "b")`, `write to "/srv/out"`. */
  what: string;
  /** The flags that grant it: `--allow-net=127.0.0.1:9 (or --allow-net)`. */
  flags: string;
}

/** Who connects to one `host:port`. */
interface NetUse {
  /** Names of the tasks whose URLs are there. */
  tasks: string[];
  /** Other fields whose URLs are there (`notify.start`). */
  fields: string[];
  /** It is the proxy they go through, not their own host. */
  proxy: boolean;
}

/** Tasks named in a message before the rest are counted. */
const NAMED_TASKS = 3;
/** Hosts named in a message; past them, a count, and the flag for every host. */
const NAMED_HOSTS = 20;

/**
 * Lists the permissions a run of `config` needs and this process lacks, net first.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { validateConfig } from "../../mod.ts";
 * import { missingPermissions, permissionProblem } from "./run_permissions.ts";
 * const config = validateConfig({
 *   outDir: "/srv/out",
 *   tasks: [{ name: "a", fetch: "http://127.0.0.1:9/a", save: "a.txt" }],
 * }, "/srv/tasks.yaml");
 * const nothing = { granted: () => false };
 * const missing = missingPermissions(config, { label: "tasks.yaml", outDir: "/srv/out" }, nothing);
 * assertEquals(missing.map(permissionProblem), [
 *   'tasks.yaml: corun may not connect to 127.0.0.1:9 (task "a"): start it with ' +
 *   "--allow-net=127.0.0.1:9 (or --allow-net)",
 *   'tasks.yaml: outDir: corun may not write to "/srv/out": start it with ' +
 *   "--allow-write=/srv/out (or --allow-write)",
 * ]);
 * ```
 *
 * @param config The validated config.
 * @param scope The output directory, and what the caller adds to the run.
 * @param probe The permissions. @default the process's, asked without a prompt
 * @returns One entry per permission, each naming every target it lacks; empty when none.
 */
export function missingPermissions(
  config: ConfigSpec,
  scope: PermissionScope,
  probe: PermissionProbe = PROCESS_PROBE,
): MissingPermission[] {
  const missing: MissingPermission[] = [];
  // All hosts granted (`--allow-net`) is one question, however many tasks there are.
  if (!probe.granted({ name: "net" })) {
    const lacking = [...netUses(config, scope, probe)].filter(([host]) => !grantsHost(probe, host));
    if (lacking.length > 0) {
      // A config of many one-URL tasks on as many hosts: a line of a few hosts, not megabytes.
      const named = lacking.slice(0, NAMED_HOSTS);
      const more = lacking.length - named.length;
      const hosts = named.map(([host, use]) => `${host} (${usersOf(use)})`).join(", ");
      missing.push({
        name: "net",
        where: scope.label,
        what: `connect to ${hosts}${
          more > 0 ? ` and ${more.toLocaleString("en-US")} more hosts` : ""
        }`,
        flags: more > 0 ? "--allow-net" : allowFlags("net", named.map(([host]) => host)),
      });
    }
  }
  const outDir = scope.outDir;
  const outDirRefusal = pathRefusal("write", outDir, probe.granted);
  const mayWrite = outDirRefusal === undefined;
  const writes = scope.locking ||
    (scope.writes === "surely" ? surelyWritesIntoOutDir(config) : writesIntoOutDir(config));
  if (writes && outDirRefusal !== undefined) {
    missing.push({
      name: "write",
      where: scope.outDirWhere ?? `${scope.label}: outDir`,
      ...outDirRefusal,
    });
  }
  // The jar is saved at the end, a new file renamed over it in its folder: refused then, the run's
  // login session would be lost after every request was sent.
  const jar = scope.savesCookies === false ? undefined : config.cookies?.file;
  const jarRefusal = jar === undefined
    ? undefined
    : pathRefusal("write", dirname(jar), probe.granted);
  if (jarRefusal !== undefined) {
    missing.push({ name: "write", where: `${scope.label}: cookies`, ...jarRefusal });
  }
  const workingDir = probe.workingDir?.();
  if (
    workingDir !== undefined && (writes || (scope.recordsWhenPermitted && mayWrite)) &&
    !probe.granted({ name: "read", path: workingDir })
  ) {
    missing.push({
      name: "read",
      where: scope.label,
      what: `read the working directory ${JSON.stringify(workingDir)} ` +
        "(it steps into each folder it writes to, and back)",
      flags: allowFlags("read", [workingDir]),
    });
  }
  return missing;
}

/** The process's working directory; undefined when it was removed (Deno cannot name it then). */
function processWorkingDir(): string | undefined {
  try {
    return Deno.cwd();
  } catch {
    return undefined;
  }
}

/**
 * How `run` refuses a missing permission: `tasks.yaml: corun may not connect to …: start it with
 * --allow-net=… (or --allow-net)`.
 *
 * @param missing One entry of {@linkcode missingPermissions}.
 * @returns One line.
 */
export function permissionProblem(missing: MissingPermission): string {
  return `${missing.where}: corun may not ${missing.what}: start it with ${missing.flags}`;
}

/**
 * The run writes into its output directory: a saved body, a fetch's metadata line, or what a
 * response callback or a custom task writes (`ctx.write`, `ctx.fetch`). A config of sleeps writes
 * nothing there but the command line's run history, which a run without the permission skips.
 *
 * @param config The validated config.
 * @returns True when some task writes there.
 */
export function writesIntoOutDir(config: ConfigSpec): boolean {
  return config.tasks.some((task) =>
    task.kind === "custom" ||
    (task.kind === "fetch" &&
      (task.save !== undefined || config.metadata !== false || task.onResponse !== undefined))
  );
}

/**
 * Some fetch task surely writes into the output directory: a body saved to a file, or a metadata
 * line. What custom tasks and response callbacks write is left to them.
 */
function surelyWritesIntoOutDir(config: ConfigSpec): boolean {
  return config.tasks.some((task) =>
    task.kind === "fetch" &&
    (config.metadata !== false || (task.save !== undefined && !isStdoutSave(task.save)))
  );
}

/** Each `host:port` the run connects to first, with who does. */
function netUses(
  config: ConfigSpec,
  scope: PermissionScope,
  probe: PermissionProbe,
): Map<string, NetUse> {
  const uses = new Map<string, NetUse>();
  // First, as the caller connects there before any fetch.
  for (const { host, who } of scope.alsoConnects ?? []) {
    uses.set(host, { tasks: [], fields: [who], proxy: false });
  }
  const router = new ProxyRouter(probe.proxyEnvironment);
  const { originProxies } = originClientSettings(config);
  const add = (url: URL, settings: FetchDefaults, who: { task?: string; field?: string }) => {
    let host: string;
    let proxy = false;
    try {
      const through = router.route(url, {
        proxy: settings.proxy,
        noProxy: settings.noProxy,
        originProxies,
      });
      proxy = through !== undefined;
      host = through === undefined
        ? hostOf(url)
        : authorityOf(dialHostOf(through.hostname), through.port);
    } catch {
      return; // a proxy setting that is no proxy URL: each fetch through it fails, saying why
    }
    let use = uses.get(host);
    if (use === undefined) uses.set(host, use = { tasks: [], fields: [], proxy });
    use.proxy ||= proxy;
    // A task's URL and its crawl's listed origin on one host name the task once.
    if (who.task !== undefined && use.tasks.at(-1) !== who.task) use.tasks.push(who.task);
    if (who.field !== undefined) use.fields.push(who.field);
  };
  // A worker of a shared queue too: its config is the one that submitted the queue's fetches.
  for (const task of config.tasks) {
    if (task.kind === "fetch") {
      for (const url of knownUrlsOf(task)) add(url, task.options, { task: task.name });
    }
    // Only a callback or a custom task enqueues, a custom task by the defaults' crawl settings
    // (`CrawlRules`).
    const enqueues = task.kind === "custom" ||
      (task.kind === "fetch" && task.onResponse !== undefined);
    if (!enqueues) continue;
    const settings = task.kind === "fetch" ? task.options : config.defaults;
    for (const origin of settings.crawl.origins) {
      const url = urlOrUndefined(origin);
      if (url !== undefined) add(url, settings, { task: task.name });
    }
  }
  if (scope.pings && config.notify !== undefined) {
    for (const [key, text] of Object.entries(config.notify)) {
      const url = urlOrUndefined(text);
      if (url !== undefined) add(url, config.defaults, { field: `notify.${key}` });
    }
  }
  return uses;
}

/** A pattern's hosts checked up front, at most (`https://{a,b}.example.org/` is two). */
const PATTERN_HOSTS_CHECKED = 100;

/**
 * URLs of the task's own hosts: its one URL, or each host a pattern's authority expands to (its
 * text up to the path, `https://{a,b}.example.org`), when they are few; none for a list, or a
 * pattern of more hosts.
 *
 * @param task A fetch task.
 * @returns The URLs known before the run.
 */
export function knownUrlsOf(task: FetchTaskSpec): URL[] {
  const source = task.urls;
  if (source === undefined) {
    const url = urlOrUndefined(task.request.url);
    return url === undefined ? [] : [url];
  }
  if (source.kind !== "pattern") return [];
  // A host part that does not parse alone (the whole pattern does) is left to the fetches.
  const hosts = patternHosts(source.pattern);
  if (hosts === undefined || hosts.count > PATTERN_HOSTS_CHECKED) return [];
  const urls: URL[] = [];
  for (const { url } of hosts.items()) {
    const parsed = urlOrUndefined(url);
    if (parsed !== undefined) urls.push(parsed);
  }
  return urls;
}

function urlOrUndefined(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url : undefined;
  } catch {
    return undefined;
  }
}

/** `host:port` as Deno's `--allow-net` reads it, the scheme's port when the URL names none. */
function hostOf(url: URL): string {
  return authorityOf(dialHostOf(connectHostOf(url)), connectPortOf(url));
}

/** A host Deno cannot even be asked about is left for its connect to judge. */
function grantsHost(probe: PermissionProbe, host: string): boolean {
  try {
    return probe.granted({ name: "net", host });
  } catch {
    return true;
  }
}

/** `task "a"`, `tasks "a", "b" and 3 more`, `the proxy of task "a"`, `notify.start`. */
function usersOf(use: NetUse): string {
  const parts: string[] = [];
  const { tasks } = use;
  if (tasks.length === 1) parts.push(`task ${JSON.stringify(tasks[0])}`);
  else if (tasks.length > 1) {
    const named = tasks.slice(0, NAMED_TASKS).map((name) => JSON.stringify(name));
    const rest = tasks.length - named.length;
    parts.push(
      rest > 0
        ? `tasks ${named.join(", ")} and ${rest} more`
        : `tasks ${named.slice(0, -1).join(", ")} and ${named.at(-1)}`,
    );
  }
  parts.push(...use.fields);
  const users = parts.join(", ");
  return use.proxy ? `the proxy of ${users}` : users;
}
