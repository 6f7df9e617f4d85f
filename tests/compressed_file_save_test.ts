/**
 * A compressed file a server sends with a matching Content-Encoding (a `.tar.gz` under `gzip`, as
 * Apache's `AddEncoding x-gzip .gz` does) is saved as sent, so its published checksum holds; any
 * other compressed body is decoded, and a checksum that fails on a decoded body says so.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run } from "../mod.ts";
import { compress } from "./fixtures/http_harness.ts";
import { type Route, startRouteServer } from "./fixtures/route_server.ts";
import {
  close,
  type RecordedRequest,
  startScriptedServer,
  write,
} from "./fixtures/scripted_server.ts";

const TAR = "pretend this is a tar archive\n".repeat(50);

async function sha256Of(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

Deno.test("a compressed file served with its own Content-Encoding is saved as sent, its checksum holding", async () => {
  const gzip = new Uint8Array(await compress(TAR, "gzip"));
  const sha = await sha256Of(gzip);
  const gzipped = { "Content-Type": "application/x-gzip", "Content-Encoding": "gzip" };
  await using server = startRouteServer({
    "/corun-1.0.tar.gz": { headers: gzipped, body: gzip },
    "/download": { headers: gzipped, body: gzip },
    "/get": {
      headers: { ...gzipped, "Content-Disposition": 'attachment; filename="corun-2.0.tgz"' },
      body: gzip,
    },
    "/notes": { headers: { "Content-Encoding": "gzip" }, body: gzip },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-coded-file-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          // Saved under a name the URL gives, the save path gives, and the server gives.
          {
            name: "url",
            fetch: server.url("/corun-1.0.tar.gz"),
            save: "a/{path}",
            checksum: `sha256:${sha}`,
          },
          { name: "save", fetch: server.url("/download?id=3"), save: "b/corun.tar.gz" },
          { name: "server", fetch: server.url("/get?id=4"), save: "c/{filename}" },
          { name: "notes", fetch: server.url("/notes"), save: "notes.txt" },
          // The name it is saved under decides, not the URL's: decoded, as asked.
          { name: "renamed", fetch: server.url("/corun-1.0.tar.gz"), save: "plain.tar" },
        ],
      }),
      { state: false },
    );
    for (const task of report.tasks) assertEquals(task.outcome, "done", task.error?.message);
    assertEquals(await Deno.readFile(`${outDir}/a/corun-1.0.tar.gz`), gzip);
    assertEquals(await Deno.readFile(`${outDir}/b/corun.tar.gz`), gzip);
    assertEquals(await Deno.readFile(`${outDir}/c/corun-2.0.tgz`), gzip);
    assertEquals(await Deno.readTextFile(`${outDir}/notes.txt`), TAR);
    assertEquals(await Deno.readTextFile(`${outDir}/plain.tar`), TAR);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a checksum that fails on a decoded body says it was decoded, and names decompress: false", async () => {
  const gzip = new Uint8Array(await compress(TAR, "gzip"));
  const sha = await sha256Of(gzip);
  await using server = startRouteServer({
    "/archive": { headers: { "Content-Encoding": "gzip" }, body: gzip },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-coded-file-" });
  try {
    const tasks = [{
      name: "archive",
      fetch: server.url("/archive"),
      save: "archive",
      checksum: `sha256:${sha}`,
    }];
    const decoded = await run(defineConfig({ outDir, metadata: false, tasks }), { state: false });
    const [failed] = decoded.tasks;
    assertEquals([failed.outcome, failed.error?.code], ["failed", "CHECKSUM_MISMATCH"]);
    assertStringIncludes(
      failed.error!.message,
      "nothing was saved (the body was decoded from its Content-Encoding gzip; to check and " +
        "save the bytes as sent, set decompress: false)",
    );
    const asSent = await run(
      defineConfig({ outDir, metadata: false, defaults: { decompress: false }, tasks }),
      { state: false },
    );
    assertEquals(asSent.tasks[0].outcome, "done", asSent.tasks[0].error?.message);
    assertEquals(await Deno.readFile(`${outDir}/archive`), gzip);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

/** gzip of `bytes`, as a server compressing on the fly makes it. */
async function gzipOf(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * A file served as nginx serves it with `gzip_types` naming its type: a request that accepts gzip
 * gets it gzipped on the fly (again, for a file that is gzip already), any other as it is.
 */
function onTheFly(
  file: Uint8Array<ArrayBuffer>,
  gzipped: Uint8Array<ArrayBuffer>,
  headers: Record<string, string>,
  asked: (string | null)[],
): Route {
  return (request: RecordedRequest) => {
    const acceptEncoding = request.headers.get("accept-encoding");
    asked.push(acceptEncoding);
    return /gzip/.test(acceptEncoding ?? "")
      ? { headers: { ...headers, "Content-Encoding": "gzip" }, body: gzipped }
      : { headers, body: file };
  };
}

Deno.test("a compressed file a server gzips on the fly is saved as the file, never gzipped twice", async () => {
  // The files as published: an .svgz, and a .tgz that a download script names.
  const svgz = new Uint8Array(await compress("<svg>a logo</svg>\n".repeat(40), "gzip"));
  const tgz = new Uint8Array(await compress(TAR, "gzip"));
  const asked: Record<string, (string | null)[]> = { logo: [], latest: [], get: [] };
  await using server = startRouteServer({
    "/logo.svgz": onTheFly(
      svgz,
      await gzipOf(svgz),
      { "Content-Type": "image/svg+xml" },
      asked.logo,
    ),
    // Redirected to a compressed file: its request is the one that must not ask for gzip.
    "/latest": { status: 302, headers: { Location: "/corun-2.0.tar.gz" } },
    "/corun-2.0.tar.gz": onTheFly(tgz, await gzipOf(tgz), {}, asked.latest),
    // Named only by its Content-Disposition: the request asks for gzip, and gets the file gzipped.
    "/get": onTheFly(tgz, await gzipOf(tgz), {
      "Content-Type": "application/gzip",
      "Content-Disposition": 'attachment; filename="corun-2.0.tgz"',
    }, asked.get),
    // A server that gzips whatever a request asks.
    "/forced/corun-2.0.tar.gz": {
      headers: { "Content-Encoding": "gzip" },
      body: await gzipOf(tgz),
    },
  });
  const sha = await sha256Of(tgz);
  const outDir = await Deno.makeTempDir({ prefix: "corun-coded-file-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          { name: "logo", fetch: server.url("/logo.svgz"), save: "{path}" },
          { name: "latest", fetch: server.url("/latest"), save: "a/{filename}" },
          {
            name: "get",
            fetch: server.url("/get?id=2"),
            save: "b/{filename}",
            checksum: `sha256:${sha}`,
          },
          {
            name: "forced",
            fetch: server.url("/forced/corun-2.0.tar.gz"),
            save: "c/{filename}",
            checksum: `sha256:${sha}`,
          },
        ],
      }),
      { state: false },
    );
    for (const task of report.tasks) assertEquals(task.outcome, "done", task.error?.message);
    assertEquals(await Deno.readFile(`${outDir}/logo.svgz`), svgz);
    assertEquals(await Deno.readFile(`${outDir}/a/corun-2.0.tar.gz`), tgz);
    assertEquals(await Deno.readFile(`${outDir}/b/corun-2.0.tgz`), tgz);
    assertEquals(await Deno.readFile(`${outDir}/c/corun-2.0.tar.gz`), tgz);
    // Asked as wget asks, where the name is known before the response.
    assertEquals(asked, { logo: ["identity"], latest: ["identity"], get: ["gzip, deflate"] });
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("a compressed file kept as sent that the close of the connection cuts short fails, and is retried", async () => {
  const lines = Array.from({ length: 5_000 }, (_, i) => `line ${i * 7919 % 10007}\n`).join("");
  const gzip = new Uint8Array(await compress(lines, "gzip"));
  const br = new Uint8Array(await compress(lines, "brotli"));
  // Framed by the close alone: a cut connection looks like a whole body but for the stream's end.
  const closing = (encoding: string, body: Uint8Array) => [
    write(`HTTP/1.1 200 OK\r\nContent-Encoding: ${encoding}\r\nConnection: close\r\n\r\n`),
    write(body),
    close(),
  ];
  const cut = (body: Uint8Array) => body.subarray(0, body.length >> 1);
  await using server = startScriptedServer({
    routes: {
      "/whole.tar.gz": closing("gzip", gzip),
      "/cut.tar.gz": closing("gzip", cut(gzip)),
      "/cut.js.br": closing("br", cut(br)),
      "/once.tar.gz": [closing("gzip", cut(gzip)), closing("gzip", gzip)],
    },
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-coded-file-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        metadata: false,
        defaults: { retries: 0 },
        tasks: [
          { name: "whole", fetch: server.url("/whole.tar.gz"), save: "{path}" },
          { name: "cut", fetch: server.url("/cut.tar.gz"), save: "{path}" },
          { name: "br", fetch: server.url("/cut.js.br"), save: "{path}" },
          {
            name: "once",
            fetch: server.url("/once.tar.gz"),
            save: "{path}",
            retries: 1,
            backoff: "1ms",
          },
        ],
      }),
      { state: false },
    );
    const [whole, cutGzip, cutBr, once] = report.tasks;
    assertEquals(whole.outcome, "done", whole.error?.message);
    for (const [task, coding] of [[cutGzip, "gzip"], [cutBr, "br"]] as const) {
      assertEquals([task.outcome, task.error?.code], ["failed", "EARLY_EOF"], task.error?.message);
      assertStringIncludes(
        task.error!.message,
        `: the connection closed early (after ${cut(coding === "br" ? br : gzip).length} bytes, ` +
          `inside the ${coding} stream of a compressed file kept as sent)`,
      );
    }
    assertEquals(once.outcome, "done", once.error?.message);
    assertEquals(await Deno.readFile(`${outDir}/whole.tar.gz`), gzip);
    assertEquals(await Deno.readFile(`${outDir}/once.tar.gz`), gzip);
    const names = [...Deno.readDirSync(outDir)].map((entry) => entry.name).sort();
    assertEquals(names, ["once.tar.gz", "whole.tar.gz"]);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
