/**
 * The duties floor: the shared `deno-raw-floor` client (one keep-alive connection per worker, only
 * Content-Length framing) doing, inline and by the plainest means, the per-fetch duties corun does
 * with its defaults. Each body is
 * - saved as corun saves it: written whole to a temporary name, then renamed into place, both
 *   synchronous (never a half-written file at its name);
 * - given a metadata line with corun's fields, made by one `JSON.stringify` and written in batches;
 * - given a state entry, the whole state written one entry a line at the end, then renamed.
 *
 * Nothing else: no retries, redirects, chunked bodies, limits, checks or events. So corun's time over
 * this row is what its own code costs for the same work, and this row's time over the floor's is
 * what the work itself costs on this machine. `--no-metadata`, `--no-state` and `--no-atomic` (the
 * body written straight to its name) take duties away one by one; `--sha256` adds one that corun's
 * defaults leave out (`sha256: true`): each body hashed by `node:crypto`, into its line and entry.
 *
 *     deno run -A bench/duties_floor.ts LIST OUTDIR CONCURRENCY [--ca cert.pem] [--no-metadata]
 *       [--no-state] [--no-atomic] [--sha256]
 * @module
 */
const [list, outDir, concurrencyArg] = Deno.args;
const flags = new Set(Deno.args.slice(3));
const caAt = Deno.args.indexOf("--ca");
const caCerts = caAt > 0 ? [Deno.readTextFileSync(Deno.args[caAt + 1])] : undefined;
const metadata = !flags.has("--no-metadata");
const state = !flags.has("--no-state");
const atomic = !flags.has("--no-atomic");
// Loaded only when asked for, as corun loads it.
const createHash = flags.has("--sha256") ? (await import("node:crypto")).createHash : undefined;

const jobs = Deno.readTextFileSync(list).trim().split("\n").map((line) => line.split("\t"));
Deno.mkdirSync(outDir, { recursive: true });
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const runId = crypto.randomUUID();
const entries = new Map<string, Record<string, unknown>>();
const log = metadata
  ? Deno.openSync(`${outDir}/corun.jsonl`, { append: true, create: true })
  : undefined;
/** Metadata lines waiting for one write. */
let batch = "";
const BATCH_CHARS = 64 * 1024;
let next = 0;
let temps = 0;

function headEnd(bytes: Uint8Array, from: number, to: number): number {
  for (let i = from; i + 3 < to; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) {
      return i;
    }
  }
  return -1;
}

/** Milliseconds to the microsecond, as corun's metadata records timings. */
const ms = (value: number) => Math.round(value * 1000) / 1000;

async function worker(): Promise<void> {
  let conn: Deno.Conn | undefined;
  const buffer = new Uint8Array(256 * 1024);
  let start = 0, end = 0;
  while (next < jobs.length) {
    const [url, name] = jobs[next++];
    const startedAt = Date.now();
    const began = performance.now();
    const target = new URL(url);
    let connectMs = 0;
    if (!conn) {
      const port = Number(target.port || (target.protocol === "https:" ? 443 : 80));
      conn = target.protocol === "https:"
        ? await Deno.connectTls({ hostname: target.hostname, port, caCerts })
        : await Deno.connect({ hostname: target.hostname, port });
      connectMs = performance.now() - began;
    }
    const request = `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n` +
      `User-Agent: corun\r\nAccept-Encoding: identity\r\n\r\n`;
    await conn.write(encoder.encode(request));
    let at: number;
    while ((at = headEnd(buffer, start, end)) < 0) {
      if (start > 0) {
        buffer.copyWithin(0, start, end);
        end -= start;
        start = 0;
      }
      const n = await conn.read(buffer.subarray(end));
      if (n === null) throw new Error(`${url}: connection closed in the head`);
      end += n;
    }
    const firstByteMs = performance.now() - began;
    const lines = decoder.decode(buffer.subarray(start, at)).split("\r\n");
    const status = Number(lines[0].slice(9, 12));
    const headers: Record<string, string> = {};
    for (let i = 1; i < lines.length; i++) {
      const colon = lines[i].indexOf(":");
      headers[lines[i].slice(0, colon).toLowerCase()] = lines[i].slice(colon + 1).trim();
    }
    const length = Number(headers["content-length"]);
    if (!Number.isSafeInteger(length)) throw new Error(`${url}: no Content-Length`);
    start = at + 4;
    const bodyStarted = performance.now();
    const body = new Uint8Array(length);
    for (let got = 0; got < length;) {
      if (start === end) {
        start = end = 0;
        const n = await conn.read(buffer);
        if (n === null) throw new Error(`${url}: connection closed in the body`);
        end = n;
      }
      const take = Math.min(length - got, end - start);
      body.set(buffer.subarray(start, start + take), got);
      got += take;
      start += take;
    }
    const bodyMs = performance.now() - bodyStarted;
    const sha256 = createHash ? createHash("sha256").update(body).digest("hex") : null;
    const writeStarted = performance.now();
    const path = `${outDir}/${name}`;
    if (atomic) {
      // Beside the file it becomes, as corun's temporaries are (a name may hold folders).
      const slash = name.lastIndexOf("/") + 1;
      const temp = `${outDir}/${name.slice(0, slash)}.${name.slice(slash)}.${temps++}.part`;
      Deno.writeFileSync(temp, body, { createNew: true });
      Deno.renameSync(temp, path);
    } else Deno.writeFileSync(path, body);
    const writeMs = performance.now() - writeStarted;
    if (metadata) {
      batch += JSON.stringify({
        runId,
        task: "corpus",
        url,
        finalUrl: url,
        method: "GET",
        status,
        headers,
        bytes: length,
        sha256,
        savedPath: name,
        attempts: 1,
        redirects: 0,
        timings: {
          dnsConnectMs: ms(connectMs),
          tlsMs: 0,
          firstByteMs: ms(firstByteMs),
          bodyMs: ms(bodyMs),
          writeMs: ms(writeMs),
          totalMs: ms(performance.now() - began),
        },
        startedAt: new Date(startedAt).toISOString(),
      }) + "\n";
      if (batch.length >= BATCH_CHARS) {
        log!.writeSync(encoder.encode(batch));
        batch = "";
      }
    }
    if (state) {
      entries.set(url, {
        etag: headers["etag"],
        lastModified: headers["last-modified"],
        savedPath: name,
        ...(sha256 === null ? {} : { sha256 }),
        bytes: length,
        savedAtMs: Date.now(),
      });
    }
  }
  conn?.close();
}

await Promise.all(Array.from({ length: Number(concurrencyArg) }, worker));
if (log) {
  if (batch !== "") log.writeSync(encoder.encode(batch));
  log.close();
}
if (state) {
  const lines: string[] = [];
  for (const [url, entry] of entries) {
    lines.push(`    ${JSON.stringify(url)}: ${JSON.stringify(entry)}`);
  }
  const text = `{\n  "version": 1,\n  "entries": {\n${lines.join(",\n")}\n  }\n}\n`;
  Deno.writeTextFileSync(`${outDir}/.corun-state.json.tmp`, text);
  Deno.renameSync(`${outDir}/.corun-state.json.tmp`, `${outDir}/.corun-state.json`);
}
