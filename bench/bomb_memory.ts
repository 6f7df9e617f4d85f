/**
 * Peak memory of corun against decompression bombs: `deno run -A bench/bomb_memory.ts`.
 *
 * Serves, on 127.0.0.1, a gzip body of 2 GiB of zeros (~2 MB on the wire) and a plain body of the
 * same wire size, then runs corun (the library's `run`, in a child process each time, so each figure
 * is one process's peak) with 16 concurrent fetches:
 *
 * - baseline: 16 plain bodies;
 * - bombs, defaults: 16 bombs, stopped by `maxDecodeRatio`;
 * - bombs, no ratio limit: 16 bombs decoded until `maxBodySize` (BOMB_BODY_LIMIT) stops each, which
 *   shows what back-pressure alone holds.
 *
 * Prints each run's peak RSS (VmHWM) and its outcomes. Flags: `--bomb-gib N` (decoded size of the
 * bomb, default 2), `--body-limit-mib N` (maxBodySize of the last run, default 256).
 * @module
 */
import { createGzip } from "node:zlib";
import { concat } from "npm:deno-std@1.4.0/bytes/concat.js";
import { defineConfig, fetchTask, run } from "../mod.ts";

const CONCURRENCY = 16;

interface ChildResult {
  peakRssBytes: number;
  outcomes: Record<string, number>;
  errors: string[];
  elapsedMs: number;
}

interface Mode {
  name: string;
  path: string;
  defaults: Record<string, unknown>;
}

if (import.meta.main) {
  if (Deno.args[0] === "--child") await child(Deno.args[1], Deno.args[2]);
  else await main();
}

async function main(): Promise<void> {
  const bombGib = Number(flag("--bomb-gib") ?? 2);
  const bodyLimitMib = Number(flag("--body-limit-mib") ?? 256);
  console.log(`Compressing ${bombGib} GiB of zeros with gzip...`);
  const bomb = await gzipZeros(bombGib * 1024 ** 3);
  const plainBody = new Uint8Array(bomb.length).map((_, i) => (i * 7919) % 251);
  console.log(`Bomb: ${bomb.length} bytes on the wire, ${bombGib} GiB decoded`);

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const path = new URL(request.url).pathname;
    if (path.startsWith("/bomb/")) {
      return new Response(bomb, { headers: { "Content-Encoding": "gzip" } });
    }
    return new Response(plainBody);
  });
  const base = `http://127.0.0.1:${server.addr.port}`;
  const modes: Mode[] = [
    { name: "baseline: 16 plain bodies", path: "/plain", defaults: {} },
    { name: "16 bombs, default limits", path: "/bomb", defaults: {} },
    {
      name: `16 bombs, no ratio limit, maxBodySize ${bodyLimitMib}MiB`,
      path: "/bomb",
      defaults: { maxDecodeRatio: 1_000_000_000, maxBodySize: `${bodyLimitMib}MiB` },
    },
  ];
  try {
    for (const mode of modes) {
      let result: ChildResult;
      try {
        result = await runChild(base, mode);
      } catch (error) {
        console.log(`${mode.name}: ${(error as Error).message}`);
        continue;
      }
      const row = `${mode.name}: peak RSS ${(result.peakRssBytes / 2 ** 20).toFixed(1)} MiB, ${
        (result.elapsedMs / 1000).toFixed(1)
      } s, outcomes ${JSON.stringify(result.outcomes)}`;
      console.log(row);
      if (result.errors.length > 0) console.log(`  first error: ${result.errors[0]}`);
    }
  } finally {
    await server.shutdown();
  }
}

async function runChild(base: string, mode: Mode): Promise<ChildResult> {
  const settings = JSON.stringify({ base, path: mode.path, defaults: mode.defaults });
  const outDir = await Deno.makeTempDir({ prefix: "corun-bomb-" });
  try {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", new URL(import.meta.url).pathname, "--child", settings, outDir],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    if (!output.success) throw new Error(`The child run of "${mode.name}" failed (see above)`);
    return JSON.parse(new TextDecoder().decode(output.stdout));
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

/** One corun run of 16 concurrent fetches; prints its result and peak RSS as JSON. */
async function child(settingsText: string, outDir: string): Promise<void> {
  const { base, path, defaults } = JSON.parse(settingsText);
  const startedMs = performance.now();
  const report = await run(
    defineConfig({
      outDir,
      metadata: false,
      concurrency: CONCURRENCY,
      perHost: CONCURRENCY,
      defaults: { retries: 0, timeout: "120s", ...defaults },
      tasks: Array.from(
        { length: CONCURRENCY },
        (_, i) => fetchTask(`t${i}`, `${base}${path}/${i}`, { save: `out/${i}.bin` }),
      ),
    }),
    { state: false },
  );
  const outcomes: Record<string, number> = {};
  const errors: string[] = [];
  for (const task of report.tasks) {
    const key = task.error?.code ?? task.outcome;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
    if (task.error) errors.push(task.error.message);
  }
  const result: ChildResult = {
    peakRssBytes: peakRssBytes(),
    outcomes,
    errors,
    elapsedMs: performance.now() - startedMs,
  };
  console.log(JSON.stringify(result));
}

/** VmHWM of this process: the peak resident set size, from the kernel. */
function peakRssBytes(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error("Cannot read VmHWM from /proc/self/status (Linux only)");
  return Number(match[1]) * 1024;
}

async function gzipZeros(bytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const gzip = createGzip({ level: 9 });
  const parts: Uint8Array[] = [];
  gzip.on("data", (part: Uint8Array) => parts.push(part));
  const ended = new Promise((resolve) => gzip.on("end", resolve));
  const zeros = new Uint8Array(16 * 1024 * 1024);
  for (let written = 0; written < bytes; written += zeros.length) {
    const piece = zeros.subarray(0, Math.min(zeros.length, bytes - written));
    if (!gzip.write(piece)) await new Promise((resolve) => gzip.once("drain", resolve));
  }
  gzip.end();
  await ended;
  return concat(parts);
}

function flag(name: string): string | undefined {
  const at = Deno.args.indexOf(name);
  return at === -1 ? undefined : Deno.args[at + 1];
}
