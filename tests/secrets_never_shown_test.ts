/**
 * Credentials a config gives (basic and bearer `auth`, `Authorization` and `Cookie` headers, a
 * proxy's password, a bearer token from `{ env }` and a header value from `{ file }`, that file's
 * next texts as `schedule` reads it again, a good one and one it refuses) and a cookie a server
 * sets are sent where they belong, and appear in nothing corun writes or prints: the plain lines,
 * `--log`, `--json`, `--trace`, the report page, the metadata log and its archive, the history,
 * `plan`, `plan --json`, `check`, `history` and `schedule`'s lines and warnings. Each output is
 * tested on its own elsewhere; this is the whole command line, every file at once.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { startRouteServer } from "./fixtures/route_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { listFiles, withTempDir } from "./fixtures/temp_dir.ts";

const withDir = withTempDir("corun-secrets-");

/** Each secret, and the Basic credentials as they go on the wire. */
const SECRETS = [
  "PW_BASIC_4711",
  btoa("alice:PW_BASIC_4711"),
  "TOKEN_HEADER_4711",
  "COOKIE_HEADER_4711",
  "TOKEN_BEARER_4711",
  "PW_PROXY_4711",
  "COOKIE_SET_4711",
  "TOKEN_ENV_4711",
  "KEY_FILE_4711",
  "KEY_ROTATED_4711",
  "KEY_REFUSED_4711",
];

Deno.test("no credential of a config, nor a cookie a server set, shows in any output of corun", async () => {
  // What the schedule's fires find in key.txt after the first: a good key, then one it refuses.
  const rotations = ["KEY_ROTATED_4711\n", "KEY_REFUSED_4711\r\nX-Injected: 1\n"];
  let keyFile = "";
  await using away = startRouteServer({ "/landing": { body: "landed" } });
  await using site = startRouteServer({
    // Another origin: the redirect drops the credentials.
    "/redirect": { status: 302, headers: { Location: away.url("/landing") } },
    "/fail": { status: 500, headers: { "WWW-Authenticate": 'Basic realm="x"' } },
    "/cookie": { headers: { "Set-Cookie": "sid=COOKIE_SET_4711; Path=/" }, body: "c" },
    "/kept-out": { status: 500 },
    // Each fire's request rotates key.txt, as a sidecar would between fires.
    "/rotating": () => {
      const text = rotations.shift();
      if (text !== undefined) {
        Deno.writeTextFileSync(`${keyFile}.new`, text);
        Deno.renameSync(`${keyFile}.new`, keyFile);
      }
      return { body: "r" };
    },
  });
  await withDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/c.yaml`,
      [
        "outDir: out",
        "cookies: true",
        "tasks:",
        "  - name: basic",
        `    fetch: { url: "${
          site.url("/redirect")
        }", auth: { username: alice, password: PW_BASIC_4711 } }`,
        "    save: basic.txt",
        "  - name: headers",
        `    fetch: { url: "${
          site.url("/fail")
        }", headers: { Authorization: "Bearer TOKEN_HEADER_4711", Cookie: "c=COOKIE_HEADER_4711" } }`,
        "    retries: 0",
        "  - name: bearer",
        `    fetch: { url: "${site.url("/cookie")}", auth: { bearer: TOKEN_BEARER_4711 } }`,
        "    save: cookie.txt",
        "    after: [headers]",
        "  - name: proxied",
        `    fetch: "${site.url("/proxied")}"`,
        '    proxy: "http://bob:PW_PROXY_4711@127.0.0.1:9"',
        "    retries: 0",
        // Kept out of the config: read from the environment and from a file when it loads.
        "  - name: kept-out",
        `    fetch: { url: "${
          site.url("/kept-out")
        }", auth: { bearer: { env: NEVER_SHOWN_TOKEN } } }`,
        "    headers: { X-Api-Key: { file: key.txt } }",
        "    retries: 0",
      ].join("\n") + "\n",
    );
    await Deno.writeTextFile(`${dir}/key.txt`, "KEY_FILE_4711\n");
    await Deno.writeTextFile(
      `${dir}/s.yaml`,
      [
        "outDir: out",
        'schedule: { cron: "*/10 * * * *", timezone: UTC }',
        "tasks:",
        `  - fetch: { url: "${site.url("/rotating")}", headers: { X-Api-Key: { file: key.txt } } }`,
      ].join("\n") + "\n",
    );
    keyFile = `${dir}/key.txt`;
    const env = { NO_COLOR: "1", NEVER_SHOWN_TOKEN: "TOKEN_ENV_4711" };
    const corun = (...args: string[]) => runDeno(["run", "-A", MOD, ...args], { cwd: dir, env });
    const outputs = [
      await corun("run", "c.yaml", "--trace", "t.json", "--log", "run.log", "--json"),
      // A second run archives the first's metadata and adds to the history.
      await corun("run", "c.yaml", "--trace", "t.json", "--log", "run.log"),
      await corun("plan", "c.yaml"),
      await corun("plan", "--json", "c.yaml"),
      await corun("check", "c.yaml"),
      await corun("history", "c.yaml"),
      await corun("report", "t.json"),
      // Three fires or four, each reading key.txt again: its text, another, a refused one.
      await corun(
        "schedule",
        "s.yaml",
        "--virtual-time",
        "--until",
        new Date(Date.now() + 35 * 60_000).toISOString(),
        "--log",
        "schedule.log",
      ),
    ];
    // The secrets went out, where they belong.
    const sent = site.requests.map((request) =>
      `${request.path} ${request.headers.get("authorization")} ${request.headers.get("cookie")}`
    );
    assert(sent.includes(`/redirect Basic ${btoa("alice:PW_BASIC_4711")} null`), sent.join("\n"));
    assert(sent.includes("/fail Bearer TOKEN_HEADER_4711 c=COOKIE_HEADER_4711"), sent.join("\n"));
    const keptOut = site.requests.filter((request) => request.path === "/kept-out");
    assertEquals(
      keptOut.map((
        request,
      ) => [request.headers.get("authorization"), request.headers.get("x-api-key")]),
      [["Bearer TOKEN_ENV_4711", "KEY_FILE_4711"], ["Bearer TOKEN_ENV_4711", "KEY_FILE_4711"]],
    );
    const rotating = site.requests.filter((request) => request.path === "/rotating");
    const keys = rotating.map((request) => request.headers.get("x-api-key"));
    assertEquals(keys.slice(0, 3), ["KEY_FILE_4711", "KEY_ROTATED_4711", "KEY_ROTATED_4711"]);
    assert(keys.slice(1).every((key) => key === "KEY_ROTATED_4711"), keys.join(", "));
    assert(outputs.at(-1)!.stderr.includes("cannot read the secret file"), outputs.at(-1)!.stderr);
    assertEquals(away.requests.map((request) => request.headers.get("authorization")), [
      null,
      null,
    ]);
    // …and nowhere else.
    const files = (await listFiles(dir)).filter((path) => path !== "c.yaml" && path !== "key.txt");
    const written = ["out/corun.jsonl", "out/.corun-history.jsonl", "t.json", "t.html"];
    for (const path of [...written, "schedule.log"]) {
      assert(files.includes(path), `${path} is not among ${files.join(", ")}`);
    }
    const shown = [
      ...outputs.flatMap(({ stdout, stderr }, at) => [
        [`output ${at}: stdout`, stdout],
        [`output ${at}: stderr`, stderr],
      ]),
      ...await Promise.all(
        files.map(async (path) => [path, await Deno.readTextFile(`${dir}/${path}`)]),
      ),
    ];
    for (const [where, text] of shown) {
      for (const secret of SECRETS) assert(!text.includes(secret), `${where} shows ${secret}`);
    }
  });
});
