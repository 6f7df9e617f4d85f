import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { loadRobotsParser } from "./deps.ts";
import { MAX_MATCH_STEPS, productTokenOf, RobotsRules } from "./robots_rules.ts";

const ROBOTS = "https://a.example/robots.txt";

Deno.test("productTokenOf takes the User-Agent's first word without its version, in any case of name", () => {
  const cases: [Record<string, string>, string][] = [
    [{}, "corun"],
    [{ "User-Agent": "MyBot/2.1 (+https://a.example/bot)" }, "MyBot"],
    [{ "user-agent": "  Plain Crawler" }, "Plain"],
    [{ "USER-AGENT": "solo" }, "solo"],
    [{ "User-Agent": "" }, "*"],
    [{ Accept: "text/html" }, "corun"],
  ];
  for (const [headers, token] of cases) assertEquals(productTokenOf(headers), token, headers);
});

Deno.test("a robots.txt's rules: its agent's group, else *; the longest rule wins, Allow on a tie", async () => {
  const parse = await loadRobotsParser();
  const rules = RobotsRules.parsed(
    ROBOTS,
    [
      "User-agent: *",
      "Disallow: /",
      "",
      "User-agent: Corun", // a product token is matched without case
      "Disallow: /private",
      "Allow: /private/open",
      "Disallow: /*.pdf$",
      "Allow: /same",
      "Disallow: /same",
    ].join("\n"),
    parse,
  );
  const cases: [string, string, boolean][] = [
    ["/", "corun", true],
    ["/private/x", "corun", false],
    ["/private/open/x", "corun", true],
    ["/docs/a.pdf", "corun", false],
    ["/docs/a.pdf?v=1", "corun", true],
    ["/same", "corun", true],
    ["/", "OtherBot", false],
  ];
  for (const [path, agent, allowed] of cases) {
    assertEquals(rules.refusal(`https://a.example${path}`, agent) === undefined, allowed, path);
  }
  assertEquals(
    rules.refusal("https://a.example/private/x", "corun"),
    `${ROBOTS} disallows it for the user agent "corun"`,
  );
});

Deno.test("no robots.txt allows every link; one that cannot be read disallows every link, saying why", () => {
  assertEquals(RobotsRules.absent(ROBOTS).refusal("https://a.example/x", "corun"), undefined);
  const unreachable = RobotsRules.unreachableFile(ROBOTS, "the server answered 503");
  assertEquals(unreachable.unreachable, "the server answered 503");
  assertEquals(
    unreachable.refusal("https://a.example/x", "corun"),
    `${ROBOTS} could not be read (the server answered 503), and a robots.txt that cannot be ` +
      "reached disallows the whole origin",
  );
});

Deno.test("a link too long for a file's wildcard rules is left out unmatched; an ordinary file matches a long link", async () => {
  const parse = await loadRobotsParser();
  // 32 rules of `*a` 1,000 times: each tried at every place of a link of a's, never matching.
  const hostile = ["User-agent: *"];
  for (let i = 0; i < 32; i++) hostile.push(`Disallow: /${"*a".repeat(1000)}b${i}`);
  const rules = RobotsRules.parsed(ROBOTS, hostile.join("\n"), parse);
  const link = `https://a.example/${"a".repeat(1000)}`;
  // What follows each `Disallow:`.
  const wildcardBytes = hostile.slice(1).reduce((sum, line) => sum + line.length - 9, 0);
  const steps = wildcardBytes * link.length;
  assertEquals(
    rules.refusal(link, "corun"),
    `${ROBOTS} has ${wildcardBytes} bytes of rules with "*", too many to match against a link of ` +
      `${link.length} characters (${steps} steps, more than the ${MAX_MATCH_STEPS} corun takes: a ` +
      "fixed limit, as each such rule is tried at every place of the link), so it is left out as " +
      "a disallowed link is",
  );
  // A short link is still matched against them.
  assertEquals(rules.refusal("https://a.example/ab0", "corun"), undefined);
  // 300 rules of a busy site, against a link of 2,000 characters.
  const ordinary = ["User-agent: *"];
  for (let i = 0; i < 300; i++) ordinary.push(`Disallow: /*?sort=${i}`);
  const busy = RobotsRules.parsed(ROBOTS, ordinary.join("\n"), parse);
  const long = `https://a.example/${"p".repeat(2000)}`;
  assertEquals(busy.refusal(long, "corun"), undefined);
  assertEquals(
    busy.refusal(`${long}?sort=7`, "corun"),
    `${ROBOTS} disallows it for the user agent "corun"`,
  );
});
