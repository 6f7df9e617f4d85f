/**
 * Loading and validating configs: every problem of a file reported at once, located.
 * @module
 */
import {
  carriesCredentials,
  credentialsRefusal,
  hasUrlScheme,
  redactCredentials,
  shownLocation,
  withoutCredentials,
} from "../net/mod.ts";
import type { ConfigSpec } from "../tasks/spec.ts";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { dirname, fromFileUrl, resolve, toFileUrl } from "./deps.ts";
import { importConfigModule } from "./format_module.ts";
import { checkedLoadArguments, checkedValidateArguments } from "./load_options_check.ts";
import { DEFAULT_MAX_CONFIG_SIZE, readConfigText, unreadableConfig } from "./read_capped.ts";
import { readStdinConfig, STDIN_LOCATION, STDIN_SOURCE, stdinFormatOf } from "./stdin_config.ts";
import { DEFAULT_URL_TIMEOUT_MS, readConfigUrl } from "./read_url.ts";
import { DEFAULT_MAX_LISTED_ISSUES, firstByField, listIssues } from "./issue_list.ts";
import type { ParsedConfig } from "./locate.ts";
import { DEFAULT_MAX_NESTING_DEPTH, findNestingProblem } from "./nesting.ts";
import { normalizeConfig } from "./normalize.ts";
import type { PathIssue } from "./path_issue.ts";
import { type ValidConfigInput, withoutExtensionKeys } from "./schema.ts";
import { checkJsonBodies } from "./json_body.ts";
import { checkTimeoutTotals } from "./timeout_totals.ts";
import { checkReferencedFiles } from "./referenced_files.ts";
import { resolveSecrets, unreadSecrets } from "./secret_refs.ts";
import { followSecretFiles } from "./secret_refresh.ts";
import { checkOriginKeys } from "./origins.ts";
import {
  checkItemChecksums,
  checkItemSaves,
  checkRunSaveCollisions,
  checkSaveCollisions,
} from "./save_collisions.ts";
import { checkSaveTemplates } from "./save_templates.ts";
import { renderSaves } from "./known_saves.ts";
import { checkTaskGraph } from "./task_graph.ts";
import { pageUrlHint } from "./page_url_hint.ts";
import { outsideRefusedFields, urlConfigPathIssues } from "./url_config_paths.ts";
import { checkUrlPatterns } from "./url_sources.ts";
import { schemaIssues } from "./validate.ts";
import { messageOf } from "../loop/mod.ts";

/** How a text format is read. */
interface TextFormat {
  /** The data with its syntax problems and a locator. */
  parse(
    text: string,
    file: string,
    options: LoadConfigOptions,
  ): ParsedConfig | Promise<ParsedConfig>;
  /**
   * True when `parse` refuses nesting past the limit exactly and its values are a tree (JSON): the
   * walk over the value (`nesting.ts`) is spared. YAML aliases share values and TOML dotted keys
   * nest where the parser does not count.
   */
  nestingChecked?: boolean;
}

// Each format's parser is loaded only when a config of that format is read: a run pays for one.
const loadYaml = async (): Promise<TextFormat> => {
  const { parseYamlConfig } = await import("./format_yaml.ts");
  return {
    parse: (text, file, options) =>
      parseYamlConfig(text, file, options.maxAliasNodes, options.maxNestingDepth),
  };
};
const loadJson = async (comments: boolean): Promise<TextFormat> => {
  const { parseJsonConfig } = await import("./format_json.ts");
  return {
    parse: (text, file, options) =>
      parseJsonConfig(text, file, { comments, maxDepth: options.maxNestingDepth }),
    nestingChecked: true,
  };
};
const loadToml = async (): Promise<TextFormat> => {
  const { parseTomlConfig } = await import("./format_toml.ts");
  return { parse: (text, file, options) => parseTomlConfig(text, file, options.maxNestingDepth) };
};
const TEXT_FORMATS: Record<string, () => Promise<TextFormat>> = {
  ".yaml": loadYaml,
  ".yml": loadYaml,
  ".json": () => loadJson(false),
  ".jsonc": () => loadJson(true),
  ".toml": loadToml,
};
const MODULE_EXTENSIONS = [".ts", ".mts", ".js", ".mjs"];

/** Media types a server may give a text config whose URL has no known extension. */
const MEDIA_TYPES: Record<string, string> = {
  "application/json": ".json",
  "application/yaml": ".yaml",
  "application/x-yaml": ".yaml",
  "text/yaml": ".yaml",
  "text/x-yaml": ".yaml",
  "application/toml": ".toml",
  "text/toml": ".toml",
};

/** The file extensions `loadConfig` understands. */
export const CONFIG_EXTENSIONS: readonly string[] = [
  ...Object.keys(TEXT_FORMATS),
  ...MODULE_EXTENSIONS,
];

/** Options of `loadConfig`. */
export interface LoadConfigOptions {
  /**
   * The largest text config read, in bytes; a larger one is refused before it is parsed. A
   * TypeScript or JavaScript config is imported by Deno, not read by corun: it is a program, and no
   * cap applies to it.
   * At most 500 MiB (`MAX_CONFIG_SIZE_CEILING`), as `--max-config-size`.
   * @default 64 MiB (`DEFAULT_MAX_CONFIG_SIZE`)
   */
  maxConfigSize?: number;
  /**
   * The most values YAML aliases may repeat in one config: each alias counts the values of the node
   * it names, aliases in it included (a long text counts once per started KiB). Past it, the config
   * is refused at the alias, so a "billion laughs" costs no more than this. JSON and TOML have no
   * aliases.
   * From 1 to 10,000,000 (`MAX_ALIAS_NODES_CEILING`), as `--max-alias-nodes`.
   * @default 100,000 (`DEFAULT_MAX_ALIAS_NODES`)
   */
  maxAliasNodes?: number;
  /**
   * The most levels objects and arrays may nest (the config itself is level 1), in every format:
   * past it the config is refused where the nesting goes too deep, before a parser or check
   * recurses far enough to overflow the stack. A value that contains itself (only code can build
   * one) is refused too.
   * @default 1,000 (`DEFAULT_MAX_NESTING_DEPTH`)
   */
  maxNestingDepth?: number;
  /**
   * The longest a text config given by an `http:` or `https:` URL may take to arrive, from
   * connecting to its last byte (retries and redirects included), and a TypeScript or JavaScript
   * config to import (its top-level `await` and the promise it exports included: one that never
   * settles is a `ConfigError` once this has passed). Above 0, as `--config-timeout`.
   * @default 30,000 (`DEFAULT_URL_TIMEOUT_MS`)
   */
  urlTimeoutMs?: number;
  /** Extra CA certificates (PEM text) trusted, besides the system's, for a config given by an `https:` URL. */
  caCerts?: string[];
  /**
   * How many problems the `ConfigError` lists, the first in file order; one more issue counts the
   * others.
   * @default 100 (`DEFAULT_MAX_LISTED_ISSUES`)
   */
  maxListedIssues?: number;
  /**
   * Where relative paths in a config read from standard input (`"-"`) resolve: it has no folder of
   * its own. The command line gives the folder it was typed in.
   * @default the working directory
   */
  stdinBaseDir?: string;
  /**
   * Whether the credentials the config keeps out of it (`{ env: NAME }`, `{ file: PATH }`) are
   * read. Set to false, for what only looks at a config (its output directory, its queue, its URLs), no
   * variable or file is touched nor asked permission for (each reference's shape is still checked),
   * and the spec says so in `secretsNotRead`: it holds no credential, and `run` refuses it
   * (`SecretsNotReadError`) before anything is sent.
   * @default true
   */
  readSecrets?: boolean;
  /**
   * Stops the load: once it aborts, `loadConfig` throws its reason (a `DOMException` named
   * `AbortError`, unless `abort(reason)` gave another), a config URL's request is closed, and a
   * TypeScript config still being imported (a top-level `await`) is no longer waited for: Deno
   * cannot stop an import, and what it does once done is ignored.
   * @default none
   */
  signal?: AbortSignal;
}

/**
 * Loads a config file: YAML, JSON, JSONC, TOML, or a TypeScript / JavaScript module whose default export
 * is the config. Relative paths in it are resolved against the file's directory.
 *
 * `"-"` reads the config from standard input (`STDIN_LOCATION`): YAML, JSON (read as JSONC) or
 * TOML, told from its first line (`{`: JSON; a `[table]` or `key = value`: TOML; else YAML), under
 * the same size cap; messages and `source` name it `<stdin>` (`STDIN_SOURCE`), and its relative
 * paths resolve against `stdinBaseDir`. A TypeScript or JavaScript config cannot come that way (Deno
 * imports a module from a file or URL): it is refused, saying so.
 *
 * A config may also be given by an `http:` or `https:` URL. A text config is fetched with corun's
 * HTTP client (the same size cap, `urlTimeoutMs`, certificates verified, at most 5 redirects, never
 * from https to http); its format comes from the URL path's extension, else from the Content-Type.
 * A TypeScript / JavaScript config is imported by Deno, which must be allowed to import from the
 * host (`--allow-import=HOST`). A config from a URL has no folder: its `outDir` is relative to the
 * working directory and must stay inside it, and it may not name local files (`caFile`,
 * `body: { file }`) nor read credentials from this machine (`{ env }`, `{ file }`).
 *
 * A credential field's `{ env: NAME }` or `{ file: PATH }` is read now (secret_refs.ts): the spec
 * holds the text, and the files read are its `secretFiles`; with `readSecrets: false` none is read,
 * and the spec cannot run. A process that outlives one run gets the texts of files changed since
 * from `refreshSecrets` (secret_refresh.ts).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { ConfigError, loadConfig } from "@corun/corun";
 * const path = await Deno.makeTempFile({ suffix: ".yaml" });
 * await Deno.writeTextFile(path, "tasks:\n  - sleep: 3s\n  - sleep: soon\n");
 * try {
 *   await loadConfig(path);
 * } catch (error) {
 *   if (!(error instanceof ConfigError)) throw error;
 *   assertEquals(error.issues.map((issue) => [issue.line, issue.path]), [[3, "tasks[1].sleep"]]);
 * } finally {
 *   await Deno.remove(path);
 * }
 * ```
 * @param location The config file, a `file:` URL, an `http:` / `https:` URL (as text or a `URL`),
 *   or `-` for standard input.
 * @param options Limits on what a config may cost to read; how a URL is fetched.
 * @returns The validated config with defaults applied; `source` is `location` (a `URL`'s `href`), an
 *   `http:` or `https:` URL's without its query and fragment, which may hold a token (and which
 *   every message leaves out too).
 * @throws {ConfigError} When the file cannot be read or parsed, or has any problem; all are listed.
 * @throws {RangeError} When a limit is past what its flag takes (`maxConfigSize` above 500 MiB,
 *   `maxAliasNodes` outside 1 to 10,000,000, `urlTimeoutMs` not above 0), naming it.
 * @throws {TypeError} When an option is unknown (`readSecret`: with the one likely meant) or of the
 *   wrong kind (`signal` no `AbortSignal`), naming it; nothing is read.
 * @throws The reason of `options.signal` (an `AbortError`) when it aborts before the config is
 *   loaded.
 */
export async function loadConfig(
  location: string | URL,
  given: LoadConfigOptions = {},
): Promise<ConfigSpec> {
  const options = checkedLoadArguments(location, given);
  const signal = options.signal;
  if (signal === undefined) return await loadWhole(location, options);
  signal.throwIfAborted();
  return await unlessAborted(loadWhole(location, options), signal);
}

/**
 * `work`'s outcome, or the reason of `signal` if it aborts first: `work` is not waited for then, and
 * its failure is nobody's (not an unhandled rejection).
 */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Loads a config, as {@linkcode loadConfig} says, the signal aside. */
async function loadWhole(location: string | URL, options: LoadConfigOptions): Promise<ConfigSpec> {
  // A URL as `run()` takes one (`new URL("./tasks.yaml", import.meta.url)`): its text says it all.
  const path = location instanceof URL ? location.href : location;
  if (path === STDIN_LOCATION) return await loadStdinConfig(options);
  const remote = remoteUrlOf(path);
  // How every message and `source` name it: a URL without what may carry a token (its query).
  const name = remote === undefined ? path : shownLocation(path);
  const filePath = remote === undefined ? filePathOf(path) : undefined;
  // Before the extension: `tasks.yaml/` or `.` would be met as an OS error, or an unknown format.
  if (filePath !== undefined && isFolder(filePath)) {
    throw unreadableConfig(path, "it is a folder; name the config file in it");
  }
  const extension = extensionOf(remote?.pathname ?? filePath!);
  let loadFormat: (() => Promise<TextFormat>) | undefined = TEXT_FORMATS[extension];
  const isModule = MODULE_EXTENSIONS.includes(extension);
  // A URL's path may not tell (`/config`, `/tasks.php`): its Content-Type may.
  if (loadFormat === undefined && !isModule && remote === undefined) {
    throw unknownFormat(name, `the extension "${extension}"`);
  }
  // A config from a URL has no folder: relative paths in it are the working directory's.
  const timeoutMs = options.urlTimeoutMs ?? DEFAULT_URL_TIMEOUT_MS;
  const baseDir = filePath === undefined ? resolve(".") : dirname(resolve(filePath));
  let parsed: ParsedConfig;
  let nestingChecked = false;
  if (isModule) {
    parsed = await importConfigModule(
      remote?.href ?? toFileUrl(resolve(filePath!)).href,
      name,
      timeoutMs,
    );
  } else {
    const maxBytes = options.maxConfigSize ?? DEFAULT_MAX_CONFIG_SIZE;
    let text: string;
    if (remote === undefined) text = await readConfigText(filePath!, path, maxBytes);
    else {
      const served = await readConfigUrl(remote, {
        maxBytes,
        timeoutMs,
        caCerts: options.caCerts,
        signal: options.signal,
      });
      text = served.text;
      loadFormat ??= TEXT_FORMATS[MEDIA_TYPES[served.mediaType ?? ""] ?? ""];
      if (loadFormat === undefined) {
        const mediaType = served.mediaType ?? "none";
        throw unknownFormat(
          name,
          `the URL's extension "${extension}" or Content-Type (${mediaType})`,
          pageUrlHint(remote.href),
        );
      }
    }
    ({ parsed, nestingChecked } = await parseText(text, loadFormat!, name, options));
  }
  const from = { path: name, baseDir, nestingChecked, remote, fromCode: isModule };
  return await validated(parsed, from, options);
}

/**
 * Loads a config from standard input: YAML, JSON (JSONC) or TOML, told from the text
 * (`stdinFormatOf`), under the same size cap as a file; named `<stdin>` in every message.
 */
async function loadStdinConfig(options: LoadConfigOptions): Promise<ConfigSpec> {
  const text = await readStdinConfig(options.maxConfigSize ?? DEFAULT_MAX_CONFIG_SIZE);
  const loadFormat = TEXT_FORMATS[stdinFormatOf(text)];
  const { parsed, nestingChecked } = await parseText(text, loadFormat, STDIN_SOURCE, options);
  const baseDir = resolve(options.stdinBaseDir ?? ".");
  const from = { path: STDIN_SOURCE, baseDir, nestingChecked, fromCode: false };
  return await validated(parsed, from, options);
}

/** Parses a text config, its byte order mark aside; one that holds no value is a problem. */
async function parseText(
  text: string,
  loadFormat: () => Promise<TextFormat>,
  shown: string,
  options: LoadConfigOptions,
): Promise<{ parsed: ParsedConfig; nestingChecked: boolean }> {
  const format = await loadFormat();
  const bare = text.replace(/^\uFEFF/, "");
  const nestingChecked = format.nestingChecked ?? false;
  // JSON would call an empty file a syntax error ("expected a value") at 1:1.
  if (bare.trim() === "") return { parsed: emptyConfig(shown), nestingChecked };
  const parsed = await format.parse(bare, shown, options);
  // Comments only: YAML reads that as null (TOML as no table), which "got null" would not explain.
  if (parsed.usable && (parsed.value === null || parsed.value === undefined)) {
    return { parsed: emptyConfig(shown), nestingChecked };
  }
  return { parsed, nestingChecked };
}

/** Where a parsed config came from, for validating it. */
interface ParsedFrom {
  /** How messages and `source` name the config: as given, a URL as shown, `<stdin>` for `-`. */
  path: string;
  /** Where its relative paths resolve. */
  baseDir: string;
  /** Its parser refused nesting past the limit already (see `TextFormat.nestingChecked`). */
  nestingChecked: boolean;
  /** The URL it was read from. */
  remote?: URL;
  /** Its values were made by code (a TypeScript or JavaScript config), not read from text. */
  fromCode: boolean;
}

/** The validated config, or the `ConfigError` of its first problems, located. */
async function validated(
  parsed: ParsedConfig,
  from: ParsedFrom,
  options: LoadConfigOptions,
): Promise<ConfigSpec> {
  const { path, baseDir, nestingChecked, remote, fromCode } = from;
  const maxListed = options.maxListedIssues ?? DEFAULT_MAX_LISTED_ISSUES;
  const maxDepth = nestingChecked
    ? undefined
    : options.maxNestingDepth ?? DEFAULT_MAX_NESTING_DEPTH;
  const readSecrets = options.readSecrets ?? true;
  const outcome = validateParsed(parsed, {
    baseDir,
    file: path,
    maxListed,
    maxDepth,
    remote,
    readSecrets,
    fromCode,
  });
  if (!isFound(outcome)) return outcome;
  const first = firstByField(outcome.atPaths, parsed.value, maxListed);
  if (parsed.prepareLocate) {
    parsed.locate = await parsed.prepareLocate(first.map((issue) => issue.path));
  }
  return fail(parsed, path, outcome, first, maxListed);
}

/** The path of a config given as a path or a `file:` URL; a URL that names no local file is refused. */
function filePathOf(location: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*:)\/\//i.exec(location)?.[1].toLowerCase();
  // `ftp://host/c.yaml` would be looked for as a file and "not exist": say what corun reads instead.
  if (scheme !== undefined && scheme !== "file:" && !exists(location)) {
    throw unreadableConfig(
      withoutCredentials(location),
      `corun reads a config URL over http: or https:, not ${scheme}`,
    );
  }
  if (!location.startsWith("file:")) return location;
  try {
    return fromFileUrl(location);
  } catch (error) {
    const reason = messageOf(error);
    throw unreadableConfig(location, `not a local file URL (${reason})`, error);
  }
}

/**
 * An `http:` or `https:` URL, read over the network; undefined for anything else. A URL with
 * credentials is refused, shown without them: corun sends none, and every message names the config.
 */
function remoteUrlOf(location: string): URL | undefined {
  if (!/^https?:/i.test(location)) return undefined;
  let url: URL;
  try {
    url = new URL(location);
  } catch (error) {
    throw unreadableConfig(
      shownLocation(location, { replacement: "***@" }),
      "not a valid URL",
      error,
    );
  }
  if (carriesCredentials(url, location)) {
    throw unreadableConfig(
      shownLocation(location, { replacement: "***@" }),
      `${credentialsRefusal(location)}; fetch it yourself (curl -u) and give corun the file`,
    );
  }
  return url;
}

function extensionOf(path: string): string {
  return /\.[^./\\]+$/.exec(path)?.[0].toLowerCase() ?? "";
}

function unknownFormat(location: string, from: string, hint = ""): ConfigError {
  const known = CONFIG_EXTENSIONS.join(", ");
  return new ConfigError(location, [{
    file: location,
    path: "",
    message: `cannot tell the config format from ${from} (expected ${known})${hint}`,
  }]);
}

/** What names a config given as an object, without a `source` (`run()` gives it that name too). */
export const INLINE_SOURCE = "inline config";

/** Options of `validateConfig`. */
export interface ValidateConfigOptions {
  /**
   * Directory relative paths are resolved against.
   * @default the directory of `source` when it is a file path or `file:` URL, else the working directory
   */
  baseDir?: string;
  /**
   * How many problems the `ConfigError` lists; one more issue counts the others.
   * @default 100 (`DEFAULT_MAX_LISTED_ISSUES`)
   */
  maxListedIssues?: number;
  /**
   * The most levels objects and arrays may nest; a value that contains itself is refused too.
   * @default 1,000 (`DEFAULT_MAX_NESTING_DEPTH`)
   */
  maxNestingDepth?: number;
}

/**
 * Validates a config given as an object (for configs written in code) and applies defaults.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { validateConfig } from "@corun/corun";
 * const spec = validateConfig({ tasks: [{ sleep: "3s" }] }, "inline");
 * assertEquals(spec.tasks.map((task) => [task.name, task.kind]), [["task-1", "sleep"]]);
 * ```
 * @param input The raw config, shaped like a config file's content.
 * @param source Where it came from, for messages and `ConfigSpec.source`; without it (or ""),
 *   `"inline config"`, and relative paths are the working directory's.
 * @param options The base directory of relative paths.
 * @returns The validated config with defaults applied.
 * @throws {ConfigError} When the config has any problem; all are listed (field paths, no lines).
 * @throws {TypeError} When `source` is not text (options given in its place), or an option is
 *   unknown or of the wrong kind, naming it.
 */
export function validateConfig(
  input: unknown,
  source: string = INLINE_SOURCE,
  given: ValidateConfigOptions = {},
): ConfigSpec {
  const options = checkedValidateArguments(source, given);
  // "" names nothing: said as a config without a source is, its paths the working directory's.
  if (source === "") source = INLINE_SOURCE;
  const baseDir = options.baseDir ?? defaultBaseDir(source);
  const parsed = { value: input, issues: [], usable: true };
  const maxListed = options.maxListedIssues ?? DEFAULT_MAX_LISTED_ISSUES;
  const maxDepth = options.maxNestingDepth ?? DEFAULT_MAX_NESTING_DEPTH;
  const outcome = validateParsed(parsed, {
    baseDir,
    file: source,
    maxListed,
    maxDepth,
    readSecrets: true,
    fromCode: true,
  });
  if (!isFound(outcome)) return outcome;
  return fail(parsed, source, outcome, firstByField(outcome.atPaths, input, maxListed), maxListed);
}

function defaultBaseDir(source: string): string {
  if (source.startsWith("file:")) return dirname(filePathOf(source));
  if (hasUrlScheme(source)) return resolve(".");
  return dirname(resolve(source));
}

function exists(filePath: string): boolean {
  try {
    Deno.lstatSync(filePath);
    return true;
  } catch {
    return false;
  }
}

function isFolder(filePath: string): boolean {
  try {
    return Deno.statSync(filePath).isDirectory;
  } catch {
    return false; // reading it says why it cannot be read
  }
}

/** A text config that holds no value at all. */
function emptyConfig(file: string): ParsedConfig {
  const what = file === STDIN_SOURCE ? "standard input" : "the file";
  const message = `${what} holds no config (it is empty, or only comments); write at least ` +
    "`tasks:` with one task";
  return { value: undefined, issues: [{ file, path: "", message }], usable: false };
}

/** What validating parsed data needs to know besides the data. */
interface ValidationContext {
  /** Where relative paths are resolved. */
  baseDir: string;
  /** The config as given, for messages and the spec's `source`. */
  file: string;
  maxListed: number;
  /** Undefined when the parser already bounded the nesting of a tree. */
  maxDepth: number | undefined;
  /** The config was read from this URL: no local files, `outDir` inside the working directory. */
  remote?: URL;
  /** Its `{ env }` and `{ file }` credentials are read (`LoadConfigOptions.readSecrets`). */
  readSecrets: boolean;
  /**
   * Its values were made by code (`validateConfig`, a TypeScript config), where a Date in a JSON
   * body is meant; in a YAML or TOML file it is the parser's reading of an unquoted value.
   */
  fromCode: boolean;
}

/** Validates parsed data: the spec when all is well, else the problems found (not yet located). */
function validateParsed(parsed: ParsedConfig, context: ValidationContext): ConfigSpec | Found {
  const { baseDir, file, maxListed, maxDepth } = context;
  if (!parsed.usable) return { atPaths: [], unlisted: 0 };
  // First, and alone: the checks and normalisation after it recurse through values.
  const nesting = maxDepth === undefined
    ? undefined
    : findNestingProblem(withoutExtensionKeys(parsed.value), maxDepth);
  if (nesting) return { atPaths: [{ path: nesting.path, message: nesting.message }], unlisted: 0 };
  // The schema keeps only the issues that can be listed: a wrong key a million times is counted.
  const schema = schemaIssues(parsed.value, maxListed);
  const saves = renderSaves(parsed.value); // once, for the two checks that need it
  // A config from a URL reads nothing of this machine's: its `{ env }` and `{ file }` are refused.
  const read = context.remote
    ? undefined
    : context.readSecrets
    ? resolveSecrets(parsed.value, baseDir)
    : { issues: [], secrets: unreadSecrets(parsed.value) };
  // A config from a URL may name no local file: each such field is refused as a whole, once.
  const refused = read === undefined ? urlConfigPathIssues(parsed.value, baseDir) : [];
  const atPaths = [
    ...outsideRefusedFields(schema.issues, refused),
    ...checkOriginKeys(parsed.value),
    ...checkTaskGraph(parsed.value),
    ...checkUrlPatterns(parsed.value),
    ...checkSaveTemplates(parsed.value, saves),
    ...checkSaveCollisions(parsed.value, saves),
    ...checkItemSaves(parsed.value),
    ...checkItemChecksums(parsed.value),
    ...checkJsonBodies(parsed.value, context.fromCode),
    ...checkTimeoutTotals(parsed.value),
    ...(read === undefined
      ? refused
      : [...checkReferencedFiles(parsed.value, baseDir), ...read.issues]),
  ];
  if (atPaths.length === 0 && schema.unlisted === 0 && parsed.issues.length === 0) {
    // The schema has no transforms: the data it accepts is the input itself.
    const input = parsed.value as ValidConfigInput;
    const options = {
      baseDir,
      source: file,
      fromUrl: context.remote !== undefined,
      secrets: read?.secrets,
    };
    const spec = normalizeConfig(input, options);
    // The files a run keeps as its own are known from the config once it is valid.
    const collisions = checkRunSaveCollisions(input, spec, saves);
    if (collisions.length > 0) return { atPaths: collisions, unlisted: 0 };
    // For `schedule` and `worker`, which read a secret file again once it changes.
    if (read !== undefined) followSecretFiles(spec, input, options);
    return spec;
  }
  return { atPaths, unlisted: schema.unlisted };
}

/** Problems at field paths: the first ones, and how many more were only counted. */
interface Found {
  atPaths: PathIssue[];
  unlisted: number;
}

function isFound(outcome: ConfigSpec | Found): outcome is Found {
  return "atPaths" in outcome;
}

/**
 * A syntax problem without a URL's `user:password@`: a hint quotes the text the parser could not
 * read (`as in fetch: "*http://bob:pw@…"`), whatever its key.
 */
function withoutUrlCredentials(issue: ConfigIssue): ConfigIssue {
  const message = redactCredentials(issue.message);
  return message === issue.message ? issue : { ...issue, message };
}

/** Throws the first problems (`listIssues`), located where the format allows. */
function fail(
  parsed: ParsedConfig,
  file: string,
  found: Found,
  first: readonly PathIssue[],
  maxListed: number,
): never {
  const usable = parsed.usable;
  const total = parsed.issues.length + (usable ? found.atPaths.length + found.unlisted : 0);
  const issues = listIssues(
    {
      located: parsed.issues.map(withoutUrlCredentials),
      first: usable ? first : [],
      total,
      locate: parsed.locate,
    },
    file,
    maxListed,
  );
  throw new ConfigError(file, issues, { cause: parsed.cause, problems: total });
}
