/**
 * A `caFile` that holds no PEM certificate (a DER `.cer` file, a private key, a wrong file), or a
 * certificate cut short, is a config error at its field: TLS would otherwise ignore the file in
 * silence (every fetch failing with "UnknownIssuer" as if it were not there), or fail every
 * handshake with "invalid peer certificate: BadEncoding", blaming the server.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError } from "../lib/config/mod.ts";
import { loadConfig } from "../lib/config/load.ts";

const TLS_DIR = new URL("./fixtures/tls/", import.meta.url);

/** The config's problems, as `line:column path: message`, with `files` beside it. */
async function issuesOf(yaml: string, files: Record<string, Uint8Array | string>) {
  const dir = await Deno.makeTempDir({ prefix: "corun-ca-file-" });
  try {
    for (const [name, content] of Object.entries(files)) {
      if (typeof content === "string") await Deno.writeTextFile(`${dir}/${name}`, content);
      else await Deno.writeFile(`${dir}/${name}`, content);
    }
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

/** The DER bytes of the test CA's certificate, as a Windows `.cer` export holds them. */
function derOfTestCa(): Uint8Array {
  const pem = Deno.readTextFileSync(new URL("ca.pem", TLS_DIR));
  const base64 = pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

/** The test CA's certificate without two of its base64 lines. */
function cutShort(): string {
  const lines = Deno.readTextFileSync(new URL("ca.pem", TLS_DIR)).trimEnd().split("\n");
  return [...lines.slice(0, 3), ...lines.slice(5)].join("\n") + "\n";
}

/** How many lines the other CA's file has: the cut certificate starts on the next one. */
function certificateLines(): number {
  return Deno.readTextFileSync(new URL("other-ca.pem", TLS_DIR)).trimEnd().split("\n").length;
}

Deno.test("a caFile that holds no PEM certificate, or one cut short, is a config error naming the file", async () => {
  const issues = await issuesOf(
    `defaults: { caFile: ca.cer }
tasks:
  - { name: key, fetch: { url: "https://example.com/a", caFile: server-key.pem } }
  - { name: text, fetch: { url: "https://example.com/b", caFile: notes.txt } }
  - { name: pem, fetch: { url: "https://example.com/c", caFile: ca.pem } }
  - { name: cut, fetch: { url: "https://example.com/d", caFile: bundle.pem } }
`,
    {
      "ca.cer": derOfTestCa(),
      "server-key.pem": Deno.readTextFileSync(new URL("server-key.pem", TLS_DIR)),
      "notes.txt": "ask IT for the proxy's certificate\n",
      "ca.pem": Deno.readTextFileSync(new URL("ca.pem", TLS_DIR)),
      // A bundle whose second certificate lost lines in a copy and paste.
      "bundle.pem": Deno.readTextFileSync(new URL("other-ca.pem", TLS_DIR)) + cutShort(),
    },
  );
  assertEquals(issues, [
    '1:21 defaults.caFile: cannot use the CA file "ca.cer": it holds no PEM certificate ' +
    "(-----BEGIN CERTIFICATE-----); it looks like a DER one: convert it with " +
    "openssl x509 -inform der -in ca.cer -out ca.cer.pem",
    '3:65 tasks[0].fetch.caFile: cannot use the CA file "server-key.pem": it holds no PEM ' +
    "certificate (-----BEGIN CERTIFICATE-----)",
    '4:66 tasks[1].fetch.caFile: cannot use the CA file "notes.txt": it holds no PEM ' +
    "certificate (-----BEGIN CERTIFICATE-----)",
    '6:65 tasks[3].fetch.caFile: cannot use the CA file "bundle.pem": certificate 2 (line ' +
    `${certificateLines() + 1}) is not a whole certificate: cut short, or not base64`,
  ]);
});

Deno.test("a caFile past 4 MiB is a config error saying so, not read into memory whole", async () => {
  // A system's whole trust bundle is ~220 KB: a file this large is the wrong file (an image, a
  // dump), or a device that never ends.
  const ca = Deno.readTextFileSync(new URL("ca.pem", TLS_DIR));
  const huge = ca.repeat(Math.ceil((4 * 2 ** 20 + 1) / ca.length));
  const issues = await issuesOf(
    `tasks:\n  - { name: big, fetch: { url: "https://example.com/a", caFile: huge.pem } }\n`,
    { "huge.pem": huge },
  );
  assertEquals(issues, [
    '2:65 tasks[0].fetch.caFile: cannot use the CA file "huge.pem": it is larger than 4MiB, the ' +
    "most a CA file is read (a fixed limit: a system's whole trust bundle is ~220KB); is it the " +
    "right file?",
  ]);
  const fits = await issuesOf(
    `tasks:\n  - { name: big, fetch: { url: "https://example.com/a", caFile: fits.pem } }\n`,
    { "fits.pem": ca.repeat(Math.floor(4 * 2 ** 20 / ca.length)) },
  );
  assertEquals(fits, []);
});
