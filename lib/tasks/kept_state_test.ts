import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { HeaderList } from "../http/mod.ts";
import { conditionalHeaders, RunState } from "./kept_state.ts";
import type { FetchTaskSpec } from "./spec.ts";

async function withTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-run-state-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const CONFIG = validateConfig({
  tasks: [
    { name: "page", fetch: "https://a.example/page", save: "page.html" },
    { name: "unsaved", fetch: "https://a.example/unsaved" },
    { name: "post", fetch: { url: "https://a.example/post", method: "POST" }, save: "post.json" },
    {
      name: "own-condition",
      fetch: { url: "https://a.example/own", headers: { "if-modified-since": "x" } },
      save: "own.html",
    },
    { name: "twice-1", fetch: "https://a.example/twice", save: "1.html" },
    { name: "twice-2", fetch: "https://a.example/twice", save: "2.html" },
    { name: "nap", sleep: "1s" },
  ],
}, "inline");

const fetches = CONFIG.tasks.filter((spec): spec is FetchTaskSpec => spec.kind === "fetch");

Deno.test("only GET fetches that save a URL no other task saves, with no condition of their own, take part", async () => {
  await withTempDir(async (dir) => {
    const state = (await RunState.open(CONFIG, undefined, dir, () => {}))!;
    assertEquals(state.path, `${dir}/.corun-state.json`);
    assertEquals(fetches.filter((spec) => state.tracks(spec)).map((spec) => spec.name), ["page"]);
    const idle = validateConfig({
      tasks: [{ name: "unsaved", fetch: "https://a.example/unsaved" }, {
        name: "nap",
        sleep: "1s",
      }],
    }, "inline");
    assertEquals(await RunState.open(idle, undefined, dir, () => {}), undefined);
  });
});

Deno.test("the state counts as changed only when an entry really changes, and saves only then", async () => {
  await withTempDir(async (dir) => {
    const url = "https://a.example/page";
    const state = (await RunState.open(CONFIG, undefined, dir, () => {}))!;
    state.recordSaved(url, new HeaderList([["etag", '"1"']]), "page.html", "ab");
    assertEquals(state.changed, true);
    await state.save();
    assertEquals(state.changed, false);

    const reopened = (await RunState.open(CONFIG, undefined, dir, () => {}))!;
    const previous = reopened.previousSave(url)!;
    assertEquals(previous, { etag: '"1"', savedPath: "page.html", sha256: "ab" });
    reopened.recordUnchanged(url, previous, new HeaderList());
    reopened.recordSaved(url, new HeaderList([["ETag", '"1"']]), "page.html", "ab");
    assertEquals(reopened.changed, false);
    reopened.recordUnchanged(url, previous, new HeaderList([["last-modified", "then"]]));
    assertEquals(reopened.changed, true);
    assertEquals(reopened.previousSave(url)?.lastModified, "then");
  });
});

Deno.test("an entry without a saved path or without validators is no previous save", async () => {
  await withTempDir(async (dir) => {
    const url = "https://a.example/page";
    const state = (await RunState.open(CONFIG, undefined, dir, () => {}))!;
    assertEquals(state.previousSave(url), undefined);
    state.recordSaved(url, new HeaderList([["etag", '"1"']]), "page.html", null);
    state.recordSaved(url, new HeaderList(), "page.html", null);
    assertEquals(state.previousSave(url), undefined);
    assertEquals(state.changed, true); // added, then removed: saved once more, harmlessly
  });
});

Deno.test("conditionalHeaders() sends back what the server gave", () => {
  assertEquals(conditionalHeaders({ savedPath: "p", etag: '"e"' }), { "If-None-Match": '"e"' });
  assertEquals(conditionalHeaders({ savedPath: "p", lastModified: "d" }), {
    "If-Modified-Since": "d",
  });
  assertEquals(conditionalHeaders({ savedPath: "p", etag: '"e"', lastModified: "d" }), {
    "If-None-Match": '"e"',
    "If-Modified-Since": "d",
  });
});
