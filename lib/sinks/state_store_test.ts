import { assert, assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { MAX_STATE_FILE_BYTES, openStateStore, STATE_FILE_NAME } from "./state_store.ts";
import { NotStateFileError } from "./state_entries.ts";
import { nfsLocks, noLocks } from "../../tests/fixtures/file_system_quirks.ts";

async function withTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-state-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

Deno.test("entries survive a save and a reopen", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const state = await openStateStore(path);
    assertEquals(state.size, 0);
    assertEquals(await listDir(dir), []); // nothing is written before save()
    const entry = {
      etag: '"v1"',
      lastModified: "Wed, 21 Oct 2026 07:28:00 GMT",
      savedPath: "a/b.html",
    };
    state.set("https://example.com/a", entry);
    state.set("https://example.com/b", { sha256: "ab".repeat(32), etag: undefined });
    state.set("https://example.com/c", { etag: "x" });
    assertEquals(state.delete("https://example.com/c"), true);
    assertEquals(state.delete("https://example.com/c"), false);
    entry.etag = '"changed after set"';
    await state.save();
    assertEquals(await listDir(dir), [STATE_FILE_NAME]); // no temporary file left behind

    const reopened = await openStateStore(path);
    assertEquals(reopened.size, 2);
    assertEquals(reopened.get("https://example.com/a"), {
      etag: '"v1"',
      lastModified: "Wed, 21 Oct 2026 07:28:00 GMT",
      savedPath: "a/b.html",
    });
    assertEquals(reopened.get("https://example.com/b"), { sha256: "ab".repeat(32) });
    assertEquals(reopened.get("https://example.com/c"), undefined);
  });
});

Deno.test("saves started together land in call order", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const state = await openStateStore(path);
    const saves: Promise<void>[] = [];
    for (let i = 0; i < 5; i++) {
      state.set("https://example.com/", { etag: `"${i}"` });
      saves.push(state.save());
    }
    await Promise.all(saves);
    assertEquals((await openStateStore(path)).get("https://example.com/"), { etag: '"4"' });
  });
});

Deno.test("a temporary file left by a crashed save is ignored", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const leftover = `${dir}/.${STATE_FILE_NAME}.0123456789ab.part`;
    await Deno.writeTextFile(leftover, '{"version": 1, "entries": {"https://half');
    assertEquals((await openStateStore(path)).size, 0);

    const state = await openStateStore(path);
    state.set("https://example.com/", { etag: '"kept"' });
    await state.save();
    const reopened = await openStateStore(path);
    assertEquals(reopened.get("https://example.com/"), { etag: '"kept"' });
  });
});

Deno.test("a state file killed mid-save is never torn", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const storeUrl = new URL("./state_store.ts", import.meta.url).href;
    // A child saving a ~1 MB state over and over, each version marked by a generation number.
    const script = `
      import { openStateStore } from ${JSON.stringify(storeUrl)};
      const state = await openStateStore(${JSON.stringify(path)});
      for (let generation = 0;; generation++) {
        for (let i = 0; i < 5000; i++) {
          state.set("https://example.com/" + i, { etag: String(generation), sha256: "f".repeat(64) + i });
        }
        await state.save();
        if (generation === 3) console.log("saving");
      }
    `;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["eval", script],
      cwd: new URL("../..", import.meta.url).pathname,
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    try {
      assertEquals((await reader.read()).value?.trim(), "saving");
    } finally {
      child.kill("SIGKILL");
      await child.status;
      await reader.cancel();
    }
    const state = await openStateStore(path);
    assertEquals(state.size, 5000);
    const generation = state.get("https://example.com/0")?.etag;
    for (let i = 0; i < 5000; i++) {
      assertEquals(state.get(`https://example.com/${i}`)?.etag, generation);
    }
  });
});

Deno.test("a file that is not a state file is refused with what is off", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const table: [string, string][] = [
      ['{"version": 1, "entries": {"http', "it is not JSON"],
      ['{"version": 1, "entries": []}', 'expected "entries" to be an object'],
      ['{"version": 1, "entries": {"u": 3}}', 'the entry of "u" is not an object'],
      ['{"version": 1, "entries": {"u": {"etag": 3}}}', '"etag" of "u" is not a string'],
      ['{"version": 1, "entries": {"u": {"bytes": "3"}}}', '"bytes" of "u" is not a number'],
      [
        '{"version": 1, "entries": {"u": {"etag": "\\"a\\"\\r\\nX-Injected: 1"}}}',
        '"etag" of "u" holds a line break or NUL, which no header can carry',
      ],
      [
        '{"version": 1, "entries": {"u": {"lastModified": "Tue\\u0000"}}}',
        '"lastModified" of "u" holds a line break or NUL',
      ],
    ];
    for (const [text, reason] of table) {
      await Deno.writeTextFile(path, text);
      await assertRejects(
        () => openStateStore(path),
        SyntaxError,
        `Cannot read state file "${path}": ${reason}`,
      );
    }
  });
});

Deno.test("a file that is no state file, or one of another version, is refused as such, even with onInvalid", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/tasks.json`;
    const table: [string, string][] = [
      ["{ not json", "it is not JSON"],
      ["tasks:\n  - name: a\n", "it is not JSON"],
      ["[]", 'it is not a corun state file (no "version" and "entries" at the top)'],
      ['{"tasks": []}', 'it is not a corun state file (no "version" and "entries" at the top)'],
      ['{"version": 1}', 'it is not a corun state file (no "version" and "entries" at the top)'],
      [
        '{"version": 2, "entries": {}}',
        "it is a state file of version 2; this corun reads version 1",
      ],
    ];
    for (const [text, reason] of table) {
      await Deno.writeTextFile(path, text);
      const error = await assertRejects(
        () => openStateStore(path, { onInvalid: () => {} }),
        NotStateFileError,
        `Cannot read state file "${path}": ${reason}`,
      );
      assertEquals(error.code, "NOT_STATE_FILE");
      assertEquals(await Deno.readTextFile(path), text);
    }
  });
});

Deno.test("with onInvalid, a file that is not a state file is reported and the state starts empty", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    await Deno.writeTextFile(path, '{"version": 1, "entries": {"https://half');
    const reported: SyntaxError[] = [];
    const state = await openStateStore(path, { onInvalid: (error) => reported.push(error) });
    assertEquals(state.size, 0);
    assertEquals(reported.length, 1);
    assertEquals(
      reported[0].message.startsWith(`Cannot read state file "${path}": it is not JSON`),
      true,
    );
    state.set("https://example.com/", { etag: '"new"' });
    await state.save();
    assertEquals((await openStateStore(path)).get("https://example.com/"), { etag: '"new"' });
  });
});

Deno.test("with onInvalid, a file that cannot be read still throws", async () => {
  await withTempDir(async (dir) => {
    // A directory where the file should be: reading fails with a file system error, not a SyntaxError.
    const path = `${dir}/${STATE_FILE_NAME}`;
    await Deno.mkdir(path);
    await assertRejects(() => openStateStore(path, { onInvalid: () => {} }));
  });
});

Deno.test("a state file past maxBytes is refused as no state file, naming its size and the limit, never read", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const state = await openStateStore(path);
    state.set("https://example.com/a", { etag: '"a"' });
    await state.save();
    const size = (await Deno.stat(path)).size;
    // At the cap it reads; one byte more is refused, even with onInvalid (it is not replaced).
    assertEquals((await openStateStore(path, { maxBytes: size })).size, 1);
    await assertRejects(
      () => openStateStore(path, { maxBytes: size - 1, onInvalid: () => {} }),
      NotStateFileError,
      `Cannot read state file "${path}": it is ${size} bytes, larger than ${size - 1}B, the most ` +
        "a state file can be; is it the right file? Give the run another (--state) or remove this one",
    );
    // The default: a sparse file past it is refused as it is found, not read.
    await Deno.truncate(path, MAX_STATE_FILE_BYTES + 1);
    await assertRejects(
      () => openStateStore(path),
      NotStateFileError,
      `Cannot read state file "${path}": it is 524,288,001 bytes, larger than 500MiB, the most`,
    );
    // More than the default is the default: no text past V8's longest string is ever made.
    await assertRejects(() => openStateStore(path, { maxBytes: 2 ** 40 }), NotStateFileError);
  });
});

Deno.test("a save that would pass maxBytes fails and leaves the file as it was; a file grown past it fails the save", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const first = await openStateStore(path);
    first.set("https://example.com/a", { etag: '"a"' });
    await first.save();
    const before = await Deno.readTextFile(path);
    const maxBytes = before.length + 40;
    // Too many characters (the text is never made), or too many bytes (each "é" is two).
    for (
      const url of [
        "https://example.com/" + "b".repeat(60),
        "https://example.com/" + "é".repeat(30),
      ]
    ) {
      const state = await openStateStore(path, { maxBytes });
      state.set(url, { etag: '"b"' });
      await assertRejects(
        () => state.save(),
        RangeError,
        `the state of 2 URLs would be larger than ${maxBytes}B, the most a state file can be`,
      );
      assertEquals(await Deno.readTextFile(path), before);
    }
    // Another run left a file past the cap: this save cannot merge into it, and leaves it.
    const state = await openStateStore(path, { maxBytes });
    assertEquals(state.delete("https://example.com/a"), true);
    const grown = before + " ".repeat(100);
    await Deno.writeTextFile(path, grown);
    await assertRejects(() => state.save(), NotStateFileError, "larger than");
    assertEquals(await Deno.readTextFile(path), grown);
    assert(!(await listDir(dir)).some((name) => name !== STATE_FILE_NAME));
  });
});

Deno.test("two runs sharing the state file each keep the other's entries: a save applies only its own changes", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const [a, b] = [await openStateStore(path), await openStateStore(path)];
    a.set("https://example.com/a", { etag: '"a"', savedPath: "a.txt" });
    b.set("https://example.com/b", { etag: '"b"', savedPath: "b.txt" });
    await a.save();
    await b.save();
    const both = await openStateStore(path);
    assertEquals(both.get("https://example.com/a")?.etag, '"a"');
    assertEquals(both.get("https://example.com/b")?.etag, '"b"');

    // Removals too: one run drops an entry the other left alone, while that one adds its own.
    const [c, d] = [await openStateStore(path), await openStateStore(path)];
    assertEquals(c.delete("https://example.com/a"), true);
    d.set("https://example.com/d", { etag: '"d"' });
    await c.save();
    await d.save();
    const after = await openStateStore(path);
    assertEquals(after.get("https://example.com/a"), undefined);
    assertEquals([
      after.get("https://example.com/b")?.etag,
      after.get("https://example.com/d")?.etag,
    ], [
      '"b"',
      '"d"',
    ]);
  });
});

Deno.test("a save waits for another save's lock and applies its changes to the file that one renamed into place", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const state = await openStateStore(path);
    state.set("https://example.com/mine", { etag: '"m"' });
    // Another process's save in the middle: it holds the lock on the file, writes its own state to
    // a temporary and renames it over the file.
    await Deno.writeTextFile(path, '{ "version": 1, "entries": {} }\n');
    const other = await Deno.open(path, { read: true });
    await other.lock(true);
    const saving = state.save();
    const theirs = { "https://example.com/theirs": { etag: '"t"' } };
    await Deno.writeTextFile(`${path}.other`, JSON.stringify({ version: 1, entries: theirs }));
    await Deno.rename(`${path}.other`, path);
    other.close();
    await saving;
    const merged = await openStateStore(path);
    assertEquals(merged.get("https://example.com/theirs"), { etag: '"t"' });
    assertEquals(merged.get("https://example.com/mine"), { etag: '"m"' });
  });
});

Deno.test("on NFS (an exclusive lock needs a file open for writing) a save still waits for another save's lock", async () => {
  await withTempDir(async (dir) => {
    using _nfs = nfsLocks();
    const path = `${dir}/${STATE_FILE_NAME}`;
    const state = await openStateStore(path);
    state.set("https://example.com/mine", { etag: '"m"' });
    await Deno.writeTextFile(path, '{ "version": 1, "entries": {} }\n');
    // Another process's save, between its lock and its rename (open for writing, as NFS asks).
    const other = await Deno.open(path, { read: true, write: true });
    await other.lock(true);
    const saving = state.save();
    const theirs = { "https://example.com/theirs": { etag: '"t"' } };
    await Deno.writeTextFile(`${path}.other`, JSON.stringify({ version: 1, entries: theirs }));
    await Deno.rename(`${path}.other`, path);
    other.close();
    await saving;
    const merged = await openStateStore(path);
    assertEquals(merged.get("https://example.com/theirs"), { etag: '"t"' });
    assertEquals(merged.get("https://example.com/mine"), { etag: '"m"' });
  });
});

Deno.test("on a file system without flock a save merges unlocked, keeping another run's entries", async () => {
  await withTempDir(async (dir) => {
    using _noLocks = noLocks();
    const path = `${dir}/${STATE_FILE_NAME}`;
    const mine = await openStateStore(path);
    const theirs = await openStateStore(path);
    theirs.set("https://example.com/theirs", { etag: '"t"' });
    await theirs.save();
    mine.set("https://example.com/mine", { etag: '"m"' });
    await mine.save();
    const merged = await openStateStore(path);
    assertEquals(merged.get("https://example.com/theirs"), { etag: '"t"' });
    assertEquals(merged.get("https://example.com/mine"), { etag: '"m"' });
  });
});

Deno.test("one saved path, one entry: setting a URL's entry drops another URL's of that path, also in the file", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    const first = await openStateStore(path);
    first.set("https://example.com/a", { etag: '"a"', savedPath: "shared.txt" });
    first.set("https://example.com/other", { etag: '"o"', savedPath: "other.txt" });
    await first.save();
    // Opened before the next run saves: its file still names /a for shared.txt.
    const unaware = await openStateStore(path);
    const next = await openStateStore(path);
    next.set("https://example.com/b", { etag: '"b"', savedPath: "shared.txt" });
    assertEquals(next.get("https://example.com/a"), undefined);
    await next.save();
    unaware.set("https://example.com/c", { etag: '"c"', savedPath: "c.txt" });
    await unaware.save();
    const reopened = await openStateStore(path);
    assertEquals(reopened.get("https://example.com/a"), undefined, "not brought back");
    assertEquals(reopened.get("https://example.com/b")?.savedPath, "shared.txt");
    assertEquals(reopened.size, 3);

    // A path given up (a body without validators saved there) drops the entry whoever's it is.
    const forgetting = await openStateStore(path);
    const late = await openStateStore(path);
    late.set("https://example.com/d", { etag: '"d"', savedPath: "d.txt" });
    await late.save();
    assertEquals(forgetting.forgetSavedPath("d.txt"), false, "not in its memory");
    assertEquals(forgetting.forgetSavedPath("shared.txt"), true);
    await forgetting.save();
    const last = await openStateStore(path);
    assertEquals([last.get("https://example.com/b"), last.get("https://example.com/d")], [
      undefined,
      undefined,
    ]);
    assertEquals(last.size, 2);
  });
});

Deno.test("an empty state file (a save cut short after taking its lock) is an empty state", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${STATE_FILE_NAME}`;
    await Deno.writeTextFile(path, "");
    const state = await openStateStore(path);
    assertEquals(state.size, 0);
    state.set("https://example.com/", { etag: '"e"', bytes: 3, savedAtMs: 1 });
    await state.save();
    assertEquals((await openStateStore(path)).get("https://example.com/"), {
      etag: '"e"',
      bytes: 3,
      savedAtMs: 1,
    });
  });
});
