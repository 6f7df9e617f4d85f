/**
 * A seeded adversarial-server fuzzer of corun's HTTP/1.1 client, driven through the library API
 * (`run` of a config of fetch tasks, as a user's run goes): a raw TCP server on 127.0.0.1 answers
 * each request with a generated response, valid or mutated (truncated heads and bodies, lying or
 * conflicting Content-Length, chunked framing errors and extensions, obs-fold, bare LF, control
 * bytes, huge heads, 1xx interim heads, bodies on 204 / 304 / HEAD, keep-alive and close mixes,
 * corrupt, cut or padded gzip / deflate / br bodies and bombs, odd redirects, trickles, stalls,
 * closes and resets), alone, over kept-alive connections, pipelined (`pipeline: 8`) and under a
 * small `maxBodySize`. Each run is checked: it ends; nothing throws outside it; every task ends
 * done or failed with an error code, a done one with exactly the body the server meant and a failed
 * one with nothing at its path; no temporary is left; every metadata line is JSON; every connection
 * is closed by the client once `run()` resolves.
 *
 * `deno run -A bench/fuzz_http.ts --seed 1 --cases 200 [--vectors ../shared/conformance/http-responses.json] [--only 17] [--verbose]`
 *
 * With `--vectors`, the response vectors of other parsers are served too, whole, cut and flipped.
 * Prints every violation with the case's seed and number; exits 1 when there is one.
 * @module
 */
import { type Case, type Expect } from "./fuzz_http/case.ts";
import { makeCase } from "./fuzz_http/response_case.ts";
import { resumeCase } from "./fuzz_http/resume_case.ts";
import { Rng } from "./fuzz_http/rng.ts";
import { runCases, type Violation } from "./fuzz_http/run_cases.ts";
import { loadVectors, type VectorCase, vectorCase } from "./fuzz_http/vector_case.ts";

export type { Case, Expect, Violation };

/** Options of {@linkcode fuzz}. */
export interface FuzzOptions {
  seed: number;
  cases: number;
  vectors?: VectorCase[];
  only?: number;
  /**
   * Leave out the cases that only a timeout ends (stalls, pauses past a limit), and run with limits
   * no case comes near: for a test, whose outcome must not depend on the machine's speed.
   */
  quick?: boolean;
  log?: (line: string) => void;
  /** Log every case's outcome too. */
  trace?: boolean;
}

/**
 * Runs `cases` cases from `seed`, in runs of a few cases each (mode by mode), and returns every
 * violation.
 */
export async function fuzz(
  options: FuzzOptions,
): Promise<{ violations: Violation[]; cases: number; runs: number }> {
  const rng = new Rng(options.seed);
  const violations: Violation[] = [];
  let made = 0;
  let runs = 0;
  while (made < options.cases) {
    const mode = rng.weighted(
      [[3, "solo"], [3, "keepalive"], [3, "pipeline"], [1, "small-body"], [2, "custom"]] as const,
    );
    const count = mode === "solo" ? 1 : Math.min(options.cases - made, rng.int(2, 12));
    const limits = {
      ...(mode === "small-body"
        ? { maxBodyBytes: rng.int(1, 6000), maxHeaderBytes: rng.int(600, 9000) }
        : { maxBodyBytes: 16 * 1024 * 1024, maxHeaderBytes: 65536 }),
      quick: options.quick,
    };
    const retries = rng.chance(0.2) ? 1 : 0;
    const runSeed = Math.floor(rng.next() * 2 ** 32);
    const first = made;
    made += count;
    if (options.only !== undefined && (options.only < first || options.only >= made)) continue;
    runs++;
    const result = await runCases(
      options.seed,
      mode,
      limits,
      (context) => {
        const caseRng = new Rng(runSeed);
        return Array.from({ length: count }, (_, i) => {
          const id = first + i;
          if (options.vectors && caseRng.chance(0.3)) {
            return vectorCase(caseRng, id, caseRng.pick(options.vectors));
          }
          if (mode !== "small-body" && caseRng.chance(0.04)) return resumeCase(caseRng, id);
          return makeCase(caseRng, id, context);
        });
      },
      retries,
      options.trace ? options.log : undefined,
    );
    violations.push(...result.violations);
    if (options.log) {
      options.log(
        `${mode} ${result.cases.map((c) => c.id).join(",")} (${Math.round(result.ms)} ms)${
          result.violations.length ? ` ${result.violations.length} violation(s)` : ""
        }`,
      );
      for (const v of result.violations) {
        options.log(`  case ${v.caseId ?? "-"} [${v.label ?? ""}]: ${v.problem}`);
      }
    }
  }
  return { violations, cases: made, runs };
}

function flag(name: string): string | undefined {
  const at = Deno.args.indexOf(name);
  return at === -1 ? undefined : Deno.args[at + 1];
}

if (import.meta.main) {
  const uncaught: string[] = [];
  globalThis.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    uncaught.push(`unhandled rejection: ${event.reason?.stack ?? event.reason}`);
  });
  globalThis.addEventListener("error", (event) => {
    event.preventDefault();
    uncaught.push(`uncaught exception: ${event.error?.stack ?? event.message}`);
  });
  const seed = Number(flag("--seed") ?? 1);
  const cases = Number(flag("--cases") ?? 100);
  const vectorsPath = flag("--vectors");
  const only = flag("--only");
  const verbose = Deno.args.includes("--verbose");
  const result = await fuzz({
    seed,
    cases,
    vectors: vectorsPath ? await loadVectors(vectorsPath) : undefined,
    only: only === undefined ? undefined : Number(only),
    trace: Deno.args.includes("--trace"),
    log: verbose ? console.log : (line) => {
      if (line.startsWith("  ")) console.log(line);
    },
  });
  for (const line of uncaught) console.log(line);
  console.log(
    `seed ${seed}: ${result.cases} cases in ${result.runs} runs, ${result.violations.length} violation(s), ${uncaught.length} uncaught`,
  );
  Deno.exit(result.violations.length + uncaught.length > 0 ? 1 : 0);
}
