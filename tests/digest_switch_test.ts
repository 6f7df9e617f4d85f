/**
 * A process hashes its first small bodies with WebCrypto and loads Node's hashing module for the
 * ones after: bodies on either side of the switch, fetched together, get the same right digests (in
 * the metadata log, in `{sha256}` names, checked against SHA-512 checksums), and so does a second
 * run in the same process. A file of its own: the process must not have loaded the module yet.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run } from "../mod.ts";
import { isDigestLoaded, WEB_DIGESTS_BEFORE_LOADING } from "../lib/sinks/digest.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

/** More bodies than WebCrypto hashes (each needs a SHA-256 and a SHA-512): the switch is mid-run. */
const BODIES = 300;
/** The body whose listed SHA-512 is wrong. */
const WRONG = 7;

const bodyOf = (n: number) => new TextEncoder().encode(`body ${n}\n`.repeat(n % 40 + 1));

async function hexOf(algorithm: "SHA-256" | "SHA-512", bytes: Uint8Array<ArrayBuffer>) {
  return new Uint8Array(await crypto.subtle.digest(algorithm, bytes)).toHex();
}

Deno.test("small bodies hashed before and after the hashing module loads, in two runs, get right digests", async () => {
  assert(!isDigestLoaded(), "this file needs a process that hashes with WebCrypto");
  assert(BODIES * 2 > WEB_DIGESTS_BEFORE_LOADING + 64);
  const routes: Record<string, { body: Uint8Array }> = {};
  const sha256: string[] = [];
  const sums: string[] = [];
  for (let n = 1; n <= BODIES; n++) {
    const body = bodyOf(n);
    routes[`/b/${n}`] = { body };
    sha256[n] = await hexOf("SHA-256", body);
    const sha512 = n === WRONG ? "0".repeat(128) : await hexOf("SHA-512", body);
    sums.push(`${sha512}  ${sha256[n]}.bin`);
  }
  await using server = startRouteServer(routes);
  const dir = await Deno.makeTempDir({ prefix: "corun-digest-switch-" });
  try {
    await Deno.writeTextFile(`${dir}/SHA512SUMS`, sums.join("\n") + "\n");
    for (const round of [1, 2]) {
      const outDir = `${dir}/out-${round}`;
      const report = await run(
        defineConfig({
          outDir,
          concurrency: 64,
          perHost: 64,
          tasks: [{
            name: "bodies",
            fetch: server.url(`/b/[1-${BODIES}]`),
            save: "{sha256}.bin",
            checksums: `${dir}/SHA512SUMS`,
          }],
        }),
        { state: false },
      );
      assert(isDigestLoaded(), `round ${round}: the bodies after the first ones loaded the module`);
      assertEquals(report.tasks[0].outcome, "failed"); // the one wrong checksum
      const lines = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n")
        .map((line) => JSON.parse(line));
      assertEquals(lines.length, BODIES);
      for (const line of lines) {
        const n = Number(line.url.split("/").at(-1));
        if (n === WRONG) {
          assertEquals([line.savedPath, line.error?.code], [null, "CHECKSUM_MISMATCH"]);
          assertEquals(line.checksum.actual, await hexOf("SHA-512", bodyOf(n)));
          continue;
        }
        assertEquals([line.sha256, line.savedPath, line.error], [
          sha256[n],
          `${sha256[n]}.bin`,
          undefined,
        ], `round ${round}, body ${n}`);
        assertEquals(line.checksum.actual, line.checksum.expected);
        const saved = await Deno.readFile(`${outDir}/${line.savedPath}`);
        assertEquals(await hexOf("SHA-256", saved), sha256[n]);
      }
      const files = [...Deno.readDirSync(outDir)].map((entry) => entry.name);
      assertEquals(files.filter((name) => name.endsWith(".bin")).length, BODIES - 1);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
