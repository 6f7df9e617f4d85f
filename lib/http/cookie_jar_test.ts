import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { CookieJar, MAX_COOKIES, MAX_COOKIES_PER_DOMAIN, withJarCookies } from "./cookie_jar.ts";

const NOW = Date.UTC(2026, 0, 1);
const url = (text: string) => new URL(text);

/** A jar with `headers` set from `from` at NOW; returns the Cookie header for each of `to`. */
async function sent(from: string, headers: string[], to: string[]): Promise<string[]> {
  const jar = await CookieJar.create();
  jar.setCookies(headers, url(from), NOW);
  return to.map((target) => jar.cookieHeader(url(target), NOW));
}

Deno.test("a cookie without Domain goes back to its host only (host-only)", async () => {
  assertEquals(
    await sent("http://example.com/", ["a=1"], [
      "http://example.com/x",
      "http://www.example.com/",
      "http://other.com/",
    ]),
    ["a=1", "", ""],
  );
});

Deno.test("Domain covers the domain and its subdomains, and must cover the host that sets it", async () => {
  assertEquals(
    await sent("http://www.example.com/", ["a=1; Domain=example.com"], [
      "http://example.com/",
      "http://x.y.example.com/",
      "http://badexample.com/",
      "http://example.org/",
    ]),
    ["a=1", "a=1", "", ""],
  );
  // A domain that does not cover the request host, and a subdomain of it, are refused.
  assertEquals(
    await sent("http://example.com/", ["a=1; Domain=other.com", "b=2; Domain=www.example.com"], [
      "http://other.com/",
      "http://www.example.com/",
    ]),
    ["", ""],
  );
});

Deno.test("a Domain that is a public suffix is refused, ICANN and private sections alike", async () => {
  const cases: [from: string, domain: string][] = [
    ["http://example.com/", "com"],
    ["http://example.co.uk/", "co.uk"],
    ["http://www.example.co.uk/", "co.uk"],
    ["http://foo.github.io/", "github.io"],
    ["http://bucket.s3.amazonaws.com/", "s3.amazonaws.com"],
  ];
  for (const [from, domain] of cases) {
    const jar = await CookieJar.create();
    assertEquals(jar.setCookie(`a=1; Domain=${domain}`, url(from), NOW), false, domain);
    assertEquals(jar.cookieHeader(url(from), NOW), "", domain);
    assertEquals(jar.cookieHeader(url(`http://other.${domain}/`), NOW), "", domain);
  }
  // One level below the suffix is a registrable domain.
  assertEquals(
    await sent("http://www.example.co.uk/", ["a=1; Domain=example.co.uk"], [
      "http://shop.example.co.uk/",
    ]),
    ["a=1"],
  );
  // A public suffix naming the host itself makes a host-only cookie (RFC 6265 §5.3 step 5).
  assertEquals(
    await sent("http://github.io/", ["a=1; Domain=github.io"], [
      "http://github.io/",
      "http://foo.github.io/",
    ]),
    ["a=1", ""],
  );
});

Deno.test("a public suffix written fully qualified (com., co.uk.) is refused as well", async () => {
  const cases: [from: string, domain: string, other: string][] = [
    ["http://example.com./", "com.", "http://bank.com./"],
    ["http://www.example.co.uk./", "co.uk.", "http://other.co.uk./"],
  ];
  for (const [from, domain, other] of cases) {
    const jar = await CookieJar.create();
    assertEquals(jar.setCookie(`a=1; Domain=${domain}`, url(from), NOW), false, domain);
    assertEquals(jar.cookieHeader(url(other), NOW), "", domain);
  }
  // A registrable domain written fully qualified still covers its subdomains.
  assertEquals(
    await sent("http://www.example.co.uk./", ["a=1; Domain=example.co.uk."], [
      "http://shop.example.co.uk./",
    ]),
    ["a=1"],
  );
});

Deno.test("an IP address host gets its cookies back, never a neighbour by suffix", async () => {
  assertEquals(
    await sent("http://127.0.0.1:8080/", ["a=1", "b=2; Domain=127.0.0.1", "c=3; Domain=0.0.1"], [
      "http://127.0.0.1:9090/",
      "http://localhost/",
      "http://10.0.0.1/",
    ]),
    ["a=1; b=2", "", ""],
  );
});

Deno.test("a cookie without Path gets the default path and goes to paths below it", async () => {
  assertEquals(
    await sent("http://example.com/a/b/login", ["a=1", "b=2; Path=/", "c=3; Path=relative"], [
      "http://example.com/a/b",
      "http://example.com/a/b/c/d",
      "http://example.com/a/bc",
      "http://example.com/a",
    ]),
    ["a=1; c=3; b=2", "a=1; c=3; b=2", "b=2", "b=2"],
  );
});

Deno.test("Secure cookies are set only from https and sent only over https", async () => {
  assertEquals(
    await sent("http://example.com/", ["a=1; Secure"], ["https://example.com/"]),
    [""],
  );
  assertEquals(
    await sent("https://example.com/", ["a=1; Secure", "b=2"], [
      "https://example.com/",
      "http://example.com/",
    ]),
    ["a=1; b=2", "b=2"],
  );
});

Deno.test("http cannot overwrite or shadow a Secure cookie of the same name", async () => {
  const jar = await CookieJar.create();
  jar.setCookie("sid=secure; Secure; Domain=example.com", url("https://www.example.com/"), NOW);
  assertEquals(jar.setCookie("sid=plain", url("http://www.example.com/"), NOW), false);
  assertEquals(jar.setCookie("sid=plain; Path=/a", url("http://example.com/"), NOW), false);
  assertEquals(jar.setCookie("other=plain", url("http://www.example.com/"), NOW), true);
  assertEquals(jar.cookieHeader(url("https://www.example.com/a"), NOW), "sid=secure; other=plain");
});

Deno.test("the __Secure- and __Host- prefixes are kept only when set as they promise", async () => {
  assertEquals(
    await sent("https://www.example.com/", [
      "__Secure-a=1; Secure",
      "__Secure-b=2",
      "__Host-c=3; Secure; Path=/",
      "__Host-d=4; Secure",
      "__Host-e=5; Secure; Path=/; Domain=example.com",
      "__host-f=6; Path=/",
    ], ["https://www.example.com/"]),
    ["__Secure-a=1; __Host-c=3"],
  );
});

Deno.test("Max-Age and Expires end a cookie on the caller's clock; Max-Age wins", async () => {
  const jar = await CookieJar.create();
  const site = url("http://example.com/");
  const inAnHour = new Date(NOW + 3_600_000).toUTCString();
  const anHourAgo = new Date(NOW - 3_600_000).toUTCString();
  jar.setCookie("short=1; Max-Age=10", site, NOW);
  jar.setCookie(`long=2; Expires=${inAnHour}`, site, NOW);
  jar.setCookie(`maxAgeFirst=3; Max-Age=10; Expires=${inAnHour}`, site, NOW);
  jar.setCookie(`expiresFirst=4; Expires=${anHourAgo}; Max-Age=10`, site, NOW);
  jar.setCookie("session=5", site, NOW);
  assertEquals(
    jar.cookieHeader(site, NOW + 9_999),
    "short=1; long=2; maxAgeFirst=3; expiresFirst=4; session=5",
  );
  assertEquals(jar.cookieHeader(site, NOW + 10_000), "long=2; session=5");
  assertEquals(jar.size, 2); // the expired ones were removed on the way
  assertEquals(jar.cookieHeader(site, NOW + 3_600_000), "session=5");
  assertEquals(jar.cookies(NOW).map((cookie) => [cookie.name, cookie.expiresMs]), [
    ["session", undefined],
  ]);
});

Deno.test("an expiry in the past deletes the cookie it replaces, and stores nothing", async () => {
  const jar = await CookieJar.create();
  const site = url("http://example.com/");
  jar.setCookies(["a=1", "b=2", "c=3"], site, NOW);
  assertEquals(jar.setCookie("a=gone; Max-Age=0", site, NOW), true);
  assertEquals(jar.setCookie("b=gone; Expires=Thu, 01 Jan 1970 00:00:00 GMT", site, NOW), true);
  assertEquals(jar.setCookie("z=never; Max-Age=-1", site, NOW), false);
  assertEquals(jar.cookieHeader(site, NOW), "c=3");
});

Deno.test("same name, domain and path replace (keeping the creation time); another path does not", async () => {
  const jar = await CookieJar.create();
  const site = url("http://example.com/");
  jar.setCookie("a=1; Path=/", site, NOW);
  jar.setCookie("b=2; Path=/", site, NOW + 1);
  jar.setCookie("a=3; Path=/; HttpOnly", site, NOW + 2);
  jar.setCookie("a=4; Path=/x", site, NOW + 3);
  assertEquals(jar.size, 3);
  assertEquals(jar.cookieHeader(url("http://example.com/x"), NOW + 4), "a=4; a=3; b=2");
  const replaced = jar.cookies(NOW + 4).find((cookie) => cookie.value === "3");
  assertEquals([replaced?.createdMs, replaced?.httpOnly], [NOW, true]);
});

Deno.test("the Cookie header lists longer paths first, then earlier creation (RFC 6265 §5.4)", async () => {
  const jar = await CookieJar.create();
  jar.setCookie("late=1; Path=/", url("http://www.example.com/"), NOW + 2);
  jar.setCookie("early=2; Path=/; Domain=example.com", url("http://www.example.com/"), NOW);
  jar.setCookie("deep=3; Path=/a/b", url("http://www.example.com/"), NOW + 3);
  jar.setCookie("mid=4; Path=/a", url("http://www.example.com/"), NOW + 1);
  assertEquals(
    jar.cookieHeader(url("http://www.example.com/a/b/c"), NOW + 4),
    "deep=3; mid=4; early=2; late=1",
  );
});

Deno.test("HttpOnly and SameSite are kept, and SameSite does not change what is sent", async () => {
  const jar = await CookieJar.create();
  jar.setCookie("a=1; SameSite=Strict; HttpOnly", url("http://example.com/"), NOW);
  assertEquals(jar.cookieHeader(url("http://example.com/"), NOW), "a=1");
  const [cookie] = jar.cookies(NOW);
  assertEquals([cookie.httpOnly, cookie.sameSite, cookie.hostOnly], [true, "Strict", true]);
});

Deno.test("malformed Set-Cookie values are ignored and leave the jar as it was", async () => {
  const jar = await CookieJar.create();
  const site = url("http://example.com/");
  jar.setCookie("keep=1", site, NOW);
  for (const header of ["", "novalue", "=x", "a=\x00", `big=${"x".repeat(5000)}`]) {
    assertEquals(jar.setCookie(header, site, NOW), false);
  }
  assertEquals(jar.cookieHeader(site, NOW), "keep=1");
});

Deno.test(`a domain keeps at most ${MAX_COOKIES_PER_DOMAIN} cookies, dropping the least recently used`, async () => {
  const jar = await CookieJar.create();
  const site = url("http://example.com/");
  for (let i = 0; i < MAX_COOKIES_PER_DOMAIN; i++) jar.setCookie(`c${i}=${i}`, site, NOW + i);
  // Sending c0 makes it recently used: c1 is now the least recently used.
  jar.cookieHeader(url("http://example.com/"), NOW + 100);
  jar.setCookie("c0=again", site, NOW + 101);
  jar.setCookie("extra=1", site, NOW + 102);
  assertEquals(jar.size, MAX_COOKIES_PER_DOMAIN);
  const names = jar.cookies(NOW + 103).map((cookie) => cookie.name);
  assert(names.includes("c0") && names.includes("extra") && !names.includes("c1"), String(names));
  // Another domain has its own allowance.
  jar.setCookie("x=1", url("http://example.org/"), NOW + 104);
  assertEquals(jar.size, MAX_COOKIES_PER_DOMAIN + 1);
});

Deno.test(`a jar keeps at most ${MAX_COOKIES} cookies, dropping the least recently used`, async () => {
  const jar = await CookieJar.create();
  let at = NOW;
  const perSite = 100;
  for (let site = 0; site * perSite < MAX_COOKIES + 10; site++) {
    for (let i = 0; i < perSite; i++) {
      jar.setCookie(`c${i}=1`, url(`http://site${site}.example/`), at++);
    }
  }
  assertEquals(jar.size, MAX_COOKIES);
  assertEquals(jar.cookieHeader(url("http://site0.example/"), at), "");
  assert(jar.cookieHeader(url("http://site1.example/"), at).startsWith("c0=1; "));
});

Deno.test("a full jar drops its least recently set or sent cookie, whichever domain holds it", async () => {
  const told: string[] = [];
  const jar = await CookieJar.create({ maxCookies: 3, onDrop: (domain) => told.push(domain) });
  const site = (name: string) => url(`http://${name}.example/`);
  jar.setCookie("a=1", site("a"), NOW);
  jar.setCookie("b=1", site("b"), NOW + 1);
  jar.setCookie("c=1", site("c"), NOW + 2);
  assertEquals(jar.cookieHeader(site("a"), NOW + 3), "a=1"); // a is used again: b is the oldest
  jar.setCookie("d=1", site("d"), NOW + 4);
  jar.setCookie("c=2", site("c"), NOW + 5); // set again: a is the oldest now
  jar.setCookie("e=1", site("e"), NOW + 6);
  assertEquals(jar.cookies(NOW + 7).map((cookie) => cookie.name), ["c", "d", "e"]);
  assertEquals(told, ["b.example", "a.example"]);
});

Deno.test("a full jar removes expired cookies before it drops a live one, however recently they were set", async () => {
  const told: string[] = [];
  const jar = await CookieJar.create({ maxCookies: 2, onDrop: (domain) => told.push(domain) });
  jar.setCookie("old=1", url("http://a.example/"), NOW);
  jar.setCookie("brief=1; Max-Age=1", url("http://b.example/"), NOW + 1);
  jar.setCookie("new=1", url("http://c.example/"), NOW + 5_000);
  assertEquals(jar.cookies(NOW + 5_000).map((cookie) => cookie.name), ["old", "new"]);
  assertEquals(told, []);
});

Deno.test("a domain keeps 180 cookies, as browsers do: a login's session outlives 60 more", async () => {
  assertEquals(MAX_COOKIES_PER_DOMAIN, 180);
  const jar = await CookieJar.create();
  const site = url("http://example.com/");
  jar.setCookie("sid=SESSION", site, NOW);
  for (let i = 0; i < 60; i++) jar.setCookie(`c${i}=${i}`, site, NOW + 1 + i);
  assert(jar.cookieHeader(site, NOW + 100).startsWith("sid=SESSION; "));
});

Deno.test("the first cookie a domain or the jar drops is told once per domain, never an expired one", async () => {
  const told: string[] = [];
  const jar = await CookieJar.create({
    maxPerDomain: 2,
    maxCookies: 4,
    onDrop: (domain, limit) => told.push(`${domain} ${limit}`),
  });
  const a = url("http://a.example/");
  jar.setCookie("gone=1; Max-Age=1", a, NOW);
  jar.setCookie("x=1", a, NOW + 2_000);
  jar.setCookie("y=1", a, NOW + 2_001); // the expired one makes room: nothing told
  assertEquals(told, []);
  for (let i = 0; i < 3; i++) jar.setCookie(`z${i}=1`, a, NOW + 2_002 + i);
  assertEquals(told, ["a.example domain"]);
  const b = url("http://b.example/");
  const c = url("http://c.example/");
  jar.setCookie("b1=1", b, NOW + 3_000);
  jar.setCookie("b2=1", b, NOW + 3_001);
  jar.setCookie("c1=1", c, NOW + 3_002); // five in all: a.example's oldest goes, said already
  assertEquals(told, ["a.example domain"]);
  jar.setCookie("c2=1", c, NOW + 3_003); // a.example's last goes
  jar.setCookie("c3=1", c, NOW + 3_004); // c.example has 3: its oldest goes
  jar.setCookie("a=1", a, NOW + 3_005); // five in all: b.example's oldest goes
  assertEquals(told, ["a.example domain", "c.example domain", "b.example jar"]);
});

Deno.test("a Cookie header the caller set keeps its cookies first; the jar's are appended, sent as the bytes received", () => {
  const url = "http://example.com/";
  const headersOf = (headers: Record<string, string> | undefined, jar: string) =>
    withJarCookies({ url, headers }, jar).headers;
  assertEquals(headersOf({ Cookie: "mine=1" }, "jar=2"), { Cookie: "mine=1; jar=2" });
  assertEquals(headersOf({ accept: "*/*" }, "jar=2"), { accept: "*/*", Cookie: "jar=2" });
  assertEquals(headersOf(undefined, "jar=2"), { Cookie: "jar=2" });
  assertEquals(headersOf({ cookie: "mine=1" }, ""), { cookie: "mine=1" });
  // The caller's text goes as UTF-8, as alone; the jar's bytes (and a caller's received ones) as they are.
  const mixed = withJarCookies({ url, headers: { cookie: "l=ü" } }, "s=\xe9");
  assertEquals(mixed.headers, { cookie: "l=\xc3\xbc; s=\xe9" });
  assertEquals(mixed.receivedHeaders, ["cookie"]);
  const received = withJarCookies(
    { url, headers: { Cookie: "r=\xff", ETag: "x" }, receivedHeaders: ["COOKIE"] },
    "s=\xe9",
  );
  assertEquals(received.headers?.Cookie, "r=\xff; s=\xe9");
  assertEquals(withJarCookies({ url }, "").receivedHeaders, undefined);
});

Deno.test("a cookie the limit drops is dropped from the jar file too; a file over the limit is cut at its load, counted, and not told as a site's drop", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-cookie-drop-" });
  const path = `${dir}/jar.json`;
  try {
    const told: string[] = [];
    const options = { maxPerDomain: 3, onDrop: (domain: string) => told.push(domain) };
    const a = url("http://a.example/");
    const first = await CookieJar.load(path, NOW, options);
    for (let i = 0; i < 3; i++) first.setCookie(`c${i}=1`, a, NOW + i);
    await first.save(path, NOW + 10);
    const second = await CookieJar.load(path, NOW + 20, options);
    second.setCookie("c3=1", a, NOW + 21); // c0, the least recently used, goes
    await second.save(path, NOW + 30);
    assertEquals(told, ["a.example"]);
    const third = await CookieJar.load(path, NOW + 40, options);
    assertEquals(third.cookies(NOW + 40).map((cookie) => cookie.name), ["c1", "c2", "c3"]);
    assertEquals(told, ["a.example"], "the load found the file within the limit");
    assertEquals(third.leftOutAtLoad, 0);
    // A file written with a higher limit is cut as it loads: no site set those cookies now.
    const wide = await CookieJar.load(path, NOW + 50, { maxPerDomain: 10 });
    wide.setCookie("c4=1", a, NOW + 51);
    await wide.save(path, NOW + 60);
    const cut = await CookieJar.load(path, NOW + 70, options);
    assertEquals([cut.size, cut.leftOutAtLoad], [3, 1]);
    assertEquals(told, ["a.example"]);
    // The least recently used went (c1, set first of the four), and the save drops it from the file.
    assertEquals(cut.cookies(NOW + 70).map((cookie) => cookie.name), ["c2", "c3", "c4"]);
    await cut.save(path, NOW + 80);
    const again = await CookieJar.load(path, NOW + 90, options);
    assertEquals([again.size, again.leftOutAtLoad], [3, 0]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
