import { assertEquals, assertStringIncludes, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { HttpError } from "./errors.ts";
import { nextRedirect, type RedirectOptions, type RedirectRequest } from "./redirect.ts";

const OPTIONS: RedirectOptions = { redirectsSoFar: 0, maxRedirects: 5, allowDowngrade: false };

function request(
  url: string,
  method = "GET",
  headers: Record<string, string> = {},
): RedirectRequest {
  return {
    url: new URL(url),
    method,
    headers,
    hasBody: ["POST", "PUT"].includes(method.toUpperCase()),
  };
}

Deno.test("nextRedirect() returns null for final responses", async (t) => {
  const cases: [string, number, string | null][] = [
    ["200", 200, "/x"],
    ["300 Multiple Choices", 300, "/x"],
    ["304 Not Modified", 304, "/x"],
    ["305 Use Proxy", 305, "/x"],
    ["a 302 without Location", 302, null],
    ["a 301 with an empty Location", 301, "  "],
  ];
  for (const [name, status, location] of cases) {
    await t.step(name, () => {
      assertEquals(nextRedirect(request("http://a.test/"), status, location, OPTIONS), null);
    });
  }
});

Deno.test("nextRedirect() changes the method as the status says", async (t) => {
  const cases: [number, string, string, boolean][] = [
    [301, "POST", "GET", true],
    [302, "POST", "GET", true],
    [302, "post", "GET", true],
    [301, "GET", "GET", false],
    [302, "PUT", "PUT", false],
    [302, "HEAD", "HEAD", false],
    [303, "POST", "GET", true],
    [303, "PUT", "GET", true],
    [303, "DELETE", "GET", false],
    [303, "HEAD", "HEAD", false],
    [303, "GET", "GET", false],
    [307, "POST", "POST", false],
    [307, "PUT", "PUT", false],
    [308, "POST", "POST", false],
  ];
  for (const [status, method, nextMethod, dropBody] of cases) {
    await t.step(`${status} after ${method}`, () => {
      const next = nextRedirect(request("https://a.test/form", method), status, "/done", OPTIONS)!;
      assertEquals(next.method, nextMethod);
      assertEquals(next.dropBody, dropBody);
      assertEquals(next.url.href, "https://a.test/done");
    });
  }
});

Deno.test("nextRedirect() resolves relative locations against the current URL", async (t) => {
  const cases: [string, string, string][] = [
    ["http://a.test/dir/page?q=1", "other", "http://a.test/dir/other"],
    ["http://a.test/dir/page", "../up", "http://a.test/up"],
    ["http://a.test/dir/page", "?p=2", "http://a.test/dir/page?p=2"],
    ["https://a.test/", "//b.test/x", "https://b.test/x"],
    ["http://a.test/", "https://b.test:8443/y", "https://b.test:8443/y"],
    ["http://a.test/page#top", "/next", "http://a.test/next#top"],
    ["http://a.test/page#top", "/next#end", "http://a.test/next#end"],
    ["http://a.test/", "/caf\xc3\xa9", "http://a.test/caf%C3%A9"],
    // Bytes that are not UTF-8 keep their values (whatwg/fetch#883; curl sends the same).
    ["http://a.test/", "/caf\xe9?q=\xe9#\xe9", "http://a.test/caf%E9?q=%E9#%E9"],
    ["http://a.test/", "/?\xe2\x98\x83\xff", "http://a.test/?%E2%98%83%FF"],
    ["http://a.test/", "/?%\xe2\x98\x83", "http://a.test/?%%E2%98%83"],
    ["http://a.test/", "http://b\xc3\xbccher.test/", "http://xn--bcher-kva.test/"],
    // A server's credentials in a Location are never sent, nor kept in the URL (finalUrl).
    ["http://a.test/", "http://u:pw@a.test/b", "http://a.test/b"],
    ["http://a.test/", "https://pw@b.test/c", "https://b.test/c"],
  ];
  for (const [from, location, to] of cases) {
    await t.step(`${location} from ${from}`, () => {
      assertEquals(nextRedirect(request(from), 302, location, OPTIONS)!.url.href, to);
    });
  }
});

Deno.test("nextRedirect() drops credentials when the origin changes", async (t) => {
  const headers = {
    Authorization: "Bearer t",
    Cookie: "a=1",
    "proxy-authorization": "Basic x",
    Host: "a.test",
    Accept: "*/*",
  };
  const cases: [string, string, boolean][] = [
    ["same origin", "https://a.test/elsewhere", false],
    ["same origin with the default port spelled out", "https://a.test:443/x", false],
    ["another host", "https://b.test/", true],
    ["a subdomain", "https://www.a.test/", true],
    ["another port", "https://a.test:8443/", true],
    ["another scheme", "http://a.test/", true],
  ];
  for (const [name, location, dropAuth] of cases) {
    await t.step(name, () => {
      const options = { ...OPTIONS, allowDowngrade: true };
      const next = nextRedirect(
        request("https://a.test/", "GET", headers),
        301,
        location,
        options,
      )!;
      assertEquals(next.dropAuth, dropAuth);
      assertEquals(next.headers, dropAuth ? { Accept: "*/*" } : headers);
    });
  }
});

Deno.test("nextRedirect() drops body headers when the method becomes GET", () => {
  const headers = { "Content-Type": "application/json", "Content-Length": "2", Accept: "*/*" };
  const post = request("https://a.test/", "POST", headers);
  assertEquals(nextRedirect(post, 303, "/r", OPTIONS)!.headers, { Accept: "*/*" });
  assertEquals(nextRedirect(post, 307, "/r", OPTIONS)!.headers, headers);
});

Deno.test("nextRedirect() refuses too many redirects, downgrades and other schemes", async (t) => {
  const cases: [string, string, string, Partial<RedirectOptions>, string][] = [
    ["the limit reached", "http://a.test/", "/x", { redirectsSoFar: 5 }, "TOO_MANY_REDIRECTS"],
    ["no redirects allowed", "http://a.test/", "/x", { maxRedirects: 0 }, "TOO_MANY_REDIRECTS"],
    ["https to http", "https://a.test/", "http://a.test/", {}, "REDIRECT_DOWNGRADE"],
    ["ftp", "http://a.test/", "ftp://a.test/f", {}, "BAD_REDIRECT"],
    ["javascript", "http://a.test/", "javascript:alert(1)", {}, "BAD_REDIRECT"],
    ["file", "https://a.test/", "file:///etc/passwd", {}, "BAD_REDIRECT"],
    ["an unparsable URL", "http://a.test/", "http://[bad", {}, "BAD_REDIRECT"],
    // Past MAX_URL_BYTES, as no config, list or ctx.fetch may give one.
    ["a URL too long", "http://a.test/", `/?q=${"a".repeat(70_000)}`, {}, "BAD_REDIRECT"],
  ];
  for (const [name, from, location, options, code] of cases) {
    await t.step(name, () => {
      const error = assertThrows(
        () => nextRedirect(request(from), 302, location, { ...OPTIONS, ...options }),
        HttpError,
      );
      assertEquals(error.code, code);
      assertEquals(error.url, from);
      assertEquals(error.message.startsWith(`Cannot follow redirect from ${from}`), true);
    });
  }
});

Deno.test("nextRedirect() with redirects off says so and where the server sent the fetch, not 'already followed 0'", () => {
  const error = assertThrows(
    () =>
      nextRedirect(request("http://a.test/old"), 301, " /new ", { ...OPTIONS, maxRedirects: 0 }),
    HttpError,
  );
  assertEquals(
    error.message,
    'Cannot follow redirect from http://a.test/old: the server answered 301 to "/new", and ' +
      "maxRedirects (0) lets none be followed",
  );
  const limit = assertThrows(
    () => nextRedirect(request("http://a.test/"), 302, "/x", { ...OPTIONS, redirectsSoFar: 5 }),
    HttpError,
  );
  assertEquals(
    limit.message,
    "Cannot follow redirect from http://a.test/: already followed 5 redirects, the most " +
      "maxRedirects (5) allows",
  );
});

Deno.test("nextRedirect() names the limit in its caller's words when given them", () => {
  const error = assertThrows(
    () =>
      nextRedirect(request("http://a.test/"), 302, "/x", {
        ...OPTIONS,
        redirectsSoFar: 1,
        maxRedirects: 1,
        nameLimit: (limit, value) => `${limit} set to ${value}`,
      }),
    HttpError,
  );
  assertEquals(
    error.message,
    "Cannot follow redirect from http://a.test/: already followed 1 redirect, the most " +
      "redirects set to 1 allows",
  );
});

Deno.test("nextRedirect() quotes an unparsable Location with its control characters escaped", () => {
  const error = assertThrows(
    () => nextRedirect(request("http://a.test/"), 302, "http://[\x9b2J", OPTIONS),
    HttpError,
  );
  assertEquals(
    error.message,
    'Cannot follow redirect from http://a.test/: Location "http://[\\u009b2J" is not a URL ' +
      '(its host "[\\u009b2J" is not a host name)',
  );
});

Deno.test("nextRedirect() names no credentials of a Location it refuses: the error reaches corun.jsonl", async (t) => {
  const cases: [string, string, string, Partial<RedirectOptions>, string][] = [
    ["https to http", "https://a.test/", "http://u:SECRET@b.test/x", {}, "http://b.test/x"],
    ["ftp", "http://a.test/", "ftp://u:SECRET@b.test/f", {}, "ftp://b.test/f"],
    ["redirects off", "http://a.test/", "http://u:SECRET@b.test/", { maxRedirects: 0 }, "***@"],
    ["an unparsable URL", "http://a.test/", "http://u:SECRET@[bad", {}, '"http://***@[bad"'],
    ["a scheme-relative URL", "http://a.test/", "//u:SECRET@[bad", {}, '"//***@[bad"'],
    ["one with backslashes", "http://a.test/", "\\\\u:SECRET@[bad", {}, '"\\\\\\\\***@[bad"'],
    ["a scheme and backslashes", "http://a.test/", "http:\\\\u:SECRET@[bad", {}, "***@[bad"],
    ["redirects off, scheme-relative", "http://a.test/", "//u:SECRET@b.test/", {
      maxRedirects: 0,
    }, '"//***@b.test/"'],
  ];
  for (const [name, from, location, options, shown] of cases) {
    await t.step(name, () => {
      const error = assertThrows(
        () => nextRedirect(request(from), 302, location, { ...OPTIONS, ...options }),
        HttpError,
      );
      assertEquals(error.message.includes("SECRET"), false, error.message);
      assertEquals(error.message.includes(shown), true, error.message);
    });
  }
});

Deno.test("nextRedirect() says why a Location is not a URL, as a config or a list line would", () => {
  const cases: [string, string][] = [
    [
      "http://xn--a/x",
      'Location "http://xn--a/x" is not a URL (its host\'s label "xn--a" is not valid punycode)',
    ],
    [
      "http://b.test:99999/",
      'Location "http://b.test:99999/" is not a URL (its port 99999 is past 65535)',
    ],
    [
      "http://u:SECRET@[fe80::1%25eth0]/",
      'Location "http://***@[fe80::1%25eth0]/" is not a URL (an IPv6 zone id',
    ],
    ["http://[bad", 'Location "http://[bad" is not a URL (its host "[bad" is not a host name)'],
    // The host a missing "]" leaves open ends where the authority does: the path is no part of it.
    [
      "http://[::1:8080/x/y",
      'Location "http://[::1:8080/x/y" is not a URL (its host "[::1:8080" is not a host name)',
    ],
    [
      "http://::1:8080/x",
      'Location "http://::1:8080/x" is not a URL (its host "::1:8080" looks like an IPv6 address ' +
      "without brackets",
    ],
    [
      "http://x.test:8\u009b0/",
      'Location "http://x.test:8\\u009b0/" is not a URL (its port "8\\u009b0" is',
    ],
    // A raw # in the password makes its start a "port": no reason, which would quote it.
    ["http://u:SECRET#1@b.test/", 'Location "http://***@b.test/" is not a URL'],
  ];
  for (const [location, expected] of cases) {
    const error = assertThrows(
      () => nextRedirect(request("http://a.test/"), 302, location, OPTIONS),
      HttpError,
    );
    assertEquals(error.code, "BAD_REDIRECT");
    assertStringIncludes(error.message, `Cannot follow redirect from http://a.test/: ${expected}`);
    assertEquals(error.message.includes("SECRET"), false, error.message);
  }
});

Deno.test("nextRedirect() names no credentials of differing Location fields it refuses", () => {
  const error = assertThrows(
    () =>
      nextRedirect(request("http://a.test/"), 302, [
        "http://u:SECRET1@b.test/",
        "//u:SECRET2@c.test/",
      ], OPTIONS),
    HttpError,
  );
  assertEquals(error.code, "BAD_REDIRECT");
  assertEquals(
    error.message,
    "Cannot follow redirect from http://a.test/: the response has 2 differing Location fields " +
      '("http://***@b.test/", "//***@c.test/")',
  );
});

Deno.test("nextRedirect() follows https to http when downgrades are allowed", () => {
  const options = { ...OPTIONS, allowDowngrade: true, redirectsSoFar: 4 };
  const next = nextRedirect(request("https://a.test/"), 302, "http://a.test/", options)!;
  assertEquals(next.url.protocol, "http:");
});
