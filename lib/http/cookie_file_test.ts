import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  CookieFileError,
  MAX_COOKIE_FILE_BYTES,
  readCookieFile,
  writeCookieFile,
} from "./cookie_file.ts";
import { type Cookie, CookieJar } from "./cookie_jar.ts";
import { withTempDir } from "../../tests/fixtures/temp_dir.ts";

const NOW = Date.UTC(2026, 0, 1);
const SECRET = "s3cr3t-value";

const withDir = withTempDir("corun-cookie-file-");

Deno.test("a saved jar loads with the same cookies, session cookies included (as curl's jar)", async () => {
  await withDir(async (dir) => {
    const jar = await CookieJar.create();
    const site = new URL("https://www.example.com/app/login");
    jar.setCookies(
      [
        `sid=${SECRET}; HttpOnly; Secure`,
        "theme=dark; Domain=example.com; Path=/; Max-Age=3600; SameSite=Lax",
        "gone=1; Max-Age=10",
      ],
      site,
      NOW,
    );
    const path = `${dir}/state/jar.json`;
    await jar.save(path, NOW + 1);
    assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
    assertEquals([...Deno.readDirSync(`${dir}/state`)].map((entry) => entry.name), ["jar.json"]);

    // Ten seconds later "gone" has expired; the session cookie and "theme" remain.
    const loaded = await CookieJar.load(path, NOW + 10_000);
    assertEquals(loaded.cookies(NOW + 10_000), jar.cookies(NOW + 10_000));
    assertEquals(loaded.cookies(NOW + 10_000).map((cookie) => cookie.name), ["sid", "theme"]);
    assertEquals(
      loaded.cookieHeader(new URL("https://www.example.com/app/x"), NOW + 10_000),
      `sid=${SECRET}; theme=dark`,
    );
    // Saving again replaces the file whole.
    await loaded.save(path, NOW + 3_600_000);
    const again = await CookieJar.load(path, NOW + 3_600_000);
    assertEquals(again.cookies(NOW + 3_600_000).map((cookie) => cookie.name), ["sid"]);
  });
});

Deno.test("a cookie's bytes past 0x7F are saved and loaded as they are; a version 1 jar's text as the UTF-8 it was sent as", async () => {
  await withDir(async (dir) => {
    const site = new URL("https://example.com/");
    const jar = await CookieJar.create();
    // As the head parser gives them, one character per byte: not UTF-8, UTF-8, C1 and 0xFF.
    jar.setCookies(["a=caf\xe9", "b=caf\xc3\xa9", "n\xe9=\x85\x80\xff"], site, NOW);
    const path = `${dir}/jar.json`;
    await jar.save(path, NOW);
    const loaded = await CookieJar.load(path, NOW);
    assertEquals(loaded.cookies(NOW), jar.cookies(NOW));
    assertEquals(loaded.cookieHeader(site, NOW), "a=caf\xe9; b=caf\xc3\xa9; n\xe9=\x85\x80\xff");

    // Version 1 held text, sent as UTF-8: "café" went as 63 61 66 C3 A9, and so it goes on.
    const v1 = (await Deno.readTextFile(path)).replace('"version":2', '"version":1');
    await Deno.writeTextFile(path, v1.replace("caf\xe9", "café").replace("n\xe9", "n€"));
    const old = await CookieJar.load(path, NOW);
    assertEquals(old.cookies(NOW).map(({ name, value }) => `${name}=${value}`), [
      "a=caf\xc3\xa9",
      "b=caf\xc3\x83\xc2\xa9",
      "n\xe2\x82\xac=\xc2\x85\xc2\x80\xc3\xbf",
    ]);
  });
});

Deno.test("a jar file that does not exist yet is an empty jar", async () => {
  await withDir(async (dir) => {
    const jar = await CookieJar.load(`${dir}/none.json`, NOW);
    assertEquals(jar.size, 0);
  });
});

Deno.test("an empty jar file made beforehand (touch, install -m 600 /dev/null) is an empty jar", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/jar.json`;
    for (const text of ["", "\n"]) {
      await Deno.writeTextFile(path, text, { mode: 0o600 });
      const jar = await CookieJar.load(path, NOW);
      assertEquals(jar.size, 0);
      jar.setCookie(`sid=${SECRET}`, new URL("https://example.com/"), NOW);
      await jar.save(path, NOW);
      const saved = await CookieJar.load(path, NOW);
      assertEquals(saved.cookieHeader(new URL("https://example.com/"), NOW), `sid=${SECRET}`);
    }
  });
});

Deno.test("a corrupt jar file is an error naming the file and the line or field, never a value", async () => {
  const valid = (cookie: Record<string, unknown>) =>
    JSON.stringify({
      name: "sid",
      value: SECRET,
      domain: "example.com",
      hostOnly: true,
      path: "/",
      expiresMs: null,
      secure: false,
      httpOnly: false,
      sameSite: null,
      createdMs: NOW,
      lastAccessMs: NOW,
      ...cookie,
    });
  const head = '{"format":"corun-cookie-jar","version":1,"cookies":[\n';
  const cases: [text: string, where: { line?: number; field?: string }, problem: RegExp][] = [
    [
      `${head}${valid({})},\n{"name":"a","value":"${SECRET}" "x"}\n]}`,
      { line: 3 },
      /not valid JSON/,
    ],
    [`${head}${valid({})}`, { line: 2 }, /not valid JSON/],
    [`${head}${valid({})},\n${valid({ domain: 5 })}\n]}`, {
      line: 3,
      field: "cookies[1].domain",
    }, /expected a string/],
    [`${head}${valid({ expiresMs: "soon" })}\n]}`, {
      line: 2,
      field: "cookies[0].expiresMs",
    }, /finite number/],
    [`${head}${valid({ value: `${SECRET};x` })}\n]}`, { line: 2, field: "cookies[0].value" }, /;/],
    [`${head}${valid({ hostOnly: undefined })}\n]}`, {
      line: 2,
      field: "cookies[0].hostOnly",
    }, /missing/],
    ['{"cookies":[]}', { line: 1 }, /not a cookie jar/],
    ['{"format":"corun-cookie-jar","version":3,"cookies":[]}', { field: "version" }, /newer/],
    ['{"format":"corun-cookie-jar","version":0,"cookies":[]}', { field: "version" }, /or 1/],
    [
      `${head.replace('"version":1', '"version":2')}${valid({ value: `${SECRET}\u20ac` })}\n]}`,
      { line: 2, field: "cookies[0].value" },
      /past U\+00FF/,
    ],
    ['{"format":"corun-cookie-jar","version":1,"cookies":{}}', { field: "cookies" }, /array/],
  ];
  await withDir(async (dir) => {
    const path = `${dir}/jar.json`;
    for (const [text, where, problem] of cases) {
      await Deno.writeTextFile(path, text);
      const error = await assertRejects(() => CookieJar.load(path, NOW), CookieFileError);
      assert(error.message.startsWith(`Cannot read the cookie jar "${path}": `), error.message);
      assert(problem.test(error.message), error.message);
      assert(!error.message.includes(SECRET), error.message);
      assertEquals([error.line, error.field], [where.line, where.field], error.message);
    }
  });
});

Deno.test("a curl cookies.txt or another file that is not a JSON object names its first line", async () => {
  const curlJar = "# Netscape HTTP Cookie File\n# https://curl.se/docs/http-cookies.html\n" +
    "# This file was generated by libcurl! Edit at your own risk.\n\n" +
    `#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\tsid\t${SECRET}\n`;
  const cases: [text: string, line: number, problem: RegExp][] = [
    [curlJar, 1, /a Netscape cookie file \(curl's --cookie-jar\), not a corun jar/],
    // As some exporters write it: entries without the header line.
    [
      `\n.example.com\tTRUE\t/\tFALSE\t0\tsid\t${SECRET}\r\n`,
      2,
      /a Netscape cookie file \(curl's --cookie-jar\), not a corun jar/,
    ],
    [`#HttpOnly_example.com\tFALSE\t/\tTRUE\t0\tsid\t${SECRET}\n`, 1, /a Netscape cookie file/],
    [`\n\nsid: ${SECRET}\n`, 3, /not a cookie jar \(not a JSON object\)/],
    [`[{"name":"sid","value":"${SECRET}"}]`, 1, /not a cookie jar \(not a JSON object\)/],
  ];
  await withDir(async (dir) => {
    const path = `${dir}/cookies.txt`;
    for (const [text, line, problem] of cases) {
      await Deno.writeTextFile(path, text);
      const error = await assertRejects(() => CookieJar.load(path, NOW), CookieFileError);
      assert(problem.test(error.message), error.message);
      assert(!error.message.includes(SECRET), error.message);
      assertEquals(error.line, line, error.message);
    }
  });
});

Deno.test("a jar file that is a symbolic link is refused, never read or replaced through it", async () => {
  await withDir(async (dir) => {
    // A dotfiles manager (stow) links the jar into place from where it is kept: its save would
    // replace the link with a file of its own, and the kept jar would never change again.
    await Deno.mkdir(`${dir}/kept`);
    await Deno.writeTextFile(`${dir}/kept/jar.json`, "");
    await Deno.symlink(`${dir}/kept/jar.json`, `${dir}/jar.json`);
    await Deno.symlink(`${dir}/nowhere.json`, `${dir}/dangling.json`);
    for (const name of ["jar.json", "dangling.json"]) {
      const error = await assertRejects(
        () => CookieJar.load(`${dir}/${name}`, NOW),
        CookieFileError,
      );
      assert(error.message.includes("symbolic link"), error.message);
    }
    assert((await Deno.lstat(`${dir}/jar.json`)).isSymlink);
    assertEquals(await Deno.readTextFile(`${dir}/kept/jar.json`), "");
  });
});

Deno.test("a jar file larger than 16 MiB is refused unread, naming the file and the limit", async () => {
  await withDir(async (dir) => {
    // A wrong path (a disk image, a log): read whole, it would all be in memory before the parse.
    const path = `${dir}/jar.json`;
    await Deno.writeTextFile(path, "");
    await Deno.truncate(path, MAX_COOKIE_FILE_BYTES + 1);
    const error = await assertRejects(() => CookieJar.load(path, NOW), CookieFileError);
    assertEquals(
      error.message,
      `Cannot read the cookie jar "${path}": it is larger than 16MiB (maxCookieJarSize), the most ` +
        "a cookie jar is read (3000 cookies of 300 bytes, a full jar, are about 1MB); is it the " +
        "right file?",
    );
    // At the cap, it is read (and refused for what it holds, not its size).
    await Deno.truncate(path, MAX_COOKIE_FILE_BYTES);
    const whole = await assertRejects(() => readCookieFile(path), CookieFileError);
    assert(!whole.message.includes("16MiB"), whole.message);
  });
});

Deno.test("a jar whose cookies would pass the cap is saved with its most recently used ones that fit", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/jar.json`;
    // 4,200 cookies of 4 KiB (past the 3,000 a jar keeps: written as given), 17 MiB in all.
    const cookies: Cookie[] = Array.from({ length: 4200 }, (_, index) => ({
      name: `c${index}`,
      value: "x".repeat(4000),
      domain: `h${index % 100}.example`,
      hostOnly: true,
      path: "/",
      secure: false,
      httpOnly: false,
      createdMs: NOW,
      lastAccessMs: NOW + index,
    }));
    const leftOut = await writeCookieFile(path, cookies);
    const size = (await Deno.stat(path)).size;
    assert(size <= MAX_COOKIE_FILE_BYTES, `${size} bytes`);
    const kept = (await readCookieFile(path))!.map((cookie) => Number(cookie.name.slice(1)));
    // The newest, in the order given; the least recently used are the ones left out.
    assertEquals(kept, kept.toSorted((a, b) => a - b));
    assertEquals(kept.at(-1), 4199);
    assertEquals(kept[0], 4200 - kept.length);
    assertEquals(leftOut, 4200 - kept.length);
    // No more left out than it takes: one more cookie (over 4,000 bytes) would not have fit.
    assert(size + 4000 > MAX_COOKIE_FILE_BYTES, `${size} bytes`);
  });
});

Deno.test("a save over maxFileBytes keeps the cookies this run sent, even those it read from the file, and counts what it left out", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/jar.json`;
    const site = new URL("https://example.com/");
    const big = (name: string) => `${name}=${"v".repeat(1000)}; Path=/${name}; Max-Age=86400`;
    const first = await CookieJar.create();
    first.setCookies([big("old"), big("new")], site, NOW); // "old" first: the least recently used
    assertEquals(await first.save(path, NOW), 0);
    // Two cookies fit in 3,000 bytes, but not three.
    const jar = await CookieJar.load(path, NOW + 1, { maxFileBytes: 3000 });
    assertEquals(jar.maxFileBytes, 3000);
    assertEquals(jar.cookieHeader(new URL("https://example.com/old"), NOW + 2).slice(0, 4), "old=");
    jar.setCookie(big("newest"), site, NOW + 1);
    // "new" was set after "old" but not sent since this run's use of "old": it goes.
    assertEquals(await jar.save(path, NOW + 3), 1);
    const names = (await readCookieFile(path))!.map((cookie) => cookie.name);
    assertEquals(names, ["old", "newest"]);
  });
});
