import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { countUrlList } from "../frontier/url_list.ts";
import { MAX_PATTERN_HOSTS, MAX_TASK_ORIGINS, planReach } from "./plan_reach.ts";

/** A list of one URL on each of `hosts` hosts, `per` times over, hosts interleaved. */
function hostsList(hosts: number, per: number): string {
  const lines: string[] = [];
  for (let round = 0; round < per; round++) {
    for (let host = 1; host <= hosts; host++) lines.push(`https://h${host}.example/${round}`);
  }
  return `${lines.join("\n")}\n`;
}

async function withDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-plan-reach-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("planReach() reads a list once for its count and the origins of its URLs", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/urls.txt`,
      "# mirrors\nhttps://a.example/1\nHTTPS://B.EXAMPLE:443/2\tb.html\n" +
        "not a url\nftp://c.example/3\nhttps://a.example/4\n  https://c.example/5  \n",
    );
    const config = validateConfig({
      tasks: [{ name: "listed", fetch: { urls: "urls.txt" }, save: "{path}" }],
    }, `${dir}/tasks.yaml`);
    let reads = 0;
    const reach = await planReach(config, (path, options) => {
      reads++;
      return countUrlList(path, options);
    });
    assertEquals(reads, 1);
    // Bad lines count as items the run records as failed, but reach no origin.
    assertEquals(reach.get("listed"), {
      urls: 6,
      origins: ["https://a.example", "https://b.example", "https://c.example"],
      urlsOn: new Map([
        ["https://a.example", 2],
        ["https://b.example", 1],
        ["https://c.example", 1],
      ]),
      elsewhere: 0,
    });
  });
});

Deno.test("planReach() names a list's first 100 new origins, counts its URLs on the rest, and always places those on origins the plan names", async () => {
  await withDir(async (dir) => {
    // 150 hosts, 3 URLs each, interleaved: no row per URL is kept, the count is exact.
    await Deno.writeTextFile(`${dir}/urls.txt`, hostsList(150, 3));
    const config = validateConfig({
      origins: { "https://h140.example": { rate: "1/s" } },
      tasks: [
        { name: "one", fetch: "https://h120.example/" },
        { name: "listed", fetch: { urls: "urls.txt" }, save: "{path}" },
        { name: "again", fetch: { urls: "urls.txt" }, save: "again/{path}" },
      ],
    }, `${dir}/tasks.yaml`);
    const reach = await planReach(config);
    const listed = reach.get("listed")!;
    const firstHundred = Array.from({ length: MAX_TASK_ORIGINS }, (_, i) => `h${i + 1}`);
    assertEquals(listed.urls, 450);
    assertEquals(
      listed.origins,
      [...firstHundred, "h120", "h140"].map((host) => `https://${host}.example`),
    );
    // h101 to h150 but for h120 and h140: 48 hosts of 3 URLs.
    assertEquals(listed.elsewhere, 48 * 3);
    assertEquals(reach.get("one"), {
      origins: ["https://h120.example"],
      urlsOn: new Map([["https://h120.example", 1]]),
      elsewhere: 0,
    });
    // Each origin it names has its 3 URLs, the last round's too.
    assertEquals([...listed.urlsOn.values()], listed.origins.map(() => 3));
    // The origins the first list named are the plan's now: the second names 100 more.
    const again = reach.get("again")!;
    assertEquals(again.origins.length, 150);
    assertEquals(again.elsewhere, 0);
  });
});

Deno.test("planReach() tells a pattern's origins from its host part alone, whatever its path's globs", async () => {
  const config = validateConfig({
    tasks: [
      { name: "path", fetch: "https://a.example/[1-1000000]", save: "{1}" },
      { name: "hosts", fetch: "https://{x,y}.example:[8080-8081]/[1-5]", save: "{1}/{2}/{3}" },
      // A set that holds the host's end: the part up to the "/" after it decides.
      { name: "span", fetch: "https://{c.example/x,d.example}/[1-2]", save: "{1}/{2}" },
      { name: "v6", fetch: "http://[::1]:[8080-8081]/{a,b}", save: "{1}/{2}" },
    ],
  }, "tasks.yaml");
  const reach = await planReach(config);
  assertEquals(reach.get("path"), {
    urls: 1_000_000,
    origins: ["https://a.example"],
    urlsOn: new Map([["https://a.example", 1_000_000]]),
    elsewhere: 0,
  });
  assertEquals(reach.get("hosts"), {
    urls: 20,
    origins: [
      "https://x.example:8080",
      "https://x.example:8081",
      "https://y.example:8080",
      "https://y.example:8081",
    ],
    urlsOn: new Map([
      ["https://x.example:8080", 5],
      ["https://x.example:8081", 5],
      ["https://y.example:8080", 5],
      ["https://y.example:8081", 5],
    ]),
    elsewhere: 0,
  });
  assertEquals(reach.get("span"), {
    urls: 4,
    origins: ["https://c.example", "https://d.example"],
    urlsOn: new Map([["https://c.example", 2], ["https://d.example", 2]]),
    elsewhere: 0,
  });
  assertEquals(reach.get("v6"), {
    urls: 4,
    origins: ["http://[::1]:8080", "http://[::1]:8081"],
    urlsOn: new Map([["http://[::1]:8080", 2], ["http://[::1]:8081", 2]]),
    elsewhere: 0,
  });
});

Deno.test("planReach() names a pattern's first 100 new hosts and counts the URLs on the rest", async () => {
  const config = validateConfig({
    origins: { "https://h150.example": { rate: "1/s" } },
    tasks: [{ name: "many", fetch: "https://h[1-200].example/[1-3]", save: "{1}/{2}" }],
  }, "tasks.yaml");
  const many = (await planReach(config)).get("many")!;
  assertEquals(many.urls, 600);
  assertEquals(many.origins.length, MAX_TASK_ORIGINS + 1);
  assertEquals(many.origins.slice(-2), ["https://h100.example", "https://h150.example"]);
  assertEquals(many.elsewhere, 99 * 3);
});

Deno.test("planReach() looks at a pattern's first 100,000 hosts: the URLs past them count as elsewhere", async () => {
  const config = validateConfig({
    // Named, but past the hosts looked at: the plan cannot tell the pattern goes there.
    origins: { "https://h200000.example": { rate: "1/s" } },
    tasks: [{ name: "huge", fetch: "https://h[1-300000].example/{a,b}", save: "{1}/{2}" }],
  }, "tasks.yaml");
  const huge = (await planReach(config)).get("huge")!;
  assertEquals(huge.urls, 600_000);
  assertEquals(huge.origins.length, MAX_TASK_ORIGINS);
  assertEquals(huge.elsewhere, 600_000 - MAX_TASK_ORIGINS * 2);
  assertEquals(MAX_PATTERN_HOSTS, 100_000);
});
