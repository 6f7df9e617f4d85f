import { assert, assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  hasUrlGlob,
  httpUrlProblem,
  parseUrlPattern,
  patternUrlProblem,
  UrlPatternError,
} from "./url_pattern.ts";

function urls(pattern: string): string[] {
  return [...parseUrlPattern(pattern).items()].map((item) => item.url);
}

// Each expansion below is what curl 7.88.1 produced for the same pattern
// (`curl -w '%{url_effective}\n' -o /dev/null "file:///g/<pattern>"`).
const CURL_EXPANSIONS: [string, string[]][] = [
  ["[1-3]", ["1", "2", "3"]],
  ["[9-10]", ["9", "10"]],
  ["[0-10:5]", ["0", "5", "10"]],
  ["[001-100:50]", ["001", "051"]],
  ["[01-5]", ["01", "02", "03", "04", "05"]],
  ["[1-010]", ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]],
  ["[1- 3]", ["1", "2", "3"]],
  ["[1-1]", ["1"]],
  ["[a-e:2]", ["a", "c", "e"]],
  ["[A-C]", ["A", "B", "C"]],
  ["{,a}", ["", "a"]],
  ["{a,}", ["a", ""]],
  ["[]", ["[]"]],
  ["x{a\\,b,c}", ["xa,b", "xc"]],
  ["x\\[1-2\\]", ["x[1-2]"]],
  ["a\\{b\\}", ["a{b}"]],
  ["q\\x", ["q\\x"]],
  ["[1-2]{x,y}[a-b]", ["1xa", "1xb", "1ya", "1yb", "2xa", "2xb", "2ya", "2yb"]],
];

Deno.test("expansions match curl's: order, padding, steps, letters, sets, escapes", () => {
  for (const [pattern, expected] of CURL_EXPANSIONS) {
    assertEquals(urls(`file:///g/${pattern}`), expected.map((x) => `file:///g/${x}`), pattern);
  }
});

Deno.test("an IPv6 address literal is not a glob, wherever it is (as curl)", () => {
  assertEquals(urls("http://[::1]:9/[1-2]"), ["http://[::1]:9/1", "http://[::1]:9/2"]);
  assertEquals(urls("http://u:p@[::1]:9/{a,b}"), ["http://u:p@[::1]:9/a", "http://u:p@[::1]:9/b"]);
  assertEquals(urls("http://[fe80::1%25lo]:9/"), ["http://[fe80::1%25lo]:9/"]);
  assertEquals(urls("http://[::ffff:127.0.0.1]:9/x"), ["http://[::ffff:127.0.0.1]:9/x"]);
  assertEquals(urls("http://x:9/a[::1]b"), ["http://x:9/a[::1]b"]);
  assertEquals(urls("http://[::1]:9/\\[x\\]"), ["http://[::1]:9/[x]"]);
  // A range in the host is still a range.
  assertEquals(urls("http://h[1-2]/"), ["http://h1/", "http://h2/"]);
  // Colons that do not make an address are a bad range, not a literal.
  assertThrows(() => parseUrlPattern("http://[1:2:3:4:5:6:7:8:9]/"), UrlPatternError);
});

Deno.test("count and globs, and parts are each glob's text", () => {
  const pattern = parseUrlPattern("https://x.org/{en,de}/p[008-010]-[a-b].html");
  assertEquals(pattern.count, 12);
  assertEquals(pattern.globs, 3);
  const items = [...pattern.items()];
  assertEquals(items.length, 12);
  assertEquals(items[0], { url: "https://x.org/en/p008-a.html", parts: ["en", "008", "a"] });
  assertEquals(items[11], { url: "https://x.org/de/p010-b.html", parts: ["de", "010", "b"] });
  // Each item owns its parts array.
  assertEquals(items[1].parts, ["en", "008", "b"]);

  const plain = parseUrlPattern("https://x.org/a\\{b\\}");
  assertEquals([plain.count, plain.globs], [1, 0]);
  assertEquals([...plain.items()], [{ url: "https://x.org/a{b}", parts: [] }]);
});

Deno.test("items are lazy: a 100,000,000-URL pattern starts at once", () => {
  const pattern = parseUrlPattern("https://x.org/[1-10000]/[1-10000]");
  assertEquals(pattern.count, 100_000_000);
  const iterator = pattern.items();
  assertEquals(iterator.next().value?.url, "https://x.org/1/1");
  assertEquals(iterator.next().value?.url, "https://x.org/1/2");
  iterator.return(undefined);
});

Deno.test("large numbers and steps keep their exact values", () => {
  assertEquals(urls("h/[9007199254740990-9007199254740991]"), [
    "h/9007199254740990",
    "h/9007199254740991",
  ]);
  assertEquals(urls("h/[0-1000000:250000]"), [
    "h/0",
    "h/250000",
    "h/500000",
    "h/750000",
    "h/1000000",
  ]);
  assertEquals(urls("h/[a-z:25]"), ["h/a", "h/z"]);
  assertEquals(urls("h/[1-3:2]"), ["h/1", "h/3"]);
  assertEquals(urls("h/[00-2]"), ["h/00", "h/01", "h/02"]);
  assertEquals(urls("h/[99-101]"), ["h/99", "h/100", "h/101"]);
});

// Refused patterns and the column each problem is reported at.
const REFUSED: [string, number, string][] = [
  ["h/{a", 3, '"{" is never closed'],
  ["h/[1-2", 3, '"[" is never closed'],
  ["h/a]b", 4, '"]" has no matching "["'],
  ["h/a}b", 4, '"}" has no matching "{"'],
  ["h/{a,[1-2]}", 6, "globs cannot be nested"],
  ["h/{a,{b}}", 6, "globs cannot be nested"],
  ["h/[1-{2}]", 6, "globs cannot be nested"],
  ["h/{a]}", 5, '"]" inside a set'],
  ["h/{}", 3, "empty set"],
  ["h/{<lang>en,de}", 3, '"{<lang>" names its glob, as curl allows; named globs are not supported'],
  ["h/[1-2]/[<n>a-b]", 9, "write {2} in the save"],
  ["h/[a-Z]", 3, "mixes cases"],
  ["h/[A-z]", 3, "mixes cases"],
  ["h/[Z-a]", 3, "mixes cases"],
  ["h/[1-a]", 3, "is not a range"],
  ["h/[a-1]", 3, "is not a range"],
  ["h/[a]", 3, "is not a range"],
  ["h/[1]", 3, "is not a range"],
  ["h/[a-b-c]", 3, "is not a range"],
  ["h/[1-2:]", 3, "is not a range"],
  ["h/[-1-2]", 3, "is not a range"],
  ["h/[1-100:0]", 3, "the step must be at least 1"],
  ["h/[1-5:10]", 3, "larger than the range"],
  ["h/[1-1:2]", 3, "larger than the range"],
  ["h/[a-z:30]", 3, "larger than the range"],
  ["h/[5-1]", 3, "goes down"],
  ["h/[z-a]", 3, "goes down"],
  ["h/[1-99999999999999999999]", 3, "too large"],
  ["h/[1-10000][1-10000][1-2]", 21, "more than 100,000,000 URLs, a fixed limit against a"],
  ["h/" + "{a}".repeat(100), 300, "at most 99 globs, a fixed limit: a save template names"],
];

Deno.test("bad syntax is refused with the column of the problem", () => {
  for (const [pattern, column, problem] of REFUSED) {
    const error = assertThrows(() => parseUrlPattern(pattern), UrlPatternError);
    assertEquals([error.pattern, error.column], [pattern, column], pattern);
    assert(error.message.includes(problem), `${pattern}: ${error.message}`);
    assert(error.message.includes(`(column ${column})`), error.message);
    assert(error instanceof SyntaxError);
  }
});

Deno.test("the limits themselves are allowed", () => {
  assertEquals(parseUrlPattern("h/[1-10000][1-10000]").count, 100_000_000);
  assertEquals(parseUrlPattern("h/" + "{a}".repeat(99)).globs, 99);
});

Deno.test("hasUrlGlob: glob syntax, escapes and stray brackets, but not IPv6 literals", () => {
  const yes = [
    "https://x.org/[1-3]",
    "https://x.org/{a,b}",
    "https://x.org/a\\{b\\}",
    "https://x.org/a]",
    "https://x.org/a}",
    "https://x.org/[]",
    "http://[::1]:8080/[1-2]",
    "http://[1-2]/",
  ];
  const no = [
    "https://x.org/a.html",
    "http://[::1]:8080/",
    "http://user@[2001:db8::1]/x",
    "http://[fe80::1%25eth0]/",
    "",
  ];
  for (const text of yes) assert(hasUrlGlob(text), text);
  for (const text of no) assert(!hasUrlGlob(text), text);
});

Deno.test("httpUrlProblem() never quotes a password, also of a URL written without // (https:bob:pw@host)", () => {
  for (
    const [text, shown, reason] of [
      ["https:bob:pw@x.org:70000/", "https:***@x.org:70000/"],
      ["https:\\\\bob:pw@x.org:70000/a", "https:\\\\***@x.org:70000/a"],
      // Why the parser refused it, without the credentials either.
      ["https://bob:pw@x.org:70000/", "https://***@x.org:70000/", "its port 70000 is past 65535"],
      ["htps://x.org/@me", "htps://x.org/@me"],
      ["http//bob:pw@x.org/a", "http//***@x.org/a"],
      ["pages/a@b", "pages/a@b"],
    ]
  ) {
    const why = reason === undefined ? "" : `: ${reason}`;
    assertEquals(
      httpUrlProblem(text),
      `expected an http: or https: URL, got ${JSON.stringify(shown)}${why}`,
    );
  }
});

Deno.test("patternUrlProblem() shows neither the URL's password nor the pattern's, also written without //", () => {
  const pattern = parseUrlPattern("https:bob:pw@x.org:70000/[1-2]");
  const problem = patternUrlProblem(pattern, [...pattern.items()][0].url, 1);
  assertEquals(
    problem,
    'expected an http: or https: URL, got "https:***@x.org:70000/1" (URL 1 of the pattern ' +
      '"https:***@x.org:70000/[1-2]")',
  );
});

Deno.test("httpUrlProblem() of a URL written without its scheme says to write one", () => {
  for (const text of ["example.com/x", "127.0.0.1:8080/a?b", "localhost", "www.example.org"]) {
    assertEquals(
      httpUrlProblem(text),
      `expected an http: or https: URL, got ${JSON.stringify(text)} (write its scheme first, as ` +
        `in "https://${text}")`,
    );
  }
  assertEquals(httpUrlProblem("/relative"), 'expected an http: or https: URL, got "/relative"');
  assertEquals(
    httpUrlProblem("bob:pw@x.org/a"),
    'expected an http: or https: URL, got "***@x.org/a"',
  );
});
