// A cookie whose value has bytes past 0x7F (not UTF-8, or UTF-8) goes back in the Cookie header
// as the bytes the server sent, in this run and, through the jar file, in the next: sent as UTF-8
// of one character per byte, a session cookie would come back as another value, and the login
// would be lost.
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run } from "../mod.ts";
import { type RecordedRequest, startScriptedServer, write } from "./fixtures/scripted_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

/** Set by the server, one character per byte: "café" in ISO-8859-1, then in UTF-8, then C1 bytes. */
const LATIN1 = "caf\xe9";
const UTF8 = "caf\xc3\xa9";
const HIGH = "\x85\x80\xff";

/** A response head and body as bytes, one byte per character. */
function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

/** The Cookie field of a request as sent, one character per byte; null when it has none. */
function cookieOf(request: RecordedRequest): string | null {
  return request.fields.find(([field]) => field.toLowerCase() === "cookie")?.[1] ?? null;
}

const withDir = withTempDir("corun-cookie-bytes-");

Deno.test("a cookie with bytes past 0x7F goes back as the server's bytes, in the run and from the jar file in the next", async () => {
  await using server = startScriptedServer({
    respond: (request) => [
      write(bytesOf(
        "HTTP/1.1 200 OK\r\n" +
          (request.path === "/login"
            ? `Set-Cookie: a=${LATIN1}\r\nSet-Cookie: b=${UTF8}\r\nSet-Cookie: c=${HIGH}\r\n`
            : "") +
          "Content-Length: 2\r\n\r\nok",
      )),
    ],
  });
  await withDir(async (dir) => {
    const jar = `${dir}/jar.json`;
    const use = { name: "use", fetch: server.url("/use") };
    const first = await run(
      defineConfig({
        cookies: jar,
        metadata: false,
        tasks: [{ name: "login", fetch: server.url("/login") }, { ...use, after: ["login"] }],
      }),
      { outDir: dir, state: false },
    );
    const second = await run(
      // A Cookie of the config's own is text, sent as UTF-8 ("ü" is C3 BC), before the jar's.
      defineConfig({
        cookies: jar,
        metadata: false,
        tasks: [{ ...use, headers: { Cookie: "l=ü" } }],
      }),
      { outDir: dir, state: false },
    );
    for (const report of [first, second]) {
      for (const task of report.tasks) assertEquals(task.outcome, "done", task.error?.message);
    }
    const sent = `a=${LATIN1}; b=${UTF8}; c=${HIGH}`;
    assertEquals(server.requests.map(cookieOf), [null, sent, `l=\xc3\xbc; ${sent}`]);
    // The file is JSON text: each byte past 0x7F is the character of that code point.
    const file = await Deno.readTextFile(jar);
    assert(file.includes(`"value":"${HIGH}"`), file);
  });
});
