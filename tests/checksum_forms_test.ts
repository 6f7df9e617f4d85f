/**
 * The checksum files people download next to a release, as they are: `sha256sum --tag` / BSD lines
 * (`SHA256 (NAME) = HEX`), signed in the clear as Fedora's `CHECKSUM` is, are read by `check` and
 * `run`, and every file they list is checked; an MD5 list is refused with its line and the reason.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";
import { sha256Of } from "./fixtures/sha256.ts";

const ISO = "an installer image\n";

const withDir = withTempDir("corun-checksum-forms-");

Deno.test("a clear-signed CHECKSUM file of tagged lines checks every file it lists", async () => {
  await using server = startRouteServer({
    "/good.iso": { body: ISO },
    "/bad.iso": { body: "not the image\n" },
  });
  await withDir(async (dir) => {
    const sums = `${dir}/CHECKSUM`;
    const sha = await sha256Of(ISO);
    await Deno.writeTextFile(
      sums,
      [
        "-----BEGIN PGP SIGNED MESSAGE-----",
        "Hash: SHA256",
        "",
        "# good.iso: 19 bytes",
        `SHA256 (good.iso) = ${sha}`,
        `SHA256 (bad.iso) = ${sha}`,
        "-----BEGIN PGP SIGNATURE-----",
        "",
        "iQIzBAEBCAAdFiEE",
        "-----END PGP SIGNATURE-----",
        "",
      ].join("\n"),
    );
    const report = await run(
      defineConfig({
        outDir: `${dir}/out`,
        defaults: { checksums: sums, retries: 0 },
        tasks: [
          { name: "good", fetch: server.url("/good.iso"), save: "good.iso" },
          { name: "bad", fetch: server.url("/bad.iso"), save: "bad.iso" },
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((task) => [task.name, task.outcome, task.error?.code]), [
      ["good", "done", undefined],
      ["bad", "failed", "CHECKSUM_MISMATCH"],
    ]);
    assertEquals(await Deno.readTextFile(`${dir}/out/good.iso`), ISO);
  });
});

Deno.test("corun check reads a sha256sum --tag file, and names the line of an MD5 one", async () => {
  await withDir(async (dir) => {
    const config = `${dir}/get.yaml`;
    await Deno.writeTextFile(
      config,
      [
        "tasks:",
        "  - name: iso",
        "    fetch: http://127.0.0.1:9/good.iso",
        "    save: good.iso",
        "    checksums: SUMS",
        "",
      ].join("\n"),
    );
    await Deno.writeTextFile(`${dir}/SUMS`, `SHA256 (good.iso) = ${await sha256Of(ISO)}\n`);
    const tagged = await runDeno(["run", "--allow-read", "--allow-env", MOD, "check", config]);
    assertEquals([tagged.code, tagged.stdout.trim()], [0, "ok: 1 task"], tagged.stderr);
    await Deno.writeTextFile(`${dir}/SUMS`, `# release\n${"0".repeat(32)}  good.iso\n`);
    const md5 = await runDeno(["run", "--allow-read", "--allow-env", MOD, "check", config]);
    assertEquals(md5.code, 2, md5.stdout);
    assertStringIncludes(
      md5.stderr + md5.stdout,
      "SUMS:2: a digest of 32 hex digits (MD5): corun checks sha256 (64 hex digits) and sha512 " +
        "(128) digests only",
    );
  });
});
