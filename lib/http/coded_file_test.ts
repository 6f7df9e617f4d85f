import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { compress, fetchOnce, withClient } from "../../tests/fixtures/http_harness.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import type { RequestProgress } from "./client.ts";
import { isCodedFileName } from "./coded_file.ts";

const TEXT = "a tar archive, as far as this test cares. ".repeat(20);

Deno.test("isCodedFileName() knows the files each decoded content coding makes", () => {
  const cases: [string, string | undefined, boolean][] = [
    ["gzip", "corun-1.0.tar.gz", true],
    ["gzip", "corun-1.0.TGZ", true],
    ["x-gzip", "/dl/icon.svgz", true],
    ["br", "app.js.br", true],
    ["gzip", "app.js.br", false],
    ["gzip", "notes.txt", false],
    ["gzip", "/dir.gz/", false],
    ["gzip", "/dir.gz/file", false],
    ["deflate", "x.gz", false],
    ["constructor", "x.gz", false],
    ["gzip", undefined, false],
  ];
  for (const [coding, name, expected] of cases) {
    assertEquals(isCodedFileName(coding, name), expected, `${coding} ${name}`);
  }
});

Deno.test("a body no one saves is decoded, whatever its URL's name: a data.json.gz is read as JSON", async () => {
  const gzip = await compress(TEXT, "gzip");
  const gzipped = { headers: { "Content-Encoding": "gzip" }, body: gzip };
  await using server = startRouteServer({ "/data.json.gz": gzipped, "/notes": gzipped });

  const named = await fetchOnce(server.url("/data.json.gz"));
  assertEquals(named.text, TEXT);
  assertEquals(named.response.body.decodedFrom, "gzip");

  const notes = await fetchOnce(server.url("/notes"));
  assertEquals(notes.text, TEXT);
  assertEquals(notes.response.body.decodedFrom, "gzip");
});

Deno.test("a body saved under a compressed file's name is read as sent, the codings after its own undone", async () => {
  const gzip = await compress(TEXT, "gzip");
  const stream = new Blob([gzip.slice()]).stream().pipeThrough(new CompressionStream("gzip"));
  const twice = new Uint8Array(await new Response(stream).arrayBuffer());
  await using server = startRouteServer({
    "/download": { headers: { "Content-Encoding": "gzip" }, body: gzip },
    "/twice": { headers: { "Content-Encoding": "gzip, gzip" }, body: twice },
  });
  const asked: string[] = [];
  const savedAs = (name: string): RequestProgress => ({
    count: 0,
    saveNameOf(url: URL) {
      asked.push(url.pathname);
      return name;
    },
  });
  const [download, twiceKept] = await fetchEach([
    [server.url("/download?id=3"), savedAs("pkg/corun.tgz")],
    [server.url("/twice"), savedAs("corun.tar.gz")],
  ]);
  assertEquals(download.bytes, gzip);
  assertEquals(twiceKept.bytes, gzip);
  assertEquals(twiceKept.decodedFrom, "gzip");
  assertEquals(asked, ["/download", "/twice"]);
});

/** Fetches each URL with one client, telling it the progress given, and reads each whole body. */
function fetchEach(
  fetches: [string, RequestProgress][],
): Promise<{ bytes: Uint8Array; decodedFrom: string | undefined }[]> {
  return withClient(function* (client) {
    const read = [];
    for (const [url, progress] of fetches) {
      const response = yield* client.request({ url }, {}, progress);
      const bytes = yield* response.body.bytes();
      read.push({ bytes, decodedFrom: response.body.decodedFrom });
    }
    return read;
  });
}
