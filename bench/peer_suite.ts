/**
 * The peer benchmark for corun: make sure the shared nginx and URL lists exist, write corun's config
 * for a workload, check corun's output once, then time corun beside the peers with the shared `run.sh`.
 * @module
 */
import type { CorunCli } from "./corun_cli.ts";
import { fetchConfigYaml, parseList } from "./corun_config.ts";
import { CORUN, parseHyperfineMedians, type WorkloadResult } from "./hyperfine_report.ts";
import { timeCommand } from "./loop_suite.ts";
import { verifyOutput } from "./verify_output.ts";
import type { Workload } from "./workloads.ts";

/** Where things are. */
export interface BenchPaths {
  /** The shared scripts (`server.sh`, `mklists.sh`, `run.sh`). */
  sharedDir: string;
  /** The corpus, certificates and lists (`server.sh start DIR`). */
  benchDir: string;
  /** Generated configs and side files (never the repository). */
  workDir: string;
  /** Where every peer saves (`run.sh`'s `OUT_DIR`). */
  outDir: string;
  /** corun's command line: its script and the `deno run` flags it runs with. */
  corun: CorunCli;
}

const HTTP_PROBE = "http://127.0.0.1:18080/small/0.html";

/**
 * Starts the shared server unless it already answers, and writes the URL lists if they are missing.
 *
 * @param paths Where the scripts and corpus are.
 * @returns True when this call started the server (so the caller may stop it).
 */
export async function ensureServer(paths: BenchPaths): Promise<boolean> {
  let started = false;
  if (!(await answers(HTTP_PROBE))) {
    await runChecked(`${paths.sharedDir}/server.sh`, ["start", paths.benchDir]);
    started = true;
  }
  try {
    await Deno.stat(`${paths.benchDir}/lists/small-https.tsv`);
  } catch {
    await runChecked(`${paths.sharedDir}/mklists.sh`, [paths.benchDir]);
  }
  return started;
}

/** Stops the shared server. */
export async function stopServer(paths: BenchPaths): Promise<void> {
  await runChecked(`${paths.sharedDir}/server.sh`, ["stop", paths.benchDir]);
}

/**
 * Writes corun's config for `workload` under `paths.workDir`: one task reading the workload's list.
 *
 * @param workload What to fetch.
 * @param paths Where things are.
 * @param metadata Keep corun's metadata log (its default). @default true
 * @returns The config's path and the list it reads.
 */
export async function writeWorkloadConfig(
  workload: Workload,
  paths: BenchPaths,
  metadata = true,
  pipeline?: number,
): Promise<{ configPath: string; list: string }> {
  const list = `${paths.benchDir}/lists/${workload.corpus}-${workload.scheme}.tsv`;
  const configPath = `${paths.workDir}/${workload.id}${metadata ? "" : "-no-metadata"}${
    pipeline === undefined ? "" : `-pipeline-${pipeline}`
  }.yaml`;
  await Deno.mkdir(paths.workDir, { recursive: true });
  await Deno.writeTextFile(
    configPath,
    fetchConfigYaml(list, {
      concurrency: workload.concurrency,
      outDir: paths.outDir,
      caFile: workload.scheme === "https" ? `${paths.benchDir}/ca.pem` : undefined,
      metadata,
      pipeline,
    }),
  );
  return { configPath, list };
}

/** The argv of one quiet corun run of `configPath`, without the `--out DIR` that ends it. */
export function corunArgs(paths: BenchPaths, configPath: string): string[] {
  const { flags, entry } = paths.corun;
  return [Deno.execPath(), "run", ...flags, entry, "run", configPath, "--quiet"];
}

/** Options for {@linkcode benchWorkload}. */
export interface WorkloadOptions {
  /** hyperfine runs per command. */
  runs: number;
  /** Keep only these peers (`run.sh`'s `PEERS`), or all. */
  peers?: string;
}

/**
 * Benchmarks one workload: a checked corun run first (outputs compared with the corpus), a one-off
 * peak-RSS sample of Deno's fetch for comparison, then hyperfine over every peer and corun.
 *
 * @param workload What to fetch.
 * @param paths Where things are.
 * @param options Runs and peers.
 * @returns Medians, corun's peak RSS and the output check.
 */
export async function benchWorkload(
  workload: Workload,
  paths: BenchPaths,
  options: WorkloadOptions,
): Promise<WorkloadResult> {
  const { configPath, list } = await writeWorkloadConfig(workload, paths);
  const entries = parseList(await Deno.readTextFile(list));
  const result: WorkloadResult = {
    id: workload.id,
    label: `${workload.label}, c=${workload.concurrency}`,
    mediansSec: new Map(),
  };

  const verifyDir = `${paths.outDir}-verify`;
  await Deno.remove(verifyDir, { recursive: true }).catch(() => {});
  const [command, ...args] = [...corunArgs(paths, configPath), "--out", verifyDir];
  const check = await new Deno.Command(command, { args, stdout: "inherit", stderr: "inherit" })
    .output();
  if (check.success) {
    const report = await verifyOutput(entries, `${paths.benchDir}/www`, verifyDir);
    result.verified = report.problems.length === 0;
    for (const problem of report.problems) console.error(`  ${workload.id}: ${problem}`);
    console.log(`${workload.id}: corun output checked (${report.compared} files compared)`);
  } else {
    result.verified = false;
    console.error(`${workload.id}: corun exited ${check.code}; timing the peers without it`);
  }
  await Deno.remove(verifyDir, { recursive: true }).catch(() => {});

  const rssFile = `${paths.workDir}/rss-${workload.id}.txt`;
  await Deno.writeTextFile(rssFile, "");
  const env: Record<string, string> = {
    DENO: Deno.execPath(),
    BENCH_DIR: paths.benchDir,
    OUT_DIR: paths.outDir,
  };
  if (options.peers) env.PEERS = options.peers;
  if (check.success) {
    env.EXTRA_NAME = CORUN;
    // $O is run.sh's output folder, expanded by hyperfine's shell at each run.
    const argv = [
      "/usr/bin/time",
      "-a",
      "-o",
      rssFile,
      "-f",
      "%M",
      ...corunArgs(paths, configPath),
    ];
    env.EXTRA_CMD = `${argv.map(shellQuote).join(" ")} --out "$O"`;
  }
  const hyperfine = await new Deno.Command(`${paths.sharedDir}/run.sh`, {
    args: [workload.corpus, workload.scheme, String(workload.concurrency), String(options.runs)],
    env,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!hyperfine.success) throw new Error(`Cannot benchmark ${workload.id}: run.sh failed`);
  result.mediansSec = parseHyperfineMedians(
    await Deno.readTextFile(`/tmp/bench-${workload.corpus}-${workload.scheme}.json`),
  );
  const rssKiB = (await Deno.readTextFile(rssFile)).split("\n").filter((l) => /^\d+$/.test(l))
    .map(Number);
  if (rssKiB.length > 0) result.corunPeakRssKiB = Math.max(...rssKiB);
  result.denoFetchPeakRssKiB = await denoFetchPeakRss(workload, paths);
  return result;
}

/** One run of the shared Deno fetch peer under `/usr/bin/time`, for a memory comparison. */
async function denoFetchPeakRss(
  workload: Workload,
  paths: BenchPaths,
): Promise<number | undefined> {
  const out = `${paths.outDir}-rss`;
  const list = `${paths.benchDir}/lists/${workload.corpus}-${workload.scheme}.tsv`;
  const ca = workload.scheme === "https" ? ["--ca", `${paths.benchDir}/ca.pem`] : [];
  const run = await timeCommand({
    label: "deno-fetch",
    count: 1,
    command: Deno.execPath(),
    args: [
      "run",
      "-A",
      `${paths.sharedDir}/deno_fetch.ts`,
      list,
      out,
      String(workload.concurrency),
      ...ca,
    ],
  });
  await Deno.remove(out, { recursive: true }).catch(() => {});
  return run.peakRssKiB;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url);
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

async function runChecked(command: string, args: string[]): Promise<void> {
  const output = await new Deno.Command(command, { args, stdout: "inherit", stderr: "inherit" })
    .output();
  if (!output.success) {
    throw new Error(`Cannot run ${command} ${args.join(" ")}: exit ${output.code}`);
  }
}

/** Quotes a word for sh. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
