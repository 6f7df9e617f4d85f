import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { resolve } from "./deps.ts";
import { loadConfig, validateConfig } from "./load.ts";
import { urlConfigPathIssues } from "./url_config_paths.ts";
import { CHECKED_PATTERN_URLS, checkUrlPatterns, patternOf } from "./url_sources.ts";
import type { FetchTaskSpec } from "../tasks/spec.ts";

function fetchTasks(tasks: unknown[]): FetchTaskSpec[] {
  return validateConfig({ tasks }, "tasks.yaml", { baseDir: "/configs" }).tasks as FetchTaskSpec[];
}

Deno.test("a URL with globs is a pattern, its text the request's URL; glob: false and a plain URL are one URL", () => {
  const [pattern, inRequest, literal, literalInRequest, plain, ipv6] = fetchTasks([
    { fetch: "https://x.example/page/[1-100].html", save: "{1}.html" },
    { fetch: { url: "https://{a,b}.example/[001-010]", method: "POST" }, save: "{1}/{2}" },
    { fetch: "https://x.example/a[1].html", glob: false },
    { fetch: { url: "https://x.example/{a}", glob: false } },
    { fetch: "https://x.example/page" },
    { fetch: "http://[::1]:8080/a" },
  ]);
  assertEquals([pattern.urls, pattern.request.url], [
    { kind: "pattern", pattern: "https://x.example/page/[1-100].html" },
    "https://x.example/page/[1-100].html",
  ]);
  assertEquals([inRequest.urls, inRequest.request.url, inRequest.request.method], [
    { kind: "pattern", pattern: "https://{a,b}.example/[001-010]" },
    "https://{a,b}.example/[001-010]",
    "POST",
  ]);
  assertEquals([literal.urls, literal.request.url], [undefined, "https://x.example/a[1].html"]);
  assertEquals(
    [literalInRequest.urls, literalInRequest.request.url],
    [undefined, "https://x.example/{a}"],
  );
  assertEquals([plain.urls, ipv6.urls, ipv6.request.url], [
    undefined,
    undefined,
    "http://[::1]:8080/a",
  ]);
});

Deno.test("a pattern of escaped brackets only is one URL, written without its escapes", () => {
  const [task] = fetchTasks([{ fetch: "https://x.example/\\[draft\\].html" }]);
  assertEquals([task.urls, task.request.url], [undefined, "https://x.example/[draft].html"]);
});

Deno.test("fetch: { urls } is a list file, resolved against the config's folder; the request's URL is its path", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-urls-" });
  try {
    await Deno.mkdir(resolve(dir, "lists"));
    await Deno.writeTextFile(resolve(dir, "lists/urls.txt"), "https://x.example/\n");
    const tasks = validateConfig({
      tasks: [
        { fetch: { urls: "lists/urls.txt", method: "HEAD" } },
        { fetch: { urls: resolve(dir, "lists/urls.txt") } },
      ],
    }, resolve(dir, "tasks.yaml")).tasks as FetchTaskSpec[];
    const path = resolve(dir, "lists/urls.txt");
    assertEquals(tasks[0].urls, { kind: "list", path });
    assertEquals([tasks[0].request.url, tasks[0].request.method], [path, "HEAD"]);
    assertEquals(tasks[1].urls, { kind: "list", path });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("patternOf() gives the parsed pattern of a task with globs, and nothing otherwise", () => {
  assertEquals(patternOf({ fetch: "https://x/[1-3]/{a,b}" })?.count, 6);
  assertEquals(patternOf({ fetch: { url: "https://x/[1-3]" } })?.globs, 1);
  for (
    const task of [
      { fetch: "https://x/[1-3]", glob: false },
      { fetch: { url: "https://x/[1-3]", glob: false } },
      { fetch: "https://x/\\[1\\]" },
      { fetch: "https://x/[1-" },
      { fetch: { urls: "a.txt" } },
      { sleep: 1 },
      "not a task",
    ]
  ) {
    assertEquals(patternOf(task), undefined, JSON.stringify(task));
  }
});

Deno.test("checkUrlPatterns() checks every URL of a small pattern, the first of a large one", () => {
  // The bad URL is the last of the set: found only because every URL is checked.
  const small = checkUrlPatterns({ tasks: [{ fetch: "{https,ftp}://x.example/[1-3]" }] });
  assertEquals(small, [{
    path: ["tasks", 0, "fetch"],
    message:
      'expected an http: or https: URL, got "ftp://x.example/1" (URL 4 of the pattern "{https,ftp}://x.example/[1-3]")',
  }]);
  const large = `{https,ftp}://x.example/[1-${CHECKED_PATTERN_URLS}]`;
  assertEquals(checkUrlPatterns({ tasks: [{ fetch: large }] }), []);
  const credentials = checkUrlPatterns({ tasks: [{ fetch: { url: "https://me:pw@x/[1-2]" } }] });
  assertEquals(credentials.map((issue) => issue.path), [["tasks", 0, "fetch", "url"]]);
  assert(credentials[0].message.startsWith("credentials in a URL are not sent"));
});

/** [line, column, path, message] of each issue. */
type Located = [number | undefined, number | undefined, string, string];

async function issuesIn(
  name: string,
  text: string,
  files: Record<string, string> = {},
): Promise<Located[]> {
  const dir = await Deno.makeTempDir({ prefix: "corun-urls-" });
  try {
    for (const [file, content] of Object.entries(files)) {
      await Deno.writeTextFile(resolve(dir, file), content);
    }
    await Deno.writeTextFile(resolve(dir, name), text);
    const error = await assertRejects(() => loadConfig(resolve(dir, name)), ConfigError);
    return error.issues.map((issue: ConfigIssue) => [
      issue.line,
      issue.column,
      issue.path,
      issue.message,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a bad pattern is a located error that gives the column in the pattern (YAML, JSON, TOML)", async () => {
  const message =
    'Cannot use URL pattern "https://x.example/[1-3.html" (column 19): "[" is never closed ' +
    '(write "\\[" for a literal one, or glob: false to take the URL as written)';
  assertEquals(
    await issuesIn("c.yaml", "tasks:\n  - fetch: https://x.example/[1-3.html\n"),
    [[2, 12, "tasks[0].fetch", message]],
  );
  assertEquals(
    await issuesIn(
      "c.json",
      '{ "tasks": [\n  { "fetch": { "url": "https://x.example/[1-3.html" } }\n] }\n',
    ),
    [[2, 23, "tasks[0].fetch.url", message]],
  );
  assertEquals(
    await issuesIn("c.toml", '[[tasks]]\nfetch = "https://x.example/[1-3.html"\n'),
    [[2, 9, "tasks[0].fetch", message]],
  );
});

Deno.test("brackets meant as themselves (?q=[1]) are refused with the way out: escape them, or glob: false", async () => {
  const [[line, column, path, message]] = await issuesIn(
    "c.yaml",
    "tasks:\n  - fetch: https://x.example/search?q=[1]\n",
  );
  assertEquals([line, column, path], [2, 12, "tasks[0].fetch"]);
  assertStringIncludes(message, '(column 28): "[1]" is not a range: a range is [first-last]');
  assertStringIncludes(
    message,
    '(write "\\[" for a literal one, or glob: false to take the URL as written)',
  );
  // Either way out loads.
  assertEquals(
    await issuesIn(
      "c.yaml",
      "tasks:\n  - fetch: 'https://x.example/search?q=\\[1\\]'\n" +
        "  - { fetch: 'https://x.example/search?q=[1]', glob: false }\n  - fetch: x\n",
    ),
    [[4, 12, "tasks[2].fetch", 'expected an http: or https: URL, got "x"']],
  );
});

Deno.test("url and urls together, glob with urls, a missing list file, glob: false on a URL that is not one: located errors", async () => {
  assertEquals(
    await issuesIn(
      "c.yaml",
      `tasks:
  - fetch: { url: "https://x.example/", urls: here.txt }
  - fetch: { urls: missing.txt }
  - fetch: { urls: here.txt, glob: false }
  - fetch: { urls: here.txt }
    glob: false
  - fetch: "https://x.example/[1-2]"
    glob: false
    fetch2: 1
  - fetch: {}
  - fetch: { url: "htp://x.example/[1-2]", glob: false }
`,
      { "here.txt": "https://x.example/\n" },
    ),
    [
      [2, 47, "tasks[0].fetch.urls", 'a request has "url" or "urls", not both'],
      [
        3,
        20,
        "tasks[1].fetch.urls",
        'cannot use the URL list "missing.txt": the file does not exist',
      ],
      [
        4,
        36,
        "tasks[2].fetch.glob",
        '"glob" is about a "url" pattern; the lines of "urls" are taken as written',
      ],
      [
        6,
        11,
        "tasks[3].glob",
        '"glob" is about a "url" pattern; the lines of "urls" are taken as written',
      ],
      [9, 5, "tasks[4].fetch2", 'unknown key "fetch2" (did you mean "fetch"?)'],
      [
        10,
        12,
        "tasks[5].fetch",
        'a request needs "url" (a URL or a URL pattern) or "urls" (a file of URLs)',
      ],
      [
        11,
        19,
        "tasks[6].fetch.url",
        'expected an http: or https: URL, got "htp://x.example/[1-2]"',
      ],
    ],
  );
});

Deno.test("glob on a task that is no fetch, or given twice, is a located error", async () => {
  assertEquals(
    await issuesIn(
      "c.yaml",
      `tasks:
  - sleep: 1s
    glob: false
  - fetch: { url: "https://x.example/[1]", glob: false }
    glob: false
`,
    ),
    [
      [3, 11, "tasks[0].glob", '"glob" is only for fetch tasks, and this is a sleep task'],
      [4, 50, "tasks[1].fetch.glob", '"glob" is also given on the task; give it in one place'],
    ],
  );
});

Deno.test("a config read from a URL may not name a URL list (a local file)", () => {
  const issues = urlConfigPathIssues({ tasks: [{ fetch: { urls: "urls.txt" } }] }, Deno.cwd());
  assertEquals(issues.map((issue) => issue.path), [["tasks", 0, "fetch", "urls"]]);
  assert(issues[0].message.startsWith("a config read from a URL may not name a local file"));
});

Deno.test("a config read from a URL that names a local file is told what it can say instead, by field", () => {
  const issues = urlConfigPathIssues({
    cookies: "jar.json",
    defaults: { caFile: "ca.pem", checksums: "SHA256SUMS" },
    tasks: [{ fetch: { urls: "urls.txt", body: { file: "b.json" } } }],
  }, Deno.cwd());
  const instead = (message: string) =>
    message.replace(/^.*?here\): /, "").replace(
      /, or save the config as a file and load that$/,
      "",
    );
  assertEquals(issues.map((issue) => [issue.path.join("."), instead(issue.message)]), [
    ["cookies", "cookies: true keeps a jar for the run alone"],
    [
      "defaults.caFile",
      "to trust a private CA, name its certificate file in DENO_CERT where corun starts " +
      "(DENO_CERT=ca.pem corun run URL)",
    ],
    ["defaults.checksums", "give a task's digest as checksum: sha256:HEX"],
    ["tasks.0.fetch.body.file", 'put the body in the config (body: "text", { json } or { form })'],
    ["tasks.0.fetch.urls", "give each URL as a task's url"],
  ]);
});

Deno.test("a UTF-16 URL list is a located config error, not a task that fails once the run starts", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-urls-" });
  try {
    // What Windows PowerShell 5's `>` writes: a byte order mark, then two bytes a character.
    const utf16 = new Uint8Array([
      0xff,
      0xfe,
      ..."https://x.example/\n".split("").flatMap((c) => [c.charCodeAt(0), 0]),
    ]);
    await Deno.writeFile(resolve(dir, "list16.txt"), utf16);
    await Deno.writeTextFile(resolve(dir, "list8.txt"), "\ufeffhttps://x.example/\n");
    await Deno.writeTextFile(resolve(dir, "empty.txt"), "");
    const config = resolve(dir, "c.yaml");
    await Deno.writeTextFile(
      config,
      "tasks:\n  - fetch: { urls: list16.txt }\n  - fetch: { urls: list8.txt }\n" +
        "  - fetch: { urls: empty.txt }\n",
    );
    const error = await assertRejects(() => loadConfig(config), ConfigError);
    assertEquals(
      error.format(),
      [
        `${config}:2:20: tasks[0].fetch.urls: cannot use the URL list "list16.txt": it is UTF-16 ` +
        "text (it starts with a UTF-16 byte order mark); save it as UTF-8",
      ].join("\n"),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
