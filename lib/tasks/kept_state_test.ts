import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { HeaderList } from "../http/mod.ts";
import { conditionalHeaders, isStillSaved, type PreviousSave, RunState } from "./kept_state.ts";
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

/** A saved body of 2 bytes, with its digest; and one whose digest nobody asked for. */
const SAVED = { sha256: "ab", bytes: 2 };
const UNHASHED = { sha256: null, bytes: 2 };

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
    state.recordSaved(url, new HeaderList([["etag", '"1"']]), "page.html", SAVED);
    assertEquals(state.changed, true);
    await state.save();
    assertEquals(state.changed, false);

    const reopened = (await RunState.open(CONFIG, undefined, dir, () => {}))!;
    const previous = reopened.previousSave(url)!;
    assertEquals(previous, {
      etag: '"1"',
      savedPath: "page.html",
      sha256: "ab",
      bytes: 2,
      savedAtMs: previous.savedAtMs,
    });
    reopened.recordUnchanged(url, previous, new HeaderList());
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
    state.recordSaved(url, new HeaderList([["etag", '"1"']]), "page.html", UNHASHED);
    state.recordSaved(url, new HeaderList(), "page.html", UNHASHED);
    assertEquals(state.previousSave(url), undefined);
    assertEquals(state.changed, true); // added, then removed: saved once more, harmlessly
  });
});

Deno.test("a body saved where another URL's entry says its body is drops that entry, with or without validators", async () => {
  await withTempDir(async (dir) => {
    const [a, b] = ["https://a.example/a", "https://a.example/b"];
    // Two configs' tasks in one output directory (one config cannot name one file twice).
    const config = validateConfig({
      tasks: [{ name: "a", fetch: a, save: "a.txt" }, { name: "b", fetch: b, save: "b.txt" }],
    }, "inline");
    const state = (await RunState.open(config, undefined, dir, () => {}))!;
    state.recordSaved(a, new HeaderList([["etag", '"a"']]), "shared.txt", SAVED);
    state.recordSaved(b, new HeaderList([["etag", '"b"']]), "shared.txt", SAVED);
    assertEquals([state.previousSave(a), state.previousSave(b)?.etag], [undefined, '"b"']);
    state.recordSaved(a, new HeaderList(), "shared.txt", SAVED);
    assertEquals([state.previousSave(a), state.previousSave(b)], [undefined, undefined]);
    await state.save();
    const reopened = (await RunState.open(config, undefined, dir, () => {}))!;
    assertEquals([reopened.previousSave(a), reopened.previousSave(b)], [undefined, undefined]);
  });
});

Deno.test("isStillSaved(): only a file of the saved size, not modified since the save, stands for an unchanged body", () => {
  const savedAtMs = Date.UTC(2026, 0, 1, 12);
  const previous = { savedPath: "page.html", etag: '"e"', bytes: 5, savedAtMs };
  const file = (size: number, mtimeMs: number | null, isFile = true) => ({
    isFile,
    size,
    mtime: mtimeMs === null ? null : new Date(mtimeMs),
  });
  const table: [string, ReturnType<typeof file>, typeof previous | PreviousSave, boolean][] = [
    ["as saved", file(5, savedAtMs - 3), previous, true],
    ["written in the save's millisecond", file(5, savedAtMs), previous, true],
    ["another size", file(6, savedAtMs - 3), previous, false],
    ["written since, same size", file(5, savedAtMs + 1), previous, false],
    ["no modification time to compare", file(5, null), previous, false],
    ["a directory", file(5, savedAtMs - 3, false), previous, false],
    ["an entry from before sizes were kept", file(5, savedAtMs - 3), {
      savedPath: "page.html",
      etag: '"e"',
    }, false],
  ];
  for (const [what, info, entry, expected] of table) {
    assertEquals(isStillSaved(info, entry), expected, what);
  }
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
