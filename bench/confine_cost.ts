/**
 * The cost of confining each file: 10,000 small files (100 directories of 100) written by
 * `OutputDir.writeSmallFileSync` (one synchronous step each: change into the directory, check where
 * the process is, create the temporary, write, rename, change back) against the same writes by
 * absolute path into directories checked once per run (how corun wrote them before). The two are
 * interleaved file by file, so both see the same directories and the same load on the machine.
 *
 * Run: `deno run -A bench/confine_cost.ts [files] [rounds]`
 * @module
 */
import { OutputDir } from "../lib/sinks/mod.ts";

const FILES = Number(Deno.args[0] ?? 10_000);
const ROUNDS = Number(Deno.args[1] ?? 3);
const PER_DIR = 100;
const body = new TextEncoder().encode("x".repeat(2048));

/** One round: microseconds a file by path, and confined. */
function round(): [number, number] {
  const root = Deno.makeTempDirSync({ prefix: "corun-confine-bench-" });
  try {
    const out = new OutputDir(root);
    let byPathMs = 0;
    let confinedMs = 0;
    for (let i = 0; i < FILES; i++) {
      const dir = `d${Math.floor(i / PER_DIR)}`;
      let start = performance.now();
      if (i % PER_DIR === 0) Deno.mkdirSync(`${root}/${dir}`, { recursive: true });
      const temp = `${root}/${dir}/.${crypto.randomUUID()}.part`;
      Deno.writeFileSync(temp, body, { createNew: true });
      Deno.renameSync(temp, `${root}/${dir}/old${i}.html`);
      byPathMs += performance.now() - start;
      start = performance.now();
      out.writeSmallFileSync(`${dir}/new${i}.html`, body);
      confinedMs += performance.now() - start;
    }
    return [(byPathMs * 1000) / FILES, (confinedMs * 1000) / FILES];
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
}

console.log(`${FILES} files of ${body.byteLength} B each way, interleaved:`);
for (let r = 0; r < ROUNDS; r++) {
  const [byPath, confined] = round();
  console.log(
    `  by path ${byPath.toFixed(1)} µs a file, confined ${confined.toFixed(1)} µs a file: ` +
      `+${(confined - byPath).toFixed(1)} µs`,
  );
}
