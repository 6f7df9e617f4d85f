/**
 * Runs the HTTP/1.x response vectors of other parsers (../shared/conformance/http-responses.json)
 * through corun's real client: each case is served from a socket on 127.0.0.1, once whole and once in
 * small pieces, and what corun returns (status and body, or a refusal) is compared with the reference
 * verdict. Prints the counts and every disagreement.
 *
 * `deno run -A bench/conformance_http.ts [path/to/http-responses.json] [--only c001,c002]`
 *
 * A dev tool, not a test: the vectors live outside the repository.
 * @module
 */
import { createHash } from "node:crypto";
import { concat } from "npm:deno-std@1.4.0/bytes/concat.js";
import { decodeBase64 } from "npm:deno-std@1.4.0/encoding/base64.js";
import { HttpClient } from "../lib/http/mod.ts";
import { runOperation } from "../lib/loop/mod.ts";

interface VectorCase {
  id: string;
  name: string;
  method: string;
  raw_b64?: string;
  raw_parts?: { b64: string; repeat?: number }[];
  scored?: boolean;
  unscored_why?: string;
  expect: {
    verdict: "accept" | "reject";
    status?: number;
    body_len?: number;
    body_sha256?: string;
    body_b64?: string;
    why?: string;
  };
}

/** What corun did with one case. */
type Outcome =
  | { verdict: "accept"; status: number; body: Uint8Array }
  | { verdict: "reject"; error: string };

const DEFAULT_PATH = new URL("../../shared/conformance/http-responses.json", import.meta.url);
/** Piece size when a response is served in small pieces (larger responses use bigger pieces). */
const SMALL_PIECE_BYTES = 3;

if (import.meta.main) await main();

async function main(): Promise<void> {
  const positional = Deno.args.filter((arg, i) => !arg.startsWith("--") && !isFlagValue(i));
  const path = positional[0] ?? DEFAULT_PATH.pathname;
  const only = flagValue("--only")?.split(",");
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    console.error(
      `Cannot read the HTTP conformance vectors at ${path}: ${(error as Error).message}. ` +
        "They live in ../shared/conformance/ next to the repository; pass another path as the first argument.",
    );
    Deno.exit(2);
  }
  const cases = (JSON.parse(text).cases as VectorCase[])
    .filter((c) => !only || only.includes(c.id));
  let agreed = 0;
  let scored = 0;
  const disagreements: string[] = [];
  const unscored: string[] = [];
  for (const vector of cases) {
    const raw = rawBytes(vector);
    const whole = await serveAndFetch(vector, raw, raw.length);
    const pieces = await serveAndFetch(vector, raw, raw.length > 65536 ? 4096 : SMALL_PIECE_BYTES);
    const verdicts = [judge(vector, whole), judge(vector, pieces)];
    const agrees = verdicts.every((verdict) => verdict === null);
    const line = `${vector.id} ${vector.name}: reference ${describeExpect(vector)}; corun ${
      describe(whole)
    }${sameOutcome(whole, pieces) ? "" : ` (in pieces: ${describe(pieces)})`}`;
    if (vector.scored === false) {
      unscored.push(`${line} [unscored: ${vector.unscored_why}]`);
      continue;
    }
    scored++;
    if (agrees) agreed++;
    else disagreements.push(`${line}\n    ${verdicts.filter((v) => v).join("; ")}`);
  }
  console.log(`corun agrees with the reference on ${agreed} of ${scored} scored cases`);
  if (disagreements.length > 0) {
    console.log(`\nDisagreements (${disagreements.length}):`);
    for (const line of disagreements) console.log(`  ${line}`);
  }
  if (unscored.length > 0) {
    console.log(`\nUnscored (${unscored.length}):`);
    for (const line of unscored) console.log(`  ${line}`);
  }
}

/** A vector's response bytes: whole, or its parts, each repeated as often as it says. */
export function rawBytes(vector: Pick<VectorCase, "raw_b64" | "raw_parts">): Uint8Array {
  if (vector.raw_b64 !== undefined) return decodeBase64(vector.raw_b64);
  const parts: Uint8Array[] = [];
  for (const part of vector.raw_parts ?? []) {
    const bytes = decodeBase64(part.b64);
    for (let i = 0; i < (part.repeat ?? 1); i++) parts.push(bytes);
  }
  return concat(parts);
}

/**
 * Serves `raw` to one request on a fresh listener (after reading the request head), in pieces of
 * `pieceBytes`, then closes the server's side; fetches it with corun's client.
 */
async function serveAndFetch(
  vector: VectorCase,
  raw: Uint8Array,
  pieceBytes: number,
): Promise<Outcome> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const serving = (async () => {
    const conn = await listener.accept();
    try {
      await readRequestHead(conn);
      for (let at = 0; at < raw.length; at += pieceBytes) {
        const piece = raw.subarray(at, at + pieceBytes);
        for (let done = 0; done < piece.length;) done += await conn.write(piece.subarray(done));
        if (pieceBytes < raw.length) await new Promise((resolve) => setTimeout(resolve, 0));
      }
      await conn.closeWrite();
      // Wait for the client to close (so its reads end on our EOF, not on a reset).
      const sink = new Uint8Array(4096);
      while (await conn.read(sink) !== null) { /* discard */ }
    } catch {
      // The client gave up first.
    } finally {
      try {
        conn.close();
      } catch { /* closed */ }
    }
  })();
  const client = new HttpClient();
  let outcome: Outcome;
  try {
    outcome = await runOperation(function* () {
      const response = yield* client.request(
        { url: `http://127.0.0.1:${port}/`, method: vector.method },
        {
          maxRedirects: 0,
          decompress: false,
          timeouts: { headersMs: 5000, idleMs: 5000 },
        },
      );
      try {
        const body = yield* response.body.bytes();
        return { verdict: "accept" as const, status: response.status, body };
      } finally {
        response.body.close();
      }
    }());
  } catch (error) {
    const code = (error as { code?: string }).code;
    outcome = { verdict: "reject", error: `${code ?? "error"}: ${(error as Error).message}` };
  } finally {
    client.close();
  }
  listener.close();
  await serving;
  return outcome;
}

async function readRequestHead(conn: Deno.Conn): Promise<void> {
  const buffer = new Uint8Array(16384);
  let seen = "";
  while (!seen.includes("\r\n\r\n")) {
    const count = await conn.read(buffer);
    if (count === null) return;
    seen += new TextDecoder().decode(buffer.subarray(0, count));
  }
}

/** Null when corun agrees; otherwise what differs. */
function judge(vector: VectorCase, outcome: Outcome): string | null {
  const expect = vector.expect;
  if (expect.verdict === "reject") {
    return outcome.verdict === "reject" ? null : "corun accepted what the reference rejects";
  }
  if (outcome.verdict === "reject") return "corun rejected what the reference accepts";
  if (expect.status !== undefined && outcome.status !== expect.status) {
    return `status ${outcome.status}, expected ${expect.status}`;
  }
  if (expect.body_len !== undefined && outcome.body.length !== expect.body_len) {
    return `body of ${outcome.body.length} bytes, expected ${expect.body_len}`;
  }
  if (expect.body_sha256 !== undefined && sha256(outcome.body) !== expect.body_sha256) {
    return "body differs (SHA-256)";
  }
  return null;
}

function describeExpect(vector: VectorCase): string {
  const expect = vector.expect;
  return expect.verdict === "reject"
    ? `rejects (${expect.why ?? "no reason given"})`
    : `accepts ${expect.status} with ${expect.body_len ?? "?"} bytes`;
}

function describe(outcome: Outcome): string {
  return outcome.verdict === "reject"
    ? `rejects (${outcome.error.slice(0, 160)})`
    : `accepts ${outcome.status} with ${outcome.body.length} bytes`;
}

function sameOutcome(a: Outcome, b: Outcome): boolean {
  if (a.verdict !== b.verdict) return false;
  if (a.verdict === "reject") return true;
  const other = b as typeof a;
  return a.status === other.status && sha256(a.body) === sha256(other.body);
}

/** Hex SHA-256 (node:crypto hashes synchronously; WebCrypto would make every comparison async). */
function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function flagValue(name: string): string | undefined {
  const at = Deno.args.indexOf(name);
  return at === -1 ? undefined : Deno.args[at + 1];
}

function isFlagValue(index: number): boolean {
  return index > 0 && Deno.args[index - 1] === "--only";
}
