import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { resolve } from "npm:deno-std@1.4.0/path/mod.js";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { stall, startScriptedServer, testCaCert } from "../../tests/fixtures/scripted_server.ts";
import { ConfigError, type ConfigIssue } from "./config_error.ts";
import { loadConfig, type LoadConfigOptions } from "./load.ts";

const YAML = "outDir: results\ntasks:\n  - { name: a, sleep: 1s }\n";
const JSON_TEXT = '{"outDir": "results", "tasks": [{"name": "a", "sleep": "1s"}]}';
const JSONC = '{"outDir": "results", /* comment */ "tasks": [{"name": "a", "sleep": "1s"},]}';
const TOML = 'outDir = "results"\n[[tasks]]\nname = "a"\nsleep = "1s"\n';

async function issuesOf(url: string, options?: LoadConfigOptions): Promise<ConfigIssue[]> {
  const error = await assertRejects(() => loadConfig(url, options), ConfigError);
  return error.issues;
}

Deno.test("YAML, JSON, JSONC and TOML configs load from an http: URL; outDir is the working directory's", async () => {
  await using server = startRouteServer({
    "/c.yaml": { body: YAML },
    "/c.json": { body: JSON_TEXT },
    "/c.jsonc": { body: JSONC },
    "/c.toml": { body: TOML },
  });
  for (const name of ["c.yaml", "c.json", "c.jsonc", "c.toml"]) {
    const url = server.url(`/${name}`);
    const spec = await loadConfig(url);
    assertEquals([spec.source, spec.outDir, spec.tasks[0].name], [url, resolve("results"), "a"]);
  }
});

Deno.test("a URL whose path has no known extension is read by its Content-Type", async () => {
  await using server = startRouteServer({
    "/yaml": { headers: { "content-type": "application/yaml; charset=utf-8" }, body: YAML },
    "/json": { headers: { "content-type": "application/json" }, body: JSON_TEXT },
    "/toml": { headers: { "content-type": "application/toml" }, body: TOML },
    "/page.php": { headers: { "content-type": "text/html" }, body: "<html></html>" },
  });
  for (const name of ["yaml", "json", "toml"]) {
    assertEquals((await loadConfig(server.url(`/${name}`))).tasks.length, 1, name);
  }
  const url = server.url("/page.php");
  assertEquals(await issuesOf(url), [{
    file: url,
    path: "",
    message: 'cannot tell the config format from the URL\'s extension ".php" or Content-Type ' +
      "(text/html) (expected .yaml, .yml, .json, .jsonc, .toml, .ts, .mts, .js, .mjs); corun " +
      "runs a config (a file of tasks): if this URL is a page, fetch it by giving its URL to a " +
      `task, as in echo 'tasks: [{ fetch: "${url}", save: "{filename}" }]' | corun run -`,
  }]);
});

Deno.test("a page's URL told to use instead leaves its query out, as every message does", async () => {
  await using server = startRouteServer({
    "/page.html": { headers: { "content-type": "text/html" }, body: "<html></html>" },
  });
  const [issue] = await issuesOf(server.url("/page.html?token=CFG_TOKEN_4711#part"));
  assert(!issue.message.includes("CFG_TOKEN_4711"), issue.message);
  assertStringIncludes(
    issue.message,
    `as in echo 'tasks: [{ fetch: "${server.url("/page.html")}?…", save: "{filename}" }]' | ` +
      "corun run - (its query not shown: it may hold a token; write it in place of the …)",
  );
});

Deno.test("a config served without an extension as text/plain is not told it is a page", async () => {
  await using server = startRouteServer({
    "/tasks": { headers: { "content-type": "text/plain; charset=utf-8" }, body: YAML },
  });
  const url = server.url("/tasks");
  const [issue] = await issuesOf(url);
  assertStringIncludes(
    issue.message,
    "or Content-Type (text/plain) (expected .yaml, .yml, .json, .jsonc, .toml, .ts, .mts, .js, " +
      ".mjs); corun runs a config (a file of tasks): if this URL is a page, fetch it by giving",
  );
  assert(!issue.message.includes("not a page"), issue.message);
});

Deno.test("the config a page's URL is told to use instead is one, its URL quoted for the shell", async () => {
  await using server = startRouteServer({
    "/it's.html": { headers: { "content-type": "text/html" }, body: "<html></html>" },
  });
  const url = server.url("/it's.html");
  const [issue] = await issuesOf(url);
  const quoted = /as in echo ('(?:[^']|'\\'')*') \| corun run -$/.exec(issue.message)?.[1];
  if (quoted === undefined) throw new Error(`no config in: ${issue.message}`);
  const dir = await Deno.makeTempDir({ prefix: "corun-page-url-" });
  try {
    await Deno.writeTextFile(`${dir}/c.yaml`, quoted.slice(1, -1).replaceAll("'\\''", "'"));
    const spec = await loadConfig(`${dir}/c.yaml`);
    assertEquals(spec.tasks.map((task) => task.kind === "fetch" && task.request.url), [url]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a config from a URL has the size cap of a file, with or without a Content-Length", async () => {
  await using server = startRouteServer({
    "/c.json": { body: JSON_TEXT },
    "/chunked.json": {
      headers: { "transfer-encoding": "chunked" },
      body: `${JSON_TEXT.length.toString(16)}\r\n${JSON_TEXT}\r\n0\r\n\r\n`,
    },
  });
  for (const name of ["c.json", "chunked.json"]) {
    const url = server.url(`/${name}`);
    assertEquals(await issuesOf(url, { maxConfigSize: 27 }), [{
      file: url,
      path: "",
      message: "the config is larger than 27B (--max-config-size; maxConfigSize in loadConfig)",
    }]);
    const spec = await loadConfig(url, { maxConfigSize: JSON_TEXT.length });
    assertEquals(spec.tasks.length, 1);
  }
});

Deno.test("a URL that answers other than 2xx, or not in time, is a config error naming it", async () => {
  await using server = startScriptedServer({ routes: { "/slow.yaml": [stall()] } });
  const missing = server.url("/missing.yaml");
  assertEquals(await issuesOf(missing), [{
    file: missing,
    path: "",
    message: "cannot read the config: the server answered 404 Not Found",
  }]);
  const slow = server.url("/slow.yaml");
  assertEquals(await issuesOf(slow, { urlTimeoutMs: 200 }), [{
    file: slow,
    path: "",
    message: "cannot read the config: it did not arrive within 200ms (--config-timeout; " +
      "urlTimeoutMs in loadConfig)",
  }]);
});

Deno.test("loadConfig() of a URL ends when its signal aborts, throwing its reason; the request is closed", async () => {
  const controller = new AbortController();
  await using server = startScriptedServer({
    respond: () => {
      controller.abort(); // while the server holds the request unanswered
      return [stall()];
    },
  });
  const slow = server.url("/slow.yaml");
  const stopped = await assertRejects(
    () => loadConfig(slow, { signal: controller.signal }),
    DOMException,
  );
  assertEquals(stopped.name, "AbortError");
  // Aborted before the load: nothing is asked for.
  const reason = new Error("shutting down");
  const refused = await assertRejects(() =>
    loadConfig(slow, { signal: AbortSignal.abort(reason) })
  );
  assertEquals([refused, server.requests.length], [reason, 1]);
});

Deno.test("a config URL with credentials is refused unfetched, and no message shows them", async () => {
  await using server = startRouteServer({ "/c.yaml": { body: YAML }, "/c.ts": { body: "" } });
  for (const name of ["c.yaml", "c.ts"]) {
    const url = server.url(`/${name}`).replace("http://", "http://me:s3cret@");
    const error = await assertRejects(() => loadConfig(url), ConfigError);
    assertEquals(error.issues, [{
      file: url.replace("me:s3cret@", "***@"),
      path: "",
      message: "cannot read the config: credentials in a URL are not sent and would be logged; " +
        "fetch it yourself (curl -u) and give corun the file",
    }]);
    assertEquals(error.message.includes("s3cret"), false);
  }
  assertEquals(server.requests.length, 0);
});

Deno.test("redirects are followed up to five, never from https to http", async () => {
  await using plain = startRouteServer({ "/c.yaml": { body: YAML } });
  const hops: Record<string, { status: number; headers: Record<string, string> }> = {};
  for (let hop = 0; hop < 6; hop++) {
    hops[`/hop${hop}.yaml`] = { status: 302, headers: { location: `/hop${hop + 1}.yaml` } };
  }
  await using secure = startRouteServer({
    ...hops,
    "/hop6.yaml": { body: YAML },
    "/down.yaml": { status: 302, headers: { location: plain.url("/c.yaml") } },
  }, { tls: true });
  const caCerts = [testCaCert()];
  assertEquals((await loadConfig(secure.url("/hop1.yaml"), { caCerts })).tasks.length, 1);
  const origin = secure.url("");
  const [tooMany] = await issuesOf(secure.url("/hop0.yaml"), { caCerts });
  assertEquals(
    tooMany.message,
    `cannot read the config: Cannot follow redirect from ${origin}/hop5.yaml: already followed 5 ` +
      "redirects, the most 5 (a config URL's fixed limit) allows",
  );
  const [down] = await issuesOf(secure.url("/down.yaml"), { caCerts });
  assertEquals(
    down.message,
    `cannot read the config: Cannot follow redirect from ${origin}/down.yaml to ` +
      `${plain.url("/c.yaml")}: it downgrades https to http, refused by a config URL's fixed rule`,
  );
});

Deno.test("an https: config is read only from a server whose certificate verifies", async () => {
  await using server = startRouteServer({ "/c.toml": { body: TOML } }, { tls: true });
  const url = server.url("/c.toml");
  assertEquals(await issuesOf(url), [{
    file: url,
    path: "",
    message:
      `cannot read the config: Cannot finish the TLS handshake with 127.0.0.1:${server.port}: ` +
      "invalid peer certificate: UnknownIssuer (no authority trusted here signed the certificate, " +
      "as with a self-signed one or a private CA's: name that CA's certificate in the fetch's " +
      "caFile, or in DENO_CERT (also for a config read from an https URL, which no caFile " +
      "reaches); a CA installed in the system's store is trusted only with " +
      "DENO_TLS_CA_STORE=mozilla,system (Deno's own roots are Mozilla's); or the server sends " +
      "its certificate without the intermediate ones between it and that CA (a server given its " +
      "own certificate alone, not its chain: curl fails it too))",
  }]);
  const spec = await loadConfig(url, { caCerts: [testCaCert()] });
  assertEquals(spec.tasks[0].name, "a");
});

Deno.test("a config from a URL may not name local files, nor write outside the working directory", async () => {
  const text = `outDir: /tmp/elsewhere
defaults:
  caFile: ca.pem
tasks:
  - name: a
    fetch: { url: "http://127.0.0.1:9/", method: POST, body: { file: ./secret.txt } }
`;
  await using server = startRouteServer({
    "/c.yaml": { body: text },
    "/up.yaml": { body: "outDir: results/../..\ntasks: [{ name: a, sleep: 1s }]\n" },
    "/here.yaml": { body: "outDir: .\ntasks: [{ name: a, sleep: 1s }]\n" },
    "/git.yaml": { body: "outDir: .git/hooks\ntasks: [{ name: a, sleep: 1s }]\n" },
  });
  const url = server.url("/c.yaml");
  const noFile = (instead: string) =>
    "a config read from a URL may not name a local file (its server would choose what is read " +
    `here): ${instead}, or save the config as a file and load that`;
  assertEquals(await issuesOf(url), [
    {
      file: url,
      line: 1,
      column: 9,
      path: "outDir",
      message: "a config read from a URL writes only into a folder of its own under the working " +
        'directory: give outDir relative to it, without "..", not the working directory itself ' +
        'nor a hidden folder (such as .git), not "/tmp/elsewhere"',
    },
    // A CA file's content has no field in the config: the process's own trust takes it.
    {
      file: url,
      line: 3,
      column: 11,
      path: "defaults.caFile",
      message: noFile(
        "to trust a private CA, name its certificate file in DENO_CERT where corun starts " +
          "(DENO_CERT=ca.pem corun run URL)",
      ),
    },
    {
      file: url,
      line: 6,
      column: 70,
      path: "tasks[0].fetch.body.file",
      message: noFile('put the body in the config (body: "text", { json } or { form })'),
    },
  ]);
  for (const path of ["/up.yaml", "/here.yaml", "/git.yaml"]) {
    const [issue] = await issuesOf(server.url(path));
    assertEquals([issue?.path, issue?.line], ["outDir", 1], path);
  }
});

Deno.test("a config from a URL may not read this machine's environment or files for a credential", async () => {
  Deno.env.set("CORUN_URL_CONFIG_TOKEN", "t0k3n-from-here");
  const text = `defaults:
  headers: { X-Api-Key: { file: /etc/hostname } }
tasks:
  - name: a
    fetch: { url: "http://127.0.0.1:9/", auth: { bearer: { env: CORUN_URL_CONFIG_TOKEN } } }
`;
  await using server = startRouteServer({ "/c.yaml": { body: text } });
  const url = server.url("/c.yaml");
  const refused = "a config read from a URL may not read this machine's environment variables " +
    "or files ({ env } or { file }): its server would choose what is read here and where it is " +
    "sent; save the config as a file and load that";
  try {
    // Read or not (`corun submit` reads none): the server chose them all the same.
    for (const readSecrets of [true, false]) {
      assertEquals(await issuesOf(url, { readSecrets }), [
        { file: url, line: 2, column: 25, path: 'defaults.headers["X-Api-Key"]', message: refused },
        { file: url, line: 5, column: 58, path: "tasks[0].fetch.auth.bearer", message: refused },
      ], `readSecrets: ${readSecrets}`);
    }
  } finally {
    Deno.env.delete("CORUN_URL_CONFIG_TOKEN");
  }
});
