// A password that begins with a raw `#`, `?` or `/` (or digits, then one of them) turns a URL's
// credentials into a host, a port and the rest: `http://me:#pw@host/` is host `me`, fragment
// `pw@host/`. The URL parser finds no credentials, so without a check of their own such URLs were
// fetched from the user name's host and shown whole. Every place that takes a URL refuses them,
// says how to write them, and never shows the password.
import {
  assert,
  assertEquals,
  assertRejects,
  assertThrows,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, type ConfigIssue, defineConfig, run } from "../mod.ts";
import { parseProxyUrl } from "../lib/net/mod.ts";
import { loadText } from "./fixtures/config_files.ts";
import { startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const SECRET = "PW_SECRET";
/** The passwords that cut a URL, each written after `me:` in the user part. */
const CUT = [
  `#${SECRET}`,
  `?${SECRET}`,
  `/${SECRET}`,
  `12#${SECRET}`,
  `12?${SECRET}`,
  `12/${SECRET}`,
  // Letters before the mark: no URL at all (port "pa"), which a parse failure's message would hide.
  `pa#${SECRET}`,
  `pa?${SECRET}`,
  `pa/${SECRET}`,
];
/** How each refusal says to write them. */
const HOW = "write # as %23, / as %2F and ? as %3F";

const withDir = withTempDir("corun-unencoded-");

async function configProblems(text: string): Promise<string[]> {
  const error = await assertRejects(() => loadText("c.yaml", text), ConfigError);
  return error.issues.map((issue: ConfigIssue) => `${issue.path}: ${issue.message}`);
}

Deno.test("a task URL whose password holds a raw #, ? or / is refused, saying how to write it, never showing it", async (t) => {
  for (const password of CUT) {
    await t.step(password, async () => {
      const problems = await configProblems(
        `tasks:\n  - { fetch: "http://me:${password}@127.0.0.1:8801/ok", save: a }\n` +
          `  - { fetch: "http://me:${password}@127.0.0.1:8801/[1-2]", save: "{1}" }\n` +
          `notify: { success: "http://me:${password}@127.0.0.1:8801/ping" }\n` +
          `defaults: { proxy: "http://me:${password}@127.0.0.1:8811" }\n`,
      );
      assertEquals(problems.length, 4, problems.join("\n"));
      for (const problem of problems) assert(!problem.includes(SECRET), problem);
      const [task, pattern, ping, proxy] = problems;
      for (const problem of [task, pattern]) assert(problem.includes(HOW), problem);
      assert(task.includes("use auth: { username, password }"), task);
      assert(ping.startsWith("notify.success: credentials in a URL are not sent"), ping);
      assertEquals(
        proxy,
        `defaults.proxy: "http://***@127.0.0.1:8811": its password holds a raw #, ? or /, which ` +
          "ends the host part there: the user name would be taken for the host, and the password " +
          `sent on as the rest of the URL; in a user name or password ${HOW}`,
      );
    });
  }
});

Deno.test("a URL whose password holds a raw # is refused as a list line and by ctx.fetch: nothing is sent or logged", async () => {
  await using site = startRouteServer({ "/ok": { body: "ok" } });
  await withDir(async (dir) => {
    const cut = site.url("/ok").replace("://", `://me:#${SECRET}@`);
    await Deno.writeTextFile(`${dir}/urls.txt`, `${cut}\n`);
    const errors: string[] = [];
    const report = await run(
      defineConfig({
        outDir: `${dir}/out`,
        tasks: [
          { name: "list", fetch: { urls: `${dir}/urls.txt` }, save: "{path}" },
          {
            name: "custom",
            *run(ctx) {
              try {
                yield* ctx.fetch(cut);
              } catch (error) {
                errors.push((error as Error).message);
              }
            },
          },
        ],
      }),
      { state: false },
    );
    const shown = cut.replace(`me:#${SECRET}@`, "***@");
    const list = report.tasks[0].error?.message ?? "";
    assert(list.includes(`line 1 of ${dir}/urls.txt`) && list.includes(HOW), list);
    assert(list.endsWith(JSON.stringify(shown)), list);
    assertEquals(errors.length, 1);
    assert(errors[0].startsWith(`Cannot ctx.fetch ${JSON.stringify(shown)} for task `), errors[0]);
    assert(errors[0].includes(HOW), errors[0]);
    const metadata = await Deno.readTextFile(`${dir}/out/corun.jsonl`);
    assert(!metadata.includes(SECRET), metadata);
  });
});

Deno.test("a proxy variable whose password holds a raw #, ? or / is refused, never showing it", () => {
  for (const password of CUT) {
    for (
      const written of [
        `http://puser:${password}@127.0.0.1:8811`,
        `puser:${password}@127.0.0.1:8811`,
      ]
    ) {
      const error = assertThrows(() => parseProxyUrl(written, "from https_proxy"), TypeError);
      assert(!error.message.includes(SECRET) && !error.message.includes("puser"), error.message);
      assert(
        error.message.includes("127.0.0.1:8811") && error.message.includes(HOW),
        error.message,
      );
    }
  }
});

Deno.test("a database URL whose password holds a raw ? or / is refused as one holding a raw # is", async () => {
  for (const password of CUT) {
    const [problem] = await configProblems(`db: "postgres://me:${password}@db/corun"\ntasks: []\n`);
    // After the URL refused when the cut leaves none (`me:pa#…`: port "pa"), else alone.
    assert(/^db: (expected .*; )?its password holds a raw #, \? or \//.test(problem), problem);
    assert(problem.includes(HOW) && !problem.includes(SECRET), problem);
  }
});

Deno.test("an @ in a path after a port is a path's, not a password's: such URLs are fetched", async () => {
  await using site = startRouteServer({ "/@alice": { body: "a" }, "/a/b@2x.png": { body: "b" } });
  await withDir(async (dir) => {
    const report = await run(
      defineConfig({
        outDir: dir,
        tasks: [
          { name: "user", fetch: site.url("/@alice"), save: "alice" },
          { name: "image", fetch: site.url("/a/b@2x.png"), save: "image" },
        ],
      }),
      { state: false },
    );
    assertEquals(report.tasks.map((task) => task.outcome), ["done", "done"]);
  });
});
