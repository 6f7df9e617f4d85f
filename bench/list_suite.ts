/**
 * A list file of N URLs (`fetch: { urls: FILE }`, default 1,000,000) against the shared nginx's small
 * files, fetched by one corun run with its defaults: does memory stay flat as the list is read? The
 * resident set size is sampled every 200 ms from `/proc/<pid>/status`; progress is the metadata log's
 * size over its size at the end (lines are about the same length), so the table says the RSS at 10%,
 * 50%, 90% and 100% of the list, the peak (`VmHWM`), and fetches per second.
 * @module
 */
import { type BenchPaths, corunArgs } from "./peer_suite.ts";

/** Options of {@linkcode benchList}. */
export interface ListOptions {
  /** URLs in the list. */
  size: number;
  /** Requests in flight at once (`concurrency` and `perHost`). */
  concurrency: number;
  /** Save each body (a tab and a path per line, 1,000 files a folder); else bodies are read and dropped. */
  save: boolean;
  /** Sampling interval. @default 200 */
  intervalMs?: number;
}

/** One reading of the running process. */
export interface RssSample {
  /** Since the start, in ms. */
  atMs: number;
  /** `VmRSS`, KiB. */
  rssKiB: number;
  /** Bytes of the metadata log so far. */
  logBytes: number;
}

/** What one list run measured. */
export interface ListResult {
  size: number;
  save: boolean;
  wallSec: number;
  /** corun's exit code. */
  exitCode: number;
  /** Lines in the metadata log at the end. */
  lines: number;
  /** RSS (KiB) at 10%, 50%, 90% and 100% of the list, undefined when no sample got there. */
  rssAtKiB: (number | undefined)[];
  /** `VmHWM` last read before the process ended, KiB. */
  peakKiB: number | undefined;
}

/** Where in the list the table reads the RSS. */
export const PROGRESS_POINTS = [0.1, 0.5, 0.9, 1] as const;

/** The shared nginx's small corpus: URLs of the list cycle over it. */
const SMALL_FILES = 10_000;

/**
 * Line `index` of the list: a small file's URL, and with `save` a tab and where to save it.
 *
 * @param index The line's number, from 0.
 * @param save Give it a save path.
 * @returns The line, with its newline.
 */
export function listLine(index: number, save: boolean): string {
  const url = `http://127.0.0.1:18080/small/${index % SMALL_FILES}.html`;
  return save ? `${url}\tlist/${Math.floor(index / 1000)}/${index}.html\n` : `${url}\n`;
}

/**
 * Writes the list file, a megabyte at a time (a list of a million lines is never one string).
 *
 * @param path Where.
 * @param size Lines.
 * @param save Lines carry save paths.
 */
export async function writeList(path: string, size: number, save: boolean): Promise<void> {
  using file = await Deno.open(path, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  let chunk = "";
  for (let index = 0; index < size; index++) {
    chunk += listLine(index, save);
    if (chunk.length >= 1 << 20) {
      await writeAllTo(file, encoder.encode(chunk));
      chunk = "";
    }
  }
  await writeAllTo(file, encoder.encode(chunk));
}

async function writeAllTo(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length;) at += await file.write(bytes.subarray(at));
}

/**
 * The config: one task fetching every URL of the list, with corun's defaults otherwise.
 *
 * @param listPath The list file, absolute.
 * @param outDir Where bodies and the metadata log go.
 * @param concurrency Requests in flight.
 * @returns YAML text.
 */
export function listConfigYaml(listPath: string, outDir: string, concurrency: number): string {
  return [
    `outDir: ${JSON.stringify(outDir)}`,
    `concurrency: ${concurrency}`,
    `perHost: ${concurrency}`,
    "tasks:",
    `  - { name: list, fetch: { urls: ${JSON.stringify(listPath)} } }`,
  ].join("\n") + "\n";
}

/**
 * The RSS when the run had got through each fraction of the list: the first sample whose log had
 * reached that share of its final size; at 1, the last sample.
 *
 * @param samples Readings, in time order.
 * @param finalLogBytes The log's size at the end.
 * @param points Fractions of the list.
 * @returns KiB per point; undefined where no sample got there.
 */
export function rssAtProgress(
  samples: readonly RssSample[],
  finalLogBytes: number,
  points: readonly number[] = PROGRESS_POINTS,
): (number | undefined)[] {
  return points.map((point) => {
    // The end is the last reading: the log's last batch may land after it, as the run closes.
    if (point >= 1) return samples.at(-1)?.rssKiB;
    if (finalLogBytes === 0) return undefined;
    return samples.find((sample) => sample.logBytes / finalLogBytes >= point)?.rssKiB;
  });
}

/**
 * Reads `VmRSS` and `VmHWM` from a `/proc/<pid>/status` text.
 *
 * @param status The file's text.
 * @returns KiB each, undefined when absent (the process has ended).
 */
export function parseProcStatus(status: string): { rssKiB?: number; hwmKiB?: number } {
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s*(\\d+) kB`, "m").exec(status);
    return match ? Number(match[1]) : undefined;
  };
  return { rssKiB: field("VmRSS"), hwmKiB: field("VmHWM") };
}

/**
 * Runs corun on a list file of `options.size` URLs and samples its memory.
 *
 * @param paths Where things are (the list and config go to `workDir`, the output to `outDir`-list).
 * @param options Size, concurrency, saving.
 * @returns What was measured.
 */
export async function benchList(paths: BenchPaths, options: ListOptions): Promise<ListResult> {
  const intervalMs = options.intervalMs ?? 200;
  await Deno.mkdir(paths.workDir, { recursive: true });
  const listPath = `${paths.workDir}/list-${options.size}${options.save ? "-save" : ""}.txt`;
  await writeList(listPath, options.size, options.save);
  const outDir = `${paths.outDir}-list`;
  await Deno.remove(outDir, { recursive: true }).catch(() => {});
  const configPath = `${paths.workDir}/list.yaml`;
  await Deno.writeTextFile(configPath, listConfigYaml(listPath, outDir, options.concurrency));
  const [command, ...args] = [...corunArgs(paths, configPath), "--out", outDir];
  const logPath = `${outDir}/corun.jsonl`;
  const started = performance.now();
  const child = new Deno.Command(command, { args, stdout: "null", stderr: "inherit" }).spawn();
  const samples: RssSample[] = [];
  let peakKiB: number | undefined;
  let ended = false;
  const status = child.status.finally(() => ended = true);
  while (!ended) {
    const text = await Deno.readTextFile(`/proc/${child.pid}/status`).catch(() => "");
    const { rssKiB, hwmKiB } = parseProcStatus(text);
    const logBytes = await Deno.stat(logPath).then((info) => info.size, () => 0);
    if (rssKiB !== undefined) {
      samples.push({ atMs: performance.now() - started, rssKiB, logBytes });
      peakKiB = hwmKiB ?? peakKiB;
    }
    await Promise.race([status, new Promise((wake) => setTimeout(wake, intervalMs))]);
  }
  const { code } = await status;
  const wallSec = (performance.now() - started) / 1000;
  const finalLogBytes = await Deno.stat(logPath).then((info) => info.size, () => 0);
  const lines = await countLines(logPath);
  await Deno.remove(outDir, { recursive: true }).catch(() => {});
  return {
    size: options.size,
    save: options.save,
    wallSec,
    exitCode: code,
    lines,
    rssAtKiB: rssAtProgress(samples, finalLogBytes),
    peakKiB,
  };
}

/** Lines of a file, read a piece at a time; 0 when it does not exist. */
async function countLines(path: string): Promise<number> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch {
    return 0;
  }
  using _ = file;
  const buffer = new Uint8Array(1 << 20);
  let lines = 0;
  for (let read = await file.read(buffer); read !== null; read = await file.read(buffer)) {
    for (let i = 0; i < read; i++) if (buffer[i] === 0x0a) lines++;
  }
  return lines;
}

/**
 * Renders list runs as a Markdown table.
 *
 * @param results One entry per run.
 * @returns Markdown text, ending in a newline.
 */
export function renderListTable(results: readonly ListResult[]): string {
  const mib = (kib: number | undefined) =>
    kib === undefined ? "–" : `${(kib / 1024).toFixed(0)} MiB`;
  const header = [
    "list",
    "wall (s)",
    "fetches/s",
    ...PROGRESS_POINTS.map((point) => `RSS at ${point * 100}%`),
    "peak RSS",
    "metadata lines",
    "exit",
  ];
  const rows = results.map((result) => [
    `${result.size.toLocaleString("en-US")} URLs${result.save ? ", saved" : ", not saved"}`,
    result.wallSec.toFixed(1),
    Math.round(result.size / result.wallSec).toLocaleString("en-US"),
    ...result.rssAtKiB.map(mib),
    mib(result.peakKiB),
    result.lines.toLocaleString("en-US"),
    String(result.exitCode),
  ]);
  const align = header.map((_, index) => index === 0 ? "---" : "---:");
  return [header, align, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n") + "\n";
}
