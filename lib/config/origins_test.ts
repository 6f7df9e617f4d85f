import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { checkOriginKeys, normalizeOrigin, originProblem } from "./origins.ts";
import { loadText } from "../../tests/fixtures/config_files.ts";

Deno.test("normalizeOrigin() gives the origin as URLs compare it: lower-case, no default port", () => {
  assertEquals(
    [
      "HTTPS://Example.ORG",
      "https://example.org:443/",
      "http://example.org:80",
      "http://LOCALHOST:8080",
      "https://bücher.example",
      "https://Example.ORG.:443/",
    ].map(normalizeOrigin),
    [
      "https://example.org",
      "https://example.org",
      "http://example.org",
      "http://localhost:8080",
      "https://xn--bcher-kva.example",
      "https://example.org.", // its own origin, as a fetch of such a URL is (url_origin.ts)
    ],
  );
});

Deno.test("originProblem() accepts an origin (and a / after it), and says what else is there", () => {
  for (const text of ["https://example.org", "http://x.example:8080/", "http://[::1]:8080"]) {
    assertEquals(originProblem(text), undefined, text);
  }
  assertEquals(
    originProblem("https://example.org/a"),
    '"https://example.org/a" is not an origin: an origin has no path (write "https://example.org")',
  );
  assertEquals(
    originProblem("https://example.org/?q=1"),
    '"https://example.org/?q=1" is not an origin: an origin has no query (write "https://example.org")',
  );
  assertEquals(
    originProblem("https://example.org#top"),
    '"https://example.org#top" is not an origin: an origin has no fragment (write "https://example.org")',
  );
  assertEquals(
    originProblem("https://me:pw@example.org"),
    '"https://***@example.org" is not an origin: an origin has no credentials (write "https://example.org")',
  );
  const notAnOrigin = (text: string) =>
    `expected an http: or https: origin such as "https://example.org", got ${JSON.stringify(text)}`;
  for (const text of ["example.org", "ftp://example.org", "https:example.org", "https://"]) {
    assertEquals(originProblem(text), notAnOrigin(text), text);
  }
});

Deno.test("originProblem() names a bare ? a query and a bare # a fragment, after the host or a /", () => {
  const cases = [
    ["https://example.org?", "query"],
    ["https://example.org/?", "query"],
    ["https://example.org#", "fragment"],
    ["https://example.org/#", "fragment"],
    ["https://example.org#?", "fragment"],
    ["https://example.org?#", "query"],
    ["https://example.org//", "path"],
  ];
  for (const [text, what] of cases) {
    assertEquals(
      originProblem(text),
      `${
        JSON.stringify(text)
      } is not an origin: an origin has no ${what} (write "https://example.org")`,
      text,
    );
  }
});

const NO_WILDCARDS =
  'origins are exact, not wildcards: "*" matches no host (list each origin in full)';

Deno.test("originProblem() refuses a * in the host, which URLs allow but no fetch would match", () => {
  for (
    const text of [
      "https://*.example.org",
      "http://*:8080",
      "https://a.*.org/",
      "https://%2A.x.org",
    ]
  ) {
    assertEquals(originProblem(text), `${JSON.stringify(text)} is not an origin: ${NO_WILDCARDS}`);
  }
});

Deno.test("a wildcard origin under origins: or crawl.origins is a located error", async () => {
  const error = await assertRejects(
    () =>
      loadText(
        "c.yaml",
        `origins:
  "https://*.example.org": { rate: 1/s }
tasks:
  - fetch: https://a.example.org/
    crawl: { origins: ["https://*.example.org"] }
`,
      ),
    ConfigError,
  );
  assertEquals(
    error.issues.map((issue: ConfigIssue) => [issue.line, issue.column, issue.path, issue.message]),
    [
      [
        2,
        3,
        'origins["https://*.example.org"]',
        `"https://*.example.org" is not an origin: ${NO_WILDCARDS}`,
      ],
      [
        5,
        24,
        "tasks[0].crawl.origins[0]",
        `"https://*.example.org" is not an origin: ${NO_WILDCARDS}`,
      ],
    ],
  );
});

Deno.test("checkOriginKeys() finds keys naming one origin twice, at the later key", () => {
  assertEquals(
    checkOriginKeys({
      origins: {
        "https://x.org": {},
        "ftp://x.org": {},
        "HTTPS://X.ORG:443": {},
        "http://x.org": {},
        "https://x.org/": {},
      },
    }),
    [
      {
        path: ["origins", "HTTPS://X.ORG:443"],
        at: "key",
        message:
          '"HTTPS://X.ORG:443" is the origin "https://x.org", as "https://x.org" is: give its rules once',
      },
      {
        path: ["origins", "https://x.org/"],
        at: "key",
        message:
          '"https://x.org/" is the origin "https://x.org", as "https://x.org" is: give its rules once',
      },
    ],
  );
  assertEquals(checkOriginKeys({ origins: [] }), []);
  assertEquals(checkOriginKeys("nothing"), []);
});

Deno.test("an origin with credentials, a URL or not, is named without them in its path and its message", async () => {
  const error = await assertRejects(
    () =>
      loadText(
        "c.yaml",
        `origins:
  "http:/u:pw@host": { rate: 1/s }
  "u:pw@host": { rate: 1/s }
  "http://u:pw@host": { rate: 1/s }
tasks:
  - fetch: https://a.example.org/
    crawl: { origins: ["http//u:pw@host"] }
`,
      ),
    ConfigError,
  );
  const notAnOrigin = (shown: string) =>
    `expected an http: or https: origin such as "https://example.org", got "${shown}"`;
  assertEquals(
    error.issues.map((issue: ConfigIssue) => [issue.line, issue.path, issue.message]),
    [
      [2, 'origins["http:/***@host"]', notAnOrigin("http:/***@host")],
      [3, 'origins["***@host"]', notAnOrigin("***@host")],
      [
        4,
        'origins["http://***@host"]',
        '"http://***@host" is not an origin: an origin has no credentials (write "http://host")',
      ],
      [7, "tasks[0].crawl.origins[0]", notAnOrigin("http//***@host")],
    ],
  );
  assertEquals(error.format().includes("pw"), false, error.format());
});
