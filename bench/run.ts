/**
 * `deno task bench`: corun beside curl, aria2c, Deno's fetch, Node's fetch and aiohttp on a loopback
 * nginx, then N sleeping tasks on corun's loop beside `setTimeout` and asyncio. Prints Markdown tables
 * and saves them to `/tmp/corun-bench/results.md`.
 *
 *     deno task bench                                   # everything, 5 runs per command
 *     deno task bench -- --only small-http --runs 3     # one workload
 *     deno task bench -- --only loop --counts 100000    # only the loop benchmark
 *     deno task bench -- --only startup,hash            # start-up and hashing, no server
 *     deno task bench -- --only shared --runs 3         # the shared queue on a PostgreSQL of its own
 *
 * See `bench/README.md` for what each number means.
 * @module
 */
import { renderResultsTable, type WorkloadResult } from "./hyperfine_report.ts";
import { benchList, type ListResult, renderListTable } from "./list_suite.ts";
import { benchSettings, renderSettingsTable, type SettingsResult } from "./settings_suite.ts";
import { renderLoopTable, runLoopSuite } from "./loop_suite.ts";
import { denoTaskCorunFlags, prepareCorunCli } from "./corun_cli.ts";
import { benchHash, renderHashTable } from "./hash_suite.ts";
import { benchStartup, type Bundle, renderStartupTable } from "./startup_suite.ts";
import {
  benchShared,
  renderDelayPhasesTable,
  renderDelayTable,
  renderNginxTable,
  renderRateTable,
} from "./shared_suite.ts";
import {
  type BenchPaths,
  benchWorkload,
  corunArgs,
  ensureServer,
  stopServer,
} from "./peer_suite.ts";
import { selectWorkloads, WORKLOADS } from "./workloads.ts";

/** Parsed command line of `run.ts`. */
export interface BenchArgs {
  /** Workload ids, `loop`, `list`, `startup`, `hash` and/or `shared`; empty means everything. */
  only: string[];
  /** Workloads whose corun runs again with metadata and state off, for their cost. */
  settings: string[];
  /** URLs in the list of the `list` suite. */
  listSize: number;
  /** The `list` suite saves every body. */
  listSave: boolean;
  /** URLs of the shared suite's delay part. */
  sharedUrls: number;
  /** Each worker's concurrency in the shared suite's delay part. */
  sharedConcurrency: number;
  runs: number;
  /** `--runs` was given (the shared suite runs 3 times otherwise). */
  runsGiven: boolean;
  /** Rounds of the settings suite: its costs are a few percent, so it needs more than `runs`. */
  settingsRounds: number;
  peers: string | undefined;
  counts: number[];
  cliSleepCount: number;
  /** Another bundle's `corun.js` the start-up suite times too (such as one built before a change). */
  startupBaseline: string | undefined;
  keepServer: boolean;
  help: boolean;
}

const USAGE = `usage: deno task bench [-- OPTIONS]
  --only IDS          comma-separated: ${WORKLOADS.map((w) => w.id).join(", ")}, loop, list,
                      startup, hash, shared (default: all)
  --settings IDS      workloads also timed with metadata: false, --no-state and both, and
                      beside the floor and the duties floor; none for no such table
                      (default small-http)
  --list-size N       URLs in the list file of the list suite (default 1000000)
  --list-save         the list suite saves every body (1,000 files a folder under OUT_DIR-list)
  --shared-urls N     URLs of the shared suite's delay part (default 2000)
  --shared-concurrency N
                      each worker's concurrency in that part (default 16)
  --runs N            hyperfine runs per command (default 5); runs of the shared suite's delay
                      part (default 3)
  --settings-rounds N rounds of the settings table, each running every setting once (default 15)
  --peers NAMES       keep only these peers, e.g. curl,deno-fetch (default: all five)
  --counts N,N        task counts for the loop benchmark (default 100000,1000000)
  --cli-sleep N       sleep tasks in the CLI config, 0 to skip (default 100000)
  --startup-baseline FILE
                      the start-up suite also times this corun.js (e.g. a bundle built before
                      a change) beside the one built from the working tree
  --keep-server       leave nginx running if this run started it`;

/**
 * Parses the command line.
 *
 * @param args `Deno.args`.
 * @returns The options.
 * @throws {RangeError} On an unknown option or a bad number.
 */
export function parseBenchArgs(args: readonly string[]): BenchArgs {
  const parsed: BenchArgs = {
    only: [],
    settings: ["small-http"],
    listSize: 1_000_000,
    listSave: false,
    sharedUrls: 2_000,
    sharedConcurrency: 16,
    runs: 5,
    runsGiven: false,
    settingsRounds: 15,
    peers: undefined,
    counts: [100_000, 1_000_000],
    cliSleepCount: 100_000,
    startupBaseline: undefined,
    keepServer: false,
    help: false,
  };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    const value = () => {
      const next = inline ?? args[++i];
      if (next === undefined) throw new RangeError(`Cannot parse ${flag}: it needs a value`);
      return next;
    };
    const count = (text: string) => {
      const n = Number(text.replaceAll("_", ""));
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`Cannot parse ${flag}: "${text}"`);
      return n;
    };
    if (flag === "--only") parsed.only.push(...value().split(",").filter(Boolean));
    else if (flag === "--settings") {
      parsed.settings = value().split(",").filter((id) => id !== "" && id !== "none");
    } else if (flag === "--list-size") parsed.listSize = Math.max(1, count(value()));
    else if (flag === "--list-save") parsed.listSave = true;
    else if (flag === "--shared-urls") parsed.sharedUrls = Math.max(1, count(value()));
    else if (flag === "--shared-concurrency") {
      parsed.sharedConcurrency = Math.max(1, count(value()));
    } else if (flag === "--runs") {
      parsed.runs = Math.max(1, count(value()));
      parsed.runsGiven = true;
    } else if (flag === "--settings-rounds") parsed.settingsRounds = Math.max(1, count(value()));
    else if (flag === "--peers") parsed.peers = value();
    else if (flag === "--counts") parsed.counts = value().split(",").map(count);
    else if (flag === "--cli-sleep") parsed.cliSleepCount = count(value());
    else if (flag === "--startup-baseline") parsed.startupBaseline = value();
    else if (flag === "--keep-server") parsed.keepServer = true;
    else if (flag === "--help" || flag === "-h") parsed.help = true;
    else if (flag === "--") continue;
    else throw new RangeError(`Cannot parse the command line: unknown option ${flag}`);
  }
  return parsed;
}

async function main(): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(Deno.args);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const suites = new Set(["loop", "list", "startup", "hash", "shared"]);
  const runLoop = args.only.length === 0 || args.only.includes("loop");
  const runList = args.only.length === 0 || args.only.includes("list");
  const runStartup = args.only.length === 0 || args.only.includes("startup");
  const runHash = args.only.length === 0 || args.only.includes("hash");
  const runShared = args.only.length === 0 || args.only.includes("shared");
  const workloads = args.only.length === 0 || args.only.some((id) => !suites.has(id))
    ? selectWorkloads(args.only.filter((id) => !suites.has(id)))
    : [];
  const settingsOf = workloads.filter((workload) => args.settings.includes(workload.id));

  const workDir = "/tmp/corun-bench";
  const paths: BenchPaths = {
    sharedDir: new URL("../../shared/bench", import.meta.url).pathname,
    benchDir: Deno.env.get("BENCH_DIR") ?? "/tmp/bench",
    workDir,
    outDir: Deno.env.get("OUT_DIR") ?? "/dev/shm/bench-out",
    corun: await prepareCorunCli(workDir),
  };
  const sections: string[] = [`# corun benchmark, ${new Date().toISOString()}\n`];
  sections.push(await describeMachine());

  if (workloads.length > 0 || runList) {
    const startedServer = await ensureServer(paths);
    const results: WorkloadResult[] = [];
    const settings: SettingsResult[] = [];
    const lists: ListResult[] = [];
    try {
      for (const workload of workloads) {
        console.log(`\n## ${workload.id}: ${workload.label}, c=${workload.concurrency}`);
        results.push(await benchWorkload(workload, paths, { runs: args.runs, peers: args.peers }));
      }
      for (const workload of settingsOf) {
        console.log(`\n## ${workload.id}: corun with metadata and state on and off`);
        settings.push(await benchSettings(workload, paths, args.settingsRounds));
      }
      if (runList) {
        console.log(`\n## list: ${args.listSize.toLocaleString("en-US")} URLs in one list file`);
        lists.push(
          await benchList(paths, { size: args.listSize, concurrency: 64, save: args.listSave }),
        );
      }
    } finally {
      if (startedServer && !args.keepServer) await stopServer(paths);
    }
    if (results.length > 0) {
      sections.push(
        `## Fetching the corpus to /dev/shm (median seconds of ${args.runs} runs)\n`,
        renderResultsTable(results),
      );
    }
    if (settings.length > 0) {
      sections.push(
        `## What corun's metadata log and state cost, and its code over the same duties written inline (median seconds of ${args.settingsRounds} rounds; costs: median of the rounds' ratios, middle half in brackets)\n`,
        renderSettingsTable(settings),
      );
    }
    if (lists.length > 0) {
      sections.push(
        "## A list file against the loopback nginx (one run, c=64, RSS sampled every 200 ms)\n",
        renderListTable(lists),
      );
    }
  }
  if (runLoop) {
    console.log("\n## loop: tasks that each sleep 1 s");
    const runs = await runLoopSuite({
      counts: args.counts,
      cliSleepCount: args.cliSleepCount,
      corunCli: (configPath) => [
        ...corunArgs(paths, configPath),
        "--out",
        `${paths.workDir}/sleep-out`,
      ],
      workDir: paths.workDir,
    });
    sections.push(
      "## Tasks that each sleep 1 s (one run each, whole process under /usr/bin/time)\n",
      renderLoopTable(runs),
    );
  }
  if (runStartup) {
    console.log("\n## startup: corun --version, --help and a 2-sleep run beside a bare deno run");
    const bundles: Bundle[] = [];
    if (args.startupBaseline !== undefined) {
      bundles.push({
        name: "baseline",
        cli: { flags: await denoTaskCorunFlags(), entry: args.startupBaseline },
      });
    }
    bundles.push({ name: "corun", cli: paths.corun });
    const result = await benchStartup(bundles, `${paths.workDir}/startup`, Math.max(args.runs, 20));
    sections.push(
      `## Start-up (hyperfine -N, median of ${result.runs} runs; peak RSS of one run)\n`,
      renderStartupTable(result),
    );
  }
  if (runHash) {
    console.log("\n## hash: SHA-256, node:crypto (streaming) beside WebCrypto (whole body)");
    sections.push(
      `## SHA-256 (median of ${args.runs} runs in a child process each)\n`,
      renderHashTable(await benchHash(`${paths.workDir}/hash`, args.runs)),
    );
  }
  if (runShared) {
    console.log("\n## shared: submit and workers on a PostgreSQL of its own");
    const sharedRuns = args.runsGiven ? args.runs : 3;
    const shared = await benchShared({
      urls: args.sharedUrls,
      concurrency: args.sharedConcurrency,
      runs: sharedRuns,
      workDir: paths.workDir,
      outDir: `${paths.outDir}-shared`,
      benchDir: paths.benchDir,
      corun: paths.corun,
    });
    sections.push(
      `## Shared queue: ${shared.delay.urls} URLs answered ${shared.delay.delayMs} ms late, ` +
        `one worker and three (c=${args.sharedConcurrency} each; median of ${sharedRuns} runs)\n`,
      renderDelayTable(shared.delay),
      "### Where the time went, run by run (from the server's arrival times)\n",
      renderDelayPhasesTable(shared.delay),
      "## Shared queue: the 10,000 × 1 KiB corpus from nginx (one run each, c=64 a worker)\n",
      renderNginxTable(shared.nginx),
      "## Shared queue: `rate: 20/s` on one origin, three workers (from the server's log)\n",
      renderRateTable(shared.rate),
    );
  }
  const report = sections.join("\n");
  await Deno.writeTextFile(`${paths.workDir}/results.md`, report);
  console.log(`\n${report}\n(saved to ${paths.workDir}/results.md)`);
  return 0;
}

/** CPU, cores and versions, so a table read later says where it came from. */
async function describeMachine(): Promise<string> {
  const cpuInfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const cpu = /model name\s*:\s*(.*)/.exec(cpuInfo)?.[1] ?? "unknown CPU";
  const versions = [`deno ${Deno.version.deno}`];
  for (
    const [command, args] of [["curl", ["--version"]], ["node", [
      "-p",
      "`node ${process.versions.node}`",
    ]]] as const
  ) {
    try {
      const output = await new Deno.Command(command, { args: [...args], stdout: "piped" }).output();
      versions.push(new TextDecoder().decode(output.stdout).split("\n")[0].split(" (")[0]);
    } catch {
      // not installed: the peer's column will be empty anyway
    }
  }
  return `${cpu}, ${navigator.hardwareConcurrency} logical cores; ${versions.join(", ")}\n`;
}

if (import.meta.main) Deno.exit(await main());
