/**
 * The cookie jar through the real client, against servers on loopback: cookies set across a login
 * redirect, kept to their host, chosen again on each hop of a redirect (while a Cookie the caller set
 * follows the credential rules), persisted between runs, and loaded only when a jar is made.
 */
import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchBody, withClient } from "./fixtures/http_harness.ts";
import { staticallyLoaded } from "./fixtures/module_graph.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { testCaCert } from "./fixtures/scripted_server.ts";
import {
  CookieFileError,
  CookieJar,
  frozenRequestOptions,
  type RequestOptions,
} from "../lib/http/mod.ts";

const cookiesSent = (server: { requests: { path: string; headers: Headers }[] }) =>
  server.requests.map((request) => [request.path, request.headers.get("cookie")]);

Deno.test("a login POST answered by 302 + Set-Cookie: the GET after the redirect carries the cookie", async () => {
  await using server = startRouteServer({
    "/login": {
      status: 302,
      headers: [
        ["Location", "/account"],
        ["Set-Cookie", "sid=abc123; Path=/; HttpOnly"],
        ["Set-Cookie", "pane=files; Path=/account"],
      ],
    },
    "/account": (request) =>
      request.headers.get("cookie")?.includes("sid=abc123")
        ? { body: "welcome" }
        : { status: 403, body: "log in first" },
  });
  const login = { url: server.url("/login"), method: "POST", body: bytes("user=me") };

  // Without a jar, as before: nothing is kept, and the account page refuses.
  const plain = await withClient((client) => fetchBody(client, login));
  assertEquals([plain.response.status, plain.text], [403, "log in first"]);

  const jar = await CookieJar.create();
  const { response, text } = await withClient((client) =>
    fetchBody(client, login, { cookies: jar })
  );
  assertEquals([response.status, text, response.redirects], [200, "welcome", 1]);
  // Longer path first (RFC 6265 §5.4).
  assertEquals(cookiesSent(server).slice(2), [
    ["/login", null],
    ["/account", "pane=files; sid=abc123"],
  ]);
});

Deno.test("cookies set by one host are not sent to another (127.0.0.1 and localhost)", async () => {
  await using server = startRouteServer({
    "/set": {
      headers: [
        ["Set-Cookie", "mine=1"],
        ["Set-Cookie", "spread=2; Domain=localhost"],
      ],
    },
    "/": { body: "ok" },
  });
  const jar = await CookieJar.create();
  const localhost = server.url("/").replace("127.0.0.1", "localhost");
  await withClient(function* (client) {
    yield* fetchBody(client, server.url("/set"), { cookies: jar });
    yield* fetchBody(client, server.url("/"), { cookies: jar });
    yield* fetchBody(client, localhost, { cookies: jar });
  });
  assertEquals(cookiesSent(server), [["/set", null], ["/", "mine=1"], ["/", null]]);
});

Deno.test("a cross-origin redirect drops the caller's Cookie; the jar sends what matches each hop", async () => {
  await using server = startRouteServer({
    "/set": { headers: { "Set-Cookie": "at=host" } },
    "/same": { status: 302, headers: { Location: "/land" } },
    "/away": (request) => ({
      status: 302,
      headers: { Location: `http://localhost:${request.headers.get("host")!.split(":")[1]}/land` },
    }),
    "/land": { body: "landed" },
  });
  const localhost = (path: string) => server.url(path).replace("127.0.0.1", "localhost");
  const jar = await CookieJar.create();
  // Frozen, as a run shares its options among all its fetches: the jar in them still fills up.
  const options = frozenRequestOptions({ cookies: jar });
  const withUserCookie = (path: string) => ({
    url: server.url(path),
    headers: { Cookie: "user=1" },
  });
  await withClient(function* (client) {
    yield* fetchBody(client, server.url("/set"), options); // at=host for 127.0.0.1
    yield* fetchBody(client, localhost("/set"), options); // at=host for localhost
    yield* fetchBody(client, withUserCookie("/same"), options);
    yield* fetchBody(client, withUserCookie("/away"), options);
  });
  assertEquals(cookiesSent(server).slice(2), [
    // Same origin: the caller's cookie and the jar's, each once.
    ["/same", "user=1; at=host"],
    ["/land", "user=1; at=host"],
    // Another origin: the caller's cookie stays behind; the jar's cookie for localhost goes.
    ["/away", "user=1; at=host"],
    ["/land", "at=host"],
  ]);
  assertEquals(server.requests.at(-1)?.headers.get("host")?.startsWith("localhost:"), true);
});

Deno.test("a Secure cookie set over https goes back over https, and over http only to loopback", async () => {
  await using secure = startRouteServer({
    "/set": { headers: [["Set-Cookie", "s=1; Secure"], ["Set-Cookie", "p=2"]] },
    "/": {},
  }, { tls: true });
  await using plain = startRouteServer({ "/": {} });
  const jar = await CookieJar.create();
  const options: RequestOptions = { cookies: jar, caCerts: [testCaCert()] };
  await withClient(function* (client) {
    yield* fetchBody(client, secure.url("/set"), options);
    yield* fetchBody(client, secure.url("/"), options);
    yield* fetchBody(client, plain.url("/"), options);
  });
  assertEquals(cookiesSent(secure), [["/set", null], ["/", "s=1; p=2"]]);
  // The same host over http: both go (cookies do not isolate ports), as 127.0.0.1 is loopback, a
  // secure origin; over http to another host a Secure cookie does not.
  assertEquals(cookiesSent(plain), [["/", "s=1; p=2"]]);
  jar.setCookie("t=1; Secure; Domain=example.com", new URL("https://a.example.com/"), Date.now());
  assertEquals(jar.cookieHeader(new URL("http://a.example.com/"), Date.now()), "");
});

Deno.test("Secure, __Secure- and __Host- cookies from http://localhost or 127.0.0.1 are kept and sent back, as curl and browsers do", async () => {
  const set = [
    ["Set-Cookie", "sec=1; Secure; Path=/"],
    ["Set-Cookie", "__Secure-s=2; Secure; Path=/"],
    ["Set-Cookie", "__Host-h=3; Secure; Path=/"],
  ] as const;
  await using server = startRouteServer({ "/set": { headers: set }, "/": {} });
  for (const host of ["127.0.0.1", "localhost"]) {
    const jar = await CookieJar.create();
    await withClient(function* (client) {
      yield* fetchBody(client, server.url("/set").replace("127.0.0.1", host), { cookies: jar });
      yield* fetchBody(client, server.url("/").replace("127.0.0.1", host), { cookies: jar });
    });
    assertEquals(cookiesSent(server).at(-1), ["/", "sec=1; __Secure-s=2; __Host-h=3"], host);
  }
  // Loopback is a secure origin; http to any other host is not.
  const jar = await CookieJar.create();
  const loopback = [
    "http://[::1]:8080/",
    "http://app.localhost/",
    "http://127.0.0.2/",
    "http://localhost.:8080/", // fully qualified, as W3C Secure Contexts names it
    "http://app.localhost./",
  ];
  for (const url of loopback) {
    assertEquals(jar.setCookie("sec=1; Secure", new URL(url), Date.now()), true, url);
  }
  const remote = [
    "http://example.com/",
    "http://localhost.example.com/",
    "http://localhost.example.com./",
    "http://10.0.0.1/",
  ];
  for (const url of remote) {
    assertEquals(jar.setCookie("sec=1; Secure", new URL(url), Date.now()), false, url);
  }
});

Deno.test("a jar saved after one run sends its cookies, session cookies included, in the next", async () => {
  await using server = startRouteServer({
    "/login": {
      headers: [
        ["Set-Cookie", "sid=abc; HttpOnly"],
        ["Set-Cookie", "keep=1; Max-Age=3600"],
        ["Set-Cookie", "old=1; Expires=Thu, 01 Jan 1970 00:00:01 GMT"],
      ],
    },
    "/files": {},
  });
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/jar.json`;
    const first = await CookieJar.load(path);
    await withClient((client) => fetchBody(client, server.url("/login"), { cookies: first }));
    await first.save(path);
    const saved = await Deno.readTextFile(path);
    assertEquals(saved.split("\n").length, 5); // head, two cookies, end, final newline

    const second = await CookieJar.load(path);
    await withClient((client) => fetchBody(client, server.url("/files"), { cookies: second }));
    assertEquals(cookiesSent(server).at(-1), ["/files", "sid=abc; keep=1"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a jar file's cookie that expires past 400 days from now (an older corun's, a hand's) is kept 400 days from the run that reads it, and saved so", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/jar.json`;
    const day = 24 * 3600 * 1000;
    const now = Date.UTC(2026, 11, 7);
    const jar = await CookieJar.create();
    jar.setCookie("sid=1; Max-Age=3600", new URL("https://example.com/"), now);
    jar.setCookie("short=1; Max-Age=3600", new URL("https://example.com/"), now);
    await jar.save(path, now);
    // As a file written before the cap (or by hand) holds it: ten years left.
    const file = JSON.parse(await Deno.readTextFile(path));
    file.cookies.find((cookie: { name: string }) => cookie.name === "sid").expiresMs = now +
      3650 * day;
    await Deno.writeTextFile(path, JSON.stringify(file));
    const loaded = await CookieJar.load(path, now);
    assertEquals(loaded.cookieHeader(new URL("https://example.com/"), now), "sid=1; short=1");
    assertEquals(loaded.cookieHeader(new URL("https://example.com/"), now + 399 * day), "sid=1");
    assertEquals(loaded.cookieHeader(new URL("https://example.com/"), now + 401 * day), "");
    await loaded.save(path, now);
    const saved = JSON.parse(await Deno.readTextFile(path)).cookies as {
      name: string;
      expiresMs: number;
    }[];
    assertEquals(
      saved.map(({ name, expiresMs }) => [name, expiresMs - now]),
      [["sid", 400 * day], ["short", 3600 * 1000]],
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a cookie's Max-Age or Expires past 400 days is kept 400 days (RFC 6265bis), in the saved jar too", async () => {
  await using server = startRouteServer({
    "/login": {
      headers: [
        ["Set-Cookie", "forever=1; Max-Age=99999999999999999999"],
        ["Set-Cookie", "far=1; Expires=Wed, 09 Jun 2100 10:18:14 GMT"],
        ["Set-Cookie", "hour=1; Max-Age=3600"],
      ],
    },
  });
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/jar.json`;
    const jar = await CookieJar.load(path);
    const before = Date.now();
    await withClient((client) => fetchBody(client, server.url("/login"), { cookies: jar }));
    const after = Date.now();
    await jar.save(path);
    const saved = JSON.parse(await Deno.readTextFile(path)).cookies as {
      name: string;
      expiresMs: number;
    }[];
    const days400 = 400 * 24 * 3600 * 1000;
    for (const { name, expiresMs } of saved) {
      const most = name === "hour" ? 3600 * 1000 : days400;
      assert(expiresMs >= before + most && expiresMs <= after + most, `${name}: ${expiresMs}`);
    }
    assertEquals(saved.map((cookie) => cookie.name), ["forever", "far", "hour"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a corrupt jar file fails the load with an error naming the file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/jar.json`;
    await Deno.writeTextFile(
      path,
      '{"format":"corun-cookie-jar","version":1,"cookies":[\n{"name":',
    );
    const error = await assertRejects(() => CookieJar.load(path), CookieFileError);
    assertEquals(error.message, `Cannot read the cookie jar "${path}": line 2: not valid JSON`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a hand-edited jar's trailing comma, stray bracket or misspelt literal is named at its line, its text not shown", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/jar.json`;
    const head = '{"format":"corun-cookie-jar","version":2,"cookies":[\n';
    const cookie = '{"name":"a","value":"s3cret","domain":"x.org","path":"/"}';
    for (
      const [text, line] of [
        [`${head}${cookie},\n]}\n`, 3], // a trailing comma
        [`${head}${cookie}\n}]}\n`, 3], // a stray bracket
        [`${head}${cookie.slice(0, -1)},\n"secure":tru}\n]}\n`, 3], // a misspelt literal
      ] as const
    ) {
      await Deno.writeTextFile(path, text);
      const error = await assertRejects(() => CookieJar.load(path), CookieFileError);
      assertEquals(
        error.message,
        `Cannot read the cookie jar "${path}": line ${line}: not valid JSON`,
        text,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a jar file's curl-style domain (.localhost) is a domain cookie that is sent; an empty label is refused at its line", async () => {
  await using server = startRouteServer({ "/": {} });
  const localhost = server.url("/").replace("127.0.0.1", "localhost");
  const dir = await Deno.makeTempDir();
  const entry = (name: string, domain: string, hostOnly = false) =>
    JSON.stringify({
      name,
      value: "1",
      domain,
      hostOnly,
      path: "/",
      expiresMs: null,
      secure: false,
      httpOnly: false,
      sameSite: null,
      createdMs: 1,
      lastAccessMs: 1,
    });
  const head = '{"format":"corun-cookie-jar","version":2,"cookies":[\n';
  try {
    const path = `${dir}/jar.json`;
    // As a script converting curl's jar writes a domain cookie.
    await Deno.writeTextFile(path, `${head}${entry("dotted", ".localhost")}\n]}\n`);
    const jar = await CookieJar.load(path);
    await withClient((client) => fetchBody(client, localhost, { cookies: jar }));
    assertEquals(cookiesSent(server), [["/", "dotted=1"]]);
    // Saved as corun writes it, without the dot.
    await jar.save(path);
    assert((await Deno.readTextFile(path)).includes('"domain":"localhost","hostOnly":false'));

    for (
      const [bad, problem] of [
        [entry("weird", "a..localhost"), /cookies\[1\]\.domain: has an empty label/],
        [entry("dots", "..localhost"), /cookies\[1\]\.domain: has an empty label/],
        [entry("both", ".localhost", true), /cookies\[1\]\.domain: starts with "\." .* hostOnly/],
      ] as const
    ) {
      await Deno.writeTextFile(path, `${head}${entry("plain", "localhost")},\n${bad}\n]}\n`);
      const error = await assertRejects(() => CookieJar.load(path), CookieFileError);
      assert(problem.test(error.message), error.message);
      assertEquals(error.line, 3, error.message);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the public suffix list is loaded by a jar only: importing corun does not load it", async () => {
  for (const entry of ["lib/http/mod.ts", "mod.ts"]) {
    const loaded = await staticallyLoaded(entry);
    assert(loaded.has(new URL("../lib/http/cookie_jar.ts", import.meta.url).href), entry);
    assertEquals([...loaded].filter((specifier) => specifier.includes("tldts")), [], entry);
  }
});

function bytes(text: string) {
  return { kind: "bytes" as const, bytes: new TextEncoder().encode(text) };
}
