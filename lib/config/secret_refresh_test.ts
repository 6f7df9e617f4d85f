/**
 * A loaded config follows its secret files (`refreshSecrets`, `followSecrets`): a file that
 * looks changed is read again with the load's checks, and the spec holds the new text; one that
 * cannot be read keeps the text before, with one warning per change that shows no text.
 */
import { assert, assertEquals, assertStrictEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { join } from "npm:deno-std@1.4.0/path/mod.js";
import { loadConfig } from "./load.ts";
import { followSecrets, refreshSecrets } from "./secret_refresh.ts";
import type { ConfigSpec, FetchTaskSpec } from "../tasks/spec.ts";
import { withTempDir } from "../../tests/fixtures/temp_dir.ts";

const withDir = withTempDir("corun-secret-refresh-");

/** Replaces a file as a rotation does: a new file renamed over the old. */
async function rotate(path: string, text: string): Promise<void> {
  await Deno.writeTextFile(`${path}.new`, text);
  await Deno.rename(`${path}.new`, path);
}

/**
 * `c.yaml`: `api` sends a bearer token and an `X-Api-Key` from files, `other` sends none of its
 * own, `basic` a user name from a file; the secret files hold `one` and `key`.
 */
async function loadRotating(dir: string): Promise<ConfigSpec> {
  await Deno.writeTextFile(join(dir, "token"), "one\n");
  await Deno.writeTextFile(join(dir, "key"), "key\n");
  await Deno.writeTextFile(join(dir, "user"), "alice\n");
  await Deno.writeTextFile(
    join(dir, "c.yaml"),
    `tasks:
  - name: api
    headers: { X-Api-Key: { file: key } }
    fetch: { url: "https://example.org/a", auth: { bearer: { file: token } } }
  - name: other
    fetch: "https://example.org/b"
  - name: basic
    fetch: { url: "https://example.org/c", auth: { username: { file: user }, password: pw } }
`,
  );
  return await loadConfig(join(dir, "c.yaml"));
}

function requestOf(spec: ConfigSpec, name: string) {
  return (spec.tasks.find((task) => task.name === name) as FetchTaskSpec).request;
}

Deno.test("a secret file rotated since the load: the spec holds its new text, its header still a credential", async () => {
  await withDir(async (dir) => {
    const spec = await loadRotating(dir);
    const warnings: string[] = [];
    const onWarning = (message: string) => warnings.push(message);
    assertStrictEquals(refreshSecrets(spec, { onWarning }), spec, "nothing changed");
    await rotate(join(dir, "token"), "two\n");
    await rotate(join(dir, "key"), "key2\n");
    const now = refreshSecrets(spec, { onWarning });
    assertEquals(requestOf(now, "api").auth, { kind: "bearer", token: "two" });
    assertEquals(requestOf(now, "api").headers, { "X-Api-Key": "key2" });
    // Declared by `{ file }`, the header is still dropped by a redirect off the origin.
    assertEquals(requestOf(now, "api").credentialHeaders, ["x-api-key"]);
    assertEquals(requestOf(now, "basic").auth, {
      kind: "basic",
      username: "alice",
      password: "pw",
    });
    assertEquals(now.secretFiles, spec.secretFiles);
    // The refreshed spec refreshes on, and is kept while nothing changes.
    assertStrictEquals(refreshSecrets(now, { onWarning }), now);
    assertEquals(warnings, []);
  });
});

Deno.test("a copy of a loaded spec with other settings is refreshed, its settings kept", async () => {
  await withDir(async (dir) => {
    const spec = await loadRotating(dir);
    const copy: ConfigSpec = { ...spec, bandwidth: 1_000 };
    await rotate(join(dir, "token"), "two\n");
    const now = refreshSecrets(copy, { onWarning: () => {} });
    assertEquals([now.bandwidth, requestOf(now, "api").auth], [1_000, {
      kind: "bearer",
      token: "two",
    }]);
  });
});

Deno.test("a stat decides: a file that looks the same (mtime, size, inode) is not read again", async () => {
  await withDir(async (dir) => {
    const spec = await loadRotating(dir);
    const path = join(dir, "token");
    const { mtime } = await Deno.stat(path);
    await Deno.writeTextFile(path, "owt\n"); // in place, same size
    await Deno.utime(path, mtime!, mtime!);
    assertStrictEquals(refreshSecrets(spec, { onWarning: () => {} }), spec);
  });
});

Deno.test("a re-read that fails keeps the text read before and warns once per change, showing no text", async () => {
  await withDir(async (dir) => {
    const spec = await loadRotating(dir);
    const warnings: string[] = [];
    const refresh = () => refreshSecrets(spec, { onWarning: (message) => warnings.push(message) });
    const token = join(dir, "token");
    const sent = () => requestOf(refresh(), "api").auth;
    const one = { kind: "bearer", token: "one" };

    await rotate(token, ""); // written, not yet filled
    assertEquals([sent(), sent()], [one, one]);
    await Deno.remove(token); // gone mid-rotation
    assertEquals([sent(), sent()], [one, one]);
    await rotate(token, "SECRET_4711\r\nX-Injected: 1\n");
    assertEquals(sent(), one);
    const at = `${join(dir, "c.yaml")}: tasks[0].fetch.auth.bearer.file`;
    const kept = "what it held before is sent until it can be read";
    assertEquals(warnings, [
      `${at}: cannot read the secret file "token" again: it is empty; ${kept}`,
      `${at}: cannot read the secret file "token" again: the file does not exist; ${kept}`,
      `${at}: cannot read the secret file "token" again: it holds control characters other than tab (not shown: it ` +
      `may be a credential), which a header cannot carry; ${kept}`,
    ]);
    // A field's own rule, at that field: a user name cannot hold ":".
    await rotate(join(dir, "user"), "SECRET_4711:x\n");
    assertEquals(requestOf(refresh(), "basic").auth, {
      kind: "basic",
      username: "alice",
      password: "pw",
    });
    assert(warnings[3].includes(": tasks[2].fetch.auth.username.file: cannot read"), warnings[3]);
    for (const warning of warnings) assert(!warning.includes("SECRET_4711"), warning);
    // Once readable again, its text is sent.
    await rotate(token, "three\n");
    assertEquals(sent(), { kind: "bearer", token: "three" });
    assertEquals(warnings.length, 4);
  });
});

Deno.test("a worker's follower: each file is looked at at most once per recheckAfterMs, the same spec given between", async () => {
  await withDir(async (dir) => {
    const spec = await loadRotating(dir);
    let nowMs = 0;
    const now = followSecrets(spec, {
      onWarning: () => {},
      recheckAfterMs: 5_000,
      now: () => nowMs,
    });
    assertStrictEquals(now(), spec, "nothing changed");
    await rotate(join(dir, "token"), "two\n");
    nowMs = 4_999;
    assertStrictEquals(now(), spec, "looked at less than 5 s ago");
    nowMs = 5_000;
    const rotated = now();
    assertEquals(requestOf(rotated, "api").auth, { kind: "bearer", token: "two" });
    // Made once per change: the next calls give it as it is.
    nowMs = 20_000;
    assertStrictEquals(now(), rotated);
    await rotate(join(dir, "token"), "three\n");
    nowMs = 25_000;
    assertEquals(requestOf(now(), "api").auth, { kind: "bearer", token: "three" });
  });
});

Deno.test("a worker's follower: a file of `defaults` is in the settings and every task's request", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "key"), "key\n");
    await Deno.writeTextFile(
      join(dir, "c.ts"),
      `export default {
  defaults: { headers: { "X-Api-Key": { file: "key" } } },
  tasks: [
    { name: "own", fetch: { url: "https://example.org/b", headers: { "X-Own": "text" } } },
    { name: "code", run: function* () {} },
  ],
};
`,
    );
    const spec = await loadConfig(join(dir, "c.ts"));
    const now = followSecrets(spec, { onWarning: () => {} });
    await rotate(join(dir, "key"), "key2\n");
    const { defaults, tasks } = now();
    // What a custom task's fetches and every `ctx.fetch` start from (lib/tasks secrets_now.ts).
    assertEquals([defaults.headers, defaults.credentialHeaders], [{ "X-Api-Key": "key2" }, [
      "x-api-key",
    ]]);
    assertEquals((tasks[0] as FetchTaskSpec).request.headers, {
      "X-Api-Key": "key2",
      "X-Own": "text",
    });
  });
});
