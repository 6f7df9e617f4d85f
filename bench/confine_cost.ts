/**
 * The cost of confining each file: 10,000 small files (100 directories of 100) written by
 * `OutputDir.writeSmallFileSync` (one synchronous step each: change into the directory, check where
 * the process is, create the temporary, write, rename, change back) against the same writes by
 * absolute path into directories checked once per run (how corun wrote them before). The two are
 * interleaved file by file, so both see the same directories and the same load on the machine; the
 * medians a file are printed beside the means, as a loaded machine's stalls swing the means.
 *
 * Run: `deno run -A bench/confine_cost.ts [files] [rounds]`
 * @module
 */
import { OutputDir } from "../lib/sinks/mod.ts";

const FILES = Number(Deno.args[0] ?? 10_000);
const ROUNDS = Number(Deno.args[1] ?? 3);
const PER_DIR = 100;
const body = new TextEncoder().encode("x".repeat(2048));

/** One round: mean and median microseconds a file, by path and confined. */
function round(): {
  byPath: number;
  confined: number;
  byPathMedian: number;
  confinedMedian: number;
} {
  const root = Deno.makeTempDirSync({ prefix: "corun-confine-bench-" });
  try {
    const out = new OutputDir(root);
    const byPathMs: number[] = [];
    const confinedMs: number[] = [];
    for (let i = 0; i < FILES; i++) {
      const dir = `d${Math.floor(i / PER_DIR)}`;
      let start = performance.now();
      if (i % PER_DIR === 0) Deno.mkdirSync(`${root}/${dir}`, { recursive: true });
      const temp = `${root}/${dir}/.${crypto.randomUUID()}.part`;
      Deno.writeFileSync(temp, body, { createNew: true });
      Deno.renameSync(temp, `${root}/${dir}/old${i}.html`);
      byPathMs.push(performance.now() - start);
      start = performance.now();
      out.writeSmallFileSync(`${dir}/new${i}.html`, body);
      confinedMs.push(performance.now() - start);
    }
    return {
      byPath: meanUs(byPathMs),
      confined: meanUs(confinedMs),
      byPathMedian: medianUs(byPathMs),
      confinedMedian: medianUs(confinedMs),
    };
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
}

function meanUs(ms: number[]): number {
  return (ms.reduce((sum, each) => sum + each, 0) * 1000) / ms.length;
}

function medianUs(ms: number[]): number {
  return [...ms].sort((a, b) => a - b)[ms.length >> 1] * 1000;
}

console.log(`${FILES} files of ${body.byteLength} B each way, interleaved:`);
for (let r = 0; r < ROUNDS; r++) {
  const { byPath, confined, byPathMedian, confinedMedian } = round();
  console.log(
    `  by path ${byPath.toFixed(1)} µs a file, confined ${confined.toFixed(1)} µs a file: ` +
      `+${(confined - byPath).toFixed(1)} µs (medians ${byPathMedian.toFixed(1)} and ` +
      `${confinedMedian.toFixed(1)} µs: +${(confinedMedian - byPathMedian).toFixed(1)} µs)`,
  );
}
