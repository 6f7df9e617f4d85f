import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { loadRobotsParser } from "./deps.ts";
import { productTokenOf, RobotsRules } from "./robots_rules.ts";
import { formatCount } from "./count_text.ts";

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
  // Each pattern, as robots-parser keeps it (after `Disallow: `).
  const wildcardBytes = hostile.slice(1).reduce((sum, line) => sum + line.length - 10, 0);
  const steps = wildcardBytes * link.length;
  assertEquals(
    rules.refusal(link, "corun"),
    `${ROBOTS} has ${formatCount(wildcardBytes)} bytes of rules with "*" in the "*" group, too ` +
      `many to match against a link of ${formatCount(link.length)} characters ` +
      `(${formatCount(steps)} steps, more than the 33,554,432 corun takes: each such rule is ` +
      "tried at every place of the link), so it is left out as a disallowed link is; " +
      "`crawl.robots: false` fetches links without asking robots.txt (a group of the origin's " +
      'own for "corun" is counted alone)',
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

Deno.test("only the group a link is matched by counts toward its steps: other agents' hostile groups leave corun's links matched", async () => {
  const parse = await loadRobotsParser();
  // A shop's file: 10 named bots of 200 facet rules each (49 KB), and everyone else allowed.
  const bots = ["Googlebot", "Bingbot", "Slurp", "DuckDuckBot", "Baiduspider", "YandexBot"];
  bots.push("Applebot", "facebot", "ia_archiver", "Twitterbot");
  const lines: string[] = [];
  for (const bot of bots) {
    lines.push(`User-agent: ${bot}`);
    for (let i = 0; i < 200; i++) lines.push(`Disallow: /*?*facet_${i}=`);
    lines.push("");
  }
  const link = `https://a.example/search?${"q=shoes&color=red&size=42&".repeat(50)}`;
  const everyone = RobotsRules.parsed(
    ROBOTS,
    [...lines, "User-agent: *", "Allow: /"].join("\n"),
    parse,
  );
  assertEquals(everyone.refusal(link, "corun"), undefined);
  assertEquals(everyone.refusal(`${link}&facet_7=x`, "corun"), undefined);
  // corun's own group is matched alone, the `*` group left aside, as robots-parser picks it.
  const own = RobotsRules.parsed(
    ROBOTS,
    [...lines, "User-agent: corun", "Disallow: /*?*facet_7=", "", "User-agent: *", "Disallow: /"]
      .join("\n"),
    parse,
  );
  assertEquals(own.refusal(link, "corun"), undefined);
  assertEquals(
    own.refusal(`${link}&facet_7=x`, "corun"),
    `${ROBOTS} disallows it for the user agent "corun"`,
  );
  // The same hostile rules in the `*` group are corun's: its long link is left out.
  const toAgent = (agent: string) =>
    lines.map((line) => line.startsWith("User-agent") ? `User-agent: ${agent}` : line).join("\n");
  const shared = RobotsRules.parsed(ROBOTS, toAgent("*"), parse);
  assert(shared.refusal(link, "corun")?.includes('in the "*" group'));
  // A bot's own links are matched by its own group, and held to the limit by it.
  const bot = RobotsRules.parsed(ROBOTS, toAgent("MyBot"), parse);
  assertEquals(bot.refusal(link, "corun"), undefined);
  assert(bot.refusal(link, "MyBot")?.includes('in the group for "mybot"'));
});

Deno.test("a parser that shows no groups: every wildcard rule of the file counts", () => {
  const text = `User-agent: other\nDisallow: /${"*a".repeat(20_000)}\nUser-agent: *\nAllow: /\n`;
  const rules = RobotsRules.parsed(ROBOTS, text, () => ({ isAllowed: () => true }));
  const refusal = rules.refusal(`https://a.example/${"a".repeat(1000)}`, "corun");
  assert(refusal?.includes('bytes of rules with "*" in the file'), refusal);
});
