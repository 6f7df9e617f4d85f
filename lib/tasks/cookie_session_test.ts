import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { CookieFileError, CookieJar } from "../http/mod.ts";
import { saveCookieJar } from "./cookie_session.ts";
import { withTempDir } from "../../tests/fixtures/temp_dir.ts";

const NOW = Date.UTC(2026, 0, 1);
const SITE = new URL("https://example.com/");

const withDir = withTempDir("corun-jar-save-");

Deno.test("runs saving one jar file at the same time keep every run's cookies", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/jar.json`;
    const first = await CookieJar.load(path, NOW);
    first.setCookie("old=1", SITE, NOW);
    await saveCookieJar(first, path, NOW);
    // Eight runs load the jar, each gets a cookie of its own, and all save at once.
    const runs = await Promise.all(
      Array.from({ length: 8 }, () => CookieJar.load(path, NOW)),
    );
    runs.forEach((jar, index) => jar.setCookie(`run${index}=${index}`, SITE, NOW + index));
    await Promise.all(runs.map((jar) => saveCookieJar(jar, path, NOW + 10)));
    const saved = await CookieJar.load(path, NOW + 10);
    assertEquals(
      saved.cookies(NOW + 10).map((cookie) => cookie.name).sort(),
      ["old", "run0", "run1", "run2", "run3", "run4", "run5", "run6", "run7"],
    );
    assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
    assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name), ["jar.json"]);
  });
});

Deno.test("a jar saved where no file is yet is made, owner-only; a link there is refused", async () => {
  await withDir(async (dir) => {
    const jar = await CookieJar.create();
    jar.setCookie("sid=1", SITE, NOW);
    await saveCookieJar(jar, `${dir}/state/jar.json`, NOW);
    assertEquals((await Deno.stat(`${dir}/state/jar.json`)).mode! & 0o777, 0o600);
    const loaded = await CookieJar.load(`${dir}/state/jar.json`, NOW);
    assertEquals(loaded.cookieHeader(SITE, NOW), "sid=1");

    await Deno.symlink(`${dir}/state/jar.json`, `${dir}/link.json`);
    await assertRejects(
      () => saveCookieJar(jar, `${dir}/link.json`, NOW),
      CookieFileError,
      "symbolic link",
    );
    assertEquals((await Deno.lstat(`${dir}/link.json`)).isSymlink, true);
  });
});
