/**
 * A config error about a credential says what is wrong and where, never the credential: the message
 * goes to a terminal, a CI log, a `--log` file.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError } from "./config_error.ts";
import { loadConfig } from "./load.ts";

async function issuesOf(yaml: string): Promise<string[]> {
  const dir = await Deno.makeTempDir({ prefix: "corun-auth-secret-" });
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

Deno.test("a password or bearer token that cannot be sent is a config error that never shows it", async () => {
  // A YAML "|" block ends its text with a line break: the likeliest way to get one into a token.
  const issues = await issuesOf(`tasks:
  - name: block
    fetch:
      url: "https://example.com/a"
      auth:
        bearer: |
          eyJTokenS3cret
  - { name: number, fetch: { url: "https://example.com/b", auth: { username: me, password: 246813579 } } }
  - { name: crlf, fetch: { url: "https://example.com/c", auth: { username: me, password: "Pa55\\r\\nX: 1" } } }
  - { name: list, fetch: { url: "https://example.com/d", auth: { bearer: [tok3n] } } }
`);
  for (const secret of ["eyJTokenS3cret", "246813579", "Pa55", "tok3n"]) {
    assert(!issues.some((issue) => issue.includes(secret)), issues.join("\n"));
  }
  assertEquals(issues, [
    "6:17 tasks[0].fetch.auth.bearer: expected a bearer token without control characters other than tab, got a text " +
    "with a line break at its end (not shown: it may be a credential; a YAML | block ends with one, " +
    "|- does not)",
    "8:92 tasks[1].fetch.auth.password: expected a password, got a number (not shown: it may be a " +
    'credential; quote it: "…")',
    "9:90 tasks[2].fetch.auth.password: expected a password without control characters other than tab, got a text " +
    "with one (not shown: it may be a credential)",
    "10:74 tasks[3].fetch.auth.bearer: expected a bearer token, got a list",
  ]);
});

Deno.test("headers or auth given as a text (curl's -H and -u) are refused by their kind, never shown", async () => {
  const issues = await issuesOf(`tasks:
  - name: h
    fetch:
      url: "https://example.com/a"
      headers: "Authorization: Bearer HDR_SECRET_4711"
    save: h
  - name: u
    fetch:
      url: "https://example.com/a"
      auth: "bob:AUTH_SECRET_4711"
    save: u
`);
  assertEquals(issues, [
    "5:16 tasks[0].fetch.headers: expected headers (an object of names to values), got a text " +
    "(not shown: it may be a credential)",
    "10:13 tasks[1].fetch.auth: expected credentials { username, password } or { bearer }, got a " +
    "text (not shown: it may be a credential)",
  ]);
});

Deno.test("a header name written with its value is cut at its first wrong character, in the message and the path", async () => {
  const issues = await issuesOf(`defaults:
  headers:
    "Authorization: Bearer NAME_SECRET_4711": x
tasks:
  - { name: a, fetch: "https://example.com/a", save: a }
`);
  assertEquals(issues, [
    '3:5 defaults.headers["Authorization…"]: expected a header name (letters, digits and ' +
    '!#$%&\'*+-.^_`|~), got "Authorization"… (":" may not be in a name; the 24 characters after ' +
    "it are not shown: a value belongs apart from its name)",
  ]);
  assert(!issues.join("\n").includes("NAME_SECRET"));
});
