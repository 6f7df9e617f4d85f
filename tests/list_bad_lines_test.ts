// A list line that is no URL fails without a request: no origin's `delay` or `rate` paces it.
import {
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, defineConfig, run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

const HOUR_MS = 3_600_000;

Deno.test("bad list lines fail at once, not one per delay: no origin's rules hold a line that is no URL", async () => {
  await using site = startRouteServer({ "/ok": { body: "ok" } });
  const dir = await Deno.makeTempDir({ prefix: "corun-bad-lines-" });
  try {
    const list = `${dir}/urls.txt`;
    await Deno.writeTextFile(
      list,
      ["not a url", "ftp://x.org/a", site.url("/ok"), "/relative"].join("\n"),
    );
    const report = await run(
      defineConfig({
        outDir: `${dir}/out`,
        metadata: false,
        tasks: [{ name: "mirror", fetch: { urls: list, delay: "1h" }, save: "{path}" }],
      }),
      { virtualTime: true, state: false },
    );
    const [mirror] = report.tasks;
    assertEquals(mirror.items, { total: 4, done: 1, failed: 3, cancelled: 0, skipped: 0 });
    // Under the virtual clock: the three bad lines, paced an hour apart, took two hours.
    assertEquals(report.durationMs < HOUR_MS, true, `took ${report.durationMs} ms`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a list line with an invisible character (a zero-width space, a bidi control) fails with it shown escaped", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-bad-lines-" });
  try {
    const list = `${dir}/urls.txt`;
    // As pasted from a web page: each looks like a URL once quoted as it is.
    await Deno.writeTextFile(list, "\u200bhttps://x.org/a\n\u202ehttps://x.org/b\n");
    const report = await run(
      defineConfig({
        outDir: `${dir}/out`,
        metadata: false,
        tasks: [{ name: "mirror", fetch: { urls: list }, save: "{path}" }],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].failedFetches?.map((failed) => failed.error.message), [
      `Task "mirror": line 1 of ${list}: not a URL: "\\u200bhttps://x.org/a"`,
      `Task "mirror": line 2 of ${list}: not a URL: "\\u202ehttps://x.org/b"`,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a URL refused for an IPv6 zone id, a bad punycode label, a port past 65535 or an IPv6 address without brackets says why, in a list and in a config", async () => {
  const refused = [
    ["http://[fe80::1%25eth0]:8080/a", "an IPv6 zone id (the part after %) cannot be in a URL"],
    [
      "http://::1:8080/a",
      'its host "::1:8080" looks like an IPv6 address without brackets: a URL writes one in [ ], ' +
      "before any port (http://[::1]:8080/)",
    ],
    ["http://fd00::5/a", 'its host "fd00::5" looks like an IPv6 address without brackets'],
    ["http://xn--a.example/", 'its host\'s label "xn--a" is not valid punycode'],
    ["http://127.0.0.1:65536/a", "its port 65536 is past 65535"],
  ];
  const dir = await Deno.makeTempDir({ prefix: "corun-bad-lines-" });
  try {
    const list = `${dir}/urls.txt`;
    await Deno.writeTextFile(list, refused.map(([url]) => url).join("\n") + "\n");
    const report = await run(
      defineConfig({
        outDir: `${dir}/out`,
        metadata: false,
        tasks: [{ name: "mirror", fetch: { urls: list }, save: "{path}" }],
      }),
      { state: false },
    );
    const messages = report.tasks[0].failedFetches!.map((failed) => failed.error.message);
    refused.forEach(([url, reason], i) => {
      assertStringIncludes(messages[i], `line ${i + 1} of ${list}: not a URL (${reason}`);
      assertStringIncludes(messages[i], JSON.stringify(url));
    });
    for (const [url, reason] of refused) {
      const error = await assertRejects(
        () => run(defineConfig({ outDir: dir, tasks: [{ name: "one", fetch: url }] })),
        ConfigError,
      );
      const problem = `tasks[0].fetch: expected an http: or https: URL, got "${url}": ${reason}`;
      assertStringIncludes(error.message, problem);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a bad line with no URL (not text, an empty URL column) is named without a URL, not with a gap before the colon", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "corun-bad-lines-" }));
  try {
    const list = `${dir}/urls.txt`;
    await Deno.writeFile(
      list,
      // "x", a byte that is no UTF-8, then a line of a save path alone.
      new Uint8Array([0x78, 0xff, 0x0a, ...new TextEncoder().encode("\tonly-save.txt\n")]),
    );
    await Deno.writeTextFile(
      `${dir}/c.yaml`,
      'metadata: false\ntasks:\n  - { name: m, fetch: { urls: urls.txt }, save: "{path}" }\n',
    );
    const { stdout, stderr } = await runDeno(
      ["run", "--allow-read", "--allow-write", "--allow-env", MOD, "run", `${dir}/c.yaml`],
      { cwd: dir },
    );
    const failed = stdout.split("\n").filter((line) => line.includes(" fetch failed"))
      .map((line) => line.replace(/^\S+ /, ""));
    assertEquals(failed, [
      `m fetch failed: line 1 of ${list}: the line is not valid UTF-8 (shown with U+FFFD for ` +
      `such bytes: "x\uFFFD"): write a URL's bytes that are not UTF-8 percent-escaped (Latin-1's é, ` +
      "the byte E9, as %E9; saved as UTF-8, é is sent as %C3%A9)",
      `m fetch failed: line 2 of ${list}: the URL column is empty (the line starts with a TAB, ` +
      'then "only-save.txt")',
    ], stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
