/**
 * The fetches one fetch task declares: its URL, its pattern's URLs, or its list's lines, in batches
 * as they are read (a list of a million lines is never in memory at once). The runner puts them into
 * its own frontier; `corun submit` into the shared one.
 * @module
 */
import { countUrlListSteps, parseUrlPattern, readUrlList } from "../frontier/mod.ts";
import { MAX_PATTERN_HOSTS, patternHosts, patternUrlProblem } from "../frontier/url_pattern.ts";
import { urlTextWithoutCredentials } from "../net/mod.ts";
import { STDIN_SOURCE } from "./config_id.ts";
import { dirname, fromFileUrl, isAbsolute, resolve } from "./deps.ts";
import type { FetchItem } from "./fetch_item.ts";
import type { ConfigSpec, FetchTaskSpec } from "./spec.ts";
import { fetchedOriginOf } from "./url_origin.ts";

/** Items handed on at once from a pattern (a list's batches are the reader's own). */
const PATTERN_BATCH = 1_000;

/**
 * Where a config's relative paths (its list files, its output directory) resolve: the folder of its
 * file, else the working directory (a config made in code, or loaded from a URL). A run and a
 * submit of the same config must read the same list files.
 *
 * @param config The config.
 * @returns An absolute directory.
 */
export function configBaseDir(config: ConfigSpec): string {
  const file = configFileOf(config);
  return file === undefined ? Deno.cwd() : dirname(file);
}

/**
 * The output directory a run of `config` writes in: `outDir` (or the override given for it, the
 * command line's `--out` or the library's `outDir` option) from the config's folder. The runner,
 * the output check and the command line's run files all go by this one.
 *
 * @param config The config.
 * @param outDirOverride The directory given instead of the config's `outDir`.
 * @returns An absolute directory.
 */
export function configOutDir(config: ConfigSpec, outDirOverride?: string): string {
  return resolve(configBaseDir(config), outDirOverride ?? config.outDir);
}

/**
 * The file a config was read from.
 *
 * @param config The config.
 * @returns Its absolute path (of a `file:` URL too); undefined for a config made in code, or read
 *   from an `http:` URL or from standard input.
 */
export function configFileOf(config: ConfigSpec): string | undefined {
  const source = config.source;
  if (!source || source === STDIN_SOURCE) return undefined;
  // A `file:` URL names its file as a path does (`run(new URL("./c.yaml", import.meta.url))`).
  if (/^file:/i.test(source)) {
    try {
      return fromFileUrl(source);
    } catch {
      return undefined; // not a local file (a host's): loading refused it
    }
  }
  return source.includes("://") ? undefined : resolve(source);
}

/**
 * The file a list task reads: its path from `baseDir`, or where the run saved it, when a task of
 * the run downloads the list and `--out` moved the output directory (`RunEnv.movedDownloads`).
 *
 * @param path The list's path, as the task holds it.
 * @param baseDir Where a relative path is resolved.
 * @param movedDownloads Downloaded files the run reads elsewhere.
 * @returns An absolute path.
 */
function listFileOf(
  path: string,
  baseDir: string,
  movedDownloads?: ReadonlyMap<string, string>,
): string {
  const file = isAbsolute(path) ? path : resolve(baseDir, path);
  return movedDownloads?.get(file) ?? file;
}

/**
 * Yields a fetch task's fetches in batches, in order. A list line that cannot be read is an item
 * with a `problem` (it fails alone, located by its line).
 *
 * @param index The task's position in the config.
 * @param spec The task.
 * @param baseDir Where a relative list path is resolved.
 * @param movedDownloads Lists a task of the run saves, read where `--out` put them.
 * @returns Batches of items; `return()` closes a list file read part way.
 */
export async function* fetchItemsOf(
  index: number,
  spec: FetchTaskSpec,
  baseDir: string,
  movedDownloads?: ReadonlyMap<string, string>,
): AsyncGenerator<FetchItem[], void> {
  const source = spec.urls;
  if (source === undefined) {
    yield [{ task: index, url: spec.request.url, depth: 0 }];
    return;
  }
  if (source.kind === "pattern") {
    const pattern = parseUrlPattern(source.pattern);
    let batch: FetchItem[] = [];
    let number = 0;
    for (const { url, parts } of pattern.items()) {
      // Loading checked only a large pattern's first URLs: the rest fail here as those would have
      // (and a URL with credentials is recorded without them).
      const problem = patternUrlProblem(pattern, url, ++number);
      batch.push(
        problem === undefined
          ? { task: index, url, parts, depth: 0 }
          : { task: index, url: urlTextWithoutCredentials(url), parts, depth: 0, problem },
      );
      if (batch.length >= PATTERN_BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
    return;
  }
  for await (const lines of readUrlList(listFileOf(source.path, baseDir, movedDownloads))) {
    const batch: FetchItem[] = [];
    for (const line of lines) {
      if ("error" in line) {
        // Recorded by its URL column as written (no credentials): `url` names what was listed.
        const url = line.written ?? "";
        batch.push({ task: index, url, depth: 0, line: line.line, problem: line.error });
        continue;
      }
      const item: FetchItem = { task: index, url: line.url, depth: 0, line: line.line };
      if (line.save !== undefined) item.save = line.save;
      if (line.checksum !== undefined) item.checksum = line.checksum;
      batch.push(item);
    }
    yield batch;
  }
}

/**
 * Tells the origins of a list's or a pattern's own URLs ahead of its fetches, which are read lazily:
 * a list is streamed once (only each entry's origin is made, as `corun plan` counts it), a
 * pattern's hosts are expanded (its first `MAX_PATTERN_HOSTS`; the others are told as their URLs are
 * put). An origin is told for each entry or host on it: the caller keeps a set.
 *
 * @param spec The task, of a list or a pattern.
 * @param baseDir Where a relative list path is resolved.
 * @param movedDownloads Lists a task of the run saves, read where `--out` put them.
 * @param onOrigin Told each origin.
 * @returns A step per chunk of the list read; `return()` closes a list read part way.
 * @throws {Error} When the list cannot be read, as `fetchItemsOf` would.
 */
export async function* ownOriginsOf(
  spec: FetchTaskSpec,
  baseDir: string,
  movedDownloads: ReadonlyMap<string, string> | undefined,
  onOrigin: (origin: string) => void,
): AsyncGenerator<void, void> {
  const source = spec.urls;
  if (source?.kind === "list") {
    yield* countUrlListSteps(listFileOf(source.path, baseDir, movedDownloads), { onOrigin });
    return;
  }
  const hosts = source === undefined ? undefined : patternHosts(source.pattern);
  if (hosts === undefined) return; // one URL, or hosts that do not expand alone: told as put
  let looked = 0;
  for (const { url } of hosts.items()) {
    if (looked++ === MAX_PATTERN_HOSTS) return;
    const origin = fetchedOriginOf(url);
    if (origin !== undefined) onOrigin(origin);
  }
}
