import { assertEquals, assertRejects, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { resolve } from "./deps.ts";
import { defineConfig, fetchTask } from "./define.ts";
import { loadConfig, validateConfig } from "./load.ts";
import type { FetchTaskSpec } from "../tasks/spec.ts";

const ZEROS = "0".repeat(64);

Deno.test("proxy, resume, sha256 and checksums reach every task from defaults, each overridable per task and request; origins name their own proxy", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-download-knobs-" });
  await Deno.writeTextFile(resolve(dir, "SUMS"), `${ZEROS}  a.txt\n`);
  const spec = validateConfig(
    {
      defaults: {
        proxy: "http://user:secret@proxy.test:3128",
        resume: true,
        sha256: true,
        checksums: "SUMS",
      },
      origins: {
        "https://direct.example": { proxy: false },
        "http://b.example": { proxy: "http://p2.test:8080" },
      },
      tasks: [
        { fetch: "https://a.example/" },
        { fetch: "https://b.example/", proxy: false, resume: false },
        {
          fetch: { url: "https://c.example/", proxy: "http://p3.test:1/", sha256: false },
          checksum: `SHA256:${"AB".repeat(32)}`,
        },
      ],
    },
    "tasks.yaml",
    { baseDir: dir },
  );
  await Deno.remove(dir, { recursive: true });
  const [plain, own, inRequest] = spec.tasks as FetchTaskSpec[];
  const pick = (task: FetchTaskSpec) => ({
    proxy: task.options.proxy,
    resume: task.options.resume,
    sha256: task.options.sha256,
    checksumsFile: task.options.checksumsFile,
    checksum: task.checksum,
  });
  assertEquals(pick(plain), {
    proxy: "http://user:secret@proxy.test:3128",
    resume: true,
    sha256: true,
    checksumsFile: resolve(dir, "SUMS"),
    checksum: undefined,
  });
  assertEquals(pick(own), {
    proxy: false,
    resume: false,
    sha256: true,
    checksumsFile: resolve(dir, "SUMS"),
    checksum: undefined,
  });
  assertEquals(pick(inRequest), {
    proxy: "http://p3.test:1/",
    resume: true,
    sha256: false,
    checksumsFile: resolve(dir, "SUMS"),
    checksum: { algorithm: "sha256", hex: "ab".repeat(32) },
  });
  assertEquals(spec.origins["https://direct.example"].proxy, false);
  assertEquals(spec.origins["http://b.example"].proxy, "http://p2.test:8080");
});

Deno.test("without the knobs: no proxy setting (the environment's), no resume across runs, no digest, no checksums, no cookies or pings", () => {
  const spec = validateConfig({ tasks: [{ fetch: "https://a.example/" }] }, "t.yaml", {
    baseDir: "/configs",
  });
  const task = spec.tasks[0] as FetchTaskSpec;
  assertEquals(
    [
      task.options.proxy,
      task.options.resume,
      task.options.sha256,
      task.options.checksumsFile,
      task.checksum,
    ],
    [undefined, false, false, undefined, undefined],
  );
  assertEquals([spec.cookies, spec.notify], [undefined, undefined]);
});

Deno.test("cookies: true keeps a jar for the run, a path keeps it between runs, false none; notify keeps its URLs", () => {
  const load = (cookies: unknown) =>
    validateConfig({ cookies, tasks: [{ sleep: 0 }] }, "t.yaml", { baseDir: "/configs" }).cookies;
  assertEquals(load(true), {});
  assertEquals(load("jars/site.json"), { file: "/configs/jars/site.json" });
  assertEquals(load(false), undefined);
  const capped = (maxCookieJarSize: unknown) =>
    validateConfig({ cookies: "jar.json", maxCookieJarSize, tasks: [{ sleep: 0 }] }, "t.yaml", {
      baseDir: "/configs",
    }).cookies;
  assertEquals(capped("1MiB"), { file: "/configs/jar.json", maxFileBytes: 2 ** 20 });
  assertEquals(capped(4096), { file: "/configs/jar.json", maxFileBytes: 4096 });
  const notify = { start: "https://hc.example/ping/abc/start", failure: "http://127.0.0.1:9/fail" };
  const spec = validateConfig({ notify, tasks: [{ sleep: 0 }] }, "t.yaml", { baseDir: "/c" });
  assertEquals(spec.notify, notify);
});

Deno.test("maxCookieJarSize must be a size above 0, at the top of the config: located errors", () => {
  const issuesOf = (config: Record<string, unknown>) =>
    (assertThrows(
      () => validateConfig({ ...config, tasks: [{ sleep: 0 }] }, "t.yaml"),
      ConfigError,
    ) as ConfigError).issues.map(({ path, message }) => [path, message]);
  assertEquals(issuesOf({ cookies: "jar.json", maxCookieJarSize: 0 }), [[
    "maxCookieJarSize",
    "expected a size larger than 0, got 0: no cookie jar file fits in 0 bytes, and 0 does not " +
    'mean "no limit" (leave it out for the default, or give a large one such as "64MiB")',
  ]]);
  assertEquals(
    issuesOf({ cookies: "jar.json", maxCookieJarSize: "big" })[0][0],
    "maxCookieJarSize",
  );
  const [[path, message]] = issuesOf({ defaults: { maxCookieJarSize: "1MiB" } });
  assertEquals(path, "defaults.maxCookieJarSize");
  assertEquals(message.includes('at the top of the config, beside "cookies"'), true, message);
});

Deno.test("maxCookieJarSize without a cookie jar file is refused: it would bound nothing", () => {
  const issuesOf = (config: Record<string, unknown>) =>
    (assertThrows(
      () => validateConfig({ ...config, tasks: [{ sleep: 0 }] }, "t.yaml"),
      ConfigError,
    ) as ConfigError).issues.map(({ path, message }) => [path, message]);
  assertEquals(issuesOf({ cookies: true, maxCookieJarSize: "1MiB" }), [[
    "maxCookieJarSize",
    '"maxCookieJarSize" is about a cookie jar file, and "cookies" is true: set "cookies" to a ' +
    'file path, or leave "maxCookieJarSize" out',
  ]]);
  assertEquals(issuesOf({ maxCookieJarSize: "1MiB" })[0][1].includes('"cookies" is not set'), true);
  assertEquals(issuesOf({ cookies: false, maxCookieJarSize: 4096 })[0][0], "maxCookieJarSize");
});

Deno.test("a notify URL with credentials is refused with advice a ping can follow (notify has no auth)", async () => {
  const issues = await issuesOf(
    "notify:\n  failure: https://user:hunter2@hc.example/ping/abc/fail\ntasks:\n  - sleep: 1s\n",
  );
  assertEquals(issues, [[
    2,
    "notify.failure",
    "credentials in a URL are not sent and would be logged; a ping URL carries its secret in its " +
    "path, as ping services expect (https://hc-ping.example/<uuid>)",
  ]]);
});

/** [line, path, message] of each issue of a config file written with `files` beside it. */
async function issuesOf(
  text: string,
  files: Record<string, string> = {},
): Promise<[number | undefined, string, string][]> {
  const dir = await Deno.makeTempDir({ prefix: "corun-download-knobs-" });
  try {
    for (const [name, content] of Object.entries(files)) {
      await Deno.writeTextFile(resolve(dir, name), content);
    }
    await Deno.writeTextFile(resolve(dir, "c.yaml"), text);
    const error = await assertRejects(() => loadConfig(resolve(dir, "c.yaml")), ConfigError);
    return error.issues.map((issue: ConfigIssue) => [issue.line, issue.path, issue.message]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a sha256 that is not true or false is an error at its line, in defaults, on a task and in its fetch", async () => {
  const issues = await issuesOf(
    [
      "defaults:",
      '  sha256: "yes"',
      "tasks:",
      "  - fetch: https://a.example/",
      "    sha256: 1",
      "  - fetch: { url: https://b.example/, sha256: sha256 }",
      "",
    ].join("\n"),
  );
  assertEquals(issues, [
    [2, "defaults.sha256", 'expected true or false (sha256), got "yes"'],
    [5, "tasks[0].sha256", "expected true or false (sha256), got 1"],
    [6, "tasks[1].fetch.sha256", 'expected true or false (sha256), got "sha256"'],
  ]);
});

Deno.test("a proxy that is not an http: URL is a located error that never shows its password", async () => {
  const issues = await issuesOf(
    [
      "defaults:",
      '  proxy: "socks5://me:hunter2@proxy.test:1080"',
      "origins:",
      '  "https://a.example": { proxy: "http://proxy.test:3128/path" }',
      "tasks:",
      "  - fetch: https://a.example/",
      "    proxy: true",
    ].join("\n"),
  );
  assertEquals(issues.map(([line, path]) => [line, path]), [
    [2, "defaults.proxy"],
    [4, 'origins["https://a.example"].proxy'],
    [7, "tasks[0].proxy"],
  ]);
  assertEquals(issues.some(([, , message]) => message.includes("hunter2")), false);
  assertEquals(issues[0][2].includes("socks5://***@proxy.test:1080"), true);
  assertEquals(
    issues[1][2],
    "a proxy URL has a host and a port, no path: http://proxy.test:3128/path",
  );
});

Deno.test("checksums: a bad digest, a bad checksums line, one checksum for many URLs are located errors", async () => {
  const issues = await issuesOf(
    [
      "defaults:",
      "  checksums: SHA256SUMS",
      "tasks:",
      "  - fetch: https://a.example/x",
      '    checksum: "md5:0123"',
      "  - fetch: https://a.example/[1-3].txt",
      '    save: "{1}.txt"',
      `    checksum: "sha256:${ZEROS}"`,
      "  - fetch: { urls: list.txt }",
      '    save: "{path}"',
      `    checksum: "sha256:${ZEROS}"`,
      "  - sleep: 1s",
      `    checksum: "sha256:${ZEROS}"`,
    ].join("\n"),
    { "SHA256SUMS": `${ZEROS}  a.txt\n${ZEROS}\n`, "list.txt": "https://a.example/y\n" },
  );
  assertEquals(issues, [
    [
      2,
      "defaults.checksums",
      'cannot use the checksums file "SHA256SUMS": SHA256SUMS:2: not a checksum line: write a sha256 or sha512 digest in hex, two spaces and the file name (or SHA256 (NAME) = HEX, as sha256sum --tag writes it)',
    ],
    [
      5,
      "tasks[0].checksum",
      '"md5:0123" is not a checksum: write sha256:HEX or sha512:HEX',
    ],
    [
      8,
      "tasks[1].checksum",
      `one checksum cannot fit the pattern's URLs: give each its own in a "checksums" file or, for a list, in a third column`,
    ],
    [
      11,
      "tasks[2].checksum",
      `one checksum cannot fit the list's URLs: give each its own in a "checksums" file or, for a list, in a third column`,
    ],
    [
      13,
      "tasks[3].checksum",
      '"checksum" is only for fetch tasks, and this is a sleep task',
    ],
  ]);
});

Deno.test('save: "-" is for one task of one URL: a second one, a list or a pattern is a located error', async () => {
  const issues = await issuesOf(
    [
      "tasks:",
      "  - fetch: https://a.example/one",
      '    save: "-"',
      "  - fetch: https://a.example/two",
      '    save: "-"',
      "  - fetch: https://a.example/[1-3]",
      '    save: "-"',
    ].join("\n"),
  );
  assertEquals(issues.map(([line, path, message]) => [line, path, message.split(":")[0]]), [
    [5, "tasks[1].save", "writes to standard output (save"],
    [7, "tasks[2].save", "writes to standard output (save"],
    [7, "tasks[2].save", "writes every URL of the pattern to standard output (save"],
  ]);
  assertEquals(
    issues[0][2].endsWith('as tasks[0] ("task-1") does: only one body can go there'),
    true,
  );
});

Deno.test("notify URLs must be http(s) URLs without credentials: located errors", async () => {
  const issues = await issuesOf(
    [
      "notify:",
      "  start: ftp://hc.example/start",
      "  success: https://user:pw@hc.example/ok",
      "  sometimes: https://hc.example/",
      "tasks:",
      "  - sleep: 0",
    ].join("\n"),
  );
  assertEquals(issues.map(([line, path]) => [line, path]), [
    [2, "notify.start"],
    [3, "notify.success"],
    [4, "notify.sometimes"],
  ]);
});

Deno.test("a notify URL that is not an http(s) URL is named only up to its path: the path is its secret", async () => {
  const issues = await issuesOf(
    [
      "notify:",
      "  start: htps://hc-ping.example/6f1c2a9e-secret-uuid/start",
      "  failure: hc-ping.example/6f1c2a9e-secret-uuid/fail",
      "tasks:",
      "  - sleep: 0",
    ].join("\n"),
  );
  assertEquals(issues, [
    [
      2,
      "notify.start",
      'expected an http: or https: URL, got "htps://hc-ping.example/…" (the rest not shown: a ping URL\'s path is its secret)',
    ],
    [
      3,
      "notify.failure",
      'expected an http: or https: URL, got "hc-ping.example/…" (the rest not shown: a ping URL\'s path is its secret)',
    ],
  ]);
});

Deno.test("a config read from a URL may not name a local cookie jar or checksums file", async () => {
  const yaml = [
    "cookies: jar.json",
    "defaults: { checksums: SUMS }",
    "tasks:",
    "  - { sleep: 0 }",
  ].join("\n");
  await using server = startRouteServer({ "/c.yaml": { body: yaml } });
  const error = await assertRejects(() => loadConfig(server.url("/c.yaml")), ConfigError);
  assertEquals(error.issues.map((issue: ConfigIssue) => issue.path), [
    "cookies",
    "defaults.checksums",
  ]);
  const remoteJar = validateConfig({ cookies: true, tasks: [{ sleep: 0 }] }, "t.yaml", {
    baseDir: "/c",
  });
  assertEquals(remoteJar.cookies, {});
});

Deno.test("a config cannot set Proxy-Authorization by hand: the proxy's credentials go in its URL, to the proxy alone", async () => {
  const issues = await issuesOf(
    [
      "tasks:",
      "  - fetch: https://a.example/",
      '    headers: { "Proxy-Authorization": "Basic eDp5" }',
    ].join("\n"),
  );
  assertEquals(issues.map(([line, path]) => [line, path]), [[
    3,
    'tasks[0].headers["Proxy-Authorization"]',
  ]]);
});

Deno.test("a TypeScript config gives the same knobs through defineConfig and fetchTask", () => {
  const config = defineConfig({
    cookies: true,
    notify: { failure: "https://hc.example/fail" },
    defaults: { proxy: false, resume: true },
    tasks: [
      fetchTask("iso", "https://a.example/x.iso", {
        save: "x.iso",
        checksum: `sha512:${"0".repeat(128)}`,
        proxy: "http://p.example:3128",
        sha256: true,
      }),
    ],
  });
  const spec = validateConfig(config, "config.ts", { baseDir: "/c" });
  const task = spec.tasks[0] as FetchTaskSpec;
  assertEquals([spec.cookies, spec.notify], [{}, { failure: "https://hc.example/fail" }]);
  assertEquals(
    [task.checksum?.algorithm, task.options.proxy, task.options.resume, task.options.sha256],
    ["sha512", "http://p.example:3128", true, true],
  );
});
