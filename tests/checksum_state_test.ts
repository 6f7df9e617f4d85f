/**
 * The state between runs and checksums together: a 304 keeps the saved file only when that file has
 * the digest the config expects now. A checksum written or changed since the file was saved (a new
 * release announced before the server has it) gets a full request, whose body is checked, instead
 * of a 304 that would report a file done that does not match.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run, type TaskResult } from "../mod.ts";
import type { RecordedRequest } from "./fixtures/request_reader.ts";
import { type ResponseSpec, startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const BODY = "release 1.0\n";

/** Answers `If-None-Match: "r1"` with a 304, anything else with the body. */
function serveRelease(request: RecordedRequest): ResponseSpec {
  if (request.headers.get("if-none-match") === '"r1"') {
    return { status: 304, headers: { ETag: '"r1"' } };
  }
  return { headers: { ETag: '"r1"', "Content-Type": "text/plain" }, body: BODY };
}

async function hexDigest(algorithm: "SHA-256" | "SHA-512", text: string): Promise<string> {
  const digest = await crypto.subtle.digest(algorithm, new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

const withOutDir = withTempDir("corun-checksum-state-");

/** One run of one task saving `url` as `release.txt`, with the state in the output directory. */
async function runRelease(
  url: string,
  outDir: string,
  check: { checksum?: string; checksums?: string },
): Promise<TaskResult> {
  const config = defineConfig({
    tasks: [{ name: "release", fetch: url, save: "release.txt", ...check }],
  });
  return (await run(config, { outDir })).tasks[0];
}

const sent = (request: RecordedRequest) => request.headers.get("if-none-match");

Deno.test("a checksum changed since the file was saved gets a full request, not a 304 that keeps a file it does not match", async (t) => {
  for (const algorithm of ["SHA-256", "SHA-512"] as const) {
    await t.step(algorithm, async () => {
      await using server = startRouteServer({ "/release": serveRelease });
      const url = server.url("/release");
      const prefix = algorithm === "SHA-256" ? "sha256" : "sha512";
      const right = `${prefix}:${await hexDigest(algorithm, BODY)}`;
      const next = `${prefix}:${await hexDigest(algorithm, "release 2.0\n")}`;
      await withOutDir(async (outDir) => {
        const first = await runRelease(url, outDir, { checksum: right });
        assertEquals(first.outcome, "done", first.error?.message);
        // The same checksum: the file it was checked against stands, and a 304 keeps it.
        const same = await runRelease(url, outDir, { checksum: right });
        assertEquals([same.outcome, same.fetch?.status, same.fetch?.unchanged], [
          "done",
          304,
          true,
        ]);
        // A new checksum: the file on disk does not have it, so the server is asked for the body.
        const changed = await runRelease(url, outDir, { checksum: next });
        assertEquals([changed.outcome, changed.error?.code], ["failed", "CHECKSUM_MISMATCH"]);
        assertEquals(server.requests.map(sent), [null, '"r1"', null]);
        assertEquals(await Deno.readTextFile(`${outDir}/release.txt`), BODY);
      });
    });
  }
});

Deno.test("a checksums file whose entry changed since the file was saved gets a full request too", async () => {
  await using server = startRouteServer({ "/release": serveRelease });
  const url = server.url("/release");
  await withOutDir(async (outDir) => {
    const sums = `${outDir}/SHA256SUMS`;
    await Deno.writeTextFile(sums, `${await hexDigest("SHA-256", BODY)}  release.txt\n`);
    const first = await runRelease(url, outDir, { checksums: sums });
    assertEquals(first.outcome, "done", first.error?.message);
    await Deno.writeTextFile(sums, `${await hexDigest("SHA-256", "release 2.0\n")}  release.txt\n`);
    const changed = await runRelease(url, outDir, { checksums: sums });
    assertEquals([changed.outcome, changed.error?.code], ["failed", "CHECKSUM_MISMATCH"]);
    assertEquals(server.requests.map(sent), [null, null]);
  });
});

Deno.test("a checksum added to a task whose file was saved without one is checked: a file that does not match is never reported done", async () => {
  await using server = startRouteServer({ "/release": serveRelease });
  const url = server.url("/release");
  await withOutDir(async (outDir) => {
    assertEquals((await runRelease(url, outDir, {})).outcome, "done");
    const checked = await runRelease(url, outDir, {
      checksum: `sha512:${await hexDigest("SHA-512", "release 2.0\n")}`,
    });
    assertEquals([checked.outcome, checked.error?.code], ["failed", "CHECKSUM_MISMATCH"]);
    assertEquals(server.requests.map(sent), [null, null]);
  });
});
