import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError } from "./config_error.ts";
import { loadConfig } from "./load.ts";

async function issuesOf(yaml: string): Promise<string[]> {
  const dir = await Deno.makeTempDir({ prefix: "corun-config-" });
  try {
    await Deno.writeTextFile(`${dir}/c.yaml`, yaml);
    await loadConfig(`${dir}/c.yaml`);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map((issue) =>
      `${issue.line}:${issue.column} ${issue.path}: ${issue.message}`
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("framing and routing headers, URL credentials and CR/LF in auth are config errors", async () => {
  const issues = await issuesOf(`tasks:
  - name: a
    fetch:
      url: "http://user:pw@127.0.0.1:9/"
      headers: { Host: other.example, Transfer-Encoding: chunked, X-Ok: fine }
      auth: { bearer: "abc\\r\\nX-Evil: 1" }
`);
  assertEquals(issues, [
    "4:12 tasks[0].fetch.url: credentials in a URL are not sent and would be logged; use auth: { username, password }",
    '5:18 tasks[0].fetch.headers.Host: "Host" is set by corun from the URL and body; a config cannot set it',
    '5:39 tasks[0].fetch.headers["Transfer-Encoding"]: "Transfer-Encoding" is set by corun from the URL and body; a config cannot set it',
    "6:23 tasks[0].fetch.auth.bearer: expected a bearer token without control characters other than tab, got a text with one (not shown: it may be a credential)",
  ]);
});

Deno.test("a body's contentType with CR, LF or NUL is a config error at its field, as a header value is", async () => {
  const issues = await issuesOf(`tasks:
  - name: a
    fetch:
      url: "http://127.0.0.1:9/"
      method: POST
      body: { text: x, contentType: "text/plain\\r\\nX-Evil: 1" }
`);
  assertEquals(issues, [
    '6:37 tasks[0].fetch.body.contentType: expected a content type without control characters other than tab, got "text/plain\\r\\nX-Evil: 1"',
  ]);
});

Deno.test("a CA file or body file that does not exist is a config error at its field", async () => {
  const issues = await issuesOf(`defaults: { caFile: nope.pem }
tasks:
  - name: a
    fetch: { url: "https://example.com/", method: POST, body: { file: missing.bin } }
`);
  assertEquals(issues, [
    '1:21 defaults.caFile: cannot use the CA file "nope.pem": the file does not exist',
    '4:71 tasks[0].fetch.body.file: cannot use the body file "missing.bin": the file does not exist',
  ]);
});
