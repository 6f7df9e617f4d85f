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
