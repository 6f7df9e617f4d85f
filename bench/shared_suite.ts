/**
 * The shared-queue benchmark (issue #15's "done when"): `corun submit` and `corun worker --drain`
 * processes on a throwaway PostgreSQL (`startPostgres()` of the tests' fixture, stopped after).
 *
 * - `delay`: a loopback server that answers every request 20 ms late, N URLs (`concurrency: 16`,
 *   `perHost: 256`): one worker, then three started together, each on a fresh database; median
 *   wall time of `runs` runs and the speed-up (target ≥ 2×).
 * - `nginx`: the peer benchmark's 10,000 × 1 KiB corpus served by an nginx of its own (a free port,
 *   the corpus folder of `server.sh` as its root): three workers, each saving to its own folder,
 *   then one alone; every file must be saved once over the folders and byte-identical.
 * - `rate`: `rate: 20/s` on one origin, three workers, 100 URLs; the largest number of requests
 *   in any 1 s window and the overall rate, from the delay server's own log of arrival times.
 *
 * The delay server is a separate `deno` process (this file run with `--serve MS`), so its timers
 * do not share a thread with the benchmark's clock and its child processes' pipes.
 * @module
 */
import type { CorunCli } from "./corun_cli.ts";
import { formatRatio } from "./hyperfine_report.ts";
import { median } from "./settings_suite.ts";
import {
  postgresAvailable,
  type PostgresCluster,
  startPostgres,
} from "../tests/fixtures/postgres_cluster.ts";

/** Options of {@linkcode benchShared}. */
export interface SharedOptions {
  /** URLs of the delay part. */
  urls: number;
  /** Each worker's `concurrency` in the delay part. @default 16 */
  concurrency?: number;
  /** Runs of the delay part (the median is reported). */
  runs: number;
  /** Scratch folder for configs, lists, logs and the nginx of the nginx part. */
  workDir: string;
  /** Prefix of the workers' output folders (`-w1`, `-w2` … appended). */
  outDir: string;
  /** The peer benchmark's corpus folder (`server.sh start DIR`): `DIR/www/small/N.html`. */
  benchDir: string;
  /** corun's command line. */
  corun: CorunCli;
}

/** One timed drain: workers started together, until the last exits. */
export interface DrainRun {
  /** Seconds `corun submit` took. */
  submitSec: number;
  /** Seconds from starting the workers to the last one's exit. */
  wallSec: number;
  /** Fetches each worker reported done, in start order. */
  perWorker: number[];
  /** When the workers were started, epoch ms (to set the server's arrival times against). */
  startedAtMs: number;
  /** User + system CPU seconds of each worker process (`/usr/bin/time`), when measured. */
  cpuSec: number[];
  /** Share of the machine's CPU time busy during the drain, any process (`/proc/stat`). */
  machineBusy: number | undefined;
  /** CPU seconds of the machine during the drain, any process (`/proc/stat`). */
  machineCpuSec: number | undefined;
  /** CPU seconds of PostgreSQL (the postmaster and its backends, ended ones included). */
  postgresCpuSec: number | undefined;
  /** CPU seconds of the delay server, when it served this drain. */
  serverCpuSec: number | undefined;
  /** Transactions committed in the database during the drain (`pg_stat_database`). */
  transactions: number | undefined;
}

/** Where one drain's time went, from the server's arrival times. */
export interface DrainPhases {
  /** Seconds from starting the workers to the first request at the server. */
  toFirstSec: number;
  /** Seconds from the first request to the last. */
  requestsSec: number;
  /** Seconds from the last request to the last worker's exit. */
  afterLastSec: number;
}

/** The delay part: the same queue drained by one worker and by three. */
export interface DelayResult {
  urls: number;
  delayMs: number;
  one: DrainRun[];
  three: DrainRun[];
  /** Each run's phases, beside `one` and `three`. */
  onePhases: (DrainPhases | undefined)[];
  threePhases: (DrainPhases | undefined)[];
}

/** The nginx part: one drain per worker count, checked against the corpus. */
export interface NginxResult {
  files: number;
  rows: { workers: number; run: DrainRun; problems: string[] }[];
}

/** The rate part: request arrival times at the server. */
export interface RateResult {
  urls: number;
  rate: number;
  workers: number;
  requests: number;
  /** Largest number of arrivals within any 1 s. */
  maxInSecond: number;
  /** Requests after the first over the span from first to last, per second. */
  overallPerSec: number;
  spanSec: number;
}

/** Everything the suite measured; a part it could not run says why. */
export interface SharedResult {
  delay: DelayResult;
  nginx: NginxResult | { skipped: string };
  rate: RateResult;
}

const SMALL_FILES = 10_000;
const DELAY_MS = 20;

/**
 * The largest number of times within any window of `windowMs` (a window starts at an arrival and
 * holds those before `start + windowMs`).
 *
 * @param times Arrival times in ms, any order.
 * @param windowMs The window's length.
 * @returns The count; 0 for no times.
 */
export function maxInWindow(times: readonly number[], windowMs = 1_000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start++) {
    while (end < sorted.length && sorted[end] < sorted[start] + windowMs) end++;
    best = Math.max(best, end - start);
  }
  return best;
}

/**
 * The rate over the whole run: arrivals after the first, over the span from first to last.
 *
 * @param times Arrival times in ms, any order.
 * @returns Per second; 0 with fewer than two times or no span.
 */
export function overallRate(times: readonly number[]): number {
  if (times.length < 2) return 0;
  const span = Math.max(...times) - Math.min(...times);
  return span > 0 ? ((times.length - 1) * 1000) / span : 0;
}

/**
 * The fetches done of each `worker ID: N fetches done, M failed` line of a worker's output.
 *
 * @param text The worker's stderr (and stdout).
 * @returns Done counts, in order; empty when there is no such line.
 */
export function workerDone(text: string): number[] {
  return [...text.matchAll(/^worker \S+: (\d+) fetches done, \d+ failed/gm)].map((m) =>
    Number(m[1])
  );
}

/**
 * Which names are not saved exactly once over the workers' folders.
 *
 * @param expected Every name that should be saved.
 * @param savedPerFolder The names each folder holds (bookkeeping left out).
 * @returns Problems: names missing, saved twice or more, or not expected; empty when all is well.
 */
export function onceProblems(
  expected: readonly string[],
  savedPerFolder: readonly (readonly string[])[],
): string[] {
  const copies = new Map<string, number>();
  for (const names of savedPerFolder) {
    for (const name of names) copies.set(name, (copies.get(name) ?? 0) + 1);
  }
  const wanted = new Set(expected);
  const missing = expected.filter((name) => !copies.has(name));
  const twice = [...copies].filter(([, count]) => count > 1).map(([name]) => name);
  const stray = [...copies.keys()].filter((name) => !wanted.has(name));
  const problems: string[] = [];
  const some = (names: string[]) => names.slice(0, 5).join(", ") + (names.length > 5 ? " …" : "");
  if (missing.length > 0) problems.push(`${missing.length} never saved (${some(missing)})`);
  if (twice.length > 0) problems.push(`${twice.length} saved more than once (${some(twice)})`);
  if (stray.length > 0) problems.push(`${stray.length} unexpected files (${some(stray)})`);
  return problems;
}

/**
 * Runs the three parts on a PostgreSQL of its own, stopped at the end (also on failure).
 *
 * @param options Sizes, runs and where things are.
 * @returns What was measured.
 */
export async function benchShared(options: SharedOptions): Promise<SharedResult> {
  const dir = `${options.workDir}/shared`;
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true });
  const cluster = await startPostgres();
  const server = await startDelayServer(DELAY_MS);
  try {
    const context = { ...options, dir, cluster, server };
    console.log(`delay: ${options.urls} URLs, ${DELAY_MS} ms each, ${options.runs} runs`);
    const delay = await benchDelay(context);
    console.log("rate: 20/s, 3 workers, 100 URLs");
    const rate = await benchRate(context);
    console.log("nginx: 10,000 × 1 KiB, 3 workers then 1");
    const nginx = await benchNginx(context);
    return { delay, nginx, rate };
  } finally {
    await server.close();
    await cluster.stop();
    for (let i = 1; i <= 3; i++) {
      await Deno.remove(`${options.outDir}-w${i}`, { recursive: true }).catch(() => {});
    }
  }
}

interface Context extends SharedOptions {
  dir: string;
  cluster: PostgresCluster;
  server: DelayServer;
}

let databases = 0;

/** Submits `config` to a fresh database, then starts `workers` workers together and times them. */
async function drain(context: Context, config: string, workers: number): Promise<DrainRun> {
  const db = await context.cluster.createDatabase(`bench_${++databases}`);
  const outs = Array.from({ length: workers }, (_, i) => `${context.outDir}-w${i + 1}`);
  for (const out of outs) await Deno.remove(out, { recursive: true }).catch(() => {});
  const submitStart = performance.now();
  const submitted = await corun(context.corun, ["submit", config, "--db", db]).output();
  const submitSec = (performance.now() - submitStart) / 1000;
  if (!submitted.success) {
    throw new Error(`corun submit ${config} exited ${submitted.code}: ${textOf(submitted)}`);
  }
  const xactsBefore = await transactionsOf(context.cluster, db);
  const postmaster = await postmasterPid(context.cluster);
  const pgBefore = await processCpuSec(postmaster);
  const serverBefore = await processCpuSec(context.server.pid);
  const cpuBefore = await readCpuTimes();
  const start = performance.now();
  const startedAtMs = performance.timeOrigin + start;
  const children = outs.map((out) =>
    corun(context.corun, ["worker", config, "--db", db, "--drain", "--out", out], TIMED).spawn()
  );
  const ends = await Promise.all(children.map((child) => child.output()));
  const wallSec = (performance.now() - start) / 1000;
  const cpuAfter = await readCpuTimes();
  const pgAfter = await processCpuSec(postmaster);
  const serverAfter = await processCpuSec(context.server.pid);
  const xactsAfter = await transactionsOf(context.cluster, db);
  const perWorker: number[] = [];
  const cpuSec: number[] = [];
  for (const end of ends) {
    const text = textOf(end);
    if (!end.success) throw new Error(`corun worker ${config} exited ${end.code}: ${text}`);
    perWorker.push(workerDone(text)[0] ?? 0);
    const cpu = cpuOfTimeLine(text);
    if (cpu !== undefined) cpuSec.push(cpu);
  }
  return {
    submitSec,
    wallSec,
    perWorker,
    startedAtMs,
    cpuSec,
    machineBusy: busyShare(cpuBefore, cpuAfter),
    machineCpuSec: cpuBefore && cpuAfter ? (cpuAfter.busy - cpuBefore.busy) / TICKS : undefined,
    postgresCpuSec: difference(pgBefore, pgAfter),
    serverCpuSec: difference(serverBefore, serverAfter),
    transactions: xactsBefore === undefined || xactsAfter === undefined
      ? undefined
      : xactsAfter - xactsBefore,
  };
}

/** `/usr/bin/time`'s line after a worker's output: user and system seconds. */
const TIMED = ["/usr/bin/time", "-f", "corun-bench-cpu %U %S"];

/**
 * The CPU seconds of a `corun-bench-cpu USER SYSTEM` line (`/usr/bin/time -f`).
 *
 * @param text A process's output.
 * @returns User + system seconds, or undefined without such a line.
 */
export function cpuOfTimeLine(text: string): number | undefined {
  const match = /^corun-bench-cpu ([\d.]+) ([\d.]+)$/m.exec(text);
  return match ? Number(match[1]) + Number(match[2]) : undefined;
}

/** Clock ticks a second of `/proc`'s CPU times (USER_HZ, 100 on Linux). */
const TICKS = 100;

function difference(before: number | undefined, after: number | undefined): number | undefined {
  return before === undefined || after === undefined ? undefined : after - before;
}

/** The postmaster's process id (the first line of `data/postmaster.pid`). */
async function postmasterPid(cluster: PostgresCluster): Promise<number | undefined> {
  const text = await Deno.readTextFile(`${cluster.dir}/data/postmaster.pid`).catch(() => "");
  const pid = Number(text.split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** CPU seconds of a process and its ended children, from `/proc/PID/stat`. */
async function processCpuSec(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  const ticks = parseProcPidStat(await Deno.readTextFile(`/proc/${pid}/stat`).catch(() => ""));
  return ticks === undefined ? undefined : ticks / TICKS;
}

/**
 * The CPU ticks of a `/proc/PID/stat` line: user and system time of the process and of its children
 * it has waited for (a postmaster's ended backends).
 *
 * @param text The file's text.
 * @returns utime + stime + cutime + cstime, or undefined when the text is not such a line.
 */
export function parseProcPidStat(text: string): number | undefined {
  // The command name may hold spaces and parentheses: the fields start after the last ")".
  const fields = text.slice(text.lastIndexOf(")") + 2).trim().split(/\s+/);
  if (text.lastIndexOf(")") === -1 || fields.length < 15) return undefined;
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
  const total = utime + stime + cutime + cstime;
  return Number.isFinite(total) ? total : undefined;
}

/** The machine's CPU counters (`/proc/stat`'s `cpu` line): busy and total jiffies. */
async function readCpuTimes(): Promise<{ busy: number; total: number } | undefined> {
  const text = await Deno.readTextFile("/proc/stat").catch(() => "");
  return parseProcStatCpu(text);
}

/**
 * Reads the `cpu` line of `/proc/stat`: idle and iowait are idle, the rest busy (guest time is
 * already in user).
 *
 * @param text The file's text.
 * @returns Busy and total jiffies, or undefined without a `cpu` line.
 */
export function parseProcStatCpu(text: string): { busy: number; total: number } | undefined {
  const match = /^cpu\s+(.*)$/m.exec(text);
  if (!match) return undefined;
  const fields = match[1].trim().split(/\s+/).map(Number).slice(0, 8);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: total - fields[3] - (fields[4] ?? 0), total };
}

function busyShare(
  before: { busy: number; total: number } | undefined,
  after: { busy: number; total: number } | undefined,
): number | undefined {
  if (before === undefined || after === undefined || after.total <= before.total) return undefined;
  return (after.busy - before.busy) / (after.total - before.total);
}

/** Transactions committed in database `db` so far, through `psql`; undefined when it cannot say. */
async function transactionsOf(cluster: PostgresCluster, db: string): Promise<number | undefined> {
  const bin = postgresAvailable();
  if (bin === undefined) return undefined;
  const name = new URL(db).pathname.slice(1);
  const query = "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()";
  const output = await new Deno.Command(`${bin}/psql`, {
    args: [
      ...["-X", "-A", "-t", "-h", "127.0.0.1", "-p", `${cluster.port}`, "-U", "corun"],
      ...["-d", name, "-c", query],
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).output();
  const value = Number(new TextDecoder().decode(output.stdout).trim());
  return output.success && Number.isFinite(value) ? value : undefined;
}

/**
 * Splits a drain's wall time by the server's arrival times.
 *
 * @param run The drain.
 * @param arrivals Arrival times at the server during it, epoch ms.
 * @returns The phases; undefined without arrivals.
 */
export function phasesOf(run: DrainRun, arrivals: readonly number[]): DrainPhases | undefined {
  if (arrivals.length === 0) return undefined;
  const first = Math.min(...arrivals);
  const last = Math.max(...arrivals);
  return {
    toFirstSec: (first - run.startedAtMs) / 1000,
    requestsSec: (last - first) / 1000,
    afterLastSec: (run.startedAtMs + run.wallSec * 1000 - last) / 1000,
  };
}

function corun(cli: CorunCli, args: string[], wrapper: string[] = []): Deno.Command {
  const [program, ...rest] = [...wrapper, Deno.execPath(), "run", ...cli.flags, cli.entry, ...args];
  return new Deno.Command(program, {
    args: rest,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
}

function textOf(output: Deno.CommandOutput): string {
  const decoder = new TextDecoder();
  return (decoder.decode(output.stdout) + decoder.decode(output.stderr)).trim().slice(-2000);
}

async function benchDelay(context: Context): Promise<DelayResult> {
  const config = `${context.dir}/delay.yaml`;
  await Deno.writeTextFile(
    config,
    pagesConfig(context.server.url, context.urls, context.outDir, undefined, context.concurrency),
  );
  const one: DrainRun[] = [];
  const three: DrainRun[] = [];
  const onePhases: (DrainPhases | undefined)[] = [];
  const threePhases: (DrainPhases | undefined)[] = [];
  for (let run = 1; run <= context.runs; run++) {
    for (
      const [workers, runs, phases] of [[1, one, onePhases], [3, three, threePhases]] as const
    ) {
      await context.server.takeArrivals();
      const timed = await drain(context, config, workers);
      const arrivals = await context.server.takeArrivals();
      checkDone(`delay, ${workers} worker(s)`, timed, context.urls, arrivals.length);
      runs.push(timed);
      phases.push(phasesOf(timed, arrivals));
      console.log(
        `  run ${run}, ${workers} worker(s): ${timed.wallSec.toFixed(2)} s ` +
          `(${timed.perWorker.join(" + ")})`,
      );
    }
  }
  return { urls: context.urls, delayMs: DELAY_MS, one, three, onePhases, threePhases };
}

function checkDone(what: string, run: DrainRun, urls: number, requests: number): void {
  const done = run.perWorker.reduce((sum, count) => sum + count, 0);
  if (done !== urls || requests !== urls) {
    throw new Error(`${what}: ${done} fetches done and ${requests} requests, expected ${urls}`);
  }
}

/** A config of `urls` pages of one origin: `concurrency` a worker, perHost 256 over them all. */
function pagesConfig(
  origin: string,
  urls: number,
  outDir: string,
  rate?: string,
  concurrency = 16,
): string {
  return [
    `outDir: ${JSON.stringify(outDir)}`,
    `concurrency: ${concurrency}`,
    "perHost: 256",
    "tasks:",
    "  - name: pages",
    `    fetch: ${JSON.stringify(`${origin}/p[1-${urls}].html`)}`,
    '    save: "p{1}.html"',
    ...(rate === undefined ? [] : [`    rate: ${rate}`]),
  ].join("\n") + "\n";
}

async function benchRate(context: Context): Promise<RateResult> {
  const urls = 100;
  const config = `${context.dir}/rate.yaml`;
  await Deno.writeTextFile(config, pagesConfig(context.server.url, urls, context.outDir, "20/s"));
  await context.server.takeArrivals();
  const timed = await drain(context, config, 3);
  const times = await context.server.takeArrivals();
  checkDone("rate", timed, urls, times.length);
  const spanSec = (Math.max(...times) - Math.min(...times)) / 1000;
  return {
    urls,
    rate: 20,
    workers: 3,
    requests: times.length,
    maxInSecond: maxInWindow(times),
    overallPerSec: overallRate(times),
    spanSec,
  };
}

async function benchNginx(context: Context): Promise<NginxResult | { skipped: string }> {
  const www = `${context.benchDir}/www`;
  try {
    await Deno.stat(`${www}/small/${SMALL_FILES - 1}.html`);
  } catch {
    return { skipped: `no corpus at ${www}/small (../shared/bench/server.sh start DIR makes it)` };
  }
  let nginx: Nginx;
  try {
    nginx = await startNginx(`${context.dir}/nginx`, www);
  } catch (error) {
    return { skipped: `nginx did not start: ${(error as Error).message}` };
  }
  try {
    const list = `${context.dir}/small.tsv`;
    const names = Array.from({ length: SMALL_FILES }, (_, i) => `${i}.html`);
    await Deno.writeTextFile(
      list,
      names.map((name) => `${nginx.url}/small/${name}\t${name}\n`).join(""),
    );
    const config = `${context.dir}/nginx.yaml`;
    await Deno.writeTextFile(
      config,
      [
        `outDir: ${JSON.stringify(context.outDir)}`,
        "concurrency: 64",
        "perHost: 256",
        "tasks:",
        `  - { name: corpus, fetch: { urls: ${JSON.stringify(list)} } }`,
      ].join("\n") + "\n",
    );
    const rows: NginxResult["rows"] = [];
    for (const workers of [3, 1]) {
      const run = await drain(context, config, workers);
      const outs = Array.from({ length: workers }, (_, i) => `${context.outDir}-w${i + 1}`);
      const problems = await checkCorpus(names, `${www}/small`, outs);
      console.log(
        `  ${workers} worker(s): ${run.wallSec.toFixed(2)} s, ${run.perWorker.join(" + ")}`,
      );
      rows.push({ workers, run, problems });
    }
    for (let i = 1; i <= 3; i++) {
      await Deno.remove(`${context.outDir}-w${i}`, { recursive: true }).catch(() => {});
    }
    return { files: SMALL_FILES, rows };
  } finally {
    await nginx.stop();
  }
}

/** Every name saved once over `outs`, each byte-identical to the corpus file of that name. */
async function checkCorpus(names: string[], corpus: string, outs: string[]): Promise<string[]> {
  const saved: string[][] = [];
  const problems: string[] = [];
  for (const out of outs) {
    const here: string[] = [];
    for await (const entry of Deno.readDir(out)) {
      if (entry.isFile && entry.name.endsWith(".html")) here.push(entry.name);
      else if (!entry.name.startsWith(".") && entry.name !== "corun.jsonl") {
        problems.push(`${out}/${entry.name} is not a page`);
      }
    }
    for (const name of here) {
      const [got, want] = await Promise.all([
        Deno.readFile(`${out}/${name}`),
        Deno.readFile(`${corpus}/${name}`).catch(() => undefined),
      ]);
      if (want !== undefined && !sameBytes(got, want)) problems.push(`${out}/${name} differs`);
    }
    saved.push(here);
  }
  return [...onceProblems(names, saved), ...problems];
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

interface Nginx {
  url: string;
  stop(): Promise<void>;
}

/** An nginx of this suite's own on a free port (18080 may belong to another run), its root `www`. */
async function startNginx(dir: string, www: string): Promise<Nginx> {
  await Deno.mkdir(`${dir}/tmp`, { recursive: true });
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const conf = `${dir}/nginx.conf`;
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((kind) => `${kind}_temp_path ${dir}/tmp;`).join(" ");
  await Deno.writeTextFile(
    conf,
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_requests 1000000; keepalive_timeout 65;
  types { text/html html; }
  ${temp}
  server { listen 127.0.0.1:${port}; root ${www}; }
}
`,
  );
  const started = await new Deno.Command("nginx", {
    args: ["-c", conf, "-e", `${dir}/error.log`],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!started.success) throw new Error(textOf(started));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await new Deno.Command("nginx", { args: ["-c", conf, "-e", `${dir}/error.log`, "-s", "stop"] })
      .output();
    // The master removes its pid file as it exits.
    for (let i = 0; i < 50; i++) {
      if (!(await Deno.stat(`${dir}/nginx.pid`).then(() => true, () => false))) return;
      await new Promise((wake) => setTimeout(wake, 100));
    }
  };
  for (let i = 0; i < 50; i++) {
    const answered = await fetch(`${url}/small/0.html`).then(async (response) => {
      await response.body?.cancel();
      return response.ok;
    }, () => false);
    if (answered) return { url, stop };
    await new Promise((wake) => setTimeout(wake, 100));
  }
  await stop();
  throw new Error(`nginx on port ${port} did not serve ${www}/small/0.html`);
}

interface DelayServer {
  url: string;
  pid: number;
  /** Arrival times (epoch ms) since the last call, and forgets them. */
  takeArrivals(): Promise<number[]>;
  close(): Promise<void>;
}

const ARRIVALS_PATH = "/__arrivals";

/** Starts this file as the delay server in a `deno` process of its own; it prints its port. */
async function startDelayServer(delayMs: number): Promise<DelayServer> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net=127.0.0.1",
      new URL(import.meta.url).pathname,
      "--serve",
      `${delayMs}`,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let first = "";
  while (!first.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the delay server exited before it said its port");
    first += value;
  }
  reader.releaseLock();
  const url = `http://127.0.0.1:${Number(first.trim())}`;
  return {
    url,
    pid: child.pid,
    async takeArrivals() {
      const response = await fetch(`${url}${ARRIVALS_PATH}`);
      return await response.json() as number[];
    },
    async close() {
      await child.stdin.close(); // it stops when its stdin ends
      await child.stdout.cancel().catch(() => {});
      await child.status;
    },
  };
}

/** The delay server: every page `delayMs` late, a 1 KiB body; its arrival log at ARRIVALS_PATH. */
function serveDelayed(delayMs: number): void {
  let arrivals: number[] = [];
  const body = "x".repeat(1023) + "\n";
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: ({ port }) => console.log(port) },
    async (request) => {
      if (new URL(request.url).pathname === ARRIVALS_PATH) {
        const taken = arrivals;
        arrivals = [];
        return Response.json(taken);
      }
      arrivals.push(performance.timeOrigin + performance.now());
      await new Promise((wake) => setTimeout(wake, delayMs));
      return new Response(body, { headers: { "content-type": "text/html" } });
    },
  );
  // Ends with its parent: stdin closes.
  (async () => {
    for await (const _ of Deno.stdin.readable) { /* nothing is sent */ }
    await server.shutdown();
  })();
}

/**
 * Renders the delay part: median wall seconds of one worker and of three, fetches per second, and
 * the speed-up.
 *
 * @param result The delay part.
 * @returns Markdown text, ending in a newline.
 */
export function renderDelayTable(result: DelayResult): string {
  const oneSec = median(result.one.map((run) => run.wallSec));
  const rows = [[1, result.one], [3, result.three]] as const;
  const lines = [
    "| workers | median wall (s) | each run (s) | fetches/s | speed-up | median submit (s) | fetches per worker (last run) |",
    "| ---: | ---: | --- | ---: | ---: | ---: | --- |",
  ];
  for (const [workers, runs] of rows) {
    const wall = median(runs.map((run) => run.wallSec));
    lines.push(
      `| ${workers} | ${wall.toFixed(2)} | ${
        runs.map((run) => run.wallSec.toFixed(2)).join(", ")
      } | ` +
        `${Math.round(result.urls / wall)} | ${formatRatio(oneSec / wall)} | ` +
        `${median(runs.map((run) => run.submitSec)).toFixed(2)} | ` +
        `${runs.at(-1)?.perWorker.join(" + ") ?? "–"} |`,
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * Renders where the delay part's time went, run by run: start-up to the first request, the
 * requests, the last request to the last exit; CPU of the workers; the machine's busy share; and
 * the database's transactions per fetch.
 *
 * @param result The delay part.
 * @returns Markdown text, ending in a newline.
 */
export function renderDelayPhasesTable(result: DelayResult): string {
  const lines = [
    "| workers | run | wall (s) | start → 1st request (s) | requests (s) | req/s while fetching | last request → exit (s) | worker CPU (s) | PostgreSQL CPU (s) | server CPU (s) | rest of the machine CPU (s) | machine busy | DB transactions / fetch |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  const seconds = (value: number | undefined) => value === undefined ? "–" : value.toFixed(2);
  for (
    const [workers, runs, phases] of [
      [1, result.one, result.onePhases],
      [3, result.three, result.threePhases],
    ] as const
  ) {
    runs.forEach((run, index) => {
      const phase = phases[index];
      const perSec = phase && phase.requestsSec > 0
        ? Math.round((result.urls - 1) / phase.requestsSec)
        : undefined;
      lines.push(
        `| ${workers} | ${index + 1} | ${run.wallSec.toFixed(2)} | ${
          seconds(phase?.toFirstSec)
        } | ` +
          `${seconds(phase?.requestsSec)} | ${perSec ?? "–"} | ${seconds(phase?.afterLastSec)} | ` +
          `${run.cpuSec.map((cpu) => cpu.toFixed(2)).join(" + ") || "–"} | ` +
          `${seconds(run.postgresCpuSec)} | ${seconds(run.serverCpuSec)} | ` +
          `${seconds(restOfMachine(run))} | ` +
          `${run.machineBusy === undefined ? "–" : `${Math.round(run.machineBusy * 100)}%`} | ` +
          `${run.transactions === undefined ? "–" : (run.transactions / result.urls).toFixed(2)} |`,
      );
    });
  }
  return lines.join("\n") + "\n";
}

/** The machine's CPU seconds in a drain that were not the workers', PostgreSQL's or the server's. */
function restOfMachine(run: DrainRun): number | undefined {
  if (run.machineCpuSec === undefined) return undefined;
  const ours = run.cpuSec.reduce((sum, cpu) => sum + cpu, 0) + (run.postgresCpuSec ?? 0) +
    (run.serverCpuSec ?? 0);
  return run.machineCpuSec - ours;
}

/**
 * Renders the nginx part: wall time, fetches per second, each worker's share, and the check.
 *
 * @param result The nginx part, or why it did not run.
 * @returns Markdown text, ending in a newline.
 */
export function renderNginxTable(result: NginxResult | { skipped: string }): string {
  if ("skipped" in result) return `(skipped: ${result.skipped})\n`;
  const lines = [
    "| workers | wall (s) | fetches/s | fetches per worker | worker CPU (s) | PostgreSQL CPU (s) | rest of the machine CPU (s), nginx too | machine busy | every file once, byte-identical |",
    "| ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | --- |",
  ];
  for (const { workers, run, problems } of result.rows) {
    lines.push(
      `| ${workers} | ${run.wallSec.toFixed(2)} | ${Math.round(result.files / run.wallSec)} | ` +
        `${run.perWorker.join(" + ")} | ${run.cpuSec.map((cpu) => cpu.toFixed(2)).join(" + ")} | ` +
        `${run.postgresCpuSec?.toFixed(2) ?? "–"} | ${restOfMachine(run)?.toFixed(2) ?? "–"} | ` +
        `${run.machineBusy === undefined ? "–" : `${Math.round(run.machineBusy * 100)}%`} | ` +
        `${problems.length === 0 ? "yes" : problems.join("; ")} |`,
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * Renders the rate part: requests, span, overall rate and the busiest second against the rate.
 *
 * @param result The rate part.
 * @returns Markdown text, ending in a newline.
 */
export function renderRateTable(result: RateResult): string {
  const held = result.maxInSecond <= result.rate;
  return [
    "| rate | workers | requests | span (s) | overall (req/s) | most in any 1 s | held |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    `| ${result.rate}/s | ${result.workers} | ${result.requests} | ${
      result.spanSec.toFixed(2)
    } | ` +
    `${result.overallPerSec.toFixed(2)} | ${result.maxInSecond} | ${held ? "yes" : "no"} |`,
  ].join("\n") + "\n";
}

if (import.meta.main) {
  const at = Deno.args.indexOf("--serve");
  if (at === -1) {
    console.error(
      "usage: deno task bench -- --only shared (this file alone only serves: --serve MS)",
    );
    Deno.exit(2);
  }
  serveDelayed(Number(Deno.args[at + 1] ?? DELAY_MS));
}
