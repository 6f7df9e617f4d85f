// A crawl obeys robots.txt (RFC 9309): before its first crawled link to an origin is requested, the
// origin's robots.txt is read, once a run; a link it disallows is left out unsent (skipped, with a
// ROBOTS_DISALLOWED metadata line). A 4xx, or a redirect that leads nowhere, allows all (the
// redirect said once, as it leaves the origin unguarded); a 5xx disallows all, said once. The group that names the User-Agent's product token is obeyed, else
// `*`. A task's own URLs, lists and patterns, and its ctx.fetch, never ask. `crawl.robots: false`
// turns it off.
import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  type ConfigInput,
  defineConfig,
  fetchTask,
  type LiveRun,
  run,
  type RunReport,
  task,
} from "../mod.ts";
import type { FetchTaskOptions } from "../lib/config/define.ts";
import type { AttemptEvent, RunEvent } from "../lib/tasks/mod.ts";
import { loadRobotsParser } from "../lib/tasks/deps.ts";
import { RobotsRules } from "../lib/tasks/robots_rules.ts";
import { freePort } from "./fixtures/raw_conn.ts";
import { type Route, startRouteServer } from "./fixtures/route_server.ts";
import {
  close,
  type ScriptedServer,
  startScriptedServer,
  write,
} from "./fixtures/scripted_server.ts";

/** A page whose body is its links, one a line. */
const page = (...links: string[]) => ({ body: links.join("\n") });

/** Fetch-task options whose `onResponse` enqueues every line of the body, noting the answers. */
function following(answers: boolean[] = [], options: FetchTaskOptions = {}): FetchTaskOptions {
  return {
    ...options,
    *onResponse(response, ctx) {
      for (const link of (yield* response.body.text()).split("\n")) {
        if (link !== "") answers.push(yield* ctx.enqueue(link));
      }
    },
  };
}

/** Paths the server was asked for, in order. */
const pathsOf = (server: ScriptedServer) => server.requests.map((request) => request.path);

/** How often the server was asked for its robots.txt. */
const robotsAsked = (server: ScriptedServer) =>
  pathsOf(server).filter((path) => path === "/robots.txt").length;

interface Crawl {
  report: RunReport;
  /** The metadata lines, by URL. */
  lines: Map<string, { status: number | null; error?: { code: string; message: string } }>;
  attempts: AttemptEvent[];
}

/** Runs `tasks` in virtual time, with metadata; returns the report, its lines and its attempts. */
async function crawl(
  tasks: ConfigInput["tasks"],
  config: Partial<ConfigInput> = {},
): Promise<Crawl> {
  const outDir = await Deno.makeTempDir({ prefix: "corun-robots-" });
  const attempts: AttemptEvent[] = [];
  try {
    const report = await run(
      defineConfig({ outDir, concurrency: 1, ...config, tasks }),
      { virtualTime: true, state: false, onAttempt: (event) => attempts.push(event) },
    );
    const lines = new Map();
    for (const line of (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n")) {
      const parsed = JSON.parse(line);
      lines.set(parsed.url, parsed);
    }
    return { report, lines, attempts };
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

/** A site whose robots.txt answers as `robots`, with a seed linking to /private/a and /public/b. */
function site(robots: Route, extra: Record<string, Route> = {}): ScriptedServer {
  return startRouteServer({
    "/robots.txt": robots,
    "/": page("/private/a", "/public/b"),
    "/private/a": page(),
    "/public/b": page(),
    ...extra,
  });
}

const DISALLOW_PRIVATE = { body: "User-agent: *\nDisallow: /private/\n" };

Deno.test("a link robots.txt disallows is left out unsent; an allowed one is fetched", async () => {
  await using server = site(DISALLOW_PRIVATE);
  const answers: boolean[] = [];
  const { report, lines, attempts } = await crawl([
    fetchTask("site", server.url("/"), following(answers, { save: "{path}" })),
  ]);
  const [result] = report.tasks;
  assertEquals(result.outcome, "done", JSON.stringify(result));
  assertEquals(pathsOf(server), ["/", "/robots.txt", "/public/b"]);
  // Decided as it is fetched: the enqueue took it.
  assertEquals(answers, [true, true]);
  assertEquals(result.items, {
    total: 2,
    done: 2,
    failed: 0,
    cancelled: 0,
    skipped: 1,
    leftOut: { robots: 1 },
  });
  const left = lines.get(server.url("/private/a"));
  assertEquals([left?.status, left?.error?.code], [null, "ROBOTS_DISALLOWED"]);
  assertEquals(
    left?.error?.message,
    `Cannot fetch ${server.url("/private/a")}: ${server.url("/robots.txt")} disallows it for ` +
      'the user agent "corun"',
  );
  assertEquals(lines.get(server.url("/public/b"))?.status, 200);
  assertEquals(lines.has(server.url("/robots.txt")), false, "robots.txt is no fetch of the task");
  const traced = attempts.find((attempt) => attempt.url === server.url("/private/a"));
  assertEquals([traced?.outcome, traced?.error?.code], ["left out", "ROBOTS_DISALLOWED"]);
  assertEquals(report.warnings, []);
});

Deno.test("robots.txt is asked once per origin, however many links wait for it", async () => {
  const links = Array.from({ length: 8 }, (_, i) => `/p/${i}`);
  await using server = startRouteServer({
    "/robots.txt": { body: "User-agent: *\nDisallow: /p/3\n" },
    "/": page(...links),
    ...Object.fromEntries(links.map((link) => [link, page()])),
  });
  const { report } = await crawl(
    [fetchTask("site", server.url("/"), following([], { save: "{path}" }))],
    { concurrency: 8, perHost: 8 },
  );
  assertEquals(report.tasks[0].items?.done, 8, JSON.stringify(report.tasks[0]));
  assertEquals(report.tasks[0].items?.skipped, 1);
  assertEquals(robotsAsked(server), 1);
  assertEquals(pathsOf(server).includes("/p/3"), false);
});

Deno.test("a robots.txt that is not there (404) allows every link", async () => {
  await using server = site({ status: 404, body: "no such file" });
  const { report, lines } = await crawl([
    fetchTask("site", server.url("/"), following([], { save: "{path}" })),
  ]);
  assertEquals(report.tasks[0].items?.done, 3, JSON.stringify(report.tasks[0]));
  assertEquals(lines.get(server.url("/private/a"))?.status, 200);
  assertEquals(robotsAsked(server), 1);
  assertEquals(report.warnings, []);
});

Deno.test("a robots.txt answered 500 after its retries disallows the origin, said once", async () => {
  await using server = site({ status: 500, body: "down" });
  const { report, lines } = await crawl([
    fetchTask("site", server.url("/"), following([], { save: "{path}", retries: 1 })),
  ]);
  const [result] = report.tasks;
  assertEquals(result.outcome, "done", JSON.stringify(result));
  assertEquals(result.items, {
    total: 1,
    done: 1,
    failed: 0,
    cancelled: 0,
    skipped: 2,
    leftOut: { robots: 2 },
  });
  // Tried again by the task's retries, then given up: neither link is sent.
  assertEquals(pathsOf(server), ["/", "/robots.txt", "/robots.txt"]);
  const robots = server.url("/robots.txt");
  const origin = new URL(robots).origin;
  assertEquals(report.warnings, [
    `Cannot read ${robots} (the server answered 500 Internal Server Error): every crawled link ` +
    `to ${origin} is left out for the rest of the run (its next 24 hours at most), as a ` +
    "robots.txt that cannot be reached disallows all",
  ]);
  assertMatch(
    lines.get(server.url("/public/b"))?.error?.message ?? "",
    /could not be read \(the server answered 500 Internal Server Error\)/,
  );
});

Deno.test("a robots.txt a proxy answers 503 is named by the standard reason, never by the proxy's text (it may echo the credentials)", async () => {
  // A proxy that answers for the site, and refuses its robots.txt echoing Proxy-Authorization.
  await using proxy = startScriptedServer({
    respond: (request) => {
      const answer = request.path.endsWith("/robots.txt")
        ? `503 Denied for ${
          request.headers.get("proxy-authorization")
        }\r\nContent-Length: 0\r\n\r\n`
        : "200 OK\r\nContent-Length: 9\r\n\r\n/public/b";
      return [write(`HTTP/1.1 ${answer}`), close()];
    },
  });
  const { report } = await crawl([
    fetchTask(
      "site",
      "http://site.invalid/",
      following([], {
        save: "{path}",
        retries: 0,
        proxy: `http://alice:s3cret@127.0.0.1:${proxy.port}`,
      }),
    ),
  ]);
  assertEquals(report.warnings, [
    "Cannot read http://site.invalid/robots.txt (the server answered 503 Service Unavailable): " +
    "every crawled link to http://site.invalid is left out for the rest of the run (its next 24 " +
    "hours at most), as a robots.txt that cannot be reached disallows all",
  ]);
});

Deno.test("a robots.txt that cannot be reached at all disallows its origin", async () => {
  await using home = startRouteServer({ "/": { body: "" } });
  // A port nothing listens on.
  const closed = `http://127.0.0.1:${freePort()}`;
  const { report, lines } = await crawl([
    fetchTask("site", home.url("/"), {
      retries: 0,
      crawl: { origins: [new URL(home.url("/")).origin, closed] },
      *onResponse(_response, ctx) {
        yield* ctx.enqueue(`${closed}/a`, { save: "a" });
      },
    }),
  ]);
  assertEquals(report.tasks[0].items?.skipped, 1, JSON.stringify(report.tasks[0]));
  assertEquals(lines.get(`${closed}/a`)?.error?.code, "ROBOTS_DISALLOWED");
  assertEquals(report.warnings.length, 1);
  assertMatch(report.warnings[0], new RegExp(`^Cannot read ${closed}/robots\\.txt \\(`));
});

Deno.test("a robots-parser that cannot load fails the crawled links as corun's error, never blaming the site", async () => {
  // As a bundle run from an http(s) URL did: the file was read, the parser did not load, and every
  // link was left out with a warning that the site's robots.txt could not be reached, the run "done".
  await using server = site(DISALLOW_PRIVATE);
  const dir = await Deno.makeTempDir({ prefix: "corun-robots-parser-" });
  try {
    await Deno.writeTextFile(`${dir}/broken.js`, 'throw new Error("no parser here");\n');
    await Deno.writeTextFile(
      `${dir}/map.json`,
      JSON.stringify({ imports: { "npm:robots-parser@3.0.1": "./broken.js" } }),
    );
    await Deno.writeTextFile(
      `${dir}/crawl.js`,
      `export default { outDir: "out", tasks: [{ name: "site", fetch: "${server.url("/")}", ` +
        "*onResponse(response, ctx) { for (const link of " +
        '(yield* response.body.text()).split("\\n")) yield* ctx.enqueue(link); } }] };\n',
    );
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        "--no-lock",
        "--no-config",
        `--import-map=${dir}/map.json`,
        "--allow-read",
        "--allow-write",
        "--allow-net=127.0.0.1",
        "--allow-env",
        new URL("../mod.ts", import.meta.url).href,
        "run",
        "crawl.js",
      ],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
    assertEquals(output.code, 1, text);
    assertMatch(text, /site failed .*\(3 fetches: 1 done, 2 failed\)/);
    assertMatch(
      text,
      new RegExp(
        `fetch failed ${server.url("/public/b")}: Cannot load robots-parser, corun's own reader ` +
          "of robots\\.txt \\(no parser here\\): an error of corun or of how it was installed, " +
          "not of the site",
      ),
    );
    assertEquals(text.includes("Cannot read"), false, text);
    // The file is asked once; no link is sent unasked.
    assertEquals(pathsOf(server), ["/", "/robots.txt"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the group naming the User-Agent's product token wins over *", async (t) => {
  const robots = {
    body: "User-agent: *\nDisallow: /public/\n\nUser-agent: corun\nDisallow: /private/\n",
  };
  await t.step("corun's own User-Agent (corun/…) is obeyed by the corun group", async () => {
    await using server = site(robots);
    await crawl([fetchTask("site", server.url("/"), following([], { save: "{path}" }))]);
    assertEquals(pathsOf(server), ["/", "/robots.txt", "/public/b"]);
  });
  await t.step("a task's own User-Agent falls back to * when no group names it", async () => {
    await using server = site(robots);
    const { lines } = await crawl([
      fetchTask(
        "site",
        server.url("/"),
        following([], { save: "{path}", headers: { "User-Agent": "OtherBot/2.1 (+x)" } }),
      ),
    ]);
    assertEquals(pathsOf(server), ["/", "/robots.txt", "/private/a"]);
    assertEquals(server.requests[1].headers.get("user-agent"), "OtherBot/2.1 (+x)");
    assertMatch(lines.get(server.url("/public/b"))?.error?.message ?? "", /"OtherBot"$/);
  });
  await t.step("two tasks of one run crawling one origin are each asked by their own", async () => {
    await using server = site(robots, {
      "/two": page("/private/c", "/public/d"),
      "/private/c": page(),
      "/public/d": page(),
    });
    const { report } = await crawl([
      fetchTask("own", server.url("/"), following([], { save: "own/{path}" })),
      fetchTask(
        "other",
        server.url("/two"),
        following([], { save: "other/{path}", headers: { "User-Agent": "OtherBot/2.1" } }),
      ),
    ]);
    assertEquals(report.tasks.map((task) => task.items?.skipped), [1, 1]);
    assertEquals(pathsOf(server).filter((path) => path.startsWith("/p")).sort(), [
      "/private/c",
      "/public/b",
    ]);
  });
});

Deno.test("crawl.robots: false fetches every link and never asks robots.txt", async () => {
  await using server = site({ body: "User-agent: *\nDisallow: /\n" });
  const { report } = await crawl([
    fetchTask("site", server.url("/"), following([], { save: "{path}", crawl: { robots: false } })),
  ]);
  assertEquals(report.tasks[0].items?.done, 3);
  assertEquals(robotsAsked(server), 0);
  assertEquals(pathsOf(server).sort(), ["/", "/private/a", "/public/b"]);
});

Deno.test("a task's own URLs, patterns and ctx.fetch never ask robots.txt", async () => {
  await using server = site({ body: "User-agent: *\nDisallow: /\n" });
  const { report } = await crawl([
    fetchTask("seed", server.url("/public/b"), {
      save: "seed",
      *onResponse(_response, ctx) {
        yield* ctx.fetch(server.url("/private/a"));
      },
    }),
    fetchTask("pattern", server.url("/{private/a,public/b}"), { save: "p/{path}" }),
  ]);
  assertEquals(report.counts.failed, 0, JSON.stringify(report.tasks));
  assertEquals(robotsAsked(server), 0);
  assertEquals(pathsOf(server).length, 4);
});

Deno.test("a custom task's enqueues obey robots.txt, by the defaults' crawl.robots", async () => {
  await using server = site(DISALLOW_PRIVATE);
  const seeds = task("seeds", function* (ctx) {
    yield* ctx.enqueue(server.url("/private/a"), { save: "a" });
    yield* ctx.enqueue(server.url("/public/b"), { save: "b" });
  });
  const obeyed = await crawl([seeds]);
  assertEquals(obeyed.report.tasks[0].items?.skipped, 1, JSON.stringify(obeyed.report.tasks));
  assertEquals(pathsOf(server), ["/robots.txt", "/public/b"]);
  const off = await crawl([seeds], { defaults: { crawl: { robots: false } } });
  assertEquals(off.report.tasks[0].items?.done, 2);
  assertEquals(pathsOf(server), ["/robots.txt", "/public/b", "/private/a", "/public/b"]);
});

Deno.test("a redirected robots.txt is followed, and its rules are the asked origin's", async () => {
  await using server = site({ status: 301, headers: { Location: "/real-robots.txt" } }, {
    "/real-robots.txt": DISALLOW_PRIVATE,
  });
  const { report } = await crawl([
    fetchTask("site", server.url("/"), following([], { save: "{path}" })),
  ]);
  assertEquals(report.tasks[0].items?.skipped, 1);
  assertEquals(pathsOf(server), ["/", "/robots.txt", "/real-robots.txt", "/public/b"]);
});

Deno.test("a robots.txt that redirects in a loop is taken as none: every link is allowed", async () => {
  await using server = site({ status: 302, headers: { Location: "/robots.txt" } });
  const { report } = await crawl([
    fetchTask("site", server.url("/"), following([], { save: "{path}", maxRedirects: 6 })),
  ]);
  assertEquals(report.tasks[0].items?.done, 3, JSON.stringify(report.tasks[0]));
  assertEquals(robotsAsked(server), 7, "the request and its 6 redirects");
  assertEquals(report.warnings, [unfollowedWarning(server, "Cannot follow redirect from ", 6)]);
});

Deno.test("a robots.txt is followed through 5 redirects, as RFC 9309 asks, whatever the task's lower maxRedirects", async () => {
  await using server = site({ status: 301, headers: { Location: "/real-robots.txt" } }, {
    "/real-robots.txt": DISALLOW_PRIVATE,
  });
  const { report } = await crawl([
    fetchTask("site", server.url("/"), following([], { save: "{path}", maxRedirects: 0 })),
  ]);
  // Without the fix, the file was taken as none and /private/a fetched.
  assertEquals(report.tasks[0].items?.leftOut, { robots: 1 });
  assertEquals(pathsOf(server), ["/", "/robots.txt", "/real-robots.txt", "/public/b"]);
  assertEquals(report.warnings, []);
});

Deno.test("a robots.txt past its 5 redirects names RFC 9309's 5 and the task's lower maxRedirects", async () => {
  await using server = site({ status: 302, headers: { Location: "/robots.txt" } });
  const { report } = await crawl([
    fetchTask("site", server.url("/"), following([], { save: "{path}", maxRedirects: 1 })),
  ]);
  assertEquals(robotsAsked(server), 6, "the request and its 5 redirects");
  const robots = server.url("/robots.txt");
  assertEquals(report.warnings, [
    unfollowedWarning(
      server,
      `Cannot follow redirect from ${robots}: redirect loop: ${robots} → ${robots} (stopped ` +
        "after 5 redirects, the most RFC 9309 for a robots.txt (5, more than maxRedirects (1)) " +
        "allows)",
    ),
  ]);
});

/** The one warning of a robots.txt whose redirects could not be followed: every link allowed. */
function unfollowedWarning(server: ScriptedServer, why: string, redirects?: number): string {
  const robots = server.url("/robots.txt");
  const loop = redirects === undefined ? "" : `${robots}: redirect loop: ${robots} → ${robots} ` +
    `(stopped after ${redirects} redirects, the most maxRedirects (${redirects}) allows)`;
  return `Cannot read ${robots} (${why}${loop}): every crawled link to ` +
    `${
      new URL(robots).origin
    } is allowed for the rest of the run (its next 24 hours at most), as ` +
    "RFC 9309 takes a robots.txt that redirects do not reach as unavailable";
}

Deno.test("a robots.txt whose answer is a redirect that leads nowhere (300, 302 without Location, 304) is taken as none", async (t) => {
  for (const status of [300, 302, 304]) {
    await t.step(String(status), async () => {
      await using server = site({ status, body: status === 304 ? undefined : "elsewhere" });
      const { report, lines } = await crawl([
        fetchTask("site", server.url("/"), following([], { save: "{path}" })),
      ]);
      assertEquals(report.tasks[0].items?.done, 3, JSON.stringify(report.tasks[0]));
      assertEquals(lines.get(server.url("/private/a"))?.status, 200);
      assertEquals(robotsAsked(server), 1);
      const answer = { 300: "300 Status", 302: "302 Found", 304: "304 Not Modified" }[status];
      assertEquals(report.warnings, [
        unfollowedWarning(server, `the server answered ${answer}, a redirect that leads nowhere`),
      ]);
    });
  }
});

Deno.test("only the first 500 KiB of a robots.txt are read: a rule past them does not count", async () => {
  const padding = "# padding\n".repeat(52_000); // 520,000 bytes: past 512,000
  await using server = site({
    body: `User-agent: *\nDisallow: /public/\n${padding}Disallow: /private/\n`,
  });
  await crawl([fetchTask("site", server.url("/"), following([], { save: "{path}" }))]);
  assertEquals(pathsOf(server), ["/", "/robots.txt", "/private/a"]);
});

Deno.test("a robots.txt is read to its first 500 KiB whatever the task's maxBodySize", async () => {
  const padding = "# padding\n".repeat(52_000); // 520,000 bytes, past 500 KiB and 1 KiB alike
  await using server = site({ body: `User-agent: *\nDisallow: /private/\n${padding}` });
  const { report, lines } = await crawl([
    fetchTask("site", server.url("/"), following([], { save: "{path}", maxBodySize: "1KiB" })),
  ]);
  assertEquals(report.warnings, []);
  assertEquals(pathsOf(server), ["/", "/robots.txt", "/public/b"]);
  assertEquals(report.tasks[0].items?.done, 2, JSON.stringify(report.tasks[0]));
  assertEquals(lines.get(server.url("/private/a"))?.error?.code, "ROBOTS_DISALLOWED");
});

Deno.test("a rule and a link are matched in one spelling (RFC 9309 2.2.2-2.2.3): escapes of unreserved characters are those characters, reserved ones match as written, a link's * and $ only as %2A and %24", async () => {
  const parse = await loadRobotsParser();
  // [rule, link, disallowed]: RFC 9309's tables, then what robots-parser alone told apart.
  const cases: [string, string, boolean][] = [
    ["/foo/bar?baz=quz", "/foo/bar?baz=quz", true],
    ["/foo/bar/ツ", "/foo/bar/%E3%83%84", true],
    ["/foo/bar/%E3%83%84", "/foo/bar/%E3%83%84", true],
    ["/foo/bar/%e3%83%84", "/foo/bar/ツ", true],
    ["/foo/bar/%62%61%7A", "/foo/bar/baz", true],
    ["/foo/bar/baz", "/foo/bar/%62%61%7a", true],
    ["/path/file-with-a-%2A.html", "/path/file-with-a-*.html", true],
    ["/path/foo-%24", "/path/foo-$", true],
    ["/a%2Ab", "/a*b", true],
    ["/a%2ab", "/a%2Ab", true],
    ["/a*b", "/a*b", true],
    ["/a$b", "/a$b", true],
    ["/private", "/%70rivate/c", true],
    ["/~user", "/%7euser/a", true],
    ["/%7Etilde", "/~tilde/b", true],
    ["/a|b", "/a|b/1", true],
    ["/c^d", "/c^d/2", true],
    ["/e[1]", "/e[1]/3", true],
    ["/it's", "/it's/1", true],
    ["/*?q=%27", "/g?q=%27x", true],
    // The URL parser writes a query's ' as %27, as it is sent: the rule's ' is another octet.
    ["/*?q=%27", "/f?q='x", true],
    ["/sp ace", "/sp%20ace", true],
    // Still apart: case, an escaped reserved character and the character, another character, a
    // link's * or $ and a rule's wildcard or end.
    ["/private", "/Private", false],
    ["/a/b", "/a%2Fb", false],
    ["/it's", "/it%27s/1", false],
    ["/it%27s", "/it's/1", false],
    ["/*?q='", "/g?q=%27x", false],
    ["/a|b", "/a%7Db", false],
    ["/path/foo$", "/path/foo$", false],
    ["/a%2Ab", "/axb", false],
  ];
  for (const [rule, link, disallowed] of cases) {
    const rules = RobotsRules.parsed(
      "https://a.example/robots.txt",
      `User-agent: *\nDisallow: ${rule}\n`,
      parse,
    );
    const url = new URL(link, "https://a.example/").href;
    assertEquals(rules.refusal(url, "corun") !== undefined, disallowed, `${rule} vs ${link}`);
  }
});

Deno.test("a crawled link spelled otherwise than its robots.txt rule is left out all the same; a reserved character and its escape stay apart", async () => {
  const disallowed = [
    "/%7euser/a",
    "/~tilde/b",
    "/%70rivate/c",
    "/%7Etilde/d",
    "/a|b/1",
    "/c^d/2",
    "/e[1]/3",
    "/f?q='x",
    "/g?q=%27x",
    "/file-with-a-*.html",
    "/foo-$",
  ];
  await using server = startRouteServer({
    "/robots.txt": {
      body: [
        "User-agent: *",
        "Disallow: /~user",
        "Disallow: /%7Etilde",
        "Disallow: /private",
        "Disallow: /a|b",
        "Disallow: /c^d",
        "Disallow: /e[1]",
        "Disallow: /*?q=%27",
        "Disallow: /file-with-a-%2A.html",
        "Disallow: /foo-%24",
        "Disallow: /it's",
      ].join("\n"),
    },
    "/": page(...disallowed, "/it%27s", "/ok"),
    "/it%27s": page(),
    "/ok": page(),
  });
  const { report, lines } = await crawl([
    fetchTask("site", server.url("/"), following([], { save: "{path}" })),
  ]);
  assertEquals(report.tasks[0].items?.skipped, disallowed.length, JSON.stringify(report.tasks[0]));
  assertEquals(pathsOf(server), ["/", "/robots.txt", "/it%27s", "/ok"]);
  for (const link of disallowed) {
    const line = lines.get(new URL(link, server.url("/")).href);
    assertEquals(line?.error?.code, "ROBOTS_DISALLOWED", link);
  }
});

Deno.test("with perHost: 1 a link reads its origin's robots.txt beside its own slot", async () => {
  await using server = site(DISALLOW_PRIVATE);
  // Only a guard against a hang: the verdict is the report, not the time.
  const guard = new AbortController();
  const timer = setTimeout(() => guard.abort(), 10_000);
  try {
    const outDir = await Deno.makeTempDir({ prefix: "corun-robots-" });
    try {
      const report = await run(
        defineConfig({
          outDir,
          metadata: false,
          perHost: 1,
          concurrency: 1,
          tasks: [fetchTask("site", server.url("/"), following([], { save: "{path}" }))],
        }),
        { virtualTime: true, state: false, signal: guard.signal },
      );
      assertEquals(report.interrupted, false, "the link waited for a slot it held itself");
      assertEquals(report.tasks[0].items?.done, 2, JSON.stringify(report.tasks[0]));
    } finally {
      await Deno.remove(outDir, { recursive: true });
    }
  } finally {
    clearTimeout(timer);
  }
});

Deno.test("an origin's rate counts the robots.txt request: it goes on the turn of the link that waits for it", async () => {
  await using server = site({ body: "" }, { "/public/c": { body: "c" } });
  const outDir = await Deno.makeTempDir({ prefix: "corun-robots-" });
  const events: RunEvent[] = [];
  try {
    await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          fetchTask("site", server.url("/"), {
            rate: "1/s",
            save: "{path}",
            *onResponse(response, ctx) {
              ctx.log(new URL(response.url).pathname);
              if (new URL(response.url).pathname !== "/") return;
              yield* ctx.enqueue("/public/b");
              yield* ctx.enqueue("/public/c");
            },
          }),
        ],
      }),
      { virtualTime: true, state: false, onEvent: (event) => events.push(event) },
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
  const starts = events.flatMap((event) => event.type === "log" ? [event.atMs] : []);
  // The seed at 0; the first link's turn comes at 1000, and its robots.txt request goes on it; the
  // link's own request then takes a turn of its own, at 2000 (sent right after robots.txt, it
  // would reach the server twice within a second). The second link, with the rules known, a
  // second later.
  assertEquals(starts, [0, 2000, 3000]);
});

Deno.test("links robots.txt disallows hold no turn at a paced origin: the next allowed link follows one gap on", async () => {
  const refused = Array.from({ length: 10 }, (_, i) => `/private/${i}`);
  await using server = site(DISALLOW_PRIVATE, {
    "/": page("/public/b", ...refused, "/public/c"),
    "/public/c": page(),
  });
  const outDir = await Deno.makeTempDir({ prefix: "corun-robots-" });
  const events: RunEvent[] = [];
  let report: RunReport;
  try {
    report = await run(
      defineConfig({
        outDir,
        metadata: false,
        tasks: [
          fetchTask("site", server.url("/"), {
            delay: "1s",
            save: "{path}",
            *onResponse(response, ctx) {
              ctx.log(new URL(response.url).pathname);
              for (const link of (yield* response.body.text()).split("\n")) {
                if (link !== "") yield* ctx.enqueue(link);
              }
            },
          }),
        ],
      }),
      { virtualTime: true, state: false, onEvent: (event) => events.push(event) },
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
  assertEquals(report.tasks[0].items?.skipped, 10, JSON.stringify(report.tasks[0]));
  assertEquals(pathsOf(server), ["/", "/robots.txt", "/public/b", "/public/c"]);
  const starts = events.flatMap((event) =>
    event.type === "log" ? [[event.message, event.atMs]] : []
  );
  // One second apart: robots.txt at 1000, on the turn of the link that waits for it; the ten links
  // left out take no turn (each held the origin a second: /public/c came at 13000).
  assertEquals(starts, [["/", 0], ["/public/b", 2000], ["/public/c", 3000]]);
});

Deno.test("a run interrupted while a link waits for robots.txt ends it cancelled, nothing left open", async () => {
  await using home = startRouteServer({ "/": { body: "" } });
  // An origin that takes the robots.txt request and never answers: the run is interrupted then.
  const silent = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const other = `http://127.0.0.1:${silent.addr.port}`;
  const interrupt = new AbortController();
  const held: Deno.Conn[] = [];
  const asked: string[] = [];
  let live: LiveRun | undefined;
  const accepting = (async () => {
    for await (const conn of silent) {
      held.push(conn);
      const buffer = new Uint8Array(1024);
      const read = await conn.read(buffer);
      asked.push(new TextDecoder().decode(buffer.subarray(0, read ?? 0)).split("\r\n")[0]);
      // Once the seed has ended too: its link's request may go out while it is still finishing.
      // (Not after 30 s: the report then says what went wrong.)
      for (const start = Date.now(); Date.now() - start < 30_000;) {
        if ((live?.progress().fetches.done ?? 0) >= 1) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      interrupt.abort();
    }
  })();
  const outDir = await Deno.makeTempDir({ prefix: "corun-robots-" });
  try {
    const report = await run(
      defineConfig({
        outDir,
        tasks: [
          fetchTask("site", home.url("/"), {
            crawl: { origins: [new URL(home.url("/")).origin, other] },
            *onResponse(_response, ctx) {
              yield* ctx.enqueue(`${other}/a`, { save: "a" });
            },
          }),
        ],
      }),
      { state: false, signal: interrupt.signal, onStart: (started) => live = started },
    );
    assertEquals(asked, ["GET /robots.txt HTTP/1.1"]);
    assertEquals(report.interrupted, true);
    assertEquals(report.tasks[0].items?.cancelled, 1, JSON.stringify(report.tasks[0]));
    const lines = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n")
      .map((line) => JSON.parse(line));
    const link = lines.find((line) => line.url === `${other}/a`);
    assertEquals(link?.error?.code, "CANCELLED");
  } finally {
    for (const conn of held) conn.close();
    silent.close();
    await accepting.catch(() => {});
    await Deno.remove(outDir, { recursive: true });
  }
});
