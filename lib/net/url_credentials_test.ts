import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { hasUrlScheme, redactCredentials, withoutCredentials } from "./url_credentials.ts";

/** A URL as written, and as shown: the URL parser's own reading decides where userinfo ends. */
const WHOLE_URLS: [string, string][] = [
  ["https://me:pw@x.org/a?b#c", "https://***@x.org/a?b#c"],
  // The parser splits at the authority's last `@`: the password is `p@ss`.
  ["https://me:p@ss@x.org/a", "https://***@x.org/a"],
  ["https://me:p@ss@x.org", "https://***@x.org"],
  ["https://me:p%40ss@x.org/", "https://***@x.org/"],
  ["https://me:p@ss%40w@x.org:8443/", "https://***@x.org:8443/"],
  // A raw space is the userinfo's (the parser percent-encodes it).
  ["http://me:p w@proxy:3128", "http://***@proxy:3128"],
  ["postgres://corun:p\\@db/corun", "postgres://***@db/corun"],
  ["https://tok@x.org/", "https://***@x.org/"],
  // An `@` after the authority is not userinfo.
  ["https://x.org/@home", "https://x.org/@home"],
  ["https://x.org/a?mail=me@y.org#me@z", "https://x.org/a?mail=me@y.org#me@z"],
  // A pattern's globs stay as written.
  ["https://me:pw@x.org/{a,b}/[1-3]", "https://***@x.org/{a,b}/[1-3]"],
  ["https://x.org/{a,b}", "https://x.org/{a,b}"],
  ["pages/me@x.html", "pages/me@x.html"],
  ["HTTPS://ME:PW@X.ORG/", "HTTPS://***@X.ORG/"],
  ["http://me:pw@[::1]:8080/", "http://***@[::1]:8080/"],
  ["https://x.org/a@b?x=y@z", "https://x.org/a@b?x=y@z"],
  ["https://x.org?x=y@z", "https://x.org?x=y@z"],
  ["https://x.org#f@z", "https://x.org#f@z"],
  // `\` ends the authority of http(s), ws(s), ftp and file URLs, not of others.
  ["https://me:pw@x.org\\path@y", "https://***@x.org\\path@y"],
  ["ws://me:pw@x.org\\path@y", "ws://***@x.org\\path@y"],
  ["foo://me:pw@x.org\\path@y", "foo://***@y"],
  // As a URL (not in a message), a `,` is the userinfo's: the parser's user is `a.org,me`.
  ["https://a.org,me@x.org", "https://***@x.org"],
];

/** URLs the parser refuses, as written and as shown: all up to the last `@` goes. */
const REFUSED_URLS: [string, string][] = [
  ["https://me:s3cr#t@x.org/c.yaml", "https://***@x.org/c.yaml"],
  ["https://me:s3cr?t@x.org/c.yaml", "https://***@x.org/c.yaml"],
  ["https://me:s3cr/t@x.org/c.yaml", "https://***@x.org/c.yaml"],
  ["https://me:s3cr\\t@x.org/c.yaml", "https://***@x.org/c.yaml"],
  ["postgres://me:s3cr#t@db/corun", "postgres://***@db/corun"],
  ["http://me:s3cr#t s3cr@proxy:3128", "http://***@proxy:3128"],
  ["https://me:s3cr@x.org:99999/a@b", "https://***@b"],
];

Deno.test("withoutCredentials() hides all of a URL's userinfo, where the URL parser ends it", async (t) => {
  for (const [written, shown] of WHOLE_URLS) {
    await t.step(written, () => {
      assertEquals(withoutCredentials(written), shown);
      const url = URL.parse(written);
      if (url === null) return;
      // The host the parser reads is the one shown, and nothing of the password is left.
      const redacted = new URL(shown);
      assertEquals(redacted.host, url.host);
      assertEquals(redacted.password, "");
    });
  }
});

Deno.test("withoutCredentials() hides all up to the last @ of a URL the parser refuses", async (t) => {
  for (const [written, shown] of REFUSED_URLS) {
    await t.step(written, () => {
      assertEquals(URL.parse(written), null);
      assertEquals(withoutCredentials(written), shown);
      assert(!shown.includes("s3cr"), shown);
    });
  }
});

Deno.test("withoutCredentials() leaves no trace of the userinfo when asked to", () => {
  const options = { replacement: "" };
  assertEquals(withoutCredentials("https://me:p@ss@x.org/c.yaml", options), "https://x.org/c.yaml");
  assertEquals(withoutCredentials("https://x.org/c.yaml", options), "https://x.org/c.yaml");
});

Deno.test("redactCredentials() hides the userinfo of every URL in a message, and nothing else", () => {
  const cases: [string, string][] = [
    [
      "from https://a:b@x.org/p to ftp://tok@y.org and http://z.org/@home",
      "from https://***@x.org/p to ftp://***@y.org and http://z.org/@home",
    ],
    [
      'Cannot fetch "https://u:p@ss@x.org": connection refused',
      'Cannot fetch "https://***@x.org": connection refused',
    ],
    ["https://u:p@ss@x.org/a, then mail me@y.org", "https://***@x.org/a, then mail me@y.org"],
    ["status 503 from https://u:p%40ss@x.org/", "status 503 from https://***@x.org/"],
    ["https://x.org/a?next=http://u:p@y.org/", "https://x.org/a?next=http://***@y.org/"],
    ["saved to 1https://u:p@x.org/", "saved to 1https://***@x.org/"],
    ["no URL, only me@y.org", "no URL, only me@y.org"],
  ];
  for (const [message, shown] of cases) assertEquals(redactCredentials(message), shown);
});

/** Messages, and how they are shown: each URL in them read as the module doc says. */
const MESSAGES: [string, string][] = [
  // A password holding a raw `#`, `?`, `/` or `\`: the parser refuses the URL.
  ["https://me:s3cr#t@x.org/", "https://***@x.org/"],
  ["https://me:s3cr?t@x.org/", "https://***@x.org/"],
  ["https://me:s3cr/t@x.org/", "https://***@x.org/"],
  ["https://me:s3cr\\t@x.org/", "https://***@x.org/"],
  ["Invalid URL: 'https://me:s3cr#t@x.org/c.yaml'", "Invalid URL: 'https://***@x.org/c.yaml'"],
  // `\` ends an https URL's authority: the host stays in view.
  ["https://me:s3cr@x.org\\path@y", "https://***@x.org\\path@y"],
  // Punctuation around a URL, and its case, are kept.
  ["(https://me:s3cr@x.org)", "(https://***@x.org)"],
  ["see https://me:s3cr@x.org, then", "see https://***@x.org, then"],
  ["'https://me:s3cr@x.org'", "'https://***@x.org'"],
  ['"https://me:s3cr@x.org"', '"https://***@x.org"'],
  ["<https://me:s3cr@x.org>", "<https://***@x.org>"],
  ["HTTPS://ME:S3CR@X.ORG/", "HTTPS://***@X.ORG/"],
  ["https://me:pa%40s3cr@x.org/a", "https://***@x.org/a"],
  ["http://me:s3cr@[::1]:8080/", "http://***@[::1]:8080/"],
  // An `@` after the authority is no userinfo.
  ["https://x.org/a@b?x=y@z", "https://x.org/a@b?x=y@z"],
  ["https://x.org?x=y@z", "https://x.org?x=y@z"],
  ["https://x.org#f@z", "https://x.org#f@z"],
  // A list: the URL ends at `,` `"` `]` before any `@` when no `:` would stay in view.
  ["https://a.org,me@x.org", "https://a.org,me@x.org"],
  ['["https://a.org","me@x.org"]', '["https://a.org","me@x.org"]'],
  ["['https://a.org','me@x.org']", "['https://a.org','me@x.org']"],
  ['["https://a.org","https://me:s3cr@b.org"]', '["https://a.org","https://***@b.org"]'],
  // ... but those characters may be a password's own: with a `:` the userinfo goes.
  ["https://me:s3,cr@x.org/", "https://***@x.org/"],
  ["'https://me:s3'cr@x.org/'", "'https://***@x.org/'"],
  ['"https://me:s3"cr@x.org/"', '"https://***@x.org/"'],
  ["https://me,x:s3cr@x.org/", "https://***@x.org/"],
  ["https://me)x%3As3cr@x.org/", "https://***@x.org/"],
];

Deno.test("redactCredentials() finds where each URL of a message ends, and hides its userinfo", async (t) => {
  for (const [message, shown] of MESSAGES) {
    await t.step(message, () => {
      assertEquals(redactCredentials(message), shown);
      assert(!shown.includes("s3cr"), shown);
    });
  }
});

Deno.test("hasUrlScheme() tells a URL from a path", () => {
  assert(hasUrlScheme("https://x.org/c.yaml"));
  assert(hasUrlScheme("postgres://db/corun"));
  assert(!hasUrlScheme("tasks/c.yaml"));
  assert(!hasUrlScheme("C:\\tasks\\c.yaml"));
  assert(!hasUrlScheme("file:c.yaml"));
});
