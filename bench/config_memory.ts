/**
 * What a config of a million keys costs `corun check`: time and peak RSS of the command, run as a
 * subprocess, for YAML and JSON, once valid (a JSON body of a million keys) and once invalid (a task
 * with a million unknown keys, of which the first 100 are listed).
 *
 * ```sh
 * deno run -A bench/config_memory.ts                  # 1,000,000 keys, YAML and JSON
 * deno run -A bench/config_memory.ts --keys 100000 --formats json
 * deno run -A bench/config_memory.ts --bundle         # dist/cli/corun.js instead of the sources
 * ```
 *
 * Peak RSS comes from `/usr/bin/time -v` when it is installed, else from polling the child's
 * `VmHWM` in `/proc`. Configs are written under `/tmp/corun-bench/config-memory/`.
 * @module
 */
import { parseArgs } from "node:util";
import { dirname, fromFileUrl, join } from "npm:deno-std@1.4.0/path/mod.js";

const ROOT = join(dirname(fromFileUrl(import.meta.url)), "..");
const WORK_DIR = "/tmp/corun-bench/config-memory";
const TIME = "/usr/bin/time";

/** One generated config. */
export interface ConfigCase {
  /** `valid` (a body of `keys` keys) or `unknown` (`keys` unknown keys in a task). */
  kind: "valid" | "unknown";
  format: "yaml" | "json";
  keys: number;
}

/** What one `corun check` cost. */
export interface Measurement {
  exitCode: number;
  seconds: number;
  /** Peak resident set size in KiB, when it could be read. */
  peakKiB?: number;
  /** The last line corun wrote (`ok: 1 task` or the error's summary). */
  lastLine: string;
}

/**
 * Writes a config's text.
 *
 * @param config What to generate.
 * @returns YAML or JSON text.
 */
export function configText(config: ConfigCase): string {
  const { kind, format, keys } = config;
  const lines: string[] = [];
  if (format === "yaml") {
    lines.push("tasks:", "  - fetch:", "      url: http://127.0.0.1:9/", "      method: POST");
    if (kind === "valid") {
      lines.push("      body:", "        json:");
      for (let index = 0; index < keys; index++) lines.push(`          k${index}: ${index}`);
    } else {
      for (let index = 0; index < keys; index++) lines.push(`    zz${index}: ${index}`);
    }
    return lines.join("\n") + "\n";
  }
  const entries: string[] = [];
  const prefix = kind === "valid" ? "k" : "zz";
  for (let index = 0; index < keys; index++) entries.push(`"${prefix}${index}": ${index}`);
  const fields = entries.join(",\n");
  return kind === "valid"
    ? `{"tasks": [{"fetch": {"url": "http://127.0.0.1:9/", "method": "POST", ` +
      `"body": {"json": {\n${fields}\n}}}}]}\n`
    : `{"tasks": [{"fetch": "http://127.0.0.1:9/",\n${fields}\n}]}\n`;
}

/**
 * Reads the peak RSS from `/usr/bin/time -v` output.
 *
 * @param text What `time -v` wrote to stderr.
 * @returns KiB, or undefined when the line is missing.
 */
export function maxRssKiB(text: string): number | undefined {
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(text);
  return match ? Number(match[1]) : undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Polls a process's high-water mark of resident memory until it ends. */
function pollPeak(pid: number): { stop(): number | undefined } {
  let peak: number | undefined;
  const read = () => {
    try {
      const status = Deno.readTextFileSync(`/proc/${pid}/status`);
      const match = /VmHWM:\s+(\d+) kB/.exec(status);
      if (match) peak = Math.max(peak ?? 0, Number(match[1]));
    } catch { /* gone */ }
  };
  const timer = setInterval(read, 10);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

async function measure(corun: string[], path: string, useTime: boolean): Promise<Measurement> {
  const args = [...corun, "check", path];
  const report = join(WORK_DIR, "time.txt"); // time's own report, apart from corun's output
  const command = useTime
    ? new Deno.Command(TIME, {
      args: ["-v", "-o", report, ...args],
      stdout: "piped",
      stderr: "piped",
    })
    : new Deno.Command(args[0], { args: args.slice(1), stdout: "piped", stderr: "piped" });
  const started = performance.now();
  const child = command.spawn();
  const poller = useTime ? undefined : pollPeak(child.pid);
  const output = await child.output();
  const seconds = (performance.now() - started) / 1000;
  const polled = poller?.stop();
  const stderr = new TextDecoder().decode(output.stderr);
  const stdout = new TextDecoder().decode(output.stdout);
  const corunLines = (stdout + stderr).split("\n").filter((line) => line !== "");
  return {
    exitCode: output.code,
    seconds,
    peakKiB: useTime ? maxRssKiB(await Deno.readTextFile(report)) : polled,
    lastLine: corunLines.at(-1) ?? "",
  };
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      keys: { type: "string", default: "1000000" },
      formats: { type: "string", default: "yaml,json" },
      kinds: { type: "string", default: "valid,unknown" },
      bundle: { type: "boolean", default: false },
    },
  });
  const keys = Number(values.keys);
  const entry = values.bundle ? join(ROOT, "dist/cli/corun.js") : join(ROOT, "lib/cli/bin.ts");
  const corun = [
    Deno.execPath(),
    "run",
    "--allow-read",
    "--allow-write",
    "--allow-net",
    "--allow-env",
    "--allow-sys=hostname",
    entry,
  ];
  const useTime = await exists(TIME);
  await Deno.mkdir(WORK_DIR, { recursive: true });
  console.log(`corun check on configs of ${keys.toLocaleString("en-US")} keys (${entry})`);
  console.log(`peak RSS from ${useTime ? "/usr/bin/time -v" : "/proc/<pid>/status VmHWM"}\n`);
  console.log("| config | format | size | exit | time | peak RSS | last line |");
  console.log("| --- | --- | ---: | ---: | ---: | ---: | --- |");
  for (const kind of values.kinds.split(",") as ConfigCase["kind"][]) {
    for (const format of values.formats.split(",") as ConfigCase["format"][]) {
      const text = configText({ kind, format, keys });
      const path = join(WORK_DIR, `${kind}-${keys}.${format}`);
      await Deno.writeTextFile(path, text);
      const result = await measure(corun, path, useTime);
      const peak = result.peakKiB === undefined ? "?" : mib(result.peakKiB * 1024);
      const label = kind === "valid" ? "body of N keys" : "N unknown keys";
      console.log(
        `| ${label} | ${format} | ${mib(text.length)} | ${result.exitCode} | ` +
          `${result.seconds.toFixed(2)} s | ${peak} | ${result.lastLine.replace(WORK_DIR, "…")} |`,
      );
    }
  }
}

if (import.meta.main) await main();
