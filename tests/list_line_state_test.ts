/**
 * A list whose lines name their own save paths (no `save` on the task) keeps the state of what it
 * saved, as a list saved by the task's template does: the next run asks each URL conditionally, and
 * a `304` keeps the file. Without it, a run stopped half-way (or any rerun) fetched every body again.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { loadConfig, run } from "../mod.ts";
import type { RecordedRequest } from "./fixtures/request_reader.ts";
import { type ResponseSpec, startRouteServer } from "./fixtures/route_server.ts";

function versioned(body: string, etag: string) {
  return (request: RecordedRequest): ResponseSpec =>
    request.headers.get("if-none-match") === etag
      ? { status: 304, headers: { ETag: etag } }
      : { headers: { ETag: etag }, body };
}

Deno.test("a list whose lines give the save paths keeps its state: the next run's requests are conditional, and 304s keep the files", async () => {
  await using server = startRouteServer({
    "/a": versioned("body a", '"a1"'),
    "/b": versioned("body b", '"b1"'),
  });
  const dir = await Deno.makeTempDir({ prefix: "corun-list-line-state-" });
  try {
    await Deno.writeTextFile(
      `${dir}/urls.txt`,
      `${server.url("/a")}\tfiles/a.txt\n${server.url("/b")}\tfiles/b.txt\n`,
    );
    await Deno.writeTextFile(
      `${dir}/list.yaml`,
      `outDir: out\ntasks:\n  - name: listed\n    fetch: { urls: urls.txt }\n`,
    );
    const first = await run(await loadConfig(`${dir}/list.yaml`));
    assertEquals(first.tasks[0].items?.done, 2);
    const second = await run(await loadConfig(`${dir}/list.yaml`));
    assertEquals(second.tasks[0].items?.done, 2);
    const asked = server.requests.slice(2).map((request) => request.headers.get("if-none-match"));
    assertEquals(asked.sort(), ['"a1"', '"b1"']);
    const lines = (await Deno.readTextFile(`${dir}/out/corun.jsonl`)).trim().split("\n")
      .map((line) => JSON.parse(line))
      .map((line) => [line.savedPath, line.status, line.unchanged]);
    assertEquals(lines.sort(), [["files/a.txt", 304, true], ["files/b.txt", 304, true]]);
    assertEquals(await Deno.readTextFile(`${dir}/out/files/a.txt`), "body a");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
