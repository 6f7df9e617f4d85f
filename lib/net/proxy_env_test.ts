import { assert, assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { bypassesProxy, parseProxyBypass } from "./proxy_bypass.ts";
import { environmentProxyFor, NO_PROXY_ENVIRONMENT, proxyEnvironmentFrom } from "./proxy_env.ts";
import { parseProxyUrl } from "./proxy_url.ts";
import { CREDENTIALS_NOT_ENCODED, urlTextWithoutCredentials } from "./url_credentials.ts";

/** The proxy (as shown) an environment gives for a URL, or null for direct. */
function proxyFor(env: Record<string, string>, url: string): string | null {
  const environment = proxyEnvironmentFrom((name) => env[name]);
  return environmentProxyFor(environment, new URL(url))?.display ?? null;
}

Deno.test("http URLs use lower-case http_proxy only; HTTP_PROXY is ignored, as by curl", () => {
  assertEquals(proxyFor({ http_proxy: "http://a:1" }, "http://x.org/"), "http://a:1");
  assertEquals(proxyFor({ HTTP_PROXY: "http://a:1" }, "http://x.org/"), null);
  // The https variables never apply to http URLs.
  assertEquals(proxyFor({ https_proxy: "http://a:1" }, "http://x.org/"), null);
});

Deno.test("https URLs use https_proxy, else HTTPS_PROXY; lower case wins when both are set", () => {
  assertEquals(proxyFor({ HTTPS_PROXY: "http://up:2" }, "https://x.org/"), "http://up:2");
  assertEquals(proxyFor({ https_proxy: "http://low:1" }, "https://x.org/"), "http://low:1");
  assertEquals(
    proxyFor({ https_proxy: "http://low:1", HTTPS_PROXY: "http://up:2" }, "https://x.org/"),
    "http://low:1",
  );
  assertEquals(proxyFor({ http_proxy: "http://a:1" }, "https://x.org/"), null);
});

Deno.test("all_proxy, else ALL_PROXY, applies when the scheme's variable is not set", () => {
  const env = { all_proxy: "http://all:1", ALL_PROXY: "http://ALL:2" };
  assertEquals(proxyFor(env, "http://x.org/"), "http://all:1");
  assertEquals(proxyFor({ ALL_PROXY: "http://ALL:2" }, "https://x.org/"), "http://all:2");
  assertEquals(proxyFor({ ...env, https_proxy: "http://s:3" }, "https://x.org/"), "http://s:3");
  // HTTP_PROXY is not a scheme variable for curl: ALL_PROXY still applies.
  assertEquals(
    proxyFor({ HTTP_PROXY: "http://h:4", ALL_PROXY: "http://a:2" }, "http://x/"),
    "http://a:2",
  );
});

Deno.test("an empty variable counts as unset, as curl reads it: the search goes on", () => {
  assertEquals(
    proxyFor({ https_proxy: "", HTTPS_PROXY: "http://up:2" }, "https://x.org/"),
    "http://up:2",
  );
  assertEquals(
    proxyFor({ https_proxy: "", all_proxy: "http://all:1" }, "https://x.org/"),
    "http://all:1",
  );
  assertEquals(proxyFor({ http_proxy: " " }, "http://x.org/"), null);
});

Deno.test("an environment without proxy variables is the shared empty one, unless it has a no_proxy (for a config's proxy)", () => {
  assert(proxyEnvironmentFrom(() => undefined) === NO_PROXY_ENVIRONMENT);
  const bypassOnly = proxyEnvironmentFrom((name) => name === "NO_PROXY" ? "*" : undefined);
  assert(bypassOnly !== NO_PROXY_ENVIRONMENT);
  assertEquals([bypassOnly.http, bypassOnly.https, bypassOnly.bypass.all], [null, null, true]);
});

Deno.test("no_proxy, else NO_PROXY, sends the hosts it lists directly", () => {
  const env = { https_proxy: "http://p:1", http_proxy: "http://p:1" };
  assertEquals(proxyFor({ ...env, NO_PROXY: "x.org" }, "https://x.org/"), null);
  assertEquals(
    proxyFor({ ...env, no_proxy: "x.org", NO_PROXY: "y.org" }, "https://y.org/"),
    "http://p:1",
  );
  // An empty no_proxy is unset: NO_PROXY applies.
  assertEquals(proxyFor({ ...env, no_proxy: "", NO_PROXY: "x.org" }, "https://x.org/"), null);
  assertEquals(proxyFor({ ...env, no_proxy: "*" }, "http://anything.example/"), null);
});

Deno.test("NO_PROXY names match the host and its subdomains, with or without a leading dot", () => {
  const cases: [string, string, boolean][] = [
    ["example.com", "example.com", true],
    ["example.com", "www.example.com", true],
    ["example.com", "a.b.example.com", true],
    ["example.com", "notexample.com", false],
    ["example.com", "example.com.org", false],
    [".example.com", "www.example.com", true],
    [".example.com", "example.com", true],
    [".example.com", "notexample.com", false],
    ["EXAMPLE.com", "www.Example.COM", true],
    ["example.com.", "www.example.com", true],
    ["example.com", "example.com.", true],
    ["other.org, example.com", "www.example.com", true],
    ["other.org,,  example.com ,", "example.com", true],
    ["other.org example.com", "example.com", true],
    ["localhost", "localhost", true],
    ["localhost", "127.0.0.1", false], // names are never looked up
    ["example.com:443", "example.com", false], // a rule has no port
    ["*.example.com", "www.example.com", false], // * only as the whole list
    ["*, other.org", "www.example.com", false],
    ["", "example.com", false],
    // A name written in Unicode is the A-label the URL parser makes of a host (bücher is
    // xn--bcher-kva): written as users write it, it would send that host through the proxy.
    ["bücher.example", "xn--bcher-kva.example", true],
    ["Bücher.example", "www.xn--bcher-kva.example", true],
    [".bücher.example", "xn--bcher-kva.example", true],
    ["xn--bcher-kva.example", "xn--bcher-kva.example", true],
    ["bücher.example", "bucher.example", false],
  ];
  for (const [list, host, expected] of cases) {
    assertEquals(bypassesProxy(parseProxyBypass(list), host), expected, `${list} / ${host}`);
  }
});

Deno.test("NO_PROXY IP rules match addresses exactly or by CIDR, IPv6 without brackets", () => {
  const cases: [string, string, boolean][] = [
    ["127.0.0.1", "127.0.0.1", true],
    ["127.0.0.1", "127.0.0.2", false],
    ["192.168.0.0/16", "192.168.44.3", true],
    ["192.168.0.0/16", "192.169.0.1", false],
    ["10.0.0.0/8", "10.255.255.255", true],
    // As curl 8 (noproxy.c: `atoi`, then cidr4_match, cidr6_match): a prefix past the address's
    // bits matches nothing, not even the address; its leading digits count (/24x is /24), and
    // none or 0 (/x, /, /0) compares the whole address.
    ["10.1.2.3/33", "10.1.2.3", false],
    ["10.1.2.3/33, 10.9.9.9", "10.9.9.9", true],
    ["10.1.2.3/x", "10.1.2.3", true],
    ["10.1.2.3/x", "10.1.2.4", false],
    ["10.1.2.3/", "10.1.2.3", true],
    ["10.1.2.0/24x", "10.1.2.99", true],
    ["10.1.2.3/0", "10.1.2.3", true],
    ["10.1.2.3/0", "10.1.2.4", false],
    ["::1/129", "[::1]", false],
    ["::1/0", "[::1]", true],
    ["172.16.0.0/12", "172.31.0.1", true],
    ["172.16.0.0/12", "172.32.0.1", false],
    ["::1", "[::1]", true],
    ["::0:1", "[::1]", true],
    ["[::1]", "[::1]", true],
    ["::1", "[::2]", false],
    ["fd00::/8", "[fd12:3456::1]", true],
    ["fd00::/8", "[fe80::1]", false],
    ["::ffff:10.0.0.1", "[::ffff:a00:1]", true],
    ["::1", "127.0.0.1", false],
    ["127.0.0.1", "[::1]", false],
    ["127.0.0.0/8", "localhost", false],
  ];
  for (const [list, host, expected] of cases) {
    assertEquals(bypassesProxy(parseProxyBypass(list), host), expected, `${list} / ${host}`);
  }
});

Deno.test("NO_PROXY applies to the URL's host whatever its port", () => {
  const env = { https_proxy: "http://p:1", no_proxy: "127.0.0.1,::1" };
  assertEquals(proxyFor(env, "https://127.0.0.1:8443/"), null);
  assertEquals(proxyFor(env, "https://[::1]:8443/"), null);
  assertEquals(proxyFor(env, "https://127.0.0.2:8443/"), "http://p:1");
});

Deno.test("proxy URLs: scheme-less is http, a missing port is 1080, credentials become Basic", () => {
  const plain = parseProxyUrl("proxy.lan:3128", "test");
  assertEquals([plain.hostname, plain.port, plain.display], [
    "proxy.lan",
    3128,
    "http://proxy.lan:3128",
  ]);
  assertEquals(plain.authorization, undefined);
  assertEquals(parseProxyUrl("http://proxy.lan", "test").port, 1080);
  assertEquals(parseProxyUrl("http://proxy.lan/", "test").port, 1080);
  assertEquals(parseProxyUrl("http://proxy.lan:80", "test").port, 80); // written, though the default
  assertEquals(
    parseProxyUrl("HTTP://Proxy.LAN:8080/ignored", "test").display,
    "http://proxy.lan:8080",
  );
  const v6 = parseProxyUrl("http://[::1]:3128", "test");
  assertEquals([v6.hostname, v6.display], ["::1", "http://[::1]:3128"]);
  assertEquals(parseProxyUrl("http://[::1]", "test").port, 1080);
  const withCredentials = parseProxyUrl("http://us%40er:p%3Ass@proxy.lan:3128", "test");
  assertEquals(withCredentials.authorization, "Basic " + btoa("us@er:p:ss"));
  assertEquals(withCredentials.display, "http://proxy.lan:3128");
  assertEquals(
    parseProxyUrl("http://me@proxy.lan:1", "test").authorization,
    "Basic " + btoa("me:"),
  );
});

Deno.test("proxy keys tell credentials apart without holding them", () => {
  const a = parseProxyUrl("http://alice:secret-a@proxy.lan:3128", "test");
  const b = parseProxyUrl("http://bob:secret-b@proxy.lan:3128", "test");
  const none = parseProxyUrl("http://proxy.lan:3128", "test");
  assertEquals(new Set([a.key, b.key, none.key]).size, 3);
  assertEquals(a.key, parseProxyUrl("http://alice:secret-a@proxy.lan:3128", "test").key);
  for (const key of [a.key, b.key]) assert(!/alice|bob|secret/.test(key), key);
});

Deno.test("only http:// proxies are accepted; the error names the setting without credentials", () => {
  for (const url of ["socks5://me:secret@proxy:1080", "https://me:secret@proxy:443"]) {
    const error = assertThrows(() => parseProxyUrl(url, "from ALL_PROXY"), TypeError);
    assert(error.message.includes("only http:// proxy URLs are supported"), error.message);
    assert(error.message.includes("from ALL_PROXY"), error.message);
    assert(!error.message.includes("secret") && !error.message.includes("me:"), error.message);
  }
  assertThrows(() => parseProxyUrl("http://", "test"), TypeError, "not a valid URL");
});

Deno.test("an unusable proxy variable fails the requests it applies to, never goes direct", () => {
  const env = { ALL_PROXY: "socks5h://me:secret@proxy:1080", no_proxy: "local.lan" };
  const environment = proxyEnvironmentFrom((name) => env[name as keyof typeof env]);
  const error = assertThrows(
    () => environmentProxyFor(environment, new URL("https://x.org/")),
    TypeError,
    "only http:// proxy URLs are supported",
  );
  assert(error.message.includes("ALL_PROXY") && !error.message.includes("secret"), error.message);
  assertEquals(environmentProxyFor(environment, new URL("https://www.local.lan/")), null);
});

Deno.test("urlTextWithoutCredentials() hides user and password, with or without a scheme", () => {
  assertEquals(urlTextWithoutCredentials("http://me:pw@proxy:3128/"), "http://***@proxy:3128/");
  assertEquals(urlTextWithoutCredentials("me:pw@proxy:3128"), "***@proxy:3128");
  assertEquals(urlTextWithoutCredentials("http://proxy:3128"), "http://proxy:3128");
  // A password's own `@`: the URL parser ends the userinfo at the last one.
  assertEquals(urlTextWithoutCredentials("http://me:p@ss@proxy:3128/"), "http://***@proxy:3128/");
  assertEquals(urlTextWithoutCredentials("me:p@ss@proxy:3128"), "***@proxy:3128");
});

Deno.test("a mistyped proxy URL, read as a path by the URL parser, is shown without its password", () => {
  assertEquals(urlTextWithoutCredentials("http//me:s3cret@proxy:3128"), "http//***@proxy:3128");
  assertEquals(urlTextWithoutCredentials("http:/me:s3cret@proxy:3128"), "http:/***@proxy:3128");
  assertEquals(urlTextWithoutCredentials("http:///me:s3cret@proxy:3128"), "http:///***@proxy:3128");
});

Deno.test("a proxy password holding a raw #, ? or / is hidden, in urlTextWithoutCredentials() and parse errors", async (t) => {
  const cases: [string, string][] = [
    ["me:s3cr#t@proxy:3128", "***@proxy:3128"],
    ["me:s3cr?t@proxy:3128", "***@proxy:3128"],
    ["me:s3cr/t@proxy:3128", "***@proxy:3128"],
    ["http://me:s3cr#t@proxy:3128", "http://***@proxy:3128"],
    ["http://me:s3cr\\t@proxy:3128", "http://***@proxy:3128"],
  ];
  for (const [written, shown] of cases) {
    await t.step(written, () => {
      assertEquals(urlTextWithoutCredentials(written), shown);
      // The URL parser refuses these: the error names the proxy as shown, never the password,
      // and says what cut it (the shown text cannot).
      const error = assertThrows(() => parseProxyUrl(written, "HTTPS_PROXY"), TypeError);
      assertEquals(
        error.message,
        `Cannot use proxy ${JSON.stringify(shown)} (HTTPS_PROXY): ${CREDENTIALS_NOT_ENCODED}`,
      );
    });
  }
});
