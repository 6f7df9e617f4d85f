/**
 * corun configs for the benchmarks, written as YAML text: a fetch workload is one task reading the
 * same URL list the peers read; a sleep workload is one flow mapping per task.
 * @module
 */

/** One line of a URL list from `mklists.sh`: where to fetch and the file name to save it as. */
export interface ListEntry {
  url: string;
  name: string;
}

/**
 * Parses a `URL<TAB>NAME` list written by `mklists.sh`.
 *
 * @param text The list file's text.
 * @returns Its entries, in order.
 * @throws {SyntaxError} When a line has no tab.
 */
export function parseList(text: string): ListEntry[] {
  return text.split("\n").filter((line) => line.trim() !== "").map((line, index) => {
    const tab = line.indexOf("\t");
    if (tab <= 0) throw new SyntaxError(`Cannot parse URL list: line ${index + 1} has no tab`);
    return { url: line.slice(0, tab), name: line.slice(tab + 1).trim() };
  });
}

/** Options for {@linkcode fetchConfigYaml}. */
export interface FetchConfigOptions {
  /** Tasks doing network work at once; also used as `perHost` (every URL has one origin). */
  concurrency: number;
  /** Where bodies go (the benchmark overrides it with `--out`). @default "/dev/shm/bench-out" */
  outDir?: string;
  /** CA certificate for HTTPS, or undefined for plain HTTP. */
  caFile?: string;
  /** Keep corun's metadata log (its default, `corun.jsonl`); false writes `metadata: false`. @default true */
  metadata?: boolean;
  /** HTTP/1.1 pipelining depth (`defaults.pipeline`), or undefined for corun's default (none). */
  pipeline?: number;
}

/**
 * A config of one task that fetches every line of a `URL<TAB>NAME` list (corun's list-file format,
 * the same lists the peers read) to `outDir/NAME`, with corun's default settings unless told
 * otherwise (the metadata log on: the speed targets are for the defaults).
 *
 * @param listFile The list, by absolute path.
 * @param options Concurrency, output directory and CA.
 * @returns YAML text.
 */
export function fetchConfigYaml(listFile: string, options: FetchConfigOptions): string {
  const lines = [
    `outDir: ${quote(options.outDir ?? "/dev/shm/bench-out")}`,
    `concurrency: ${options.concurrency}`,
    `perHost: ${options.concurrency}`,
  ];
  if (options.metadata === false) lines.push("metadata: false");
  const defaults = [
    ...(options.caFile !== undefined ? [`caFile: ${quote(options.caFile)}`] : []),
    ...(options.pipeline !== undefined ? [`pipeline: ${options.pipeline}`] : []),
  ];
  if (defaults.length > 0) lines.push(`defaults: { ${defaults.join(", ")} }`);
  lines.push("tasks:", `  - { name: corpus, fetch: { urls: ${quote(listFile)} } }`);
  return lines.join("\n") + "\n";
}

/**
 * A config of `count` tasks that each sleep `duration`, all at once.
 *
 * @param count How many sleep tasks.
 * @param duration A corun duration such as `"1s"`.
 * @returns YAML text.
 */
export function sleepConfigYaml(count: number, duration: string): string {
  // Sleep tasks take no network permit, so `concurrency` does not limit them.
  const lines = ["outDir: /dev/shm/bench-out", "metadata: false", "tasks:"];
  for (let i = 0; i < count; i++) lines.push(`  - { name: s${i}, sleep: ${quote(duration)} }`);
  return lines.join("\n") + "\n";
}

/** A YAML double-quoted scalar (JSON's string syntax is a subset of it). */
function quote(text: string): string {
  return JSON.stringify(text);
}
