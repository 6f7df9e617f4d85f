import {
  assert,
  assertEquals,
  assertRejects,
  assertThrows,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { DEFAULT_CRAWL_DEPTH, DEFAULT_CRAWL_FETCHES } from "./defaults.ts";
import { defineConfig, fetchTask } from "./define.ts";
import { resolve } from "./deps.ts";
import { loadConfig, validateConfig } from "./load.ts";
import type { FetchTaskSpec } from "../tasks/spec.ts";

function fetchTasks(input: unknown): FetchTaskSpec[] {
  return validateConfig(input, "tasks.yaml", { baseDir: "/configs" }).tasks as FetchTaskSpec[];
}

Deno.test("rate, delay, jitter and crawl reach every task from defaults, each overridable per task and per request", () => {
  const [plain, own, inRequest] = fetchTasks({
    defaults: {
      rate: "30/min",
      delay: "2s",
      jitter: "1s",
      crawl: { maxDepth: 2, robots: false },
    },
    tasks: [
      { fetch: "https://a.example/" },
      {
        fetch: "https://b.example/",
        rate: "5/s",
        jitter: 0,
        crawl: {
          origins: ["HTTPS://B.example:443", "https://b.example/", "http://c.example"],
          robots: true,
        },
      },
      { fetch: { url: "https://c.example/", delay: "250ms", crawl: { maxFetches: 7 } } },
    ],
  });
  const pick = (task: FetchTaskSpec) => {
    const { rate, delayMs, jitterMs, crawl } = task.options;
    return { rate, delayMs, jitterMs, crawl };
  };
  assertEquals(pick(plain), {
    rate: { count: 30, perMs: 60_000 },
    delayMs: 2000,
    jitterMs: 1000,
    crawl: { maxDepth: 2, origins: [], maxFetches: DEFAULT_CRAWL_FETCHES, robots: false },
  });
  assertEquals(pick(own), {
    rate: { count: 5, perMs: 1000 },
    delayMs: 2000,
    jitterMs: 0,
    crawl: {
      maxDepth: 2,
      origins: ["https://b.example", "http://c.example"],
      maxFetches: DEFAULT_CRAWL_FETCHES,
      robots: true,
    },
  });
  assertEquals(pick(inRequest), {
    rate: { count: 30, perMs: 60_000 },
    delayMs: 250,
    jitterMs: 1000,
    crawl: { maxDepth: 2, origins: [], maxFetches: 7, robots: false },
  });
});

Deno.test("without the knobs: no rate, no delay or jitter, the built-in crawl limits; the shared settings are frozen", () => {
  const [task] = fetchTasks({ tasks: [{ fetch: "https://a.example/" }] });
  assertEquals(task.options.rate, undefined);
  assertEquals([task.options.delayMs, task.options.jitterMs], [0, 0]);
  assertEquals(task.options.crawl, {
    maxDepth: DEFAULT_CRAWL_DEPTH,
    origins: [],
    maxFetches: DEFAULT_CRAWL_FETCHES,
    robots: true,
  });
  const [changed] = fetchTasks({
    tasks: [{
      fetch: "https://a.example/",
      rate: "1/s",
      crawl: { origins: ["https://a.example"] },
    }],
  });
  assertThrows(() => (changed.options.crawl.origins as string[]).push("https://evil.example"));
  assertThrows(() => (changed.options.crawl as { maxDepth: number }).maxDepth = 99);
  assertThrows(() => (changed.options.rate as { count: number }).count = 99);
});

Deno.test("origins: keys become origins as URLs compare them; rules are converted; absent rules stay absent", () => {
  const spec = validateConfig({
    origins: {
      "HTTPS://Example.ORG:443/": { rate: "1/500ms", delay: "2s", jitter: "1s", perHost: 2 },
      "http://localhost:8080": { perHost: 1 },
    },
    tasks: [{ fetch: "https://example.org/" }],
  }, "tasks.yaml");
  assertEquals(spec.origins, {
    "https://example.org": {
      rate: { count: 1, perMs: 500 },
      delayMs: 2000,
      jitterMs: 1000,
      perHost: 2,
    },
    "http://localhost:8080": { perHost: 1 },
  });
  assertEquals(validateConfig({ tasks: [{ sleep: 1 }] }, "tasks.yaml").origins, {});
});

const YAML = `origins:
  "https://Example.org": { perHost: 2, rate: 1/s, delay: 2s, jitter: 500ms }
defaults:
  rate: 30/min
  crawl: { maxDepth: 1, origins: ["https://example.org"], maxFetches: 50 }
tasks:
  - name: pages
    fetch: https://example.org/page/[1-3].html
    save: "pages/{1}.html"
    jitter: 1s
  - name: listed
    fetch: { urls: urls.txt, delay: 3s }
    save: "{host}/{path}"
  - name: literal
    fetch: https://example.org/a[1].html
    glob: false
    save: a.html
`;

const JSON_TEXT = `{
  "origins": { "https://Example.org": { "perHost": 2, "rate": "1/s", "delay": "2s", "jitter": "500ms" } },
  "defaults": {
    "rate": "30/min",
    "crawl": { "maxDepth": 1, "origins": ["https://example.org"], "maxFetches": 50 }
  },
  "tasks": [
    { "name": "pages", "fetch": "https://example.org/page/[1-3].html", "save": "pages/{1}.html", "jitter": "1s" },
    { "name": "listed", "fetch": { "urls": "urls.txt", "delay": "3s" }, "save": "{host}/{path}" },
    { "name": "literal", "fetch": "https://example.org/a[1].html", "glob": false, "save": "a.html" }
  ]
}
`;

const TOML = `[origins."https://Example.org"]
perHost = 2
rate = "1/s"
delay = "2s"
jitter = "500ms"

[defaults]
rate = "30/min"
crawl = { maxDepth = 1, origins = ["https://example.org"], maxFetches = 50 }

[[tasks]]
name = "pages"
fetch = "https://example.org/page/[1-3].html"
save = "pages/{1}.html"
jitter = "1s"

[[tasks]]
name = "listed"
save = "{host}/{path}"
fetch = { urls = "urls.txt", delay = "3s" }

[[tasks]]
name = "literal"
fetch = "https://example.org/a[1].html"
glob = false
save = "a.html"
`;

const TYPESCRIPT = defineConfig({
  origins: { "https://Example.org": { perHost: 2, rate: "1/s", delay: "2s", jitter: "500ms" } },
  defaults: {
    rate: "30/min",
    crawl: { maxDepth: 1, origins: ["https://example.org"], maxFetches: 50 },
  },
  tasks: [
    fetchTask("pages", "https://example.org/page/[1-3].html", {
      save: "pages/{1}.html",
      jitter: "1s",
    }),
    fetchTask("listed", { urls: "urls.txt", delay: "3s" }, { save: "{host}/{path}" }),
    fetchTask("literal", "https://example.org/a[1].html", { glob: false, save: "a.html" }),
  ],
});

Deno.test("origins, rate, delay, jitter, crawl, patterns, lists and glob: false say the same in YAML, JSON, JSONC, TOML and TypeScript", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-knobs-" });
  try {
    await Deno.writeTextFile(resolve(dir, "urls.txt"), "https://example.org/x\n");
    const load = async (name: string, text: string) => {
      await Deno.writeTextFile(resolve(dir, name), text);
      const { source: _source, ...spec } = await loadConfig(resolve(dir, name));
      return spec;
    };
    const yaml = await load("c.yaml", YAML);
    assertEquals(await load("c.json", JSON_TEXT), yaml, "JSON");
    assertEquals(await load("c.jsonc", `// comment\n${JSON_TEXT}`), yaml, "JSONC");
    assertEquals(await load("c.toml", TOML), yaml, "TOML");
    const { source: _source, ...fromCode } = validateConfig(TYPESCRIPT, resolve(dir, "c.ts"));
    assertEquals(fromCode, yaml, "TypeScript");
    const [pages, listed, literal] = yaml.tasks as FetchTaskSpec[];
    assertEquals(pages.urls, { kind: "pattern", pattern: "https://example.org/page/[1-3].html" });
    assertEquals(listed.urls, { kind: "list", path: resolve(dir, "urls.txt") });
    assertEquals(listed.request.url, resolve(dir, "urls.txt"));
    assertEquals([literal.urls, literal.request.url], [
      undefined,
      "https://example.org/a[1].html",
    ]);
    assertEquals(Object.keys(yaml.origins), ["https://example.org"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** [line, column, path, message] of each issue. */
type Located = [number | undefined, number | undefined, string, string];

async function issuesOf(name: string, text: string): Promise<Located[]> {
  const dir = await Deno.makeTempDir({ prefix: "corun-knobs-" });
  try {
    await Deno.writeTextFile(resolve(dir, name), text);
    const error = await assertRejects(() => loadConfig(resolve(dir, name)), ConfigError);
    return error.issues.map((
      issue: ConfigIssue,
    ) => [issue.line, issue.column, issue.path, issue.message]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const NOT_A_RATE = 'expected a rate like "5/s", "30/min", "100/h" or "1/500ms" (a whole count, ' +
  '"/", then a unit (s, m or min, h, d) or a duration such as "500ms" or "2s"; "1.5/s" is "3/2s")';

Deno.test("bad rates, durations, origins and crawl limits are located errors (YAML)", async () => {
  assertEquals(
    await issuesOf(
      "c.yaml",
      `origins:
  "https://example.org/a": { rate: 5/s }
  "ftp://x.org": {}
  "https://x.org": { rate: 0/s, delay: soon, perHost: 0 }
  "https://y.org": { delay: -1s, rate: -2/min }
  "HTTPS://X.ORG:443": { jitter: 1s, burst: 2 }
defaults:
  rate: 5 per second
  crawl: { maxDepth: -1, origins: ["https://a.example/path"], maxFetches: 0, robots: obey }
tasks:
  - fetch: https://a.example/
    rate: 1/0s
    jitter: -1
`,
    ),
    [
      [
        2,
        3,
        'origins["https://example.org/a"]',
        '"https://example.org/a" is not an origin: an origin has no path (write "https://example.org")',
      ],
      [
        3,
        3,
        'origins["ftp://x.org"]',
        'expected an http: or https: origin such as "https://example.org", got "ftp://x.org"',
      ],
      [4, 28, 'origins["https://x.org"].rate', 'a rate must be more than 0 per unit, got "0/s"'],
      [
        4,
        40,
        'origins["https://x.org"].delay',
        'expected a duration like "3s", "1500ms" or "1h30m" (units ms, s (sec), m (min), h (hour), d (day), as in "1h 30m"; a number alone is seconds), got "soon"',
      ],
      [
        4,
        55,
        'origins["https://x.org"].perHost',
        "expected a number of fetches in flight per origin (a whole number from 1 to 100000), got 0",
      ],
      [5, 29, 'origins["https://y.org"].delay', 'a duration cannot be negative, got "-1s"'],
      [5, 40, 'origins["https://y.org"].rate', 'a rate must be more than 0 per unit, got "-2/min"'],
      [
        6,
        3,
        'origins["HTTPS://X.ORG:443"]',
        '"HTTPS://X.ORG:443" is the origin "https://x.org", as "https://x.org" is: give its rules once',
      ],
      [
        6,
        38,
        'origins["HTTPS://X.ORG:443"].burst',
        'unknown key "burst" (it takes perHost, rate, proxy, delay, jitter, pipeline)',
      ],
      [8, 9, "defaults.rate", `${NOT_A_RATE}, got "5 per second"`],
      [
        9,
        22,
        "defaults.crawl.maxDepth",
        "expected a number of links followed (a whole number from 0 to 1000), got -1",
      ],
      [
        9,
        36,
        "defaults.crawl.origins[0]",
        '"https://a.example/path" is not an origin: an origin has no path (write "https://a.example")',
      ],
      [
        9,
        75,
        "defaults.crawl.maxFetches",
        "expected a number of fetches (a whole number from 1 to 1000000000), got 0",
      ],
      [9, 86, "defaults.crawl.robots", 'expected true or false (robots), got "obey"'],
      [12, 11, "tasks[0].rate", `a rate's time cannot be zero, got "1/0s"`],
      [13, 13, "tasks[0].jitter", "a duration cannot be negative, got -1"],
    ],
  );
});

Deno.test("an origin key's problems are located in JSON and TOML too", async () => {
  const json = await issuesOf(
    "c.json",
    '{\n  "origins": {\n    "https://x.org": {},\n    "https://X.org/": {}\n  },\n' +
      '  "tasks": [{ "sleep": 1 }]\n}\n',
  );
  assertEquals(json.map(([line, column, path]) => [line, column, path]), [
    [4, 5, 'origins["https://X.org/"]'],
  ]);
  const toml = await issuesOf(
    "c.toml",
    'tasks = [{ sleep = 1 }]\n[origins."https://x.org/a"]\nrate = "1/s"\n',
  );
  assertEquals(toml.map(([line, _column, path]) => [line, path]), [
    [2, 'origins["https://x.org/a"]'],
  ]);
  assert(toml[0][3].includes("an origin has no path"), toml[0][3]);
});
