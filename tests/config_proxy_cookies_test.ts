// Proxies and cookies as a config gives them, through whole runs: `proxy:` in defaults, on a task
// and in an `origins:` entry reach the client, and `cookies:` keeps one jar for the run, in a file
// between runs when the config names one.
import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
  assertThrows,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { loadConfig, run, validateConfig } from "../mod.ts";
import { CookieFileError } from "../lib/http/mod.ts";
import { run as runWithHooks } from "../lib/tasks/mod.ts";

const encoder = new TextEncoder();

/**
 * A forward proxy that answers every absolute-form request itself, with a body naming the proxy,
 * and records the request lines: what it answers can only have come through it.
 */
function answeringProxy(name: string) {
  const lines: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    lines.push(`${request.method} ${request.url}`);
    return new Response(`via ${name}`);
  });
  return {
    lines,
    url: `http://127.0.0.1:${server.addr.port}`,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

/** Writes `yaml` as a config in a fresh folder, runs it, and gives the folder to `check`. */
async function runYaml(
  yaml: (dir: string) => string,
  check: (dir: string, report: Awaited<ReturnType<typeof run>>) => Promise<void> | void,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-config-downloads-" });
  try {
    await Deno.writeTextFile(`${dir}/c.yaml`, yaml(dir));
    const report = await run(await loadConfig(`${dir}/c.yaml`), { state: false });
    await check(dir, report);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("proxy: from defaults, a task's proxy: false and an origin's own proxy each decide where a request goes", async () => {
  await using first = answeringProxy("first");
  await using second = answeringProxy("second");
  await using target = answeringProxy("nobody"); // answers direct requests too
  const direct = target.url;
  const other = direct.replace("127.0.0.1", "localhost");
  await runYaml(
    () =>
      `metadata: false
defaults:
  proxy: ${first.url}
origins:
  "${other}": { proxy: ${second.url} }
tasks:
  - { name: through-defaults, fetch: ${direct}/a, save: a.txt }
  - { name: own-false, fetch: ${direct}/b, save: b.txt, proxy: false }
  - { name: origin-rule, fetch: ${other}/c, save: c.txt, proxy: false }
`,
    async (dir, report) => {
      assertEquals(report.counts.done, 3, JSON.stringify(report.tasks));
      const saved = async (name: string) => await Deno.readTextFile(`${dir}/out/${name}`);
      assertEquals(await saved("a.txt"), "via first");
      assertEquals(await saved("b.txt"), "via nobody", "proxy: false goes direct");
      assertEquals(await saved("c.txt"), "via second", "an origin's proxy wins over the task's");
      assertEquals(first.lines, [`GET ${direct}/a`]);
      assertEquals(second.lines, [`GET ${other}/c`]);
    },
  );
});

Deno.test("noProxy in defaults and on a task sends its hosts directly, past the config's proxy", async () => {
  await using proxy = answeringProxy("proxy");
  await using target = answeringProxy("nobody");
  const direct = target.url;
  const other = direct.replace("127.0.0.1", "localhost");
  await runYaml(
    () =>
      `metadata: false
defaults:
  proxy: ${proxy.url}
  noProxy: "localhost, .corp.example"
tasks:
  - { name: proxied, fetch: ${direct}/a, save: a.txt }
  - { name: listed, fetch: ${other}/b, save: b.txt }
  - { name: own-list, fetch: ${direct}/c, save: c.txt, noProxy: "10.0.0.0/8, 127.0.0.0/8" }
`,
    async (dir, report) => {
      assertEquals(report.counts.done, 3, JSON.stringify(report.tasks));
      const saved = async (name: string) => await Deno.readTextFile(`${dir}/out/${name}`);
      assertEquals(await saved("a.txt"), "via proxy");
      assertEquals(await saved("b.txt"), "via nobody", "localhost is in the defaults' noProxy");
      assertEquals(
        await saved("c.txt"),
        "via nobody",
        "the task's own list replaces the defaults'",
      );
      assertEquals(proxy.lines, [`GET ${direct}/a`]);
    },
  );
});

Deno.test("the environment's no_proxy applies to a config's proxy too, as curl's to -x; noProxy: \"\" overrides it", async () => {
  await using proxy = answeringProxy("proxy");
  await using target = answeringProxy("nobody");
  const before = Deno.env.get("no_proxy");
  Deno.env.set("no_proxy", "127.0.0.1");
  try {
    await runYaml(
      () =>
        `metadata: false
defaults: { proxy: ${proxy.url} }
tasks:
  - { name: env-listed, fetch: ${target.url}/a, save: a.txt }
  - { name: none-listed, fetch: ${target.url}/b, save: b.txt, noProxy: "" }
`,
      async (dir, report) => {
        assertEquals(report.counts.done, 2, JSON.stringify(report.tasks));
        const saved = async (name: string) => await Deno.readTextFile(`${dir}/out/${name}`);
        assertEquals(await saved("a.txt"), "via nobody");
        assertEquals(await saved("b.txt"), "via proxy");
        assertEquals(proxy.lines, [`GET ${target.url}/b`]);
      },
    );
  } finally {
    if (before === undefined) Deno.env.delete("no_proxy");
    else Deno.env.set("no_proxy", before);
  }
});

Deno.test("a noProxy entry that could match no host (a port, a scheme) is refused where it is", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-config-noproxy-" });
  try {
    await Deno.writeTextFile(
      `${dir}/c.yaml`,
      `defaults:\n  proxy: http://127.0.0.1:3128\n  noProxy: "localhost, intranet:8080"\n` +
        "tasks:\n  - { name: a, fetch: http://x.example/a }\n",
    );
    const error = await assertRejects(() => loadConfig(`${dir}/c.yaml`));
    assertStringIncludes(
      String(error),
      'its entry "intranet:8080" has a port, and would match no host: list host names, domains, ' +
        "IP addresses and CIDR ranges",
    );
    assertStringIncludes(String(error), "defaults.noProxy");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a noProxy entry that is a mistyped IPv6 address is refused as one, not as a port", () => {
  for (
    const [entry, has] of [["fd00::g1", "colons but is no IPv6 address"], [
      "[::1",
      "colons but is no IPv6 address",
    ], ["[::1]:8080", "a port"]]
  ) {
    const error = assertThrows(() =>
      validateConfig({ defaults: { noProxy: entry }, tasks: [{ fetch: "http://x.example/a" }] })
    );
    assertStringIncludes(
      String(error),
      `defaults.noProxy: its entry "${entry}" has ${has}, and would match no host`,
    );
  }
});

Deno.test("a noProxy entry written as a wildcard (*.corp.example) is refused, naming the entry that works", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-config-noproxy-" });
  try {
    await Deno.writeTextFile(
      `${dir}/c.yaml`,
      `defaults:\n  proxy: http://127.0.0.1:3128\n  noProxy: "localhost, *.corp.example"\n` +
        "tasks:\n  - { name: a, fetch: http://x.example/a }\n",
    );
    const error = await assertRejects(() => loadConfig(`${dir}/c.yaml`));
    assertStringIncludes(
      String(error),
      'defaults.noProxy: its entry "*.corp.example" has a wildcard (* works only alone; ' +
        '".corp.example" matches a domain and its subdomains), and would match no host',
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a CIDR prefix an address cannot have, or no number: refused in noProxy naming the field (no_proxy reads it as curl does)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-config-noproxy-" });
  try {
    const cases: [string, string][] = [
      ["127.0.0.1/33", "a prefix length past the 32 bits of its address, and would match no host"],
      ["fd00::/129", "a prefix length past the 128 bits of its address, and would match no host"],
      ["10.0.0.0/8x", "a prefix length that is no number (read as curl reads it"],
      ["0.0.0.0/0", "prefix length 0, and would match that one address, not every address"],
    ];
    for (const [entry, why] of cases) {
      await Deno.writeTextFile(
        `${dir}/c.yaml`,
        `tasks:\n  - { name: a, fetch: http://x.example/a, proxy: http://127.0.0.1:3128, ` +
          `noProxy: "localhost, ${entry}" }\n`,
      );
      const error = await assertRejects(() => loadConfig(`${dir}/c.yaml`));
      assertStringIncludes(String(error), `noProxy: its entry "${entry}" has ${why}`);
      assertStringIncludes(String(error), "c.yaml");
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  // The variable is not refused (curl's own NO_PROXY does not fail it): it sends nothing directly.
  await using proxy = answeringProxy("proxy");
  await using target = answeringProxy("nobody");
  const before = Deno.env.get("no_proxy");
  Deno.env.set("no_proxy", "127.0.0.1/33");
  try {
    await runYaml(
      () =>
        `metadata: false
defaults: { proxy: ${proxy.url} }
tasks:
  - { name: a, fetch: ${target.url}/a, save: a.txt }
`,
      async (dir, report) => {
        assertEquals(report.counts.done, 1, JSON.stringify(report.tasks));
        assertEquals(await Deno.readTextFile(`${dir}/out/a.txt`), "via proxy");
      },
    );
  } finally {
    if (before === undefined) Deno.env.delete("no_proxy");
    else Deno.env.set("no_proxy", before);
  }
});

/** A site whose `/login` sets a session cookie and whose `/private` needs it. */
function loginSite() {
  const seen: (string | null)[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const path = new URL(request.url).pathname;
    if (path === "/login") {
      return new Response(null, {
        status: 302,
        headers: {
          location: "/welcome",
          "set-cookie": "session=s3cret; Path=/; Max-Age=3600; HttpOnly",
        },
      });
    }
    if (path === "/welcome") return new Response("welcome");
    seen.push(request.headers.get("cookie"));
    return request.headers.get("cookie") === "session=s3cret"
      ? new Response("private page")
      : new Response("log in first", { status: 403 });
  });
  return {
    seen,
    url: (path: string) => `http://127.0.0.1:${server.addr.port}${path}`,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

Deno.test("cookies: true carries a login's cookie (set on a redirect) to the tasks after it; without it they are refused", async () => {
  await using site = loginSite();
  const yaml = (cookies: string) => () =>
    `${cookies}metadata: false
tasks:
  - { name: login, fetch: "${site.url("/login")}" }
  - { name: page, fetch: "${site.url("/private")}", save: page.html, after: [login], retries: 0 }
`;
  await runYaml(yaml("cookies: true\n"), async (dir, report) => {
    assertEquals(report.counts.done, 2, JSON.stringify(report.tasks));
    assertEquals(await Deno.readTextFile(`${dir}/out/page.html`), "private page");
  });
  await runYaml(yaml(""), (_, report) => {
    assertEquals(report.tasks.find((task) => task.name === "page")?.outcome, "failed");
  });
  assertEquals(site.seen, ["session=s3cret", null]);
});

Deno.test("cookies: FILE keeps the jar between runs: the second run is logged in without logging in", async () => {
  await using site = loginSite();
  const dir = await Deno.makeTempDir({ prefix: "corun-config-jar-" });
  try {
    const config = (tasks: string) => `cookies: jar/site.json\nmetadata: false\ntasks:\n${tasks}`;
    await Deno.mkdir(`${dir}/jar`);
    await Deno.writeTextFile(
      `${dir}/login.yaml`,
      config(`  - { name: login, fetch: "${site.url("/login")}" }\n`),
    );
    await Deno.writeTextFile(
      `${dir}/page.yaml`,
      config(`  - { name: page, fetch: "${site.url("/private")}", save: p.html, retries: 0 }\n`),
    );
    assertEquals(
      (await run(await loadConfig(`${dir}/login.yaml`), { state: false })).counts.done,
      1,
    );
    const jar = await Deno.readTextFile(`${dir}/jar/site.json`);
    assert(jar.includes("session"), jar);
    assertEquals((await Deno.stat(`${dir}/jar/site.json`)).mode! & 0o077, 0, "owner only");
    const report = await run(await loadConfig(`${dir}/page.yaml`), { state: false });
    assertEquals(report.counts.done, 1, JSON.stringify(report.tasks));
    assertEquals(await Deno.readTextFile(`${dir}/out/p.html`), "private page");
    // A jar file that is not one stops the run before any request, naming the file (one broken
    // before the config loads is the config's error: load_errors_test.ts).
    const page = await loadConfig(`${dir}/page.yaml`);
    await Deno.writeFile(`${dir}/jar/site.json`, encoder.encode("{ not json"));
    const error = await assertRejects(() => run(page, { state: false }), CookieFileError);
    assert(error.message.includes(`${dir}/jar/site.json`), error.message);
    assertEquals(site.seen.length, 1, "no request after the bad jar");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a long run told to (a worker) saves its jar file as it goes, not only at its end", async () => {
  await using site = loginSite();
  const dir = await Deno.makeTempDir({ prefix: "corun-config-jar-periodic-" });
  try {
    await Deno.writeTextFile(
      `${dir}/c.yaml`,
      `cookies: jar.json\nmetadata: false\ntasks:\n` +
        `  - { name: login, fetch: "${site.url("/login")}" }\n` +
        `  - { name: wait, sleep: 3s, after: [login] }\n`,
    );
    let ended = false;
    const running = runWithHooks(await loadConfig(`${dir}/c.yaml`), {
      state: false,
      saveCookiesEveryMs: 50,
    }).finally(() => ended = true);
    let savedEarly = false;
    while (!ended && !savedEarly) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      savedEarly = (await Deno.readTextFile(`${dir}/jar.json`).catch(() => "")).includes("session");
    }
    assert(savedEarly, "the jar was on the disk before the run ended");
    assertEquals((await running).counts.done, 2);
    assert((await Deno.readTextFile(`${dir}/jar.json`)).includes("session"));
    assertEquals((await Deno.stat(`${dir}/jar.json`)).mode! & 0o077, 0, "owner only");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a response's Set-Cookie reaches the metadata with its name and attributes, never its value", async () => {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => {
    const headers = new Headers({ "content-type": "text/plain" });
    headers.append("set-cookie", "session=s3cret; Path=/; HttpOnly");
    headers.append("set-cookie", "theme=dark");
    return new Response("hello", { headers });
  });
  try {
    await runYaml(
      () => `tasks:\n  - { fetch: "http://127.0.0.1:${server.addr.port}/", save: a.txt }\n`,
      async (dir, report) => {
        assertEquals(report.counts.done, 1);
        const line = JSON.parse(await Deno.readTextFile(`${dir}/out/corun.jsonl`));
        assertEquals(
          line.headers["set-cookie"],
          "session=[redacted]; Path=/; HttpOnly\ntheme=[redacted]",
        );
      },
    );
  } finally {
    await server.shutdown();
  }
});
