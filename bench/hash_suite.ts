/**
 * The hashing benchmark: SHA-256 as corun computes it while a body is written (`lib/sinks/digest.ts`,
 * `node:crypto`, streaming) beside WebCrypto's `crypto.subtle.digest`, which needs no Node layer but
 * takes the whole body at once. Two workloads: 10,000 bodies of 1 KiB (a digest each) and one body
 * of 256 MiB (64 KiB chunks for the streaming hash; one 256 MiB buffer for WebCrypto). Each variant
 * runs in a child process under `/usr/bin/time`, so the table also says what loading it costs and
 * its peak memory. (std's streaming WASM hash is not in the npm build of std corun uses: its
 * `crypto/_wasm/lib` is not published there, so it cannot be measured here.)
 *
 *     deno run -A bench/hash_suite.ts                 # the table, 5 runs each
 *     deno task bench -- --only hash
 * @module
 */
import { timeCommand } from "./loop_suite.ts";
import { median } from "./settings_suite.ts";

/** How a variant hashes. */
export const HASHERS = ["node:crypto", "WebCrypto"] as const;
/** What is hashed. */
export const HASH_WORKLOADS = ["10,000 × 1 KiB", "256 MiB"] as const;

type Hasher = typeof HASHERS[number];
type HashWorkload = typeof HASH_WORKLOADS[number];

/** One variant on one workload. */
export interface HashRow {
  hasher: Hasher;
  workload: HashWorkload;
  /** Loading the hasher (`import("node:crypto")`; nothing for WebCrypto), in ms. */
  loadMs: number;
  /** Median ms of the hashing alone. */
  medianMs: number;
  /** The digest (of the last body for the small bodies), so the variants can be compared. */
  hex: string;
  /** Peak RSS of the child process in KiB. */
  peakRssKiB?: number;
}

const KIB = 1024;
const CHUNK = 64 * KIB;
const BIG_CHUNKS = (256 * KIB * KIB) / CHUNK;
const SMALL_COUNT = 10_000;

function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Bytes that are not all alike, the same in every process. */
function pattern(length: number, seed: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index++) bytes[index] = (index * 31 + seed * 7) & 0xff;
  return bytes;
}

/** Hashes once; returns the digest in hex. */
type HashOnce = () => Promise<string>;

async function prepare(hasher: Hasher, workload: HashWorkload): Promise<[number, HashOnce]> {
  const started = performance.now();
  const createHash = hasher === "node:crypto" ? (await import("node:crypto")).createHash : null;
  const loadMs = performance.now() - started;
  if (workload === "10,000 × 1 KiB") {
    const bodies = Array.from({ length: SMALL_COUNT }, (_, index) => pattern(KIB, index));
    return [loadMs, async () => {
      let last = "";
      for (const body of bodies) {
        last = createHash === null
          ? hex(await crypto.subtle.digest("SHA-256", body))
          : createHash("sha256").update(body).digest("hex");
      }
      return last;
    }];
  }
  const chunk = pattern(CHUNK, 1);
  if (createHash !== null) {
    return [loadMs, () => {
      const hash = createHash("sha256");
      for (let index = 0; index < BIG_CHUNKS; index++) hash.update(chunk);
      return Promise.resolve(hash.digest("hex"));
    }];
  }
  // WebCrypto has no streaming digest: the whole body must be in memory at once.
  const whole = new Uint8Array(CHUNK * BIG_CHUNKS);
  for (let index = 0; index < BIG_CHUNKS; index++) whole.set(chunk, index * CHUNK);
  return [loadMs, async () => hex(await crypto.subtle.digest("SHA-256", whole))];
}

/** The child process: hashes `runs` times after a warm-up and writes its row as JSON to `out`. */
async function child(hasher: Hasher, workload: HashWorkload, runs: number, out: string) {
  const [loadMs, hashOnce] = await prepare(hasher, workload);
  let digest = await hashOnce();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    digest = await hashOnce();
    times.push(performance.now() - started);
  }
  const row = { hasher, workload, loadMs, medianMs: median(times), hex: digest };
  await Deno.writeTextFile(out, JSON.stringify(row));
}

/**
 * Times every hasher on every workload, each in a child process.
 *
 * @param workDir Scratch folder for the children's results.
 * @param runs Timed runs per child, after one warm-up.
 * @returns One row per hasher and workload.
 * @throws {Error} When a child fails, or two hashers disagree on a digest.
 */
export async function benchHash(workDir: string, runs: number): Promise<HashRow[]> {
  await Deno.mkdir(workDir, { recursive: true });
  const rows: HashRow[] = [];
  for (const workload of HASH_WORKLOADS) {
    for (const hasher of HASHERS) {
      const out = `${workDir}/hash-${rows.length}.json`;
      const timed = await timeCommand({
        label: `${hasher} ${workload}`,
        count: 0,
        command: Deno.execPath(),
        args: ["run", "-A", import.meta.filename!, "--child", hasher, workload, String(runs), out],
      });
      if (timed.error !== undefined) throw new Error(`Cannot hash with ${hasher}: ${timed.error}`);
      const row: HashRow = JSON.parse(await Deno.readTextFile(out));
      if (timed.peakRssKiB !== undefined) row.peakRssKiB = timed.peakRssKiB;
      console.log(`${hasher}, ${workload}: ${row.medianMs.toFixed(1)} ms`);
      rows.push(row);
    }
    const digests = new Set(rows.filter((row) => row.workload === workload).map((row) => row.hex));
    if (digests.size !== 1) throw new Error(`The hashers disagree on ${workload}: ${[...digests]}`);
  }
  return rows;
}

/**
 * Renders the rows as a Markdown table: hashing time, load time, throughput and peak RSS.
 *
 * @param rows From {@linkcode benchHash}.
 * @returns Markdown text, ending in a newline.
 */
export function renderHashTable(rows: readonly HashRow[]): string {
  const header = ["workload", "hasher", "hashing (ms)", "MiB/s", "load (ms)", "peak RSS"];
  const body = rows.map((row) => {
    const mib = row.workload === "256 MiB" ? 256 : (SMALL_COUNT * KIB) / (KIB * KIB);
    return [
      row.workload,
      row.hasher,
      row.medianMs.toFixed(1),
      (mib / (row.medianMs / 1000)).toFixed(0),
      row.loadMs.toFixed(1),
      row.peakRssKiB === undefined ? "–" : `${(row.peakRssKiB / 1024).toFixed(0)} MiB`,
    ];
  });
  const align = header.map((_, index) => index < 2 ? "---" : "---:");
  return [header, align, ...body].map((cells) => `| ${cells.join(" | ")} |`).join("\n") + "\n";
}

if (import.meta.main) {
  if (Deno.args[0] === "--child") {
    const [, hasher, workload, runs, out] = Deno.args;
    await child(hasher as Hasher, workload as HashWorkload, Number(runs), out);
  } else {
    const rows = await benchHash("/tmp/corun-bench/hash", Number(Deno.args[0] ?? 5));
    console.log(`\n${renderHashTable(rows)}`);
  }
}
