import { assert, assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { quoteReceived } from "../http/mod.ts";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { validateConfig } from "./load.ts";

/** The problems validateConfig finds, as `path: message` lines. */
function problems(input: unknown): string[] {
  const error = assertThrows(() => validateConfig(input, "inline", { baseDir: "/" }), ConfigError);
  return error.issues.map((issue: ConfigIssue) =>
    issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`
  );
}

const URL_TASK = { fetch: "https://a.example/" };

Deno.test("the schema accepts a minimal config and refuses what is not a config", () => {
  assertEquals(
    validateConfig({ tasks: [{ sleep: 1 }] }, "inline", { baseDir: "/" }).tasks.length,
    1,
  );
  assertEquals(problems(null), ["expected a config object { tasks, ... }, got null"]);
  assertEquals(problems([]), ["expected a config object { tasks, ... }, got a list"]);
  assertEquals(problems({}), ['missing required key "tasks"']);
  assertEquals(problems({ tasks: {} }), ["tasks: expected a list of tasks, got an object"]);
  assertEquals(problems({ tasks: [] }), [
    "tasks: expected at least one task, got an empty list (a run would do nothing and exit 0)",
  ]);
});

Deno.test("the schema names unknown keys at every level, with a suggestion when one is close", () => {
  assertEquals(
    problems({
      outdir: "x",
      defaults: { retires: 1, timeout: { conect: 1 } },
      schedule: { cron: "@daily", timeZone: "UTC" },
      tasks: [
        { sleep: 1, colour: "red" },
        {
          fetch: {
            url: "https://a.example/",
            methd: "GET",
            body: { jsn: {} },
            auth: { bearer: "t", user: "u" },
          },
        },
      ],
    }),
    [
      'outdir: unknown key "outdir" (did you mean "outDir"?)',
      'defaults.retires: unknown key "retires" (did you mean "retries"?)',
      'defaults.timeout.conect: unknown key "conect" (did you mean "connect"?)',
      'schedule.timeZone: unknown key "timeZone" (did you mean "timezone"?)',
      'tasks[0].colour: unknown key "colour"',
      'tasks[1].fetch.methd: unknown key "methd" (did you mean "method"?)',
      'tasks[1].fetch.body: a body needs one of "text", "json", "form" or "file"',
      'tasks[1].fetch.body.jsn: unknown key "jsn" (did you mean "json"?)',
      'tasks[1].fetch.auth.user: unknown key "user" (did you mean "username"?)',
    ],
  );
});

Deno.test("unknown keys get other tools' names placed, a top-level key sent where it goes, or the keys a small object takes", () => {
  assertEquals(
    problems({
      max_body_size: "1MB",
      timeouts: "5s",
      defaults: { connect_timeout: "3s" },
      tasks: [{
        fetch: "https://a.example/",
        data: "a=1",
        timeout: { connect_timeout: "1s", read: "10s", tot: "1m" },
        crawl: { allowed_domains: [], depth: 2 },
        schedule: { cron: "@daily", tz: "UTC" },
      }],
    }),
    [
      'max_body_size: unknown key "max_body_size" (did you mean "maxBodySize"? ' +
      'it goes in "defaults" (for every fetch task) or on a task)',
      'timeouts: unknown key "timeouts" (did you mean "timeout"? ' +
      'it goes in "defaults" (for every fetch task) or on a task)',
      'defaults.connect_timeout: unknown key "connect_timeout" (did you mean "timeout"?)',
      'tasks[0].data: unknown key "data" (did you mean "body"? ' +
      'it goes inside "fetch", as in fetch: { url, method: POST, body })',
      'tasks[0].timeout.connect_timeout: unknown key "connect_timeout" (did you mean "connect"?)',
      'tasks[0].timeout.read: unknown key "read" (did you mean "idle"?)',
      'tasks[0].timeout.tot: unknown key "tot" (it takes connect, tls, headers, idle, total)',
      'tasks[0].crawl.allowed_domains: unknown key "allowed_domains" (did you mean "origins"?)',
      'tasks[0].crawl.depth: unknown key "depth" (did you mean "maxDepth"?)',
      'tasks[0].schedule.tz: unknown key "tz" (did you mean "timezone"?)',
    ],
  );
  // Scrapy's name is for a crawl's origins, not the top-level per-origin settings.
  assertEquals(problems({ allowed_domains: [], tasks: [URL_TASK] }), [
    'allowed_domains: unknown key "allowed_domains" (a key of your own, such as one that holds ' +
    'a YAML anchor, starts with "x-")',
  ]);
});

Deno.test("the schema says what each value should have been", () => {
  assertEquals(
    problems({
      concurrency: 0,
      perHost: 1.5,
      metadata: true,
      defaults: {
        retries: "2",
        retryOn: [429, 700],
        maxBodySize: "1 parsec",
        backoff: -1,
        headers: { "Bad Name": "x", Ok: "a\r\nInjected: 1", Num: 5 },
        insecure: "yes",
      },
      tasks: [{ sleep: true }],
    }),
    [
      "concurrency: expected a number of fetches in flight at once (a whole number from 1 to 100000), got 0",
      "perHost: expected a number of fetches in flight per origin (a whole number from 1 to 100000), got 1.5",
      "metadata: expected a file name or false, got true",
      'defaults.retries: expected a number of retries (a whole number from 0 to 100), got "2"',
      "defaults.retryOn[1]: expected an HTTP status (a whole number from 100 to 599), got 700",
      'defaults.maxBodySize: expected a size like "64KiB", "10MB" or a number of bytes (units B, kB (or KB), MB, GB, TB, KiB, MiB, GiB, TiB), got "1 parsec"',
      "defaults.backoff: a duration cannot be negative, got -1",
      'defaults.headers["Bad…"]: expected a header name (letters, digits and !#$%&\'*+-.^_`|~), got "Bad"… (" " may not be in a name; the 4 characters after it are not shown: a value belongs apart from its name)',
      "defaults.headers.Ok: expected a header value without control characters other than tab, got a text with one (not shown: it may be a credential)",
      'defaults.headers.Num: expected a header value, got a number (not shown: it may be a credential; quote it: "…")',
      'defaults.insecure: expected true or false (insecure), got "yes"',
      'tasks[0].sleep: expected a duration like "3s", "1500ms" or "1h30m" (units ms, s (sec), m (min), h (hour), d (day), as in "1h 30m"; a number alone is seconds), got true',
    ],
  );
});

Deno.test("retryOn refuses statuses that are never retried (1xx, 2xx, 3xx), saying why", () => {
  const never = (status: number, why: string) =>
    `${status} is never retried: ${why}; retryOn takes 4xx and 5xx statuses`;
  assertEquals(
    problems({ defaults: { retryOn: [200, 304, 429, 301, 103, 503] }, tasks: [{ sleep: 1 }] }),
    [
      `defaults.retryOn[0]: ${never(200, "a 2xx is a success")}`,
      `defaults.retryOn[1]: ${never(304, "a 304 (Not Modified) keeps the saved file")}`,
      `defaults.retryOn[3]: ${never(301, "a 3xx is a redirect, followed as maxRedirects allows")}`,
      `defaults.retryOn[4]: ${never(103, "a 1xx is an interim response, never the answer")}`,
    ],
  );
});

Deno.test("the schema requires exactly one kind per task and fetch settings only on fetch tasks", () => {
  assertEquals(
    problems({
      tasks: [
        {},
        { sleep: 1, fetch: "https://a.example/" },
        { sleep: 1, save: "x", retries: 1 },
        { fetch: { url: "https://a.example/", retries: 1 }, retries: 2 },
        { run: "not a function" },
      ],
    }),
    [
      'tasks[0]: a task needs one of "sleep", "fetch" or "run"',
      'tasks[1].fetch: a task has one of "sleep", "fetch" or "run", but "sleep" is given too',
      'tasks[2].save: "save" is only for fetch tasks, and this is a sleep task',
      'tasks[2].retries: "retries" is only for fetch tasks, and this is a sleep task',
      'tasks[3].fetch.retries: "retries" is also given on the task; give it in one place',
      'tasks[4].run: expected a generator function (TypeScript configs only), got "not a function"',
    ],
  );
});

Deno.test("the schema checks requests: URL, method, body, credentials", () => {
  const request = (fields: Record<string, unknown>) => ({
    tasks: [{ fetch: { url: "https://a.example/", ...fields } }],
  });
  assertEquals(problems({ tasks: [{ fetch: "ftp://a.example/" }] }), [
    'tasks[0].fetch: expected an http: or https: URL, got "ftp://a.example/"',
  ]);
  assertEquals(problems({ tasks: [{ fetch: { url: "/relative" } }] }), [
    'tasks[0].fetch.url: expected an http: or https: URL, got "/relative"',
  ]);
  // A zero-width space pasted before the URL shows, escaped: quoted as it is, the URL looks right.
  assertEquals(problems({ tasks: [{ fetch: "\u200bhttps://a.example/" }] }), [
    'tasks[0].fetch: expected an http: or https: URL, got "\\u200bhttps://a.example/"',
  ]);
  assertEquals(problems({ tasks: [{ fetch: { method: "GET" } }] }), [
    'tasks[0].fetch: a request needs "url" (a URL or a URL pattern) or "urls" (a file of URLs)',
  ]);
  assertEquals(problems({ tasks: [{ fetch: 5 }] }), [
    "tasks[0].fetch: expected a URL or a request { url, ... }, got 5",
  ]);
  assertEquals(problems(request({ method: "GE T" })), [
    'tasks[0].fetch.method: expected an HTTP method such as "GET", got "GE T"',
  ]);
  assertEquals(problems(request({ method: "CONNECT" })), [
    "tasks[0].fetch.method: the method CONNECT asks a proxy for a tunnel, which corun opens " +
    "itself for an https URL given a proxy: it is no method for a fetch",
  ]);
  assertEquals(problems(request({ body: { text: "a", json: 1, contentType: "x/y" } })), [
    'tasks[0].fetch.body.json: a body has one of "text", "json", "form" or "file", but "text" is given too',
  ]);
  assertEquals(problems(request({ body: { json: 1, contentType: "x/y" } })), [
    'tasks[0].fetch.body.contentType: "contentType" goes with "text" or "file" bodies; a json body sets its own',
  ]);
  assertEquals(
    problems(request({ body: { text: "café", contentType: "text/plain; Charset=ISO-8859-1" } })),
    [
      "tasks[0].fetch.body.contentType: the text is sent as UTF-8, but this names the charset " +
      "ISO-8859-1, in which its non-ASCII characters would be read as other ones: write " +
      "charset=utf-8, or send the text encoded as a body { file }",
    ],
  );
  // ASCII text in any charset, and non-ASCII text under UTF-8 or no charset, are fine.
  for (
    const body of [
      { text: "cafe", contentType: "text/plain; charset=iso-8859-1" },
      { text: "café", contentType: 'text/csv; charset="UTF-8"' },
      { text: "café", contentType: "text/csv" },
    ]
  ) {
    validateConfig(request({ body }), "inline", { baseDir: "/" });
  }
  assertEquals(problems(request({ body: { form: { a: 1 } } })), [
    'tasks[0].fetch.body.form.a: expected a form value as text (quote a number or true/false: "1"), got 1',
  ]);
  assertEquals(problems(request({ auth: { username: "a:b", password: "p" } })), [
    'tasks[0].fetch.auth.username: a basic-auth user name cannot contain ":"',
  ]);
  assertEquals(problems(request({ auth: { username: "u" } })), [
    "tasks[0].fetch.auth: credentials need password",
  ]);
  assertEquals(problems(request({ auth: { bearer: "t", password: "p" } })), [
    "tasks[0].fetch.auth: credentials are either { username, password } or { bearer }, not both",
  ]);
});

Deno.test("the schema checks schedules and task names", () => {
  assertEquals(
    problems({
      schedule: "every day",
      tasks: [
        {
          name: "",
          ...URL_TASK,
          schedule: { cron: "* * * * *", timezone: "Mars/Olympus", overlap: "no" },
        },
        { name: "a\nb", sleep: 1, schedule: { timezone: "UTC" }, after: ["x", 1] },
      ],
    }),
    [
      'schedule: expected a cron expression such as "*/10 * * * *" or "@hourly", got "every day"',
      'tasks[0].name: expected a task name (not empty, no control characters, no space at its start or end), got ""',
      'tasks[0].schedule.timezone: expected an IANA time zone such as "Europe/Berlin", got "Mars/Olympus"',
      'tasks[0].schedule.overlap: expected one of "skip", "queue" or "allow", got "no"',
      'tasks[1].name: expected a task name (not empty, no control characters, no space at its start or end), got "a\\nb"',
      'tasks[1].schedule: missing required key "cron"',
      'tasks[1].after[0]: unknown task "x"',
      "tasks[1].after[1]: expected a task name, got 1",
    ],
  );
  const named = (name: string) => problems({ tasks: [{ name, sleep: 1 }] });
  // C1 controls too: U+009B starts an escape sequence as ESC [ does.
  for (const name of ["  ", "a ", " a", "\u00a0a", "a\u009b31mb", "a\u0085b"]) {
    assertEquals(named(name), [
      "tasks[0].name: expected a task name (not empty, no control characters, no space at its " +
      `start or end), got ${quoteReceived(name)}`,
    ]);
  }
  // Shown escaped: `got "a\u009b31mb"`, never the control itself.
  assert(!/[\x80-\x9f]/.test(named("a\u009b31mb")[0]));
});

const NO_ZERO_TIMEOUT =
  'every fetch would time out at once, and 0 does not mean "no limit" (leave it out for the default, or give a long one such as "1h"; a timeout, headers or idle needs a timeout.total at least as long)';
const NO_ZERO_HEAD =
  'no response head fits in 0 bytes, and 0 does not mean "no limit" (leave it out for the default, or give a large one such as "1MiB")';
const NO_ZERO_BODY =
  'only an empty body fits in 0 bytes, and 0 does not mean "no limit" (leave it out for the default, or give a large one such as "10GiB")';

Deno.test('a maxBodySize of 0 is refused: 0 is not "no limit" (as it is to nginx)', () => {
  assertEquals(
    problems({
      defaults: { maxBodySize: 0 },
      tasks: [{ ...URL_TASK, maxBodySize: "0MiB" }, { ...URL_TASK, maxBodySize: 1 }],
    }),
    [
      `defaults.maxBodySize: expected a size larger than 0, got 0: ${NO_ZERO_BODY}`,
      `tasks[0].maxBodySize: expected a size larger than 0, got "0MiB": ${NO_ZERO_BODY}`,
    ],
  );
});

Deno.test('a timeout of 0 in any field, and a maxHeaderSize of 0, are refused: 0 is not "no limit"', () => {
  assertEquals(
    problems({
      defaults: { timeout: 0, maxHeaderSize: "0KiB" },
      tasks: [
        { ...URL_TASK, timeout: "0s", maxHeaderSize: 0 },
        { ...URL_TASK, timeout: { connect: 0, tls: "0ms", headers: "0.0001s", idle: "0m0s" } },
        { fetch: { url: "https://a.example/", timeout: { total: 0.0001 } } },
      ],
    }),
    [
      `defaults.timeout: expected a timeout longer than 0, got 0: ${NO_ZERO_TIMEOUT}`,
      `defaults.maxHeaderSize: expected a size larger than 0, got "0KiB": ${NO_ZERO_HEAD}`,
      `tasks[0].timeout: expected a timeout longer than 0, got "0s": ${NO_ZERO_TIMEOUT}`,
      `tasks[0].maxHeaderSize: expected a size larger than 0, got 0: ${NO_ZERO_HEAD}`,
      `tasks[1].timeout.connect: expected a timeout longer than 0, got 0: ${NO_ZERO_TIMEOUT}`,
      `tasks[1].timeout.tls: expected a timeout longer than 0, got "0ms": ${NO_ZERO_TIMEOUT}`,
      `tasks[1].timeout.headers: expected a timeout longer than 0, got "0.0001s" (0ms once rounded): ${NO_ZERO_TIMEOUT}`,
      `tasks[1].timeout.idle: expected a timeout longer than 0, got "0m0s": ${NO_ZERO_TIMEOUT}`,
      `tasks[2].fetch.timeout.total: expected a timeout longer than 0, got 0.0001 (0ms once rounded): ${NO_ZERO_TIMEOUT}`,
    ],
  );
});

Deno.test('a callbackTimeout of 0, or not a duration, is refused at its field: 0 is not "no limit"', () => {
  const noZero = 'every onResponse would be stopped at once, and 0 does not mean "no limit" ' +
    '(leave it out for the default, 5m, or give a long one such as "1h")';
  const notDuration = 'expected a duration like "3s", "1500ms" or "1h30m" (units ms, s (sec), ' +
    'm (min), h (hour), d (day), as in "1h 30m"; a number alone is seconds), got "abc"';
  assertEquals(
    problems({
      defaults: { callbackTimeout: 0 },
      tasks: [
        { ...URL_TASK, callbackTimeout: "abc" },
        { ...URL_TASK, callbackTimeout: "0s" },
        { fetch: { url: "https://a.example/", callbackTimeout: 0.0001 } },
        { ...URL_TASK, callbackTimeout: "1ms" },
      ],
    }),
    [
      `defaults.callbackTimeout: expected a timeout longer than 0, got 0: ${noZero}`,
      `tasks[0].callbackTimeout: ${notDuration}`,
      `tasks[1].callbackTimeout: expected a timeout longer than 0, got "0s": ${noZero}`,
      `tasks[2].fetch.callbackTimeout: expected a timeout longer than 0, got 0.0001 (0ms once rounded): ${noZero}`,
    ],
  );
});

Deno.test("a maxHeaderSize past 64MiB, the largest head corun holds, is refused at its field", () => {
  const tooLarge = (got: string) =>
    "expected a size from 1 byte to 64MiB (the largest response head corun holds), got " + got;
  assertEquals(
    problems({
      defaults: { maxHeaderSize: 1e15 },
      tasks: [
        { ...URL_TASK, maxHeaderSize: "65MiB" },
        { ...URL_TASK, maxHeaderSize: "64MiB" },
        { fetch: { url: "https://a.example/", maxHeaderSize: 64 * 2 ** 20 + 1 } },
      ],
    }),
    [
      `defaults.maxHeaderSize: ${tooLarge("1000000000000000")}`,
      `tasks[0].maxHeaderSize: ${tooLarge('"65MiB"')}`,
      `tasks[2].fetch.maxHeaderSize: ${tooLarge("67108865")}`,
    ],
  );
});

Deno.test("a timeout too long says so, as one timeout or one of its phases", () => {
  const tooLong = (value: string) =>
    `expected a duration like "3s", "1500ms" or "1h30m" (units ms, s (sec), m (min), h (hour), ` +
    `d (day), as in "1h 30m"; a number alone is seconds), got ${value}, which is too long`;
  assertEquals(
    problems({
      tasks: [
        { ...URL_TASK, timeout: "9999999999999h" },
        { ...URL_TASK, timeout: { connect: "9999999999999h" } },
      ],
    }),
    [
      `tasks[0].timeout: ${tooLong('"9999999999999h"')}`,
      `tasks[1].timeout.connect: ${tooLong('"9999999999999h"')}`,
    ],
  );
});

Deno.test("the least time limits and sizes pass; a maxRedirects of 0 keeps its meaning", () => {
  const spec = validateConfig(
    {
      tasks: [{
        ...URL_TASK,
        timeout: { connect: "1ms", tls: 0.001, headers: "0.5ms", idle: 1, total: "1s" },
        maxHeaderSize: 1,
        maxBodySize: 1,
        maxRedirects: 0,
      }],
    },
    "inline",
    { baseDir: "/" },
  );
  assertEquals(spec.tasks.length, 1);
});
