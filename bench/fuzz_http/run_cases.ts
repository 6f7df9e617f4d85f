/**
 * One corun run of a few cases against one server, through the library API, and the checks of
 * everything the README promises about how it ends.
 * @module
 */
import { createHash } from "node:crypto";
import { defineConfig, fetchTask, run, task, type TaskInput } from "../../mod.ts";
import { type Case, type CaseContext, equalBytes } from "./case.ts";
import { FuzzServer } from "./fuzz_server.ts";

/** How one run drives its cases. */
export type Mode = "solo" | "keepalive" | "pipeline" | "small-body" | "custom";

/** One broken promise, with what it takes to see it again. */
export interface Violation {
  seed: number;
  mode: Mode;
  caseId?: number;
  label?: string;
  problem: string;
}

const TIMEOUTS = { connect: "2s", headers: "2s", idle: "1s", total: "6s" };
/** Where no case waits on a limit: far from any a busy machine could reach. */
const QUICK_TIMEOUTS = { connect: "30s", headers: "30s", idle: "30s", total: "60s" };

/**
 * Runs `cases` in one corun run against one server, and checks every invariant.
 *
 * @param makeCases Makes the cases once the server's port is known.
 */
export async function runCases(
  seed: number,
  mode: Mode,
  limits: { maxBodyBytes: number; maxHeaderBytes: number; quick?: boolean },
  makeCases: (context: CaseContext) => Case[],
  retries: number,
  trace?: (line: string) => void,
): Promise<{ violations: Violation[]; cases: Case[]; ms: number }> {
  const server = new FuzzServer();
  const cases = makeCases({ port: server.port, ...limits });
  for (const c of cases) server.cases.set(c.id, c);
  const outDir = await Deno.makeTempDir({ prefix: "corun-fuzz-" });
  const violations: Violation[] = [];
  const say = (problem: string, c?: Case) =>
    violations.push({ seed, mode, caseId: c?.id, label: c?.label, problem });
  const base = `http://127.0.0.1:${server.port}`;
  const tasks: TaskInput[] = cases.map((c) => {
    const options = {
      ...(c.maxRedirects !== undefined ? { maxRedirects: c.maxRedirects } : {}),
      ...(c.retries !== undefined ? { retries: c.retries } : {}),
    };
    const url = `${base}/c/${c.id}`;
    if (mode !== "custom") {
      // Some cases are saved by a path known only from the body, or checked against its digest.
      const save = SAVE_TEMPLATES[c.id % SAVE_TEMPLATES.length].replace("ID", String(c.id));
      const checksum = c.id % 5 === 2 && c.expect.kind === "body"
        ? { checksum: `sha256:${sha256(c.expect.body)}` }
        : {};
      return fetchTask(`c${c.id}`, { url, method: c.method }, { save, ...checksum, ...options });
    }
    // A custom task: the whole body by ctx.fetch, kept by ctx.write when the status is a success.
    return task(`c${c.id}`, function* (ctx) {
      const page = yield* ctx.fetch({ url, method: c.method }, options);
      if (page.status < 200 || page.status > 299) {
        throw Object.assign(new Error(`status ${page.status}`), { code: "HTTP_STATUS" });
      }
      yield* ctx.write(`c${c.id}.bin`, page.body);
    });
  });
  const concurrency = mode === "solo" ? 1 : 8;
  const perHost = mode === "solo" ? 1 : mode === "pipeline" ? 2 : 3;
  const controller = new AbortController();
  // Each fetch ends within its attempts' total limits; they overlap at `concurrency`.
  const boundMs = 20_000 + cases.length * (retries + 1) * 7_000 / Math.min(concurrency, 2);
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    controller.abort();
  }, boundMs);
  const started = performance.now();
  try {
    const report = await run(
      defineConfig({
        outDir,
        concurrency,
        perHost,
        origins: mode === "pipeline" ? { [base]: { pipeline: 8 } } : {},
        defaults: {
          timeout: limits.quick ? QUICK_TIMEOUTS : TIMEOUTS,
          retries,
          backoff: "10ms",
          maxBackoff: "50ms",
          maxBodySize: limits.maxBodyBytes,
          maxHeaderSize: limits.maxHeaderBytes,
        },
        tasks,
      }),
      { state: false, signal: controller.signal, onWarning: () => {} },
    );
    if (hung) say(`the run did not end within ${boundMs} ms (aborted)`);
    for (const c of cases) {
      const result = report.tasks.find((t) => t.name === `c${c.id}`);
      if (!result) {
        say("no result in the report", c);
        continue;
      }
      trace?.(
        `  c${c.id} ${result.outcome}${result.error ? ` ${result.error.code}` : ""} ` +
          `(expected ${c.expect.kind}) [${c.label}]`,
      );
      const saved = await savedBody(outDir, c, say);
      const fouled = server.served.some((s) => s.caseId === c.id && s.fouled);
      let expect = c.expect;
      if (fouled && expect.kind === "body") expect = { kind: "either", bodies: [expect.body] };
      if (result.outcome === "done") {
        if (saved === null) {
          say("done, but nothing at its save path", c);
          continue;
        }
        if (expect.kind === "fail") {
          say(`done with ${saved.byteLength} bytes, but the response was broken`, c);
        } else if (expect.kind === "body" && !equalBytes(saved, expect.body)) {
          say(
            `done with ${saved.byteLength} bytes, expected ${expect.body.byteLength} (${
              firstDifference(saved, expect.body)
            })`,
            c,
          );
        } else if (expect.kind === "either" && !expect.bodies.some((b) => equalBytes(saved, b))) {
          say(
            `done with ${saved.byteLength} bytes, none of the acceptable bodies (${
              expect.bodies.map((b) => b.byteLength).join(", ") || "none: it had to fail"
            })`,
            c,
          );
        }
      } else if (result.outcome === "failed") {
        if (!result.error?.code) say(`failed without an error code: ${result.error?.message}`, c);
        if (saved !== null) {
          say(`failed (${result.error?.code}), but ${saved.byteLength} bytes at its save path`, c);
        }
        if (expect.kind === "body" && !hung) {
          say(
            `failed (${result.error?.code}: ${result.error?.message}), but the response was valid`,
            c,
          );
        }
      } else if (!hung) {
        say(`ended ${result.outcome}`, c);
      }
    }
    await checkOutDir(outDir, cases, report.tasks, say);
  } catch (error) {
    say(`run() threw: ${(error as Error)?.stack ?? error}`);
  } finally {
    clearTimeout(timer);
  }
  const ms = performance.now() - started;
  const open = await server.openAfter(Number(Deno.env.get("FUZZ_OPEN_MS") ?? 6000));
  if (open.length > 0) say(`connections ${open.join(", ")} still open after run() resolved`);
  await server.close();
  await Deno.remove(outDir, { recursive: true });
  return { violations, cases, ms };
}

/** `ID` is the case's: a plain path, a path named by the body's digest, one named at random. */
const SAVE_TEMPLATES = ["cID.bin", "cID/{sha256}", "cID.bin", "cID/{uuid}.bin", "cID.bin"];

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The file case `c` saved, or null; a `{sha256}` name must be the body's digest. */
async function savedBody(
  outDir: string,
  c: Case,
  say: (problem: string, c?: Case) => void,
): Promise<Uint8Array | null> {
  const plain = await Deno.readFile(`${outDir}/c${c.id}.bin`).catch(() => null);
  if (plain !== null) return plain;
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(`${outDir}/c${c.id}`)) names.push(entry.name);
  } catch {
    return null;
  }
  if (names.length === 0) return null;
  if (names.length > 1) say(`${names.length} files saved: ${names.join(", ")}`, c);
  const body = await Deno.readFile(`${outDir}/c${c.id}/${names[0]}`);
  if (/^[0-9a-f]{64}$/.test(names[0]) && names[0] !== sha256(body)) {
    say(`saved as ${names[0]}, which is not the SHA-256 of its ${body.byteLength} bytes`, c);
  }
  return body;
}

function firstDifference(a: Uint8Array, b: Uint8Array): string {
  const length = Math.min(a.byteLength, b.byteLength);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return `first difference at byte ${i}`;
  return `one is a prefix of the other`;
}

/** No temporary or stray file; every metadata line JSON, one per fetch task at least. */
async function checkOutDir(
  outDir: string,
  cases: Case[],
  results: { name: string; outcome: string }[],
  say: (problem: string, c?: Case) => void,
): Promise<void> {
  const done = new Set(results.filter((r) => r.outcome === "done").map((r) => r.name));
  for await (const entry of walk(outDir, "")) {
    if (entry === "corun.jsonl" || entry.startsWith(".corun/")) continue;
    // A done task's file: `c7.bin`, or the one file in `c7/`.
    if (done.has(entry.replace(/(\.bin|\/[^/]+)$/, ""))) continue;
    say(`a stray file in the output directory: ${entry}`);
  }
  let text = "";
  try {
    text = await Deno.readTextFile(`${outDir}/corun.jsonl`);
  } catch {
    say("no corun.jsonl");
    return;
  }
  const lines = text.split("\n");
  if (lines.at(-1) !== "") say("corun.jsonl does not end with a line break");
  const named = new Set<string>();
  for (const line of lines.slice(0, -1)) {
    try {
      const record = JSON.parse(line);
      if (typeof record.task === "string") named.add(record.task);
    } catch {
      say(`a metadata line is not JSON: ${line.slice(0, 200)}`);
    }
  }
  for (const c of cases) {
    const result = results.find((r) => r.name === `c${c.id}`);
    if (
      result && (result.outcome === "done" || result.outcome === "failed") && !named.has(`c${c.id}`)
    ) {
      say(`no metadata line for the task`, c);
    }
  }
}

async function* walk(root: string, prefix: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(`${root}/${prefix}`)) {
    const path = prefix + entry.name;
    if (entry.isDirectory) yield* walk(root, `${path}/`);
    else yield path;
  }
}
