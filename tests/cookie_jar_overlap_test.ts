// Two runs that keep their cookies in one jar file and overlap (two configs, cron without --lock,
// `overlap: allow`): the run that saves last writes its own changes over what the other saved, so
// neither run's login is lost.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { loadConfig, run } from "../mod.ts";
import { CookieJar } from "../lib/http/mod.ts";

/** A site whose `/slow` answers only once `release` is called, each path setting its own cookie. */
function gatedSite() {
  const { promise: released, resolve: release } = Promise.withResolvers<void>();
  const { promise: slowAsked, resolve: askedSlow } = Promise.withResolvers<void>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const path = new URL(request.url).pathname;
    const headers = new Headers();
    if (path === "/login") headers.append("set-cookie", "sid=login-run; Path=/");
    if (path === "/logout") headers.append("set-cookie", "old=; Path=/; Max-Age=0");
    if (path === "/slow") {
      askedSlow();
      await released;
      headers.append("set-cookie", "theme=dark; Path=/");
    }
    return new Response("ok", { headers });
  });
  return {
    url: (path: string) => `http://127.0.0.1:${server.addr.port}${path}`,
    slowAsked,
    release,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

Deno.test("two overlapping runs sharing a cookie jar file keep each other's cookies", async () => {
  await using site = gatedSite();
  const dir = await Deno.makeTempDir({ prefix: "corun-jar-overlap-" });
  try {
    const jarPath = `${dir}/jar.json`;
    // A cookie both runs load, which the login run's server deletes.
    const before = await CookieJar.load(jarPath);
    before.setCookie("old=1; Path=/", new URL(site.url("/")), Date.now());
    await before.save(jarPath);
    const config = (name: string, path: string) =>
      `cookies: jar.json\nmetadata: false\ntasks:\n  - { name: ${name}, fetch: "${
        site.url(path)
      }" }\n`;
    await Deno.writeTextFile(`${dir}/slow.yaml`, config("slow", "/slow"));
    await Deno.writeTextFile(`${dir}/login.yaml`, config("login", "/login"));
    await Deno.writeTextFile(`${dir}/logout.yaml`, config("logout", "/logout"));

    // The slow run loads the jar, then waits on its server while the others log in and out.
    const slow = run(await loadConfig(`${dir}/slow.yaml`), { state: false });
    await site.slowAsked;
    for (const name of ["login", "logout"]) {
      const report = await run(await loadConfig(`${dir}/${name}.yaml`), { state: false });
      assertEquals(report.counts.done, 1, name);
    }
    site.release();
    assertEquals((await slow).counts.done, 1);

    const jar = await CookieJar.load(jarPath);
    assertEquals(jar.cookieHeader(new URL(site.url("/")), Date.now()), "sid=login-run; theme=dark");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
